import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// A tenant-level list (`:apps`, `:capacities`): its state, what actions do to it and how it is drawn, in
/// one place (its key table, `KeyTable.tenantList`, is with the others in `Keys/KeyTable.swift`, which the
/// config parser's fuzz build compiles). The columns come from the kind's ``TenantListSpec``, so another tenant list is a
/// specification and a simulator route, not another screen.
public struct TenantListView: ListView {
    public struct Row: Sendable, Hashable {
        public let id: String
        public let name: String
        public let cells: [String]
        public let raw: JSONValue
    }

    public let kind: TenantKind
    public var list: Loadable<Void> = .idle
    public var rows: ListModel<Row>
    public var selection = ListState()

    public init(kind: TenantKind) {
        self.kind = kind
        rows = Self.model([])
    }

    static func model(_ rows: [Row]) -> ListModel<Row> {
        ListModel(rows, search: { $0.name + "\u{0}" + $0.id }, cells: { [$0.name] + $0.cells + [$0.id] })
    }

    /// The rows of the service's objects: without an id left out, duplicates (by id) once.
    static func rows(_ kind: TenantKind, _ objects: [JSONValue]) -> [Row] {
        let spec = kind.spec
        var seen = Set<String>()
        return objects.compactMap { object in
            guard let id = spec.id(of: object), seen.insert(ItemID.key(id)).inserted else { return nil }
            return Row(id: id, name: spec.name(of: object), cells: spec.cells(of: object), raw: object)
        }
    }

    var sortable: [Int] { Array(0..<(kind.spec.columns.count + 2)) }
}

/// Actions and results of a tenant list.
enum TenantListReducer {
    /// Opens the list of `kind` (`:apps`, `:capacities`), loading it; an app token is told at once why it
    /// cannot read a list that refuses service principals.
    static func open(_ kind: TenantKind, _ state: inout AppState, now: Date) -> [Effect] {
        guard state.identity != nil else {
            state.status = StatusMessage("Sign in first: choose a method and press Enter", level: .warn)
            return []
        }
        var view = state.tenantList(kind) ?? TenantListView(kind: kind)
        state.stack.reset([.workspaces, .tenantList(view)])
        if state.tokenKind == .app, let refusal = kind.spec.refusedToApps {
            view.list = .failed(message: refusal, requestId: nil)
            state.setTenantList(view)
            return []
        }
        guard view.list.value == nil, !view.list.isLoading else { state.setTenantList(view); return [] }
        view.list = .loading(since: now)
        state.setTenantList(view)
        return [.tenantList(.load(kind))]
    }

    static func action(_ action: Action, kind: TenantKind, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.tenantList(kind) else { return [] }
        let page = max(1, AppLayout(size: state.size).visibleTableRows - 1)
        switch action {
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom, .sortNext, .sortReverse:
            _ = view.apply(action, page: page, sortable: view.sortable)
        case .open, .showJSON:
            guard let row = view.rows.row(at: view.selection.selected) else { return [] }
            if action == .open, let scope = kind.itemScope(id: row.id) {
                // An app opens like a workspace: its reports and dashboards, as tabs.
                state.setTenantList(view)
                return WorkspaceReducer.open(WorkspaceEntry(scope: scope, name: row.name, workspace: nil), &state, now: now)
            }
            state.jsonOverlay = JSONOverlay(title: kind.singular.prefix(1).uppercased() + kind.singular.dropFirst() + " " + row.name,
                                            viewer: JSONViewer(row.raw))
        case .copyID:
            guard let row = view.rows.row(at: view.selection.selected) else { return [] }
            state.setTenantList(view)
            return Copying.copy(id: row.id, what: kind.singular + " id", &state)
        case .reload:
            view.list = .idle
            state.setTenantList(view)
            return open(kind, &state, now: now)
        case .back:
            state.setTenantList(view)
            state.stack.reset([.workspaces])
            return []
        default:
            break
        }
        view.selection.scrollToSelection(visibleRows: page, count: view.rows.count)
        state.setTenantList(view)
        return []
    }

