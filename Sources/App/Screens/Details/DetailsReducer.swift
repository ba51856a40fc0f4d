import Config
import Foundation
import PowerBI
import TerminalUI

/// Keys, actions and results of an item's details (properties, JSON, and a dataset's sections).
enum DetailsReducer {
    static func open(_ row: ItemRow, in entry: WorkspaceEntry, section: DetailsSection, _ state: inout AppState, now: Date) -> [Effect] {
        var details = DetailsView(workspace: entry, item: row)
        details.section = section
        if section == .json { details.json = JSONViewer(row.raw) }
        // On top of the list it was opened from (a workspace's tab or `:datasets`).
        state.stack.push(.details(details))
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
        case .history where needs(details.history): details.history = .loading(since: now); effects.append(.details(.load(scope, datasetId: id, .history)))
        case .datasources where needs(details.datasources): details.datasources = .loading(since: now); effects.append(.details(.load(scope, datasetId: id, .datasources)))
        case .parameters where needs(details.parameters): details.parameters = .loading(since: now); effects.append(.details(.load(scope, datasetId: id, .parameters)))
        case .schedule where needs(details.schedule): details.schedule = .loading(since: now); effects.append(.details(.load(scope, datasetId: id, .schedule)))
        case .properties where needs(details.history):
            // The properties show the last refresh, so the history loads with them.
            details.history = .loading(since: now); effects.append(.details(.load(scope, datasetId: id, .history)))
        default: break
        }
        state.details = details
        return effects
    }

    /// The JSON section's viewer takes keys first (a search is typed into it); other keys are actions.
    static func key(_ key: Key, _ state: inout AppState, now: Date) -> [Effect] {
        guard var details = state.details else { return [] }
        if details.section == .json, var viewer = details.json, viewer.searching || state.keys(.jsonViewer).action(for: key) != nil {
            let handled = viewer.handle(key, height: page(state), keys: state.keys(.jsonViewer))
            details.json = viewer
            state.details = details
            if handled { return [] }
        }
        guard let action = state.keys(.details).action(for: key) else { return [] }
        return AppReducer.act(action, &state, now: now)
    }

    static func page(_ state: AppState) -> Int { max(1, state.size.rows - 8) }

    static func action(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard var details = state.details else { return [] }
        let page = page(state)
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
                state.details = details
                return openRefresh(rows[details.historySelection.selected], &state, now: now)
            default: break
            }
        }
        // On an opened enhanced refresh, `r` runs it again with the same type, commit mode, tables and partitions.
        if let opened = details.openedRefresh, action == .refresh, case let .loaded(detail) = details.refreshDetail,
           opened.refreshType?.rawValue == "ViaEnhancedApi" {
            state.details = details
            return rerunEnhanced(detail, row: details.item, in: details.workspace, &state, now: now)
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
            state.stack.pop()
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

    /// Opens one refresh of the history: everything about it, and for an enhanced refresh its tables and
    /// partitions (loaded now).
    static func openRefresh(_ refresh: Refresh, _ state: inout AppState, now: Date) -> [Effect] {
        guard var details = state.details else { return [] }
        details.section = .history
        details.openedRefresh = refresh
        details.scroll = 0
        details.refreshDetail = .idle
        var effects: [Effect] = []
        if let requestId = refresh.requestId, refresh.refreshType?.rawValue == "ViaEnhancedApi" {
            details.refreshDetail = .loading(since: now)
            effects = [.refresh(.loadDetail(details.workspace.scope, datasetId: details.item.id, requestId: requestId))]
        }
        state.details = details
        return effects
    }

    /// The enhanced refresh form filled as `detail` ran: its type, commit mode and objects.
    static func rerunEnhanced(_ detail: RefreshDetail, row: ItemRow, in entry: WorkspaceEntry, _ state: inout AppState, now: Date) -> [Effect] {
        let effects = RefreshReducer.start(.enhancedRefresh, row: row, in: entry, &state, now: now)
        guard var form = state.enhancedForm else { return effects }
        if let type = detail.type.flatMap({ text in RefreshRequest.RefreshType.allCases.first { $0.rawValue.caseInsensitiveCompare(text) == .orderedSame } }) {
            form.type = type
        }
        if let mode = detail.commitMode.flatMap({ text in RefreshRequest.CommitMode.allCases.first { $0.rawValue.caseInsensitiveCompare(text) == .orderedSame } }) {
            form.commitMode = mode
        }
        form.tables = detail.objects.map { $0.table + ($0.partition.map { "/" + $0 } ?? "") }.joined(separator: ", ")
        state.enhancedForm = form
        state.status = StatusMessage("The form holds the refresh as it ran; Enter sends it again", level: .info)
        return effects
    }

    /// A dataset section's answer, or why it could not be read; dropped when the item is no longer open.
    static func result(_ event: DetailsEvent, _ state: inout AppState, now: Date) -> [Effect] {
        switch event {
        case let .loaded(scope, datasetId, payload):
            guard var details = state.details, details.workspace.scope == scope, ItemID.same(details.item.id, datasetId) else { return [] }
            switch payload {
            case let .history(rows): details.history = .loaded(rows)
            case let .datasources(rows): details.datasources = .loaded(rows)
            case let .parameters(rows): details.parameters = .loaded(rows)
            case let .schedule(schedule): details.schedule = .loaded(schedule)
            }
            state.details = details
        case let .failed(scope, datasetId, section, message, requestId):
            guard var details = state.details, details.workspace.scope == scope, ItemID.same(details.item.id, datasetId) else { return [] }
            switch section {
            case .history: details.history = .failed(message: message, requestId: requestId)
            case .datasources: details.datasources = .failed(message: message, requestId: requestId)
            case .parameters: details.parameters = .failed(message: message, requestId: requestId)
            case .schedule: details.schedule = .failed(message: message, requestId: requestId)
            default: break
            }
            state.details = details
            state.status = StatusMessage.failure(message, requestId)
        }
        return []
    }
}
