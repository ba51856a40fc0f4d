import APIDescriptions
import Automate
import Config
import EntraAuth
import Foundation
import PowerBI
import TerminalUI
import Tokens

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

    /// A message with its RequestId after it, unless it names it already.
    static func withRequestId(_ message: String, _ requestId: String?) -> String {
        guard let requestId, !message.contains(requestId) else { return message }
        return message + " [RequestId \(requestId)]"
    }

    /// The status line of a failed call: the message and its RequestId (the hint line offers `d`).
    static func failure(_ message: String, _ requestId: String?) -> StatusMessage {
        StatusMessage(withRequestId(message, requestId), level: .error)
    }
}

/// The `:` command palette at the bottom of the screen while it is open.
public struct CommandPrompt: Sendable, Hashable {
    public var text = ""
    /// While stepping through the history with ↑/↓: the position in ``AppState/commandHistory``.
    public var historyPosition: Int?
    /// Which completion Tab showed last (Tab again goes to the next one).
    public var completionIndex: Int?
    /// What was typed before Tab started cycling completions.
    public var completionBase: String?

    public init(text: String = "") { self.text = text }
}

/// JSON shown over the screen with the JSON viewer's keys.
public struct JSONOverlay: Sendable {
    public var title: String
    public var viewer: JSONViewer
}

