import Foundation
import PowerBI
import TerminalUI
import Tokens

/// Everything that can happen to the app: terminal input and the results of work it started.
public enum AppEvent: Sendable {
    case terminal(TerminalEvent)
    case workspacesLoaded([Workspace])
    case workspacesFailed(message: String, requestId: String?)
    case signInProgress(SignInProgress)
    case signedIn(ConnectedSession)
    case signInFailed(SignInFailure)
    case itemsLoaded(WorkspaceScope, ItemKind, [ItemRow])
    case itemsFailed(WorkspaceScope, ItemKind, message: String, requestId: String?)
    case detailsLoaded(WorkspaceScope, datasetId: String, DetailsPayload)
    case detailsFailed(WorkspaceScope, datasetId: String, DetailsSection, message: String, requestId: String?)
    case refreshAccepted(RefreshTarget, RefreshTicket)
    case refreshRefused(RefreshTarget, message: String, requestId: String?)
    case refreshObserved(RefreshTarget, RefreshObservation)
    case refreshPollFailed(RefreshTarget, message: String)
    case refreshCancelled(RefreshTarget)
    case refreshCancelFailed(RefreshTarget, message: String)
    case throttled(ThrottleNotice)
    /// The service asked for a wait too long to sit out; the person decides when to try again.
    case mustWait(ThrottleCountdown)
    /// What the session's token is: "app" or "delegated", and its delegated scopes.
    case tokenKnown(kind: String, scopes: [String])
    /// One workspace's datasets for `:datasets`.
    case workspaceDatasets(WorkspaceEntry, [ItemRow])
    case workspaceDatasetsFailed(WorkspaceEntry, message: String)
    case callFailed(FailedCall)
    case tokenInspected(JWT)
    case tokenUnreadable(String)
    case tokenVerified(VerificationReport)
    /// A timer beat (spinner animation, countdowns) while something runs.
    case tick
}

/// Work the runtime must start after a state change.
public enum Effect: Sendable, Hashable {
    case loadWorkspaces
    case signIn(SignInRequest)
    case cancelSignIn
    case loadItems(WorkspaceScope, ItemKind)
    case loadDetails(WorkspaceScope, datasetId: String, DetailsSection)
    /// Sent once; never repeated by the runtime.
    case triggerRefresh(RefreshTarget, RefreshRequest)
    case pollRefresh(RefreshTarget, RefreshTicket, after: Duration)
    case cancelRefresh(RefreshTarget, requestId: String)
    /// The datasets of these workspaces, a few at a time, each answer an event of its own.
    case loadAllDatasets([WorkspaceEntry])
    /// The session's current token, decoded, then verified against its issuer's keys.
    case inspectToken
    /// Put text on the terminal's clipboard (OSC 52).
    case copy(String)
}

/// What a details call brought back.
public enum DetailsPayload: Sendable {
    case history([Refresh])
    case datasources([Datasource])
    case parameters([DatasetParameter])
    case schedule(RefreshSchedule)
}

