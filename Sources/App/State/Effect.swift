import Automate
import Inventory
import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens

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
    /// The last refresh of each of these datasets (`$top=1` of its history), within the shared bound of
    /// four requests in flight.
    case loadLastRefreshes(WorkspaceScope, datasetIds: [String])
    /// One refresh's detail, for the history's opened row.
    case loadRefreshDetail(WorkspaceScope, datasetId: String, requestId: String)
    /// The token inspector's work (`Screens/Inspector/InspectorEvents.swift`).
    case inspector(InspectorEffect)
    /// Put text on the terminal's clipboard (OSC 52).
    case copy(String)
    /// The API console's work (`Screens/Console/ConsoleEvents.swift`).
    case console(ConsoleEffect)
    /// A tenant list (`GET /apps`, `GET /capacities`).
    case loadTenantList(TenantKind)
    /// `T` on the Automate screen: the call as `AutomateWay` would send it, with the session's sign-in.
    case tryWay(AutomateWay, AutomateCall, TokenKind?)
    /// The session's token decoded for the Automate screen (who, which scopes, MFA).
    case identifyForAutomate
    /// Write `contents` to `path` (atomically), then say `summary` (`:export`).
    /// Writes a file atomically. `makeFolders`: a folder pbitui owns (saved queries, the four ways' files) is
    /// made; a path a person typed (`:export`) must name a folder that exists.
    case export(path: String, contents: Data, summary: String, makeFolders: Bool = true)
    /// The DAX workbench's work (`Screens/DAX/DAXEvents.swift`).
    case dax(DAXEffect)
    /// The `:pulses` screen's work (`Screens/Pulses/PulsesEvents.swift`).
    case pulses(PulsesEffect)
    /// The lineage of an item from the tenant store.
    case loadLineage(generation: Int, LineageTarget)
    /// Every item of the tenant store, in batches.
    case loadInventory(generation: Int, finding: InventoryFinding?)
    /// The newest events of the tenant store's activity log.
    case loadActivity(generation: Int, limit: Int)
    /// Wait, then send ``AppEvent/woke(_:)`` (a watch's next reload).
    case wake(WakeReason, after: Duration)
    /// Write the pins file (atomically, mode 0600).
    case savePins(path: String, contents: Data)
    /// `:go!`: every workspace's datasets and reports, four workspaces at a time.
    case searchTenant(generation: Int, workspaces: [Workspace], query: String)
    /// `:ctx` back to a context left this session: its session, kept open, serves again; the one in force
    /// is kept under `keeping`.
    case resumeContext(String, keeping: String)
    /// Ring the terminal bell.
    case bell
    /// Load a theme by name and draw with it.
    case switchTheme(String)
    /// Hold the main loop for this long (`:debug-stall MS`, hidden): lets a test prove that a signal ends
    /// a program whose loop is busy.
    case stall(milliseconds: Int)
}
