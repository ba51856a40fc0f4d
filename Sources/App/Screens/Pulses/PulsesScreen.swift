import Config
import Foundation
import PowerBI
import TerminalUI

/// `:pulses`: ``PulsesView`` on the stack.
enum PulsesScreen: ListScreen {
    static func keyScreen(_ state: AppState) -> KeyScreen { .pulses }
    static func breadcrumb(_ state: AppState) -> [String] { ["Workspaces", "Pulses"] }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        PulsesReducer.action(action, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        PulsesRenderer.render(state, layout: layout, theme: theme, now: now, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { state.pulses?.isLoading == true }

    static func list(_ state: AppState) -> PulsesView? { state.pulses }
    static func setList(_ view: PulsesView, _ state: inout AppState) { state.pulses = view }
    static func sortable(_ view: PulsesView) -> [Int] { PulsesView.sortableColumns }
    static func export(_ view: PulsesView, _ state: AppState, now: Date) -> ListExportColumns<Pulse> {
        ListExportColumns(headers: PulsesView.titles + ["ERROR", "ID"],
                          cells: { PulsesRenderer.cells($0, now: now) + [$0.lastFailed ? $0.last?.errorCode ?? "" : "", $0.datasetId] },
                          object: { $0.last?.raw ?? .null })
    }

    static func selection(_ state: AppState) -> Selection? {
        guard let view = state.pulses, let pulse = view.rows.row(at: view.selection.selected) else { return nil }
        let (row, entry) = PulsesReducer.target(pulse, state)
        return .pulse(pulse, item: row, in: entry)
    }
}
