import Config
import Foundation
import PowerBI
import TerminalUI

/// Actions and results of a workspace's screen: its tabs of items.
enum WorkspaceReducer {
    static func open(_ entry: WorkspaceEntry, _ state: inout AppState, now: Date) -> [Effect] {
        var view = WorkspaceView(entry: entry)
        view.lists[.reports] = .loading(since: now)
        // Over the list it was opened from: the workspace list, or an app from `:apps`.
        state.stack.push(.workspace(view))
        state.status = nil
        return [.workspace(.loadItems(entry.scope, .reports))]
    }

    static func action(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.workspace else { return [] }
        let count = view.rowCount
        let page = max(1, AppLayout(size: state.size).visibleTableRows - 1)
        var effects: [Effect] = []
        switch action {
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom:
            _ = view.selection.apply(action, count: count, page: page)
        case .sortNext, .sortReverse:
            let sortable = ItemRow.sortableColumns(view.tab)
            view.setSort(action == .sortNext ? SortOrder.next(after: view.sort, sortable: sortable) : SortOrder.reversed(view.sort, sortable: sortable))
        case .nextTab, .previousTab:
            let all = view.tabs
            let index = all.firstIndex(of: view.tab) ?? 0
            view.tab = all[(index + (action == .nextTab ? 1 : all.count - 1)) % all.count]
            if view.lists[view.tab] == nil {
                view.lists[view.tab] = .loading(since: now)
                effects.append(.workspace(.loadItems(view.entry.scope, view.tab)))
            }
        case .reload:
            view.lists[view.tab] = .loading(since: now)
            effects.append(.workspace(.loadItems(view.entry.scope, view.tab)))
        case .open, .showJSON:
            guard let row = view.selectedRow else { return [] }
            state.workspace = view
            return DetailsReducer.open(row, in: view.entry, section: action == .showJSON ? .json : .properties, &state, now: now)
        case .back:
            state.stack.pop()
            return []
        case .refresh, .enhancedRefresh, .cancelRefresh:
            state.workspace = view
            guard let row = view.selectedRow else { return [] }
            return RefreshReducer.start(action, row: row, in: view.entry, &state, now: now)
        case .copyID:
            state.workspace = view
            guard let row = view.selectedRow else { return [] }
            return Copying.copy(id: row.id, what: "\(row.kind.singular) id", &state)
        default: break
        }
        view.selection.scrollToSelection(visibleRows: AppLayout(size: state.size).visibleTableRows - 1, count: view.rowCount)
        state.workspace = view
        return effects
    }

    /// A tab's items, or why they could not be read; dropped when the workspace is no longer open.
    static func result(_ event: WorkspaceEvent, _ state: inout AppState, now: Date) -> [Effect] {
        switch event {
        case let .itemsLoaded(scope, kind, rows):
            guard var view = state.workspace, view.entry.scope == scope else { return [] }
            view.lists[kind] = .loaded(rows)
            var selection = view.selections[kind] ?? ListState()
            selection.select(selection.selected, count: rows.count)
            view.selections[kind] = selection
            state.workspace = view
            if view.tab == kind {
                state.status = StatusMessage("\(rows.count) \(rows.count == 1 ? kind.singular : kind.rawValue) in \(view.entry.name)", level: .ok)
            }
            if kind == .datasets { return LastRefresh.request(rows, scope: scope, &state, again: true) }
            // Reports name their dataset by id: the datasets are loaded too, so that the Reports tab shows names.
            if kind == .reports, view.lists[.datasets] == nil {
                state.workspace?.lists[.datasets] = .loading(since: now)
                return [.workspace(.loadItems(scope, .datasets))]
            }
        case let .itemsFailed(scope, kind, message, requestId):
            guard var view = state.workspace, view.entry.scope == scope else { return [] }
            view.lists[kind] = .failed(message: message, requestId: requestId)
            state.workspace = view
            state.status = StatusMessage.failure(message, requestId)
        }
        return []
    }
}
