import Config
import Foundation
import PowerBI
import TerminalUI

/// The token inspector: ``InspectorView`` on the stack.
enum InspectorScreen: ScreenUnit {
    static func keyScreen(_ state: AppState) -> KeyScreen { .inspector }
    static func breadcrumb(_ state: AppState) -> [String] { ["Token"] }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        InspectorReducer.action(action, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        InspectorRenderer.render(state, layout: layout, theme: theme, now: now, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { false }

    /// `/` filters the claims.
    static func filter(_ state: AppState) -> String? { state.inspector?.claimFilter }

    static func setFilter(_ text: String, _ state: inout AppState) {
        guard var view = state.inspector else { return }
        view.claimFilter = text
        view.scroll = 0
        state.inspector = view
    }
}
