import Config
import Foundation
import PowerBI
import TerminalUI

/// Refreshing by keypress: why it may be disabled, the confirmation, the enhanced form, and following a
/// refresh to its end.
enum RefreshReducer {
    /// When a refresh on screen is looked at, and for how long: the policy `refresh --wait` shares.
    static let polling = RefreshPolling.screen

    static func start(_ action: Action, row: ItemRow, in entry: WorkspaceEntry, _ state: inout AppState, now: Date) -> [Effect] {
        let target = RefreshTarget(scope: entry.scope, datasetId: row.id, datasetName: row.name, workspaceName: entry.name)
        if let reason = disabledReason(action, row: row, entry: entry, state: state) {
            state.status = StatusMessage(reason, level: .warn)
            return []
        }
        switch action {
        case .refresh:
            state.dialog = ConfirmDialog(
                title: "Refresh dataset?",
                lines: ["\(row.name)", "in \(entry.name)", "",
                        "A standard refresh, as the service's Refresh now button starts it.",
                        entry.isDedicated ? "Dedicated capacity: refreshes count against its load." : "Shared capacity: at most 8 refreshes per dataset per 24 hours."],
                action: .refresh(target, RefreshRequest()))
        case .enhancedRefresh:
            state.enhancedForm = EnhancedRefreshForm(target: target)
        case .cancelRefresh:
            guard let requestId = runningEnhancedRefresh(target, state) else { return [] }
            state.dialog = ConfirmDialog(
                title: "Cancel the running refresh?",
                lines: ["\(row.name)", "in \(entry.name)", "", "Request \(requestId)",
                        "The service stops it; tables it already committed stay as they are (commit mode decides)."],
                action: .cancelRefresh(target, requestId: requestId))
        default:
            break
        }
        return []
    }

    /// Why `action` cannot be done on `row` now, in words a person can act on; nil when it can.
    static func disabledReason(_ action: Action, row: ItemRow, entry: WorkspaceEntry, state: AppState) -> String? {
        if state.readOnly { return "Read-only mode (--read-only): refreshes and cancels are off" }
        guard row.kind == .datasets else { return "Only datasets refresh; this is a \(row.kind.singular)" }
        let key = RefreshTarget(scope: entry.scope, datasetId: row.id, datasetName: row.name, workspaceName: entry.name).key
        if action == .cancelRefresh {
            let target = RefreshTarget(scope: entry.scope, datasetId: row.id, datasetName: row.name, workspaceName: entry.name)
            if runningEnhancedRefresh(target, state) != nil { return nil }
            if let live = state.refreshes[key], !live.isFinal {
                return "Only enhanced refreshes can be cancelled through the API; this one is standard"
            }
            if case let .refresh(newest)? = state.lastRefreshes[key], !newest.state.isFinal {
                return "Only enhanced refreshes can be cancelled through the API; the running one is \(newest.refreshType?.rawValue ?? "standard")"
            }
            return "No refresh of \(row.name) is running (its history's newest refresh has ended)"
        }
        if row.isRefreshable == false {
            return "\(row.name) cannot be refreshed: DirectQuery or live connection (it reads its source at query time)"
        }
        if state.tokenKind == .delegated,
           !state.tokenScopes.contains(where: { $0.caseInsensitiveCompare("Dataset.ReadWrite.All") == .orderedSame || $0.hasSuffix("/Dataset.ReadWrite.All") }) {
            return "The token lacks Dataset.ReadWrite.All, which a refresh needs (it has: \(state.tokenScopes.joined(separator: " ")))"
        }
        if let live = state.refreshes[key], !live.isFinal {
            return "A refresh of \(row.name) is already running (\(live.label)); the service runs one at a time"
        }
        if action == .enhancedRefresh, !entry.isDedicated {
            return "Enhanced refresh needs Premium, PPU or Embedded capacity; \(entry.name) is on shared capacity"
        }
        return nil
    }

    /// The request id of an enhanced refresh of `target` that is running: one started in this session, or
    /// the newest row of the dataset's history (a refresh started elsewhere: the portal, a pipeline, a script).
    static func runningEnhancedRefresh(_ target: RefreshTarget, _ state: AppState) -> String? {
        if let live = state.refreshes[target.key], !live.isFinal, live.ticket?.enhanced == true, let id = live.ticket?.requestId { return id }
        var newest: Refresh?
        if case let .refresh(refresh)? = state.lastRefreshes[target.key] { newest = refresh }
        if let details = state.details, details.workspace.scope == target.scope, ItemID.same(details.item.id, target.datasetId),
           let first = details.history.value?.first { newest = first }
        guard let newest, !newest.state.isFinal, newest.refreshType?.rawValue == "ViaEnhancedApi" else { return nil }
        return newest.requestId
    }

