import Config
import Foundation
import PowerBI
import TerminalUI

/// A workspace's contents, one tab per item kind: ``WorkspaceView`` on the stack.
enum WorkspaceScreen: ScreenUnit {
    /// The selected item; on an empty tab, the workspace it is in.
    static func selection(_ state: AppState) -> Selection? {
        guard let view = state.workspace else { return nil }
        return view.selectedRow.map { .item($0, in: view.entry) } ?? .inside(view.entry)
    }

    static func keyScreen(_ state: AppState) -> KeyScreen { .workspace }

    static func breadcrumb(_ state: AppState) -> [String] {
        guard let view = state.workspace else { return ["Workspaces"] }
        return [view.home, TextFit.truncate(view.entry.name, to: 30), view.tab.title]
    }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        WorkspaceReducer.action(action, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        WorkspaceRenderer.render(state, layout: layout, theme: theme, now: now, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { state.workspace?.lists.values.contains { $0.isLoading } == true }

    static func filter(_ state: AppState) -> String? { state.workspace.map { $0.filters[$0.tab] ?? "" } }

    static func setFilter(_ text: String, _ state: inout AppState) {
        guard var view = state.workspace else { return }
        view.setFilter(text)
        view.selection.select(0, count: view.rowCount)
        view.selection.scrollToSelection(visibleRows: AppLayout(size: state.size).visibleTableRows - 1, count: view.rowCount)
        state.workspace = view
    }

    static func select(line: Int, _ state: inout AppState) -> Bool {
        guard var view = state.workspace, view.selection.select(line: line, count: view.rowCount) else { return false }
        state.workspace = view
        return true
    }

    static func table(_ state: AppState, now: Date) -> ListExport.Table? {
        guard let view = state.workspace else { return nil }
        let rows = view.rows
        let (columns, cells, _) = WorkspaceRenderer.table(view.tab, rows: rows, state: state, now: now)
        return ListExport.Table(headers: columns.map(\.title), rows: cells, objects: rows.map(\.raw))
    }
}
