import Foundation
import PowerBI

extension TerminalApp {
    /// The screen's effects, where ``TerminalApp/carryOut(_:)`` hands them.
    func carryOut(_ effect: RefreshEffect) {
        switch effect {
        case let .trigger(target, request):
            background { client, _, emit in await BackgroundWork.triggerRefresh(target, request, client, emit) }
        case let .poll(target, ticket, delay):
            background { client, _, emit in await BackgroundWork.pollRefresh(target, ticket, after: delay, client, emit) }
        case let .cancel(target, requestId):
            background { client, _, emit in await BackgroundWork.cancelRefresh(target, requestId: requestId, client, emit) }
        case let .loadLast(scope, datasetIds):
            background { client, gate, emit in await BackgroundWork.lastRefreshes(of: datasetIds, in: scope, client, gate, emit) }
        case let .loadDetail(scope, datasetId, requestId):
            background { client, _, emit in await BackgroundWork.refreshDetail(requestId, of: datasetId, in: scope, client, emit) }
        }
    }
}

extension BackgroundWork {
    static func triggerRefresh(_ target: RefreshTarget, _ request: RefreshRequest, _ client: PowerBIClient, _ emit: Emit) async {
        do throws(PowerBIError) {
            emit.yield(.refresh(.accepted(target, try await client.triggerRefresh(of: target.datasetId, in: target.scope, request))))
        } catch {
            report(error, "POST", target.scope.prefix + "/datasets/" + target.datasetId + "/refreshes", emit: emit)
            emit.yield(.refresh(.refused(target, message: error.headline + ambiguity(of: error), requestId: error.requestId)))
        }
    }

    static func pollRefresh(_ target: RefreshTarget, _ ticket: RefreshTicket, after delay: Duration, _ client: PowerBIClient, _ emit: Emit) async {
        try? await Task.sleep(for: delay)
        if Task.isCancelled { return }
        do throws(PowerBIError) {
            emit.yield(.refresh(.observed(target, try await RefreshTracker(client: client, polling: .screen).look(ticket))))
        } catch {
            let givesUp = RefreshPolling.screen.givesUp(after: error, acceptedAt: ticket.acceptedAt, now: Date())
            emit.yield(.refresh(.pollFailed(target, message: error.description, lookAgain: !givesUp)))
        }
    }

    static func cancelRefresh(_ target: RefreshTarget, requestId: String, _ client: PowerBIClient, _ emit: Emit) async {
        do throws(PowerBIError) {
            try await client.cancelRefresh(requestId, of: target.datasetId, in: target.scope)
            emit.yield(.refresh(.cancelled(target)))
        } catch {
            emit.yield(.refresh(.cancelFailed(target, message: error.description)))
        }
    }

    /// Through the same gate as the :datasets load: together never more than four in flight.
    static func lastRefreshes(of datasetIds: [String], in scope: WorkspaceScope, _ client: PowerBIClient, _ gate: RequestGate, _ emit: Emit) async {
        _ = await BoundedConcurrency.map(datasetIds, limit: gate.limit) { datasetId in
            await gate.run(.background) {
                guard !Task.isCancelled else { return }
                do throws(PowerBIError) {
                    let newest = try await client.refreshHistory(of: datasetId, in: scope, top: 1).first
                    emit.yield(.refresh(.lastLoaded(scope, datasetId: datasetId, .success(newest))))
                } catch {
                    let reason = if case let .service(service) = error { "HTTP \(service.status)" } else { "no answer" }
                    emit.yield(.refresh(.lastLoaded(scope, datasetId: datasetId, .failure(LastRefreshFailure(reason)))))
                }
            }
        }
    }

    static func refreshDetail(_ requestId: String, of datasetId: String, in scope: WorkspaceScope, _ client: PowerBIClient, _ emit: Emit) async {
        do throws(PowerBIError) {
            let detail = try await client.refreshDetail(requestId, of: datasetId, in: scope)
            emit.yield(.refresh(.detailLoaded(scope, datasetId: datasetId, requestId: requestId, .success(detail))))
        } catch {
            report(error, "GET", scope.prefix + "/datasets/" + datasetId + "/refreshes/" + requestId, emit: emit)
            emit.yield(.refresh(.detailLoaded(scope, datasetId: datasetId, requestId: requestId, .failure(LastRefreshFailure(error.headline)))))
        }
    }
}
