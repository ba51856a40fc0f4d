import Config
import Foundation
import PowerBI
import TerminalUI

/// `:datasets`: ``AllDatasetsView`` on the stack.
enum AllDatasetsScreen: ScreenUnit {
    static func operationContext(_ state: AppState) -> OperationContext? {
        guard let view = state.allDatasets, let entry = view.rows.row(at: view.selection.selected) else { return nil }
        return .from(state, values: OperationContext.values(entry.workspace, item: entry.row),
                     origin: "dataset \(entry.row.name) in \(entry.workspace.name)")
    }

    static func keyScreen(_ state: AppState) -> KeyScreen { .allDatasets }

    static func pinTarget(_ state: AppState, now: Date) -> Pin? {
        guard let view = state.allDatasets, let entry = view.rows.row(at: view.selection.selected) else { return nil }
        return Pin.item(entry.row, in: entry.workspace, now: now)
    }

    static func daxTarget(_ state: AppState) -> DAXTarget? {
        guard let view = state.allDatasets, let entry = view.rows.row(at: view.selection.selected) else { return nil }
        return DAXTarget.dataset(entry.row, in: entry.workspace)
    }
    static func breadcrumb(_ state: AppState) -> [String] { ["Workspaces", "All datasets"] }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        AllDatasetsReducer.action(action, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        AllDatasetsRenderer.render(state, layout: layout, theme: theme, now: now, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { state.allDatasets?.isLoading == true }

    static func filter(_ state: AppState) -> String? { state.allDatasets?.rows.filter }

    static func setFilter(_ text: String, _ state: inout AppState) {
        guard var view = state.allDatasets else { return }
        view.rows.setFilter(text, selection: &view.selection, visibleRows: AppLayout(size: state.size).visibleTableRows - 1)
        state.allDatasets = view
    }

    static func select(line: Int, _ state: inout AppState) -> Bool {
        guard var view = state.allDatasets, view.selection.select(line: line, count: view.rows.count) else { return false }
        state.allDatasets = view
        return true
    }

    static func table(_ state: AppState, now: Date) -> ListExport.Table? {
        guard let view = state.allDatasets else { return nil }
        let entries = view.rows.visibleRows
        return ListExport.Table(headers: ["NAME", "WORKSPACE", "LAST REFRESH", "MODE", "ID"],
                                rows: entries.map { AllDatasetsRenderer.cells($0, state, now: now).cells }, objects: entries.map(\.row.raw))
    }
}
