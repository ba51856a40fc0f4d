import Foundation
import PowerBI
import TerminalUI

/// Draws a workspace's contents: the tabs, then the current tab's table with live refresh states.
enum WorkspaceRenderer {
    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date = Date(), into buffer: inout CellBuffer) {
        guard let view = state.workspace else { return }
        renderTabs(view, state: state, row: layout.titleRow, theme: theme, into: &buffer)
        let rows = view.rows
        let (plain, cells, roles) = table(view.tab, rows: rows, state: state, now: now)
        let columns = plain.enumerated().map { index, column in
            TableColumn(SortOrder.title(column.title, column: index, order: view.sort), width: column.width, alignRight: column.alignRight)
        }
        TableView(columns: columns, rows: cells, state: view.selection, rowRoles: roles)
            .render(into: &buffer, in: layout.table, theme: theme)
        switch view.lists[view.tab] {
        case let .failed(message, _)?:
            for (offset, line) in TextFit.wrap("Could not load \(view.tab.rawValue): " + message, to: state.size.columns - 2).prefix(4).enumerated() {
                buffer.put(line, row: layout.table.row + 2 + offset, column: 1, style: theme[.error])
            }
        case .loaded?:
            if rows.isEmpty {
                let note = switch view.entry.scope {
                case .my where view.tab.spec.path(in: .my) == nil: "My workspace has no \(view.tab.rawValue) API."
                case .app: "No \(view.tab.rawValue) in this app."
                default: "No \(view.tab.rawValue) in this workspace."
                }
                buffer.put(note, row: layout.table.row + 2, column: 1, style: theme[.muted])
            }
        default: break
        }
    }

    static func renderTabs(_ view: WorkspaceView, state: AppState, row: Int, theme: Theme, into buffer: inout CellBuffer) {
        var x = 1
        for kind in view.tabs {
            let label = tabLabel(kind, view: view, state: state)
            let style = kind == view.tab ? theme[.selection] : theme[.muted]
            x += buffer.put(" \(label) ", row: row, column: x, style: style)
            x += buffer.put(" ", row: row, column: x, style: theme[.text])
        }
        let place = switch view.entry.scope {
        case .my: "personal"
        case .app: "app"
        case .group: view.entry.isDedicated ? "dedicated capacity" : "shared capacity"
        }
        var note = "\(view.entry.name) · \(place)"
        if let filter = view.filters[view.tab], !filter.isEmpty { note = "\(view.rows.count) shown · /\(filter) · " + note }
        let width = DisplayWidth.of(note)
        if x + width + 2 < state.size.columns { buffer.put(note, row: row, column: state.size.columns - width - 1, style: theme[.muted]) }
    }

    static func tabLabel(_ kind: ItemKind, view: WorkspaceView, state: AppState) -> String {
        var label = kind.title
        switch view.lists[kind] {
        case .loading?: label += " " + AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count]
        case let .loaded(rows)?: label += " (\(rows.count))"
        case .failed?: label += " (!)"
        default: break
        }
        return label
    }

    /// A kind's table from its specification: NAME, LAST REFRESH for kinds that refresh, the kind's columns,
    /// then the id, which gives its room first.
    static func table(_ kind: ItemKind, rows: [ItemRow], state: AppState, now: Date = Date()) -> ([TableColumn], [[String]], [ColorRole?]) {
        let spec = kind.spec
        var columns = [TableColumn("NAME", width: .flexible(minimum: 16, weight: 1))]
        if spec.refreshable { columns.append(TableColumn("LAST REFRESH", width: .flexible(minimum: 22, weight: 1))) }
        columns += spec.columns.map { column in
            switch column.width {
            case let .fixed(width): TableColumn(column.header, width: .fixed(width))
            case let .flexible(minimum): TableColumn(column.header, width: .flexible(minimum: minimum, weight: 1))
            }
        }
        columns.append(TableColumn(spec.idHeader, width: .fixed(36), yieldsRoom: true))
        // A dataset by its name when the Datasets tab knows it (it is loaded with the reports).
        var names: [String: String] = [:]
        if spec.columns.contains(where: { $0.meaning == .datasetId }) {
            for dataset in state.workspace?.lists[.datasets]?.value ?? [] { names[ItemID.key(dataset.id)] = dataset.name }
        }
        var roles: [ColorRole?] = []
        let scope = state.workspace?.entry.scope ?? .my
        let cells = rows.map { row -> [String] in
            var line = [row.name]
            if spec.refreshable {
                let (refresh, role) = refreshCell(row, scope: scope, state, now: now)
                roles.append(role)
                line.append(refresh)
            }
            for (column, value) in zip(spec.columns, row.cells) {
                line.append(column.meaning == .datasetId ? names[ItemID.key(value)] ?? value : value)
            }
            line.append(row.id)
            return line
        }
        return (columns, cells, roles)
    }

    /// The LAST REFRESH cell of a dataset and its colour: a refresh started in this session while it runs or
    /// once it ended, else the newest row of the dataset's history (status, when, how long).
    static func refreshCell(_ row: ItemRow, scope: WorkspaceScope, _ state: AppState, now: Date) -> (String, ColorRole?) {
        let key = RefreshTarget.key(scope: scope, datasetId: row.id)
        if let live = state.refreshes[key] { return (spinnerPrefix(live, state) + live.label, role(for: live)) }
        if row.isRefreshable == false { return ("— (DirectQuery)", .muted) }
        switch state.lastRefreshes[key] {
        case nil: return ("", nil)
        case .loading?: return ("…", .muted)
        case .never?: return ("never refreshed", .muted)
        case let .unavailable(message)?: return ("? " + message, .muted)
        case let .refresh(refresh)?: return (lastRefreshText(refresh, now: now), DetailsRenderer.statusRole(refresh.state))
        }
    }

    /// `✓ Completed · 2 h ago · 4m 02s`, `✗ Failed · 3 d ago · 1m 10s`, `⟳ InProgress · 2 min`.
    static func lastRefreshText(_ refresh: Refresh, now: Date) -> String {
        let mark = switch refresh.state {
        case .completed: "✓"
        case .failed, .timedOut: "✗"
        case .cancelled, .disabled: "!"
        default: "⟳"
        }
        var text = "\(mark) \(refresh.state.description)"
        if refresh.state.isFinal {
            if let end = refresh.endTime ?? refresh.startTime { text += " · " + HumanTime.relative(end, now: now) }
            if let duration = refresh.duration() { text += " · " + HumanTime.duration(duration) }
        } else if let start = refresh.startTime {
            text += " · " + HumanTime.duration(now.timeIntervalSince(start))
        }
        return text
    }

    static func spinnerPrefix(_ live: LiveRefresh, _ state: AppState) -> String {
        live.isFinal ? "" : AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count] + " "
    }

    static func role(for live: LiveRefresh?) -> ColorRole? {
        guard let live else { return nil }
        switch live.observation?.state {
        case .completed?: return .ok
        case .failed?, .timedOut?: return .error
        case .cancelled?, .disabled?: return .warn
        default: return .info
        }
    }
}
