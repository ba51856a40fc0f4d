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
    /// A look at a running refresh found no answer; `lookAgain` is the polling policy's word on trying again.
    case refreshPollFailed(RefreshTarget, message: String, lookAgain: Bool)
    case refreshCancelled(RefreshTarget)
    case refreshCancelFailed(RefreshTarget, message: String)
    case throttled(ThrottleNotice)
    /// The service asked for a wait too long to sit out; the person decides when to try again.
    case mustWait(ThrottleCountdown)
    /// What the session's token is (an app's or a user's), and its delegated scopes.
    case tokenKnown(kind: TokenKind, scopes: [String])
    /// One workspace's datasets for `:datasets`.
    case workspaceDatasets(WorkspaceEntry, [ItemRow])
    case workspaceDatasetsFailed(WorkspaceEntry, message: String)
    /// The newest row of a dataset's refresh history (nil: never refreshed), or why it could not be read.
    case lastRefreshLoaded(WorkspaceScope, datasetId: String, Result<Refresh?, LastRefreshFailure>)
    /// The detail of one refresh of the history (an enhanced refresh's tables and partitions).
    case refreshDetailLoaded(WorkspaceScope, datasetId: String, requestId: String, Result<RefreshDetail, LastRefreshFailure>)
    case callFailed(FailedCall)
    /// What reading the session's token brought (`Screens/Inspector/InspectorEvents.swift`).
    case inspector(InspectorEvent)
    /// What the API console's request brought back (`Screens/Console/ConsoleEvents.swift`).
    case console(ConsoleEvent)
    /// A tenant list's objects, or why it could not be read.
    case tenantListLoaded(TenantKind, Result<[JSONValue], LastRefreshFailure>, requestId: String?)
    /// What trying a way on the Automate screen gave.
    case automateTried(AutomateWay, TrialOutcome)
    /// Who the session's token is, for the Automate screen's verdicts (its account, scopes and MFA).
    case automateIdentified(AutomateIdentity)
    /// What the DAX workbench's work brought back (`Screens/DAX/DAXEvents.swift`).
    case dax(DAXEvent)
    /// What a `:pulses` load brought back (`Screens/Pulses/PulsesEvents.swift`).
    case pulses(PulsesEvent)
    /// A lineage tree read from the tenant store.
    case lineageLoaded(generation: Int, Result<LineageAnswer, StoreProblem>)
    /// A batch of `:inventory` rows; `done` with the last, `failure` when the store could not be read.
    case inventoryArrived(generation: Int, [InventoryItem], done: Bool, failure: String?)
    /// The activity log read from the tenant store.
    case activityLoaded(generation: Int, Result<[ActivityEvent], StoreProblem>)
    /// `:go!`: one workspace's datasets and reports (those that match are kept), for search `generation`.
    case tenantSearchAnswered(generation: Int, found: [Pin])
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
