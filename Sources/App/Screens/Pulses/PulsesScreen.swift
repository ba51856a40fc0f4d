import Config
import Foundation
import PowerBI
import TerminalUI

/// `:pulses`: ``PulsesView`` on the stack.
enum PulsesScreen: ScreenUnit {
    static func keyScreen(_ state: AppState) -> KeyScreen { .pulses }
    static func breadcrumb(_ state: AppState) -> [String] { ["Workspaces", "Pulses"] }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        PulsesReducer.action(action, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        PulsesRenderer.render(state, layout: layout, theme: theme, now: now, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { state.pulses?.isLoading == true }

    static func filter(_ state: AppState) -> String? { state.pulses?.rows.filter }

    static func setFilter(_ text: String, _ state: inout AppState) {
        guard var view = state.pulses else { return }
        view.rows.setFilter(text, selection: &view.selection, visibleRows: PulsesReducer.visibleRows(state))
        state.pulses = view
    }

    static func select(line: Int, _ state: inout AppState) -> Bool {
        guard var view = state.pulses, view.selection.select(line: line, count: view.rows.count) else { return false }
        state.pulses = view
        return true
    }

    static func table(_ state: AppState, now: Date) -> ListExport.Table? {
        guard let view = state.pulses else { return nil }
        let pulses = view.rows.visibleRows
        return ListExport.Table(headers: PulsesView.titles + ["ERROR", "ID"],
                                rows: pulses.map { PulsesRenderer.cells($0, now: now) + [$0.lastFailed ? $0.last?.errorCode ?? "" : "", $0.datasetId] },
                                objects: pulses.map { $0.last?.raw ?? .null })
    }

    static func operationContext(_ state: AppState) -> OperationContext? {
        guard let view = state.pulses, let pulse = view.rows.row(at: view.selection.selected) else { return nil }
        let (row, entry) = PulsesReducer.target(pulse, state)
        return .from(state, values: OperationContext.values(entry, item: row), origin: "\(row.kind.singular) \(row.name) in \(entry.name)")
    }

    static func pinTarget(_ state: AppState, now: Date) -> Pin? {
        guard let view = state.pulses, let pulse = view.rows.row(at: view.selection.selected) else { return nil }
        let (row, entry) = PulsesReducer.target(pulse, state)
        return Pin.item(row, in: entry, now: now)
    }

    static func daxTarget(_ state: AppState) -> DAXTarget? {
        guard let view = state.pulses, let pulse = view.rows.row(at: view.selection.selected), pulse.kind == .dataset else { return nil }
        let (row, entry) = PulsesReducer.target(pulse, state)
        return DAXTarget.dataset(row, in: entry)
    }
}
