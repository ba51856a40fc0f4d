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
    static func canFilter(_ state: AppState) -> Bool {
        switch state.route {
        case .workspaces, .workspace, .allDatasets, .inspector, .tenantList: true
        case .signIn, .details, .console: false
        }
    }

    static func text(_ state: AppState) -> String {
        switch state.route {
        case .workspace: state.workspace.map { $0.filters[$0.tab] ?? "" } ?? ""
        case .allDatasets: state.allDatasets?.rows.filter ?? ""
        case .inspector: state.inspector?.claimFilter ?? ""
        case let .tenantList(kind): state.tenantLists[kind]?.rows.filter ?? ""
        case .workspaces, .signIn, .details, .console: state.workspaceFilter
        }
    }

    static func set(_ text: String, _ state: inout AppState) {
        let visible = AppLayout(size: state.size).visibleTableRows - 1
        if case let .tenantList(kind) = state.route {
            TenantListReducer.setFilter(text, kind: kind, &state)
        } else if state.route == .workspace, var view = state.workspace {
            view.setFilter(text)
            view.selection.select(0, count: view.rowCount)
            view.selection.scrollToSelection(visibleRows: visible, count: view.rowCount)
            state.workspace = view
        } else if state.route == .inspector, var view = state.inspector {
            view.claimFilter = text
            view.scroll = 0
            state.inspector = view
        } else if state.route == .allDatasets, var view = state.allDatasets {
            view.rows.setFilter(text)
            view.selection.select(0, count: view.rows.count)
            view.selection.scrollToSelection(visibleRows: visible, count: view.rows.count)
            state.allDatasets = view
        } else {
            state.workspaceFilter = text
            state.workspaceList.select(0, count: state.workspaceModel.count)
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
