import Foundation
import PowerBI
import TerminalUI

/// Draws `:pins` and what `:go` found.
enum PickerRenderer {
    static func render(_ state: AppState, layout: AppLayout, theme: Theme, into buffer: inout CellBuffer) {
        guard let view = state.picker else { return }
        var title: String
        switch view.purpose {
        case .pins: title = "Pins (\(view.rows.totalCount))"
        case .contexts: title = "Contexts (\(view.rows.totalCount)) · Enter signs in with one; each keeps its place"
        case let .go(query, tenant): title = "Go to \"\(query)\" (\(view.rows.totalCount) \(tenant ? "in the tenant" : "loaded"))"
        }
        if !view.rows.filter.isEmpty { title += " · /\(view.rows.filter)" }
        if view.isSearching {
            title += " \(AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count]) \(view.workspacesAnswered)/\(view.workspacesTotal) workspaces"
        }
        buffer.put(title, row: layout.titleRow, column: 1, style: theme[.title])
        let window = TableView.window(view.selection, visibleRows: layout.visibleTableRows, count: view.rows.count)
        let rows = window.map { index -> [String] in
            let pin = view.rows[index].pin
            if pin.kind == .context { return ["profile", pin.name, pin.workspaceName ?? "", ""] }
            return [pin.kind.rawValue, pin.name, pin.kind == .workspace ? "" : pin.workspaceName ?? "", pin.id]
        }
        TableView(columns: [
            TableColumn("KIND", width: .fixed(10)), TableColumn("NAME", width: .flexible(minimum: 16, weight: 2)),
            TableColumn("WORKSPACE", width: .flexible(minimum: 12, weight: 1)), TableColumn("ID", width: .fixed(36), yieldsRoom: true),
        ], rows: rows, state: view.selection, firstRow: window.lowerBound).render(into: &buffer, in: layout.table, theme: theme)
        if view.rows.totalCount == 0, !view.isSearching {
            let note = switch view.purpose {
            case .pins: "No pins yet: p on a workspace, dataset, report, dashboard or dataflow pins it."
            case .contexts: "No profiles: add [profiles.NAME] sections to config.toml."
            case .go: "Nothing matches."
            }
            buffer.put(note, row: layout.table.row + 2, column: 1, style: theme[.muted])
        }
    }
}
