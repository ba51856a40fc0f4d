import Automate
import Inventory
import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// Everything that can happen to the app: terminal input and the results of work it started.
public enum AppEvent: Sendable {
    case terminal(TerminalEvent)
    /// A sign-in's progress and end (`Screens/SignIn/SignInEvents.swift`).
    case signIn(SignInEvent)
    /// The workspace list (`Screens/Workspaces/WorkspacesEvents.swift`).
    case workspaces(WorkspacesEvent)
    /// A workspace's tabs (`Screens/Workspace/WorkspaceEvents.swift`).
    case workspace(WorkspaceEvent)
    /// An item's details (`Screens/Details/DetailsEvents.swift`).
    case details(DetailsEvent)
    /// Refreshes: started, followed, cancelled, and the last refresh of each dataset (`Shared/Refresh/RefreshEvents.swift`).
    case refresh(RefreshEvent)
    /// `:datasets` (`Screens/AllDatasets/AllDatasetsEvents.swift`).
    case allDatasets(AllDatasetsEvent)
    /// A tenant list (`Screens/TenantList/TenantListEvents.swift`).
    case tenantList(TenantListEvent)
    /// The Automate screen's trials (`Screens/Automate/AutomateEvents.swift`).
    case automate(AutomateEvent)
    /// What reading the session's token brought (`Screens/Inspector/InspectorEvents.swift`).
    case inspector(InspectorEvent)
    /// What the API console's request brought back (`Screens/Console/ConsoleEvents.swift`).
    case console(ConsoleEvent)
    /// What the DAX workbench's work brought back (`Screens/DAX/DAXEvents.swift`).
    case dax(DAXEvent)
    /// What a `:pulses` load brought back (`Screens/Pulses/PulsesEvents.swift`).
    case pulses(PulsesEvent)
    /// The tenant store's screens (`Screens/Lineage`, `Screens/Inventory`, `Screens/Activity`).
    case lineage(LineageEvent)
    case inventory(InventoryEvent)
    /// A screen that registers itself (``RegisteredScreen``): its event, by its name.
    case registered(RegisteredEvent)
    /// `:go!` (`Screens/Picker/PickerEvents.swift`).
    case picker(PickerEvent)
    case throttled(ThrottleNotice)
    /// The service asked for a wait too long to sit out; the person decides when to try again.
    case mustWait(ThrottleCountdown)
    /// What the session's token is (an app's or a user's), and its delegated scopes.
    case tokenKnown(kind: TokenKind, scopes: [String])
    case callFailed(FailedCall)
    /// A wait asked for with ``Effect/wake(_:after:)`` is over.
    case woke(WakeReason)
    /// A theme loaded by `:theme`: the state holds the theme every frame is drawn with.
    case themeSwitched(Theme)
    /// A line for the status bar from the runtime (a copy done, a theme refused).
    case status(StatusMessage)
    /// A timer beat (spinner animation, countdowns) while something runs.
    case tick
}


/// Why the app asked to be woken.
public enum WakeReason: Sendable, Hashable {
    /// `:watch`: reload `:pulses` if its load is still `generation`.
    case pulsesWatch(generation: Int)
}

/// What a details call brought back.
public enum DetailsPayload: Sendable {
    case history([Refresh])
    case datasources([Datasource])
    case parameters([DatasetParameter])
    case schedule(RefreshSchedule)
}
