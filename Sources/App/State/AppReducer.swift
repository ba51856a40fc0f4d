import Foundation
import PowerBI
import TerminalUI

/// Everything that can happen to the app: terminal input and the results of work it started.
public enum AppEvent: Sendable {
    case terminal(TerminalEvent)
    case workspacesLoaded([Workspace])
    case workspacesFailed(message: String, requestId: String?)
    case signInProgress(SignInProgress)
    case signedIn(ConnectedSession)
    case signInFailed(SignInFailure)
    /// A timer beat (spinner animation, countdowns) while something runs.
    case tick
}

/// Work the runtime must start after a state change.
public enum Effect: Sendable, Hashable {
    case loadWorkspaces
    case signIn(SignInRequest)
    case cancelSignIn
}

/// How state changes: a pure function of the state and an event, returning the work to start.
public enum AppReducer {
    public static func reduce(_ state: inout AppState, _ event: AppEvent, now: Date = Date()) -> [Effect] {
        switch event {
        case let .terminal(.key(key)):
            if state.commandPrompt != nil { return commandKey(key, &state, now: now) }
            switch state.route {
            case .signIn: return SignInReducer.key(key, &state, now: now)
            case .workspaces:
                guard let action = KeyTable.workspaces.action(for: key) else { return [] }
                return perform(action, on: &state, now: now)
            }
        case let .terminal(.resize(rows, columns)):
            state.size = (rows, columns)
            clampSelection(&state)
            return []
        case .terminal(.mouse):
            return []
        case let .terminal(.terminate(signal)):
            state.shouldQuit = true
            state.exitStatus = 128 + signal
            return []
        case let .workspacesLoaded(workspaces):
            state.workspaces = .loaded(workspaces)
            state.workspaceList.select(state.workspaceList.selected, count: workspaces.count)
            clampSelection(&state)
            state.status = StatusMessage("Loaded \(workspaces.count) workspace\(workspaces.count == 1 ? "" : "s")", level: .ok)
            return []
        case let .workspacesFailed(message, requestId):
            state.workspaces = .failed(message: message, requestId: requestId)
            state.status = StatusMessage(message, level: .error)
            return []
        case let .signInProgress(progress):
            return SignInReducer.progress(progress, &state, now: now)
        case let .signedIn(session):
            return SignInReducer.signedIn(identity: session.identity, &state, now: now)
        case let .signInFailed(failure):
            return SignInReducer.failed(failure, &state)
        case .tick:
            state.spinnerFrame &+= 1
            return []
        }
    }

    static func perform(_ action: Action, on state: inout AppState, now: Date) -> [Effect] {
        let count = state.workspaces.value?.count ?? 0
        let page = max(1, AppLayout(size: state.size).visibleTableRows)
        switch action {
        case .moveDown: state.workspaceList.move(by: 1, count: count)
        case .moveUp: state.workspaceList.move(by: -1, count: count)
        case .pageDown: state.workspaceList.move(by: page, count: count)
        case .pageUp: state.workspaceList.move(by: -page, count: count)
        case .top: state.workspaceList.select(0, count: count)
        case .bottom: state.workspaceList.select(count - 1, count: count)
        case .reload:
            state.workspaces = .loading(since: now)
            state.status = StatusMessage("Loading workspaces…")
            return [.loadWorkspaces]
        case .quit:
            state.shouldQuit = true
            state.exitStatus = 0
        case .command:
            state.commandPrompt = CommandPrompt()
        case .open, .back, .nextField, .previousField, .submit, .clearField, .switchToDeviceCode, .cancel:
            break
        }
        clampSelection(&state)
        return []
    }

    /// Keys while the `:` command line is open: typing, Backspace, Enter runs, Esc closes.
    static func commandKey(_ key: Key, _ state: inout AppState, now: Date) -> [Effect] {
        switch key {
        case .escape:
            state.commandPrompt = nil
        case .backspace:
            if state.commandPrompt?.text.isEmpty == true { state.commandPrompt = nil } else { state.commandPrompt?.text.removeLast() }
        case let .character(character):
            state.commandPrompt?.text.append(character)
        case .enter:
            let text = state.commandPrompt?.text.trimmingCharacters(in: .whitespaces) ?? ""
            state.commandPrompt = nil
            return run(command: text, &state, now: now)
        default:
            break
        }
        return []
    }

    /// The commands of the `:` line (DESIGN.md §4).
    public static let commands: [(name: String, description: String)] = [
        ("signin", "Go to the sign-in screen"),
        ("workspaces", "Go to the workspace list"),
        ("quit", "Quit pbitui"),
    ]

    static func run(command: String, _ state: inout AppState, now: Date) -> [Effect] {
        let name = command.split(separator: " ").first.map(String.init) ?? ""
        switch name.lowercased() {
        case "":
            return []
        case "signin", "sign-in", "login":
            if state.signIn.isWorking { return [] }
            state.signIn.phase = .choosing
            state.signIn.failure = nil
            if state.route != .signIn { state.routes.append(.signIn) }
            return []
        case "workspaces", "ws":
            guard state.identity != nil else {
                state.status = StatusMessage("Sign in first: choose a method and press Enter", level: .warn)
                return []
            }
            state.routes = [.workspaces]
            return []
        case "quit", "q", "q!":
            state.shouldQuit = true
            state.exitStatus = 0
            return []
        default:
            state.status = StatusMessage("Unknown command :\(name); known: " + commands.map { ":" + $0.name }.joined(separator: ", "), level: .error)
            return []
        }
    }

    static func clampSelection(_ state: inout AppState) {
        let count = state.workspaces.value?.count ?? 0
        state.workspaceList.scrollToSelection(visibleRows: AppLayout(size: state.size).visibleTableRows, count: count)
    }
}
