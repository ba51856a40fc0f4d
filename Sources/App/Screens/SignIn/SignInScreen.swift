import Config
import Foundation
import PowerBI
import TerminalUI

/// The sign-in screen: the methods, a method's form, the work in progress. Its state is
/// ``AppState/signIn``, kept for the session (the form's values, the demo's presets).
enum SignInScreen: ScreenUnit {
    static func keyScreen(_ state: AppState) -> KeyScreen {
        state.signIn.phase == .choosing ? .signInMethods : (state.signIn.isWorking ? .signInWorking : .signInForm)
    }

    static func breadcrumb(_ state: AppState) -> [String] { ["Sign in"] }

    /// A field takes a paste on one line (a token copied with its line end lands whole).
    static func paste(_ text: String, _ state: inout AppState, now: Date) -> [Effect] {
        guard state.signIn.phase != .choosing, !state.signIn.isWorking, let field = state.signIn.focusedField else { return [] }
        state.signIn.values[field, default: ""] += PastedText.singleLine(text)
        return []
    }

    /// The form's fields take text: the key itself goes to the reducer.
    static func key(_ key: Key, action: Action?, _ state: inout AppState, now: Date) -> [Effect] {
        SignInReducer.key(key, &state, now: now)
    }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        SignInReducer.action(action, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        SignInRenderer.render(state, layout: layout, theme: theme, now: now, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { state.signIn.isWorking }
}
