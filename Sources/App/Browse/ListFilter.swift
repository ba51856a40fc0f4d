import Foundation
import TerminalUI

/// The `/` filter of a list: a case-insensitive substring of the name or id; a leading `!` keeps the rows
/// that do not match.
public enum ListFilter {
    public static func matches(_ fields: [String], filter: String) -> Bool {
        guard !filter.isEmpty else { return true }
        let inverted = filter.hasPrefix("!")
        let needle = String(inverted ? filter.dropFirst() : Substring(filter))
        guard !needle.isEmpty else { return true }
        let found = fields.contains { $0.localizedCaseInsensitiveContains(needle) }
        return inverted ? !found : found
    }
}

/// Typing into the filter of the list on screen (workspaces, a workspace's tab).
enum FilterReducer {
    static func canFilter(_ state: AppState) -> Bool { state.route == .workspaces || state.route == .workspace }

    static func text(_ state: AppState) -> String {
        state.route == .workspace ? state.workspace.map { $0.filters[$0.tab] ?? "" } ?? "" : state.workspaceFilter
    }

    static func set(_ text: String, _ state: inout AppState) {
        if state.route == .workspace, var view = state.workspace {
            view.filters[view.tab] = text
            view.selection.select(0, count: view.rows.count)
            view.selection.scrollToSelection(visibleRows: AppLayout(size: state.size).visibleTableRows - 1, count: view.rows.count)
            state.workspace = view
        } else {
            state.workspaceFilter = text
            state.workspaceList.select(0, count: state.workspaceEntries.count)
            AppReducer.clampSelection(&state)
        }
    }

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