/// Everything the screen shows. Changed only on the main actor by ``AppReducer``; drawn by ``AppRenderer``.
public struct AppState: Sendable {
    public var size: (rows: Int, columns: Int)
    /// Who is signed in, for the header ("app pbitui-automation · tenant …"); nil before a sign-in.
    public var identity: String?
    /// The screens, each with its state; the last is in front.
    public var stack: ScreenStack
    public var signIn: SignInState
    public var workspaces: Loadable<[Workspace]> = .idle { didSet { rebuildWorkspaceModel() } }
    public var workspaceList = ListState()
    /// An app or a user token: user tokens see My workspace first.
    public var tokenKind: TokenKind? { didSet { if oldValue != tokenKind { rebuildWorkspaceModel() } } }
    /// The delegated scopes of the token (`Dataset.ReadWrite.All`, …); empty for app tokens.
    public var tokenScopes: [String] = []
    /// No refresh, cancel or POST: the actions are gone from keys and hints.
    public var readOnly = false
    /// Who the session's token is, once decoded for the Automate screen (its account and MFA); nil until then.
    public var knownIdentity: AutomateIdentity?
    /// The cloud signed in to (its hosts, for the Automate screen's files); nil for the demo tenant.
    public var cloud: Cloud?
    /// The descriptions of other APIs (`--spec`, a profile's `specs`), listed by the explorer after Power BI's.
    public var descriptions: [APIDescription] = []
    /// The console as it was left, to come back to (see ``console``).
    var keptConsole: ConsoleView?
    var keptDAX: DAXView?
    /// Where `:save` and `:open` keep DAX queries (`$XDG_DATA_HOME/pbitui/queries`); nil when there is no home.
    public var queriesFolder: String?
    /// The tenant lists opened (`:apps`, `:capacities`), kept while the session lasts (see ``tenantList(_:)``).
    var keptTenantLists: [TenantKind: TenantListView] = [:]
    /// The last Power BI call that failed, for `d`.
    public var lastFailure: FailedCall?
    /// Refreshes started in this session, by ``RefreshTarget/key``.
    public var refreshes: [String: LiveRefresh] = [:]
    /// The newest refresh of each dataset listed so far (its history's first row), by ``RefreshTarget/key``.
    public var lastRefreshes: [String: LastRefresh] = [:]
    public var dialog: ConfirmDialog?
    public var enhancedForm: EnhancedRefreshForm?
    public var toasts: [Toast] = []
    public var throttle: ThrottleCountdown?
    public var commandPrompt: CommandPrompt?
    /// `y` on the workspace list: the selected workspace's JSON over the list (Esc closes it).
    public var jsonOverlay: JSONOverlay?
    /// The `?` overlay: every key of the current screen, from its key table.
    public var helpVisible = false { didSet { if !helpVisible { helpScroll = 0 } } }
    /// The first help line shown, when help is longer than the screen.
    public var helpScroll = 0
    /// The workspace list as shown: My workspace first for user tokens, then filtered and sorted.
    public private(set) var workspaceModel = AppState.workspaceModel([], delegated: false)
    /// The `/` filter of the workspace list; `!` inverts.
    public var workspaceFilter: String {
        get { workspaceModel.filter }
        set { workspaceModel.setFilter(newValue) }
    }
    /// The `:` lines run before, oldest first (↑ recalls them).
    public var commandHistory: [String] = []
    /// The themes `:theme` can switch to (for completion).
    public var themeNames: [String] = []
    /// The theme every frame is drawn with; the state is its one owner (`:theme` replaces it).
    public var theme: Theme = .defaultDark
    public var themeName: String { theme.name }
    /// The items loaded this session, for `:go`.
    public var loadedItems = LoadedItems()
    /// Every context's pins, as read at start and changed by `p`.
    public var pins = PinBook()
    /// Where pins are kept (`$XDG_STATE_HOME/pbitui/pins.json`); nil: not kept.
    public var pinsPath: String?
    /// The name of the context in force (a profile of `config.toml`), shown in the header; nil for a
    /// sign-in without a profile.
    public var context: String?
    /// The profiles of `config.toml`, for `:ctx`.
    public var profiles: [(name: String, summary: String)] = []
    /// Where each context left this session was, by ``contextKey``.
    public var contextPlaces: [String: ContextPlace] = [:]
    /// The profile a `:ctx` sign-in is under way for.
    public var pendingContext: String?
    /// `:doctor NAME`: the doctor opens once the sign-in with that context ends.
    var doctorAfterSignIn = false
    /// `bell = true` in the config file: a refresh that fails while `:pulses` watches rings the terminal bell.
    public var bell = false
    /// Generations of the store screens' loads: an answer for a screen since replaced is dropped.
    var lineageGeneration = 0
    var inventoryGeneration = 0
    /// Each registered screen's load counter (``RegisteredScreen/nextGeneration(_:)``): an answer for a load
    /// that was replaced is dropped.
    var generations: [String: Int] = [:]
    /// The person's key remapping from the config file.
    public var keyMap = KeyMap()
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
        stack = ScreenStack(identity == nil ? [.signIn] : [.workspaces])
    }

    /// What pins and places are kept under: the profile in force, else who is signed in where.
    public var contextKey: String { context.map(Self.contextKey(profile:)) ?? identity ?? "signed-out" }
    static func contextKey(profile: String) -> String { "profile:" + profile }

    /// The screen in front.
    public var route: Route { stack.top.route }
    public var routes: [Route] { stack.routes }

    /// The workspace list as shown (an array; screens use ``workspaceModel`` to touch only what is on screen).
    public var workspaceEntries: [WorkspaceEntry] { workspaceModel.visibleRows }

    /// The columns of the workspace list, which sorting compares.
    static func workspaceCells(_ entry: WorkspaceEntry) -> [String] {
        guard let workspace = entry.workspace else { return [entry.name, "Personal", "", ""] }
        return [workspace.name, workspace.isOnDedicatedCapacity == true ? "Dedicated" : "Shared",
                workspace.isReadOnly == true ? "yes" : "", workspace.id]
    }

    static func workspaceModel(_ workspaces: [Workspace], delegated: Bool) -> ListModel<WorkspaceEntry> {
        let entries = workspaces.map(WorkspaceEntry.init)
        return ListModel(delegated ? [.my] + entries : entries, search: { $0.name + "\u{0}" + $0.id }, cells: workspaceCells)
    }

    /// Builds the list again after the workspaces or the token kind changed, keeping filter and sort.
    public mutating func rebuildWorkspaceModel() {
        var model = Self.workspaceModel(workspaces.value ?? [], delegated: tokenKind == .delegated && workspaces.value != nil)
        model.setSort(workspaceModel.sort)
        model.setFilter(workspaceModel.filter)
        workspaceModel = model
    }

    /// Sorts the workspace list.
    public mutating func sortWorkspaces(_ order: SortOrder?) { workspaceModel.setSort(order) }

    /// Something moves on screen (a spinner, a countdown, a live refresh), so timer beats redraw.
    public var isBusy: Bool {
        // The workspaces and tenant lists load for the session, whichever screen is in front.
        workspaces.isLoading || signIn.isWorking || throttle != nil || !toasts.isEmpty
            || refreshes.values.contains { !$0.isFinal }
            || lastRefreshes.values.contains { $0 == .loading }
            || keptTenantLists.values.contains { $0.list.isLoading }
            || stack.screens.contains { $0.unit.isBusy(self) }
    }
}
