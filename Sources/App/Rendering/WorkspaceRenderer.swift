import Foundation
import PowerBI
import TerminalUI

/// Draws a workspace's contents: the tabs, then the current tab's table with live refresh states.
enum WorkspaceRenderer {
    static func render(_ state: AppState, layout: AppLayout, theme: Theme, into buffer: inout CellBuffer) {
        guard let view = state.workspace else { return }
        renderTabs(view, state: state, row: layout.titleRow, theme: theme, into: &buffer)
        let rows = view.rows
        let (plain, cells, roles) = table(view.tab, rows: rows, state: state)
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
                let note = view.entry.scope == .my && view.tab == .dataflows ? "My workspace has no dataflows API." : "No \(view.tab.rawValue) in this workspace."
                buffer.put(note, row: layout.table.row + 2, column: 1, style: theme[.muted])
            }
        default: break
        }
    }

    static func renderTabs(_ view: WorkspaceView, state: AppState, row: Int, theme: Theme, into buffer: inout CellBuffer) {
        var x = 1
        for kind in ItemKind.allCases {
            let label = tabLabel(kind, view: view, state: state)
            let style = kind == view.tab ? theme[.selection] : theme[.muted]
            x += buffer.put(" \(label) ", row: row, column: x, style: style)
            x += buffer.put(" ", row: row, column: x, style: theme[.text])
        }
        let place = view.entry.scope == .my ? "personal" : (view.entry.isDedicated ? "dedicated capacity" : "shared capacity")
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

    static func table(_ kind: ItemKind, rows: [ItemRow], state: AppState) -> ([TableColumn], [[String]], [ColorRole?]) {
        let id = TableColumn("ID", width: .fixed(36))
        switch kind {
        case .reports:
            return ([TableColumn("NAME", width: .flexible(minimum: 16, weight: 1)), TableColumn("TYPE", width: .fixed(10)),
                     TableColumn("DATASET", width: .fixed(36)), id],
                    rows.map { [$0.name] + $0.cells + [$0.id] }, [])
        case .datasets:
            var roles: [ColorRole?] = []
            let cells = rows.map { row -> [String] in
                let live = state.refreshes[RefreshTarget(scope: state.workspace?.entry.scope ?? .my, datasetId: row.id, datasetName: row.name, workspaceName: "").key]
                roles.append(role(for: live))
                return [row.name, live.map { spinnerPrefix($0, state) + $0.label } ?? ""] + row.cells + [row.id]
            }
            return ([TableColumn("NAME", width: .flexible(minimum: 16, weight: 1)), TableColumn("REFRESH", width: .flexible(minimum: 22, weight: 1)),
                     TableColumn("MODE", width: .fixed(15)), TableColumn("CONFIGURED BY", width: .flexible(minimum: 10, weight: 1)), id],
                    cells, roles)
        case .dashboards:
            return ([TableColumn("NAME", width: .flexible(minimum: 16, weight: 1)), TableColumn("ACCESS", width: .fixed(9)), id],
                    rows.map { [$0.name] + $0.cells + [$0.id] }, [])
        case .dataflows:
            return ([TableColumn("NAME", width: .flexible(minimum: 16, weight: 1)), TableColumn("CONFIGURED BY", width: .flexible(minimum: 10, weight: 1)),
                     TableColumn("DESCRIPTION", width: .flexible(minimum: 8, weight: 1)), id],
                    rows.map { [$0.name] + $0.cells + [$0.id] }, [])
        }
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
