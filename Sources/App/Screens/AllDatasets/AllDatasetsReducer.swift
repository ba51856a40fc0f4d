import Config
import Foundation
import PowerBI
import TerminalUI

/// Keys and results of the `:datasets` view.
enum AllDatasetsReducer {
    static func action(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.allDatasets else { return [] }
        let page = max(1, AppLayout(size: state.size).visibleTableRows - 1)
        switch action {
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom, .sortNext, .sortReverse:
            _ = view.apply(action, page: page, sortable: AllDatasetsView.sortableColumns)
        case .open:
            guard let (entry, row) = view.rows.row(at: view.selection.selected).map({ ($0.workspace, $0.row) }) else { return [] }
            state.allDatasets = view
            return DetailsReducer.open(row, in: entry, section: .properties, &state, now: now)
        case .refresh, .enhancedRefresh, .cancelRefresh:
            guard let (entry, row) = view.rows.row(at: view.selection.selected).map({ ($0.workspace, $0.row) }) else { return [] }
            return RefreshReducer.start(action, row: row, in: entry, &state, now: now)
        case .copyID:
            state.allDatasets = view
            guard let entry = view.rows.row(at: view.selection.selected) else { return [] }
            return Copying.copy(id: entry.row.id, what: "dataset id", &state)
        case .back:
            state.stack.reset([.workspaces])
            return []
        default: break
        }
        view.selection.scrollToSelection(visibleRows: AppLayout(size: state.size).visibleTableRows - 1, count: view.rows.count)
        state.allDatasets = view
        return []
    }

    static func result(_ event: AllDatasetsEvent, _ state: inout AppState) -> [Effect] {
        guard var view = state.allDatasets else { return [] }
        var effects: [Effect] = []
        switch event {
        case let .arrived(entry, rows):
            view.rows.append(rows.map { AllDatasetsView.Entry(workspace: entry, row: $0) })
            view.answered += 1
            effects = LastRefresh.request(rows, scope: entry.scope, &state)
        case let .failed(entry, message):
            view.failures.append((entry.name, message))
            view.answered += 1
        }
        if !view.isLoading {
            var text = "\(view.rows.totalCount) datasets in \(view.total) workspaces"
            if !view.failures.isEmpty { text += "; \(view.failures.count) workspace(s) refused: \(view.failures[0].workspace): \(view.failures[0].message)" }
            state.status = StatusMessage(text, level: view.failures.isEmpty ? .ok : .warn)
        }
        state.allDatasets = view
        return effects
    }
}