    static func loaded(_ kind: TenantKind, _ result: Result<[JSONValue], LastRefreshFailure>, requestId: String?, _ state: inout AppState) {
        var view = state.tenantList(kind) ?? TenantListView(kind: kind)
        switch result {
        case let .success(objects):
            let rows = TenantListView.rows(kind, objects)
            var model = TenantListView.model(rows)
            model.setSort(view.rows.sort)
            model.setFilter(view.rows.filter)
            view.rows = model
            view.list = .loaded(())
            view.selection.select(view.selection.selected, count: model.count)
            state.status = StatusMessage("\(rows.count) \(kind.rawValue)", level: .ok)
        case let .failure(failure):
            view.list = .failed(message: failure.message, requestId: requestId)
            state.status = StatusMessage(failure.message, level: .error)
        }
        state.setTenantList(view)
    }
}

/// Draws a tenant list: a title with counts, then the table of the kind's columns.
enum TenantListRenderer {
    static func render(_ kind: TenantKind, _ state: AppState, layout: AppLayout, theme: Theme, into buffer: inout CellBuffer) {
        let view = state.tenantList(kind) ?? TenantListView(kind: kind)
        let spec = kind.spec
        var title = "\(kind.title) (\(view.rows.totalCount))"
        if !view.rows.filter.isEmpty { title = "\(kind.title) (\(view.rows.count) of \(view.rows.totalCount) · /\(view.rows.filter))" }
        if view.list.isLoading { title += " " + AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count] }
        buffer.put(title, row: layout.titleRow, column: 1, style: theme[.title])
        let order = view.rows.sort
        var columns = [TableColumn(SortOrder.title("NAME", column: 0, order: order), width: .flexible(minimum: 16, weight: 1))]
        for (index, column) in spec.columns.enumerated() {
            let header = SortOrder.title(column.header, column: index + 1, order: order)
            switch column.width {
            case let .fixed(width): columns.append(TableColumn(header, width: .fixed(width)))
            case let .flexible(minimum): columns.append(TableColumn(header, width: .flexible(minimum: minimum, weight: 1)))
            }
        }
        columns.append(TableColumn(SortOrder.title(spec.idHeader, column: spec.columns.count + 1, order: order), width: .fixed(36), yieldsRoom: true))
        let window = TableView.window(view.selection, visibleRows: layout.visibleTableRows, count: view.rows.count)
        let rows = window.map { index -> [String] in
            let row = view.rows[index]
            return [row.name] + row.cells + [row.id]
        }
        TableView(columns: columns, rows: rows, state: view.selection, firstRow: window.lowerBound).render(into: &buffer, in: layout.table, theme: theme)
        switch view.list {
        case let .failed(message, _):
            for (offset, line) in TextFit.wrap("Could not load \(kind.rawValue): " + message, to: state.size.columns - 2).prefix(4).enumerated() {
                buffer.put(line, row: layout.table.row + 2 + offset, column: 1, style: theme[.error])
            }
        case .loaded where view.rows.totalCount == 0:
            buffer.put("No \(kind.rawValue).", row: layout.table.row + 2, column: 1, style: theme[.muted])
        default:
            break
        }
    }
}

/// A tenant list (`:apps`, `:capacities`): ``TenantListView`` on the stack, kept for the session.
enum TenantListScreen: ListScreen {
    static func selection(_ state: AppState) -> Selection? {
        guard let kind = kind(state), let view = state.tenantList(kind), let row = view.rows.row(at: view.selection.selected) else { return nil }
        return .tenantItem(kind, id: row.id, name: row.name)
    }

    /// The kind of the list in front.
    static func kind(_ state: AppState) -> TenantKind? {
        if case let .tenantList(kind) = state.route { return kind }
        return nil
    }

    static func keyScreen(_ state: AppState) -> KeyScreen { .tenantList }
    static func breadcrumb(_ state: AppState) -> [String] { [kind(state)?.title ?? "Workspaces"] }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard let kind = kind(state) else { return [] }
        return TenantListReducer.action(action, kind: kind, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        guard let kind = kind(state) else { return }
        TenantListRenderer.render(kind, state, layout: layout, theme: theme, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { state.keptTenantLists.values.contains { $0.list.isLoading } }

    static func list(_ state: AppState) -> TenantListView? { kind(state).flatMap(state.tenantList) }
    static func setList(_ view: TenantListView, _ state: inout AppState) { state.setTenantList(view) }
    static func sortable(_ view: TenantListView) -> [Int] { view.sortable }
    static func export(_ view: TenantListView, _ state: AppState, now: Date) -> ListExportColumns<TenantListView.Row> {
        ListExportColumns(headers: ["NAME"] + view.kind.spec.columns.map(\.header) + [view.kind.spec.idHeader],
                          cells: { [$0.name] + $0.cells + [$0.id] }, object: \.raw)
    }
}
