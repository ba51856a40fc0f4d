import Config
import Foundation
import TerminalUI

/// Where a key goes: the palette or the filter while they are open, an overlay (JSON, help), a dialog or
/// form over the screen, else the screen in front, which sees the key's action (and the key itself where
/// it takes text).
enum KeyRouter {
    static func key(_ key: Key, _ state: inout AppState, now: Date) -> [Effect] {
        if state.commandPrompt != nil { return PaletteReducer.key(key, &state, now: now) }
        if state.filterEditing { return FilterReducer.key(key, &state) }
        if var overlay = state.jsonOverlay {
            let height = max(1, AppLayout(size: state.size).visibleTableRows)
            if !overlay.viewer.handle(key, height: height, keys: state.keys(.jsonViewer)), !overlay.viewer.searching,
               [.escape, .character("q"), .character("y"), .left, .backspace].contains(key) {
                state.jsonOverlay = nil
                return []
            }
            state.jsonOverlay = overlay
            return []
        }
        if state.helpVisible { return helpKey(key, &state) }
        let front = state.front
        // While a JSON search is typed, every printable key belongs to it (`?` and `/` included).
        let action = front.takesEveryKey(state) ? nil : state.keys(state.keyScreen).action(for: key)
        if action == .filter, FilterReducer.canFilter(state) {
            state.filterEditing = true
            return []
        }
        if action == .help {
            state.helpVisible = true
            return []
        }
        if state.dialog != nil { return RefreshReducer.dialogKey(key, &state, now: now) }
        if state.enhancedForm != nil { return RefreshReducer.formKey(key, &state, now: now) }
        // Screens that take text (the sign-in forms, the console's fields, a JSON search) see the key;
        // everywhere else the key is only its action.
        return front.key(key, action: action, &state, now: now)
    }

    /// The help overlay: scrolling, and the keys that close it.
    static func helpKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        let room = AppRenderer.helpRoom(state)
        let most = max(0, AppRenderer.helpLines(state).count - room)
        switch key {
        case .escape, .character("?"), .character("q"), .enter, .function(1): state.helpVisible = false
        case .down, .character("j"): state.helpScroll = min(most, state.helpScroll + 1)
        case .up, .character("k"): state.helpScroll = max(0, state.helpScroll - 1)
        case .pageDown, .character(" "): state.helpScroll = min(most, state.helpScroll + room)
        case .pageUp: state.helpScroll = max(0, state.helpScroll - room)
        default: break
        }
        return []
    }
}
