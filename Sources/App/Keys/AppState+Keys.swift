import Config
import TerminalUI

extension AppState {
    /// A screen's key table as this person has it (remapped), for dispatch. In read-only mode dangerous
    /// keys still arrive, so that the screen can say why they do nothing.
    public func keys(_ screen: KeyScreen) -> KeyTable {
        if case let .registered(name) = screen, let unit = Palette.registered(name) {
            return unit.remappable ? unit.keys.remapped(keyMap) : unit.keys
        }
        return screen.remappable ? screen.table.remapped(keyMap) : screen.table
    }

    /// What the hint line and help show: the table without dangerous actions in read-only mode.
    public func shownKeys(_ screen: KeyScreen) -> KeyTable { keys(screen).readOnly(readOnly) }

    /// The screen whose keys apply now (dialogs and forms first).
    var keyScreen: KeyScreen {
        if dialog != nil { return .dialog }
        if enhancedForm != nil { return .enhancedForm }
        return front.keyScreen(self)
    }
}
