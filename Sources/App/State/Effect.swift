import Automate
import Inventory
import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// Work the runtime must start after a state change.
public enum Effect: Sendable, Hashable {
    /// Signing in, and giving up on a sign-in (`Screens/SignIn/SignInEvents.swift`).
    case signIn(SignInEffect)
    /// The workspace list (`Screens/Workspaces/WorkspacesEvents.swift`).
    case workspaces(WorkspacesEffect)
    /// A workspace's tabs (`Screens/Workspace/WorkspaceEvents.swift`).
    case workspace(WorkspaceEffect)
    /// An item's details (`Screens/Details/DetailsEvents.swift`).
    case details(DetailsEffect)
    /// Refreshes (`Shared/Refresh/RefreshEvents.swift`). A trigger is sent once; never repeated by the runtime.
    case refresh(RefreshEffect)
    /// `:datasets` (`Screens/AllDatasets/AllDatasetsEvents.swift`).
    case allDatasets(AllDatasetsEffect)
    /// A tenant list (`Screens/TenantList/TenantListEvents.swift`).
    case tenantList(TenantListEffect)
    /// The Automate screen's trials (`Screens/Automate/AutomateEvents.swift`).
    case automate(AutomateEffect)
    /// The token inspector's work (`Screens/Inspector/InspectorEvents.swift`).
    case inspector(InspectorEffect)
    /// The API console's work (`Screens/Console/ConsoleEvents.swift`).
    case console(ConsoleEffect)
    /// The DAX workbench's work (`Screens/DAX/DAXEvents.swift`).
    case dax(DAXEffect)
    /// The `:pulses` screen's work (`Screens/Pulses/PulsesEvents.swift`).
    case pulses(PulsesEffect)
    /// The tenant store's screens (`Screens/Lineage`, `Screens/Inventory`, `Screens/Activity`).
    case lineage(LineageEffect)
    case inventory(InventoryEffect)
    /// A screen that registers itself (``RegisteredScreen``): its work, by its name.
    case registered(RegisteredWork)
    /// `:go!` (`Screens/Picker/PickerEvents.swift`).
    case picker(PickerEffect)
    /// Put text on the terminal's clipboard (OSC 52).
    case copy(String)
    /// Writes a file atomically, then says `summary` (`:export`). `makeFolders`: a folder pbitui owns (saved
    /// queries, the four ways' files) is made; a path a person typed (`:export`) must name a folder that exists.
    case export(path: String, contents: Data, summary: String, makeFolders: Bool = true)
    /// Wait, then send ``AppEvent/woke(_:)`` (a watch's next reload).
    case wake(WakeReason, after: Duration)
    /// Write the pins file (atomically, mode 0600).
    case savePins(path: String, contents: Data)
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
