import Foundation
import PowerBI
import TerminalUI

/// Keys and results of the `:datasets` view.
enum AllDatasetsReducer {
    static func key(_ key: Key, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.allDatasets, let action = KeyTable.allDatasets.action(for: key) else { return [] }
        let count = view.rows.count
        let page = max(1, AppLayout(size: state.size).visibleTableRows - 1)
        switch action {
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom:
            _ = view.selection.apply(action, count: count, page: page)
        case .open:
            guard view.rows.indices.contains(view.selection.selected) else { return [] }
            let (entry, row) = view.rows[view.selection.selected]
            state.allDatasets = view
            let effects = BrowseReducer.openDetails(row, in: entry, section: .properties, &state, now: now)
            state.routes = [.workspaces, .allDatasets, .details]
            return effects
        case .refresh, .enhancedRefresh, .cancelRefresh:
            guard view.rows.indices.contains(view.selection.selected) else { return [] }
            let (entry, row) = view.rows[view.selection.selected]
            return RefreshReducer.start(action, row: row, in: entry, &state, now: now)
        case .back:
            state.routes = [.workspaces]
        case .inspectToken, .diagnose, .command, .quit:
            state.allDatasets = view
            return InspectorReducer.shared(action, &state, now: now) ?? []
        default: break
        }
        view.selection.scrollToSelection(visibleRows: AppLayout(size: state.size).visibleTableRows - 1, count: view.rows.count)
        state.allDatasets = view
        return []
    }

    static func result(_ event: AppEvent, _ state: inout AppState) -> [Effect] {
        guard var view = state.allDatasets else { return [] }
        switch event {
        case let .workspaceDatasets(entry, rows):
            view.rows += rows.map { (entry, $0) }
            view.answered += 1
        case let .workspaceDatasetsFailed(entry, message):
            view.failures.append((entry.name, message))
            view.answered += 1
        default: return []
        }
        if !view.isLoading {
            var text = "\(view.rows.count) datasets in \(view.total) workspaces"
            if !view.failures.isEmpty { text += "; \(view.failures.count) workspace(s) refused: \(view.failures[0].workspace): \(view.failures[0].message)" }
            state.status = StatusMessage(text, level: view.failures.isEmpty ? .ok : .warn)
        }
        state.allDatasets = view
        return []
    }
}
