import Automate
import Config
import Foundation
import TerminalUI

/// The Automate screen: ``AutomateView`` on the stack.
enum AutomateScreen: ScreenUnit {
    static func keyScreen(_ state: AppState) -> KeyScreen { .automate }
    static func breadcrumb(_ state: AppState) -> [String] { ["Automate", state.automate?.call.label ?? ""] }
    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] { AutomateReducer.act(action, &state, now: now) }
    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        AutomateRenderer.render(state, layout: layout, theme: theme, into: &buffer)
    }
    static func isBusy(_ state: AppState) -> Bool { state.automate?.trying != nil }
}
