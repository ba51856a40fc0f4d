import Config
import Foundation
import Inventory
import PowerBI
import TerminalSafety
import TerminalUI
import Tokens

/// `:inventory`: every item of the tenant store (what `pbitui scan` found), with its owner, endorsement,
/// sensitivity label, capacity and last change; `Tab` narrows it to one kind; `/`, `s` and `:export` as every
/// list; `Enter` and `L` its lineage. Rows arrive in batches, so a store of 10,000 workspaces shows at once.
public struct InventoryView: ListView {
    static let titles = ["NAME", "KIND", "WORKSPACE", "OWNER", "ENDORSED", "LABEL", "CAPACITY", "MODIFIED"]
    /// What `Tab` steps through: every kind, then one at a time.
    static let kinds: [ArtifactKind?] = [nil] + ArtifactKind.stored

    public var generation: Int
    /// Every row loaded; ``rows`` holds those of ``kind``.
    var all: [InventoryItem] = []
    public var rows = InventoryView.model([])
    public var selection = ListState()
    public var kind: ArtifactKind?
    /// `:inventory unused|cross-workspace|shared`: only the items of a finding.
    public var finding: InventoryFinding?
    public var isLoading = true
    public var failure: String?
    public var workspaces = Set<String>()

    init(generation: Int, finding: InventoryFinding? = nil) {
        self.generation = generation
        self.finding = finding
    }

    static func model(_ items: [InventoryItem]) -> ListModel<InventoryItem> {
        ListModel(items, search: { [$0.name, $0.kind.rawValue, $0.workspaceName, $0.owner, $0.endorsement, $0.sensitivityLabel, $0.id].joined(separator: "\u{0}") },
                  sortKey: { item, column in cells(item)[min(column, 7)] })
    }

    /// NAME, KIND, WORKSPACE, OWNER, ENDORSED, LABEL, CAPACITY, MODIFIED (the date of the ISO text).
    static func cells(_ item: InventoryItem) -> [String] {
        [item.name, item.kind.rawValue, item.workspaceName, item.owner, item.endorsement, item.sensitivityLabel, item.capacity,
         item.modified.count >= 16 ? String(item.modified.prefix(16)).replacingOccurrences(of: "T", with: " ") : item.modified]
    }

    /// The rows of the current kind, keeping the filter and sort.
    mutating func rebuild() {
        var model = Self.model(kind.map { wanted in all.filter { $0.kind == wanted } } ?? all)
        model.setSort(rows.sort)
        model.setFilter(rows.filter)
        rows = model
    }
}

enum InventoryReducer {
    /// `:inventory [unused|cross-workspace|shared]`.
    static func command(_ argument: String, _ state: inout AppState) -> [Effect] {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        guard text.isEmpty || InventoryFinding(rawValue: text) != nil else {
            state.status = StatusMessage(":inventory, or :inventory unused|cross-workspace|shared", level: .warn)
            return []
        }
        return open(text.isEmpty ? nil : InventoryFinding(rawValue: text), &state)
    }

    static func open(_ finding: InventoryFinding? = nil, _ state: inout AppState) -> [Effect] {
        guard state.identity != nil else {
            state.status = StatusMessage("Sign in first: the store is the signed-in tenant's", level: .warn)
            return []
        }
        state.inventoryGeneration += 1
        state.stack.reset([.workspaces, .inventory(InventoryView(generation: state.inventoryGeneration, finding: finding))])
        state.status = StatusMessage("Reading the tenant store (pbitui scan fills it)…")
        return [.inventory(.load(generation: state.inventoryGeneration, finding: finding))]
    }

    static func arrived(_ generation: Int, _ items: [InventoryItem], done: Bool, failure: String?, _ state: inout AppState) {
        let page = visibleRows(state)
        var summary: (Int, Int, String?)?
        state.stack.modify({ if case let .inventory(view) = $0 { view } else { nil } }, wrap: AppScreen.inventory) { view in
            guard view.generation == generation else { return }
            view.all += items
            for item in items { if let workspace = item.workspaceId { view.workspaces.insert(workspace.lowercased()) } }
            let fresh = view.kind.map { wanted in items.filter { $0.kind == wanted } } ?? items
            if !fresh.isEmpty { view.rows.append(fresh) }
            view.selection.scrollToSelection(visibleRows: page, count: view.rows.count)
            if done || failure != nil {
                view.isLoading = false
                view.failure = failure
                summary = (view.all.count, view.workspaces.count, failure)
            }
        }
        guard let (count, workspaces, failure) = summary else { return }
        if let failure {
            state.status = StatusMessage(failure, level: .error)
        } else {
            state.status = StatusMessage("\(count) items in \(workspaces) workspaces · Tab: one kind · Enter or L: lineage", level: .ok)
        }
    }

