import Config
import Foundation
import PowerBI
import TerminalUI

/// `:datasets`: ``AllDatasetsView`` on the stack.
enum AllDatasetsScreen: ListScreen {
    static func selection(_ state: AppState) -> Selection? {
        guard let view = state.allDatasets, let entry = view.rows.row(at: view.selection.selected) else { return nil }
        return .item(entry.row, in: entry.workspace)
    }

    static func keyScreen(_ state: AppState) -> KeyScreen { .allDatasets }

    static func breadcrumb(_ state: AppState) -> [String] { ["Workspaces", "All datasets"] }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        AllDatasetsReducer.action(action, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        AllDatasetsRenderer.render(state, layout: layout, theme: theme, now: now, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { state.allDatasets?.isLoading == true }

    static func list(_ state: AppState) -> AllDatasetsView? { state.allDatasets }
    static func setList(_ view: AllDatasetsView, _ state: inout AppState) { state.allDatasets = view }
    static func sortable(_ view: AllDatasetsView) -> [Int] { AllDatasetsView.sortableColumns }
    static func export(_ view: AllDatasetsView, _ state: AppState, now: Date) -> ListExportColumns<AllDatasetsView.Entry> {
        ListExportColumns(headers: ["NAME", "WORKSPACE", "LAST REFRESH", "MODE", "ID"],
                          cells: { AllDatasetsRenderer.cells($0, state, now: now).cells }, object: { $0.row.raw })
    }
}
