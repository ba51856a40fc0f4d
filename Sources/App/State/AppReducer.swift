import Foundation
import PowerBI
import TerminalUI

/// Everything that can happen to the app: terminal input and the results of work it started.
public enum AppEvent: Sendable {
    case terminal(TerminalEvent)
    case workspacesLoaded([Workspace])
    case workspacesFailed(message: String, requestId: String?)
    /// A timer beat (spinner animation) while something loads.
    case tick
}

/// Work the runtime must start after a state change.
public enum Effect: Sendable, Hashable {
    case loadWorkspaces
}

/// How state changes: a pure function of the state and an event, returning the work to start.
public enum AppReducer {
    public static func reduce(_ state: inout AppState, _ event: AppEvent, now: Date = Date()) -> [Effect] {
        switch event {
        case let .terminal(.key(key)):
            guard let action = KeyTable.workspaces.action(for: key) else { return [] }
            return perform(action, on: &state, now: now)
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
        }
        clampSelection(&state)
        return []
    }

    static func clampSelection(_ state: inout AppState) {
        let count = state.workspaces.value?.count ?? 0
        state.workspaceList.scrollToSelection(visibleRows: AppLayout(size: state.size).visibleTableRows, count: count)
    }
}
