import Foundation
import PowerBI
import TerminalUI

/// Keys and results of the workspace and details screens.
enum BrowseReducer {
    static func open(_ entry: WorkspaceEntry, _ state: inout AppState, now: Date) -> [Effect] {
        var view = WorkspaceView(entry: entry)
        view.lists[.reports] = .loading(since: now)
        state.workspace = view
        state.routes = [.workspaces, .workspace]
        state.status = nil
        return [.loadItems(entry.scope, .reports)]
    }

    static func workspaceAction(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
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
            let all = ItemKind.allCases
            let index = all.firstIndex(of: view.tab)!
            view.tab = all[(index + (action == .nextTab ? 1 : all.count - 1)) % all.count]
            if view.lists[view.tab] == nil {
                view.lists[view.tab] = .loading(since: now)
                effects.append(.loadItems(view.entry.scope, view.tab))
            }
        case .reload:
            view.lists[view.tab] = .loading(since: now)
            effects.append(.loadItems(view.entry.scope, view.tab))
        case .open, .showJSON:
            guard let row = view.selectedRow else { return [] }
            state.workspace = view
            return openDetails(row, in: view.entry, section: action == .showJSON ? .json : .properties, &state, now: now)
        case .back:
            state.workspace = view
            state.routes = [.workspaces]
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

    static func openDetails(_ row: ItemRow, in entry: WorkspaceEntry, section: DetailsSection, _ state: inout AppState, now: Date) -> [Effect] {
        var details = DetailsView(workspace: entry, item: row)
        details.section = section
        if section == .json { details.json = JSONViewer(row.raw) }
        state.details = details
        state.routes = [.workspaces, .workspace, .details]
        return loadSection(&state, now: now)
    }

    /// Starts the call a dataset section needs the first time it is shown.
    static func loadSection(_ state: inout AppState, now: Date, force: Bool = false) -> [Effect] {
        guard var details = state.details, details.item.kind == .datasets else { return [] }
        let scope = details.workspace.scope
        let id = details.item.id
        var effects: [Effect] = []
        func needs<T>(_ value: Loadable<T>) -> Bool {
            if force { return true }
            if case .idle = value { return true }
            return false
        }
        switch details.section {
        case .history where needs(details.history): details.history = .loading(since: now); effects.append(.loadDetails(scope, datasetId: id, .history))
        case .datasources where needs(details.datasources): details.datasources = .loading(since: now); effects.append(.loadDetails(scope, datasetId: id, .datasources))
        case .parameters where needs(details.parameters): details.parameters = .loading(since: now); effects.append(.loadDetails(scope, datasetId: id, .parameters))
        case .schedule where needs(details.schedule): details.schedule = .loading(since: now); effects.append(.loadDetails(scope, datasetId: id, .schedule))
        case .properties where needs(details.history):
            // The properties show the last refresh, so the history loads with them.
            details.history = .loading(since: now); effects.append(.loadDetails(scope, datasetId: id, .history))
        default: break
        }
        state.details = details
        return effects
    }

    /// The JSON section's viewer takes keys first (a search is typed into it); other keys are actions.
    static func detailsKey(_ key: Key, _ state: inout AppState, now: Date) -> [Effect] {
        guard var details = state.details else { return [] }
        if details.section == .json, var viewer = details.json, viewer.searching || state.keys(.jsonViewer).action(for: key) != nil {
            let handled = viewer.handle(key, height: detailsPage(state), keys: state.keys(.jsonViewer))
            details.json = viewer
            state.details = details
            if handled { return [] }
        }
        guard let action = state.keys(.details).action(for: key) else { return [] }
        return AppReducer.act(action, &state, now: now)
    }

    static func detailsPage(_ state: AppState) -> Int { max(1, state.size.rows - 8) }

    static func detailsAction(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard var details = state.details else { return [] }
        let page = detailsPage(state)
        if details.section == .json, var viewer = details.json, viewer.perform(action, height: page) {
            details.json = viewer
            state.details = details
            return []
        }
        // The history is a table: the keys move its selection, Enter opens a refresh, Esc closes it.
        if details.section == .history, details.openedRefresh == nil, let rows = details.history.value {
            switch action {
            case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom:
                _ = details.historySelection.apply(action, count: rows.count, page: page)
                details.historySelection.scrollToSelection(visibleRows: max(1, page - 1), count: rows.count)
                state.details = details
                return []
            case .open:
                guard rows.indices.contains(details.historySelection.selected) else { return [] }
                let refresh = rows[details.historySelection.selected]
                details.openedRefresh = refresh
                details.scroll = 0
                details.refreshDetail = .idle
                var effects: [Effect] = []
                if let requestId = refresh.requestId, refresh.refreshType?.rawValue == "ViaEnhancedApi" {
                    details.refreshDetail = .loading(since: now)
                    effects = [.loadRefreshDetail(details.workspace.scope, datasetId: details.item.id, requestId: requestId)]
                }
                state.details = details
                return effects
            default: break
            }
        }
        if details.openedRefresh != nil, action == .back {
            details.openedRefresh = nil
            details.refreshDetail = .idle
            details.scroll = 0
            state.details = details
            return []
        }
        switch action {
        case .moveDown: details.scroll += 1
        case .moveUp: details.scroll = max(0, details.scroll - 1)
        case .pageDown: details.scroll += page
        case .pageUp: details.scroll = max(0, details.scroll - page)
        case .top: details.scroll = 0
        case .bottom: details.scroll = 1 << 30   // the renderer stops at the last line
        case .nextTab, .previousTab:
            let sections = details.sections
            let index = sections.firstIndex(of: details.section) ?? 0
            details.section = sections[(index + (action == .nextTab ? 1 : sections.count - 1)) % sections.count]
            details.scroll = 0
            details.openedRefresh = nil
            if details.section == .json, details.json == nil { details.json = JSONViewer(details.item.raw) }
            state.details = details
            return loadSection(&state, now: now)
        case .reload:
            state.details = details
            return loadSection(&state, now: now, force: true)
        case .back:
            state.details = nil
            state.routes.removeLast()
            return []
        case .refresh, .enhancedRefresh, .cancelRefresh:
            state.details = details
            return RefreshReducer.start(action, row: details.item, in: details.workspace, &state, now: now)
        case .copyID:
            state.details = details
            return Copying.copy(id: details.item.id, what: "\(details.item.kind.singular) id", &state)
        default: break
        }
        state.details = details
        return []
    }

    static func result(_ event: AppEvent, _ state: inout AppState, now: Date) -> [Effect] {
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
                return [.loadItems(scope, .datasets)]
            }
        case let .itemsFailed(scope, kind, message, requestId):
            guard var view = state.workspace, view.entry.scope == scope else { return [] }
            view.lists[kind] = .failed(message: message, requestId: requestId)
            state.workspace = view
            state.status = failure(message, requestId)
        case let .detailsLoaded(scope, datasetId, payload):
            guard var details = state.details, details.workspace.scope == scope, ItemID.same(details.item.id, datasetId) else { return [] }
            switch payload {
            case let .history(rows): details.history = .loaded(rows)
            case let .datasources(rows): details.datasources = .loaded(rows)
            case let .parameters(rows): details.parameters = .loaded(rows)
            case let .schedule(schedule): details.schedule = .loaded(schedule)
            }
            state.details = details
        case let .detailsFailed(scope, datasetId, section, message, requestId):
            guard var details = state.details, details.workspace.scope == scope, ItemID.same(details.item.id, datasetId) else { return [] }
            switch section {
            case .history: details.history = .failed(message: message, requestId: requestId)
            case .datasources: details.datasources = .failed(message: message, requestId: requestId)
            case .parameters: details.parameters = .failed(message: message, requestId: requestId)
            case .schedule: details.schedule = .failed(message: message, requestId: requestId)
            default: break
            }
            state.details = details
            state.status = failure(message, requestId)
        default:
            break
        }
        return []
    }

    static func withRequestId(_ message: String, _ requestId: String?) -> String {
        guard let requestId, !message.contains(requestId) else { return message }
        return message + " [RequestId \(requestId)]"
    }

    /// The status line of a failed call: the message and its RequestId (the hint line offers `d`).
    static func failure(_ message: String, _ requestId: String?) -> StatusMessage {
        StatusMessage(withRequestId(message, requestId), level: .error)
    }
}