    static func visibleRows(_ state: AppState) -> Int { max(1, AppLayout(size: state.size).visibleTableRows - 1) }

    static func action(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.inventory else { return [] }
        let page = visibleRows(state)
        switch action {
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom, .sortNext, .sortReverse:
            _ = view.apply(action, page: page, sortable: Array(InventoryView.titles.indices))
        case .nextTab, .previousTab:
            let kinds = InventoryView.kinds
            let index = kinds.firstIndex(of: view.kind) ?? 0
            view.kind = kinds[(index + (action == .nextTab ? 1 : kinds.count - 1)) % kinds.count]
            view.rebuild()
            view.selection.select(0, count: view.rows.count)
        case .open, .lineage:
            state.inventory = view
            return LineageReducer.open(InventoryScreen.selection(state)?.lineageTarget, &state)
        case .copyID:
            guard let item = view.rows.row(at: view.selection.selected) else { return [] }
            state.inventory = view
            return Copying.copy(id: item.id, what: item.kind.rawValue + " id", &state)
        case .reload:
            state.inventory = view
            return open(view.finding, &state)
        case .back:
            state.stack.reset([.workspaces])
            return []
        default:
            break
        }
        view.selection.scrollToSelection(visibleRows: page, count: view.rows.count)
        state.inventory = view
        return []
    }
}

/// `:inventory`: ``InventoryView`` on the stack.
enum InventoryScreen: ListScreen {
    static func keyScreen(_ state: AppState) -> KeyScreen { .inventory }
    static func breadcrumb(_ state: AppState) -> [String] { ["Workspaces", "Inventory"] + (state.inventory?.kind.map { [$0.plural] } ?? []) }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        InventoryReducer.action(action, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        InventoryRenderer.render(state, layout: layout, theme: theme, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { state.inventory?.isLoading == true }

    static func list(_ state: AppState) -> InventoryView? { state.inventory }
    static func setList(_ view: InventoryView, _ state: inout AppState) { state.inventory = view }
    static func sortable(_ view: InventoryView) -> [Int] { Array(InventoryView.titles.indices) }
    static func export(_ view: InventoryView, _ state: AppState, now: Date) -> ListExportColumns<InventoryItem> {
        ListExportColumns(headers: InventoryView.titles + ["ID", "WORKSPACE ID"], cells: { InventoryView.cells($0) + [$0.id, $0.workspaceId ?? ""] })
    }

    static func selection(_ state: AppState) -> Selection? {
        guard let view = state.inventory, let item = view.rows.row(at: view.selection.selected) else { return nil }
        return .storeItem(kind: item.kind, id: item.id, name: item.name)
    }
}

enum InventoryRenderer {
    static func render(_ state: AppState, layout: AppLayout, theme: Theme, into buffer: inout CellBuffer) {
        guard let view = state.inventory else { return }
        let what = (view.finding.map { "Inventory: \($0.title)" } ?? "Inventory") + (view.kind.map { " · " + $0.plural } ?? "")
        var title = "\(what) (\(view.rows.totalCount))"
        if !view.rows.filter.isEmpty { title = "\(what) (\(view.rows.count) of \(view.rows.totalCount) · /\(TerminalSafety.escape(view.rows.filter)))" }
        if view.isLoading { title += " " + AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count] + " loading" }
        buffer.put(title, row: layout.titleRow, column: 1, style: theme[.title])
        if let failure = view.failure {
            buffer.put(TerminalSafety.escape(failure), row: layout.table.row + 2, column: 1, style: theme[.error])
            return
        }
        let window = TableView.window(view.selection, visibleRows: layout.visibleTableRows, count: view.rows.count)
        let rows = window.map { InventoryView.cells(view.rows[$0]).map { TerminalSafety.escape($0) } }
        let order = view.rows.sort
        func column(_ index: Int, _ width: TableColumn.Width, yields: Bool = false) -> TableColumn {
            TableColumn(SortOrder.title(InventoryView.titles[index], column: index, order: order), width: width, yieldsRoom: yields)
        }
        TableView(columns: [
            column(0, .flexible(minimum: 16, weight: 3)), column(1, .fixed(10)), column(2, .flexible(minimum: 10, weight: 2)),
            column(3, .flexible(minimum: 10, weight: 1), yields: true), column(4, .fixed(9)), column(5, .fixed(8), yields: true),
            column(6, .fixed(10), yields: true), column(7, .fixed(16), yields: true),
        ], rows: rows, state: view.selection, firstRow: window.lowerBound).render(into: &buffer, in: layout.table, theme: theme)
        if !view.isLoading, view.rows.totalCount == 0 {
            buffer.put(view.finding == nil ? "The tenant store is empty: `pbitui scan --lineage` fills it." : "None in the tenant store (scans with --lineage find them).",
                       row: layout.table.row + 2, column: 1, style: theme[.muted])
        }
    }
}
