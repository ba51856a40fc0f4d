import Foundation
import PowerBI
import TerminalUI

/// Draws `:datasets`.
enum AllDatasetsRenderer {
    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        guard let view = state.allDatasets else { return }
        var title = "All datasets (\(view.rows.totalCount))"
        if !view.rows.filter.isEmpty { title = "All datasets (\(view.rows.count) of \(view.rows.totalCount) · /\(view.rows.filter))" }
        if view.isLoading {
            title += " \(AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count]) \(view.answered)/\(view.total) workspaces answered"
        }
        if !view.failures.isEmpty { title += " · \(view.failures.count) refused" }
        buffer.put(title, row: layout.titleRow, column: 1, style: theme[.title])
        var roles: [ColorRole?] = []
        let window = TableView.window(view.selection, visibleRows: layout.visibleTableRows, count: view.rows.count)
        let rows = window.map { index -> [String] in
            let (cells, role) = cells(view.rows[index], state, now: now)
            roles.append(role)
            return cells
        }
        let order = view.rows.sort
        TableView(columns: [
            TableColumn(SortOrder.title("NAME", column: 0, order: order), width: .flexible(minimum: 16, weight: 2)),
            TableColumn(SortOrder.title("WORKSPACE", column: 1, order: order), width: .flexible(minimum: 12, weight: 1)),
            TableColumn("LAST REFRESH", width: .flexible(minimum: 14, weight: 1)),
            TableColumn(SortOrder.title("MODE", column: 3, order: order), width: .fixed(13)),
            TableColumn(SortOrder.title("ID", column: 4, order: order), width: .fixed(36), yieldsRoom: true),
        ], rows: rows, state: view.selection, rowRoles: roles, firstRow: window.lowerBound).render(into: &buffer, in: layout.table, theme: theme)
    }

    /// A row of `:datasets`: NAME, WORKSPACE, LAST REFRESH (and its colour), MODE, ID.
    static func cells(_ entry: AllDatasetsView.Entry, _ state: AppState, now: Date) -> (cells: [String], role: ColorRole?) {
        let (refresh, role) = WorkspaceRenderer.refreshCell(entry.row, scope: entry.workspace.scope, state, now: now)
        return ([entry.row.name, entry.workspace.name, refresh, entry.row.cells.first ?? "", entry.row.id], role)
    }
}
