import Automate
import Config
import Foundation
import TerminalUI

/// What every screen answers. Each screen's folder under `Screens/` holds one type that conforms;
/// ``AppScreen/unit`` is the one switch from a stacked screen to its unit, and the app asks the unit
/// (its keys, actions, frame, breadcrumb, filter, clicks, export, busy) instead of switching over screens.
///
/// The requirements without a default are what a new screen must decide; the ones with a default are
/// capabilities a screen may not have (a filter, clickable rows, a list to export).
protocol ScreenUnit {
    /// The key table that applies now (dialogs and forms over the screen are chosen before this).
    static func keyScreen(_ state: AppState) -> KeyScreen
    /// Where the person is, for the header: "Workspaces ▸ Sales ▸ Datasets".
    static func breadcrumb(_ state: AppState) -> [String]
    /// An action from a key (after remapping) or the mouse. The actions every screen shares (quit, the
    /// palette, the token, diagnose) are handled by ``AppReducer/act(_:_:now:)`` before this.
    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect]
    /// Draws the screen between the header and the status line.
    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer)
    /// Something on this screen moves (a load in flight), so timer beats redraw.
    static func isBusy(_ state: AppState) -> Bool

    /// A key that reached the screen, with its action (nil: no binding). Screens that take text (a form,
    /// the console's fields, a JSON search) see the key itself; by default only the action goes on.
    static func key(_ key: Key, action: Action?, _ state: inout AppState, now: Date) -> [Effect]
    /// Pasted text (bracketed paste), whole: inserted as it is where the screen takes text; on a list it
    /// becomes the filter. Never read as keys.
    static func paste(_ text: String, _ state: inout AppState, now: Date) -> [Effect]
    /// While true, every printable key is the screen's text (`?` and `/` included), not an action.
    static func takesEveryKey(_ state: AppState) -> Bool
    /// The `/` filter's text; nil when the screen has no filter.
    static func filter(_ state: AppState) -> String?
    static func setFilter(_ text: String, _ state: inout AppState)
    /// Selects the row drawn `line` rows below the column titles (a click); false when there is none.
    static func select(line: Int, _ state: inout AppState) -> Bool
    /// The list on screen as a table for `:export`; nil when the screen shows no list.
    static func table(_ state: AppState, now: Date) -> ListExport.Table?
    /// What is selected: the one question behind `o`, `A`, `e`, `p`, `L` and `d` (``Selection`` derives what
    /// each needs); nil where nothing is.
    static func selection(_ state: AppState) -> Selection?
    /// The `:` commands this screen brings (``Palette`` lists the units it asks).
    static var commands: [PaletteCommand] { get }
}

extension ScreenUnit {
    static func key(_ key: Key, action: Action?, _ state: inout AppState, now: Date) -> [Effect] {
        guard let action else { return [] }
        return AppReducer.act(action, &state, now: now)
    }

    static func takesEveryKey(_ state: AppState) -> Bool { false }
    static func paste(_ text: String, _ state: inout AppState, now: Date) -> [Effect] {
        guard FilterReducer.canFilter(state) else {
            state.status = StatusMessage("Nothing here takes pasted text (/ filters a list, : opens the palette)", level: .warn)
            return []
        }
        state.filterEditing = true
        FilterReducer.set(FilterReducer.text(state) + PastedText.singleLine(text), &state)
        return []
    }
    static func filter(_ state: AppState) -> String? { nil }
    static func setFilter(_ text: String, _ state: inout AppState) {}
    static func select(line: Int, _ state: inout AppState) -> Bool { false }
    static func table(_ state: AppState, now: Date) -> ListExport.Table? { nil }
    static func selection(_ state: AppState) -> Selection? { nil }
    static var commands: [PaletteCommand] { [] }
}

extension AppScreen {
    /// The screen's unit: the one switch over screens.
    var unit: any ScreenUnit.Type {
        switch self {
        case .signIn: SignInScreen.self
        case .workspaces: WorkspacesScreen.self
        case .workspace: WorkspaceScreen.self
        case .details: DetailsScreen.self
        case .allDatasets: AllDatasetsScreen.self
        case .inspector: InspectorScreen.self
        case .console: ConsoleScreen.self
        case .tenantList: TenantListScreen.self
        case .operations: OperationsScreen.self
        case .operation: OperationScreen.self
        case .automate: AutomateScreen.self
        case .dax: DAXScreen.self
        case .pulses: PulsesScreen.self
        case .lineage: LineageScreen.self
        case .inventory: InventoryScreen.self
        case let .registered(view): Palette.registered(view.name) ?? WorkspacesScreen.self
        case .picker: PickerScreen.self
        }
    }
}

extension AppState {
    /// The unit of the screen in front.
    var front: any ScreenUnit.Type { stack.top.unit }
}

/// Selecting a clicked row of a list drawn by ``TableView``: `line` rows below the first one shown.
extension ListState {
    mutating func select(line: Int, count: Int) -> Bool {
        let index = offset + line
        guard line >= 0, index < count else { return false }
        select(index, count: count)
        return true
    }
}