    static func dialogKey(_ key: Key, _ state: inout AppState, now: Date) -> [Effect] {
        guard let dialog = state.dialog, let action = state.keys(.dialog).action(for: key) else { return [] }
        state.dialog = nil
        guard action == .confirm else {
            switch dialog.action {
            case .cancelRefresh: state.status = StatusMessage("The refresh goes on: nothing was cancelled")
            case .sendRequest: state.status = StatusMessage("Nothing was sent")
            case .refresh: state.status = StatusMessage("Nothing was refreshed")
            }
            return []
        }
        switch dialog.action {
        case let .refresh(target, request):
            // Recorded before the request leaves, so a second keypress cannot send a second POST.
            state.refreshes[target.key] = LiveRefresh(target: target, ticket: nil, observation: nil, requestedAt: now)
            state.status = StatusMessage("Asking Power BI to refresh \(target.datasetName)…")
            return [.refresh(.trigger(target, request))]
        case let .cancelRefresh(target, requestId):
            state.status = StatusMessage("Cancelling the refresh of \(target.datasetName)…")
            return [.refresh(.cancel(target, requestId: requestId))]
        case let .sendRequest(request):
            guard var view = state.console else { return [] }
            let effects = ConsoleReducer.dispatch(request, &view, &state, now: now)
            state.console = view
            return effects
        }
    }

    static func formKey(_ key: Key, _ state: inout AppState, now: Date) -> [Effect] {
        guard var form = state.enhancedForm else { return [] }
        let fields = EnhancedRefreshForm.Field.allCases
        let typing = [.maxParallelism, .retryCount, .tables].contains(form.focus)
        if typing, case let .character(character) = key, character != " " || form.focus == .tables {
            switch form.focus {
            case .maxParallelism: if character.isNumber { form.maxParallelism.append(character) }
            case .retryCount: if character.isNumber { form.retryCount.append(character) }
            default: form.tables.append(character)
            }
            state.enhancedForm = form
            return []
        }
        if typing, key == .backspace {
            switch form.focus {
            case .maxParallelism: if !form.maxParallelism.isEmpty { form.maxParallelism.removeLast() }
            case .retryCount: if !form.retryCount.isEmpty { form.retryCount.removeLast() }
            default: if !form.tables.isEmpty { form.tables.removeLast() }
            }
            state.enhancedForm = form
            return []
        }
        guard let action = state.keys(.enhancedForm).action(for: key) else { return [] }
        switch action {
        case .nextField: form.focus = fields[(form.focus.rawValue + 1) % fields.count]
        case .previousField: form.focus = fields[(form.focus.rawValue + fields.count - 1) % fields.count]
        case .cycleNext, .cyclePrevious:
            let step = action == .cycleNext ? 1 : -1
            switch form.focus {
            case .type: form.type = cycle(form.type, step)
            case .commitMode: form.commitMode = cycle(form.commitMode, step)
            case .applyRefreshPolicy: form.applyRefreshPolicy.toggle()
            default: break
            }
        case .deny:
            state.enhancedForm = nil
            state.status = StatusMessage("Nothing was refreshed")
            return []
        case .submit:
            switch form.request() {
            case let .failure(problem):
                form.problem = problem.message
                form.focus = problem.field
            case let .success(request):
                state.enhancedForm = nil
                var lines = ["\(form.target.datasetName)", "in \(form.target.workspaceName)", ""]
                lines.append("Enhanced refresh: type \(request.type?.rawValue ?? "Full"), commit mode \(request.commitMode?.rawValue ?? "Transactional"),")
                lines.append("max parallelism \(request.maxParallelism ?? 10), retries \(request.retryCount ?? 0), refresh policy \(request.applyRefreshPolicy == false ? "off" : "on")")
                lines.append(request.objects.isEmpty ? "All tables." : "Tables: " + request.objects.map { $0.table + ($0.partition.map { "/" + $0 } ?? "") }.joined(separator: ", "))
                state.dialog = ConfirmDialog(title: "Start this enhanced refresh?", lines: lines, action: .refresh(form.target, request))
                return []
            }
        default: break
        }
        form.problem = form.problem.flatMap { _ in action == .submit ? form.problem : nil }
        state.enhancedForm = form
        return []
    }

    private static func cycle<T: CaseIterable & Equatable>(_ value: T, _ step: Int) -> T where T.AllCases == [T] {
        let all = T.allCases
        let index = all.firstIndex(of: value) ?? 0
        return all[(index + step + all.count) % all.count]
    }

