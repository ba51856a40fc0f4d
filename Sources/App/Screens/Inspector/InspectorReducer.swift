import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// The token inspector's keys and results.
enum InspectorReducer {
    static func open(diagnosing call: FailedCall?, _ state: inout AppState, now: Date) -> [Effect] {
        guard state.identity != nil else {
            state.status = StatusMessage("Sign in first: there is no token to inspect", level: .warn)
            return []
        }
        var view = InspectorView()
        view.diagnosed = call
        view.token = .loading(since: now)
        state.stack.push(.inspector(view))
        return [.inspector(.inspect)]
    }

    /// The actions every screen shares: `t`, `d`, `:` and `q` (``AppReducer/act(_:_:now:)`` asks here first).
    /// Nil for any other action.
    static func shared(_ action: Action, _ state: inout AppState, now: Date) -> [Effect]? {
        switch action {
        case .inspectToken, .diagnose: return shortcut(action, &state, now: now)
        case .command:
            state.commandPrompt = CommandPrompt()
            return []
        case .quit:
            state.shouldQuit = true
            state.exitStatus = 0
            return []
        default: return nil
        }
    }

    /// `t` and `d` from any browsing screen.
    static func shortcut(_ action: Action, _ state: inout AppState, now: Date) -> [Effect]? {
        switch action {
        case .inspectToken: return open(diagnosing: nil, &state, now: now)
        case .diagnose:
            guard let failure = state.lastFailure else {
                state.status = StatusMessage("Nothing to diagnose: no call has failed", level: .info)
                return []
            }
            return open(diagnosing: failure, &state, now: now)
        default: return nil
        }
    }

    static func action(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.inspector else { return [] }
        switch action {
        case .moveDown: view.scroll += 1
        case .moveUp: view.scroll = max(0, view.scroll - 1)
        case .pageDown: view.scroll += max(1, state.size.rows - 6)
        case .pageUp: view.scroll = max(0, view.scroll - max(1, state.size.rows - 6))
        case .top: view.scroll = 0
        case .bottom: view.scroll = 1 << 30   // the renderer stops at the last line
        case .reveal: view.revealed.toggle()
        case .copyToken:
            guard case let .loaded(jwt) = view.token else { return [] }
            state.status = StatusMessage("Copied the access token to the clipboard (OSC 52). It is a secret: paste it only where it belongs.", level: .warn)
            return [.copy(jwt.compact)]
        case .reload:
            view.token = .loading(since: now)
            view.verification = nil
            state.inspector = view
            return [.inspector(.inspect)]
        case .back:
            state.stack.pop()
            return []
        default: break
        }
        state.inspector = view
        return []
    }

    static func result(_ event: InspectorEvent, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.inspector else { return [] }
        switch event {
        case let .inspected(jwt): view.token = .loaded(jwt)
        case let .unreadable(message): view.token = .failed(message: message, requestId: nil)
        case let .verified(report): view.verification = report
        }
        state.inspector = view
        return []
    }
}

/// Copying ids: the status says what was copied (ids are not secrets).
enum Copying {
    static func copy(id: String, what: String, _ state: inout AppState) -> [Effect] {
        state.status = StatusMessage("Copied the \(what) \(id) (OSC 52)", level: .ok)
        return [.copy(id)]
    }
}
