import Foundation
import TerminalUI

/// The `/` filter of a list: a substring of the name or id, without case or accents (``TextMatch``); a
/// leading `!` keeps the rows that do not match.
public enum ListFilter {
    public static func matches(_ fields: [String], filter: String) -> Bool {
        guard !filter.isEmpty else { return true }
        let inverted = filter.hasPrefix("!")
        let needle = String(inverted ? filter.dropFirst() : Substring(filter))
        guard !needle.isEmpty else { return true }
        let folded = TextMatch.fold(needle)
        let found = fields.contains { TextMatch.fold($0).contains(folded) }
        return inverted ? !found : found
    }
}

/// Typing into the filter of the list on screen (workspaces, a workspace's tab, all datasets, the claims
/// of the token inspector).
enum FilterReducer {
    /// Whether the screen in front has a `/` filter.
    static func canFilter(_ state: AppState) -> Bool { state.front.filter(state) != nil }

    static func text(_ state: AppState) -> String { state.front.filter(state) ?? "" }

    static func set(_ text: String, _ state: inout AppState) { state.front.setFilter(text, &state) }

    static func key(_ key: Key, _ state: inout AppState) -> [Effect] {
        var text = self.text(state)
        switch key {
        case .enter:
            state.filterEditing = false
        case .escape:
            state.filterEditing = false
            text = ""
        case .backspace:
            if text.isEmpty { state.filterEditing = false } else { text.removeLast() }
        case let .character(character):
            text.append(character)
        default:
            return []
        }
        set(text, &state)
        return []
    }
}