/// How state changes: a pure function of the state and an event, returning the work to start.
public enum AppReducer {
    public static func reduce(_ state: inout AppState, _ event: AppEvent, now: Date = Date()) -> [Effect] {
        switch event {
        case let .terminal(.key(key)):
            if state.commandPrompt != nil { return commandKey(key, &state, now: now) }
            if state.filterEditing { return FilterReducer.key(key, &state) }
            if key == .character("/"), FilterReducer.canFilter(state), state.dialog == nil, state.enhancedForm == nil, !state.helpVisible {
                state.filterEditing = true
                return []
            }
            if state.helpVisible {
                if [.escape, .character("?"), .character("q"), .enter].contains(key) { state.helpVisible = false }
                return []
            }
            if key == .character("?"), state.dialog == nil, state.enhancedForm == nil,
               state.route != .signIn || state.signIn.phase == .choosing {
                state.helpVisible = true
                return []
            }
            if state.dialog != nil { return RefreshReducer.dialogKey(key, &state, now: now) }
            if state.enhancedForm != nil { return RefreshReducer.formKey(key, &state, now: now) }
            switch state.route {
            case .signIn: return SignInReducer.key(key, &state, now: now)
            case .workspaces:
                guard let action = KeyTable.workspaces.action(for: key) else { return [] }
                return perform(action, on: &state, now: now)
            case .workspace: return BrowseReducer.workspaceKey(key, &state, now: now)
            case .details: return BrowseReducer.detailsKey(key, &state, now: now)
            case .allDatasets: return AllDatasetsReducer.key(key, &state, now: now)
            case .inspector: return InspectorReducer.key(key, &state, now: now)
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
            state.workspaceList.select(state.workspaceList.selected, count: state.workspaceEntries.count)
            clampSelection(&state)
            state.status = StatusMessage("Loaded \(workspaces.count) workspace\(workspaces.count == 1 ? "" : "s")", level: .ok)
            return []
        case let .workspacesFailed(message, requestId):
            state.workspaces = .failed(message: message, requestId: requestId)
            state.status = BrowseReducer.failure(message, requestId)
            return []
        case let .signInProgress(progress):
            return SignInReducer.progress(progress, &state, now: now)
        case let .signedIn(session):
            state.tokenKind = session.tokenKind
            state.tokenScopes = session.scopes
            state.workspace = nil
            state.details = nil
            return SignInReducer.signedIn(identity: session.identity, &state, now: now)
        case let .signInFailed(failure):
            return SignInReducer.failed(failure, &state)
        case .itemsLoaded, .itemsFailed, .detailsLoaded, .detailsFailed:
            return BrowseReducer.result(event, &state, now: now)
        case .refreshAccepted, .refreshRefused, .refreshObserved, .refreshPollFailed, .refreshCancelled, .refreshCancelFailed:
            return RefreshReducer.result(event, &state, now: now)
        case let .throttled(notice):
            state.throttle = ThrottleCountdown(until: notice.until, what: "\(notice.method) \(notice.path)", automatic: true)
            return []
        case let .mustWait(countdown):
            state.throttle = countdown
            return []
        case .workspaceDatasets, .workspaceDatasetsFailed:
            return AllDatasetsReducer.result(event, &state)
        case let .callFailed(call):
            state.lastFailure = call
            return []
        case .tokenInspected, .tokenUnreadable, .tokenVerified:
            return InspectorReducer.result(event, &state, now: now)
        case let .tokenKnown(kind, scopes):
            state.tokenKind = kind
            state.tokenScopes = scopes
            clampSelection(&state)
            return []
        case .tick:
            state.spinnerFrame &+= 1
            state.toasts.removeAll { $0.until <= now }
            if let throttle = state.throttle, throttle.until <= now { state.throttle = nil }
            return []
        }
    }

    static func perform(_ action: Action, on state: inout AppState, now: Date) -> [Effect] {
        let page = max(1, AppLayout(size: state.size).visibleTableRows)
        let count = state.workspaceEntries.count
        switch action {
        case .open:
            let entries = state.workspaceEntries
            guard entries.indices.contains(state.workspaceList.selected) else { return [] }
            return BrowseReducer.open(entries[state.workspaceList.selected], &state, now: now)
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom:
            _ = state.workspaceList.apply(action, count: count, page: page)
        case .reload:
            state.workspaces = .loading(since: now)
            state.status = StatusMessage("Loading workspaces…")
            return [.loadWorkspaces]
        case .quit:
            state.shouldQuit = true
            state.exitStatus = 0
        case .command:
            state.commandPrompt = CommandPrompt()
        case .inspectToken, .diagnose:
            return InspectorReducer.shortcut(action, &state, now: now) ?? []
        case .copyID:
            let entries = state.workspaceEntries
            guard entries.indices.contains(state.workspaceList.selected), !entries[state.workspaceList.selected].id.isEmpty else { return [] }
            return Copying.copy(id: entries[state.workspaceList.selected].id, what: "workspace id", &state)
        default:
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
        ("datasets", "Every dataset of every workspace, loaded four workspaces at a time"),
        ("token", "The token inspector"),
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
            return state.workspaces.value == nil && !state.workspaces.isLoading ? perform(.reload, on: &state, now: now) : []
        case "token", "t":
            return InspectorReducer.open(diagnosing: nil, &state, now: now)
        case "datasets", "ds":
            guard state.identity != nil, let workspaces = state.workspaces.value else {
                state.status = StatusMessage("Load the workspaces first (sign in, then :workspaces)", level: .warn)
                return []
            }
            let entries = workspaces.map(WorkspaceEntry.init)
            state.allDatasets = AllDatasetsView(total: entries.count)
            state.routes = [.workspaces, .allDatasets]
            state.status = StatusMessage("Loading the datasets of \(entries.count) workspaces…")
            return [.loadAllDatasets(entries)]
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
        let count = state.workspaceEntries.count
        state.workspaceList.scrollToSelection(visibleRows: AppLayout(size: state.size).visibleTableRows, count: count)
    }
}
