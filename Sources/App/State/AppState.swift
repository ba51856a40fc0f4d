import Foundation
import PowerBI
import TerminalUI

/// Something that loads: not yet asked, in flight, arrived, or failed with a message a person can act on.
public enum Loadable<Value: Sendable>: Sendable {
    case idle
    case loading(since: Date)
    case loaded(Value)
    case failed(message: String, requestId: String?)

    public var value: Value? {
        if case let .loaded(value) = self { return value }
        return nil
    }

    public var isLoading: Bool {
        if case .loading = self { return true }
        return false
    }
}

/// A line of feedback at the bottom of the screen.
public struct StatusMessage: Sendable, Hashable {
    public enum Level: Sendable, Hashable { case info, ok, warn, error }
    public let text: String
    public let level: Level

    public init(_ text: String, level: Level = .info) {
        self.text = text
        self.level = level
    }
}

/// The screens, as a stack: the last is on top, `back` pops it.
public enum Route: Sendable, Hashable {
    case signIn
    case workspaces
    /// The contents of ``AppState/workspace``.
    case workspace
    /// The details of ``AppState/details``.
    case details
    /// ``AppState/allDatasets``.
    case allDatasets
    /// ``AppState/inspector``.
    case inspector
}

/// The `:` command line at the bottom of the screen while it is open.
public struct CommandPrompt: Sendable, Hashable {
    public var text = ""
}

/// Everything the screen shows. Changed only on the main actor by ``AppReducer``; drawn by ``AppRenderer``.
public struct AppState: Sendable {
    public var size: (rows: Int, columns: Int)
    /// Who is signed in, for the header ("app pbitui-automation · tenant …"); nil before a sign-in.
    public var identity: String?
    public var routes: [Route]
    public var signIn: SignInState
    public var workspaces: Loadable<[Workspace]> = .idle
    public var workspaceList = ListState()
    /// "app" or "delegated": user tokens see My workspace first.
    public var tokenKind: String?
    /// The delegated scopes of the token (`Dataset.ReadWrite.All`, …); empty for app tokens.
    public var tokenScopes: [String] = []
    /// No refresh, cancel or POST: the actions are gone from keys and hints.
    public var readOnly = false
    public var workspace: WorkspaceView?
    public var details: DetailsView?
    public var allDatasets: AllDatasetsView?
    public var inspector: InspectorView?
    /// The last Power BI call that failed, for `d`.
    public var lastFailure: FailedCall?
    /// Refreshes started in this session, by ``RefreshTarget/key``.
    public var refreshes: [String: LiveRefresh] = [:]
    public var dialog: ConfirmDialog?
    public var enhancedForm: EnhancedRefreshForm?
    public var toasts: [Toast] = []
    public var throttle: ThrottleCountdown?
    public var commandPrompt: CommandPrompt?
    /// The `?` overlay: every key of the current screen, from its key table.
    public var helpVisible = false
    /// The `/` filter of the workspace list; `!` inverts.
    public var workspaceFilter = ""
    /// Keys go into the filter of the list on screen.
    public var filterEditing = false
    public var status: StatusMessage?
    /// Advances while something loads, to animate the spinner.
    public var spinnerFrame = 0
    public var shouldQuit = false
    public var exitStatus: Int32 = 0

    /// - Parameter identity: who is signed in already (`--demo`, `--auth …`); nil opens the sign-in screen.
    public init(size: (rows: Int, columns: Int), identity: String?, signIn: SignInState = SignInState()) {
        self.size = size
        self.identity = identity
        self.signIn = signIn
        routes = identity == nil ? [.signIn] : [.workspaces]
    }

    public var route: Route { routes.last ?? .signIn }

    /// The workspace list as shown: My workspace first for user tokens.
    public var workspaceEntries: [WorkspaceEntry] {
        let entries = (workspaces.value ?? []).map(WorkspaceEntry.init)
        let all = tokenKind == "delegated" && workspaces.value != nil ? [.my] + entries : entries
        return workspaceFilter.isEmpty ? all : all.filter { ListFilter.matches([$0.name, $0.id], filter: workspaceFilter) }
    }

    /// Something moves on screen (a spinner, a countdown, a live refresh), so timer beats redraw.
    public var isBusy: Bool {
        workspaces.isLoading || signIn.isWorking || throttle != nil || !toasts.isEmpty
            || refreshes.values.contains { !$0.isFinal }
            || workspace?.lists.values.contains { $0.isLoading } == true
            || allDatasets?.isLoading == true
            || details.map { $0.history.isLoading || $0.datasources.isLoading || $0.parameters.isLoading || $0.schedule.isLoading } == true
    }
}