    /// A dataset's last refresh (the LAST REFRESH column), or the detail of one refresh the details show.
    static func loaded(_ event: RefreshEvent, _ state: inout AppState) {
        switch event {
        case let .lastLoaded(scope, datasetId, result):
            let key = RefreshTarget.key(scope: scope, datasetId: datasetId)
            switch result {
            case let .success(refresh?): state.lastRefreshes[key] = .refresh(refresh)
            case .success(nil): state.lastRefreshes[key] = .never
            case let .failure(failure): state.lastRefreshes[key] = .unavailable(failure.message)
            }
        case let .detailLoaded(scope, datasetId, requestId, result):
            guard var details = state.details, details.workspace.scope == scope, ItemID.same(details.item.id, datasetId),
                  details.openedRefresh?.requestId == requestId else { return }
            switch result {
            case let .success(detail): details.refreshDetail = .loaded(detail)
            case let .failure(failure): details.refreshDetail = .failed(message: failure.message, requestId: nil)
            }
            state.details = details
        default:
            break
        }
    }

    static func result(_ event: RefreshEvent, _ state: inout AppState, now: Date) -> [Effect] {
        switch event {
        case .lastLoaded, .detailLoaded:
            loaded(event, &state)
            return []
        case let .accepted(target, ticket):
            var live = state.refreshes[target.key] ?? LiveRefresh(target: target, ticket: nil, observation: nil, requestedAt: now)
            live.ticket = ticket
            state.refreshes[target.key] = live
            state.status = StatusMessage("Refresh of \(target.datasetName) accepted" + (ticket.requestId.map { " (request \($0))" } ?? ""), level: .ok)
            return [.refresh(.poll(target, ticket, after: polling.firstLook))]
        case let .refused(target, message, requestId):
            state.refreshes[target.key] = nil
            state.status = StatusMessage.failure(message, requestId)
            return []
        case let .observed(target, observation):
            // A second look that lands after the end was seen (the cancel's quick look and the regular one)
            // changes nothing: one end, one toast.
            guard var live = state.refreshes[target.key], let ticket = live.ticket, !live.isFinal else { return [] }
            live.observation = observation
            live.looks += 1
            state.refreshes[target.key] = live
            guard observation.state.isFinal else { return [.refresh(.poll(target, ticket, after: polling.pause(afterLooks: live.looks)))] }
            let level: StatusMessage.Level = observation.state == .completed ? .ok : .error
            var text = "Refresh of \(target.datasetName) \(observation.state.description.lowercased())"
            if let code = observation.errorCode { text += ": \(code)" }
            if let start = observation.startTime, let end = observation.endTime { text += " after \(HumanTime.duration(end.timeIntervalSince(start)))" }
            state.toasts.append(Toast(text: text, level: level, until: now.addingTimeInterval(6)))
            state.status = StatusMessage(text, level: level)
            // The details of this dataset show the new history row.
            if let details = state.details, details.workspace.scope == target.scope, ItemID.same(details.item.id, target.datasetId) {
                state.details?.history = .loading(since: now)
                return [.details(.load(target.scope, datasetId: target.datasetId, .history))]
            }
            return []
        case let .pollFailed(target, message, lookAgain):
            // The refresh goes on in the service whether or not pbitui can see it: keep looking, less often,
            // as the polling policy says, and say so.
            guard var live = state.refreshes[target.key], let ticket = live.ticket else { return [] }
            let givingUp = !lookAgain
            state.status = StatusMessage("Could not follow the refresh of \(target.datasetName): \(message)"
                                         + (givingUp ? "; its history shows how it ended" : "; trying again in \(Int(polling.afterFailedLook.components.seconds)) s"),
                                         level: .error)
            live.observation = RefreshObservation(state: .other(givingUp ? "unknown (lost track)" : "unknown (no answer, retrying)"),
                                                  requestId: ticket.requestId, startTime: live.observation?.startTime, endTime: nil,
                                                  errorCode: nil, errorMessage: message)
            state.refreshes[target.key] = live
            return givingUp ? [] : [.refresh(.poll(target, ticket, after: polling.afterFailedLook))]
        case let .cancelled(target):
            state.status = StatusMessage("Cancel of the refresh of \(target.datasetName) accepted", level: .ok)
            if let ticket = state.refreshes[target.key]?.ticket { return [.refresh(.poll(target, ticket, after: polling.afterCancel))] }
            // A refresh started elsewhere: the column shows the history's newest row again.
            state.lastRefreshes[target.key] = .loading
            return [.refresh(.loadLast(target.scope, datasetIds: [target.datasetId]))]
        case let .cancelFailed(target, message):
            state.status = StatusMessage("Could not cancel the refresh of \(target.datasetName): \(message)", level: .error)
            return []
        }
    }
}
