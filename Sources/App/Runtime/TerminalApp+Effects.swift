import Foundation
import PowerBI
import Tokens
import EntraAuth

extension TerminalApp {
    /// Starts the network work of one effect; its result comes back as an event. A refresh POST is sent
    /// exactly once here: nothing in this file retries it.
    nonisolated static func start(_ effect: Effect, client: PowerBIClient, gate: RequestGate,
                                  emit: AsyncStream<AppEvent>.Continuation) -> Task<Void, Never> {
        Task.detached {
            switch effect {
            case .loadWorkspaces:
                do throws(PowerBIError) {
                    emit.yield(.workspacesLoaded(try await client.workspaces()))
                } catch {
                    report(error, "GET", "/groups", emit: emit)
                    emit.yield(.workspacesFailed(message: error.headline, requestId: error.requestId))
                }
            case let .loadItems(scope, kind):
                do throws(PowerBIError) {
                    emit.yield(.itemsLoaded(scope, kind, ItemRow.rows(kind, try await client.itemObjects(kind, in: scope))))
                } catch {
                    report(error, "GET", kind.spec.path(in: scope) ?? scope.prefix + "/" + kind.rawValue, emit: emit)
                    emit.yield(.itemsFailed(scope, kind, message: error.headline, requestId: error.requestId))
                }
            case let .loadDetails(scope, datasetId, section):
                do throws(PowerBIError) {
                    let payload: DetailsPayload
                    switch section {
                    case .datasources: payload = .datasources(try await client.datasources(of: datasetId, in: scope))
                    case .parameters: payload = .parameters(try await client.parameters(of: datasetId, in: scope))
                    case .schedule: payload = .schedule(try await client.refreshSchedule(of: datasetId, in: scope))
                    default: payload = .history(try await client.refreshHistory(of: datasetId, in: scope, top: 30))
                    }
                    emit.yield(.detailsLoaded(scope, datasetId: datasetId, payload))
                } catch {
                    report(error, "GET", scope.prefix + "/datasets/" + datasetId, emit: emit)
                    emit.yield(.detailsFailed(scope, datasetId: datasetId, section, message: error.headline, requestId: error.requestId))
                }
            case let .triggerRefresh(target, request):
                do throws(PowerBIError) {
                    emit.yield(.refreshAccepted(target, try await client.triggerRefresh(of: target.datasetId, in: target.scope, request)))
                } catch {
                    report(error, "POST", target.scope.prefix + "/datasets/" + target.datasetId + "/refreshes", emit: emit)
                    emit.yield(.refreshRefused(target, message: error.headline + ambiguity(of: error), requestId: error.requestId))
                }
            case let .pollRefresh(target, ticket, delay):
                try? await Task.sleep(for: delay)
                if Task.isCancelled { return }
                do throws(PowerBIError) {
                    emit.yield(.refreshObserved(target, try await RefreshTracker(client: client, polling: .screen).look(ticket)))
                } catch {
                    let givesUp = RefreshPolling.screen.givesUp(after: error, acceptedAt: ticket.acceptedAt, now: Date())
                    emit.yield(.refreshPollFailed(target, message: error.description, lookAgain: !givesUp))
                }
            case let .cancelRefresh(target, requestId):
                do throws(PowerBIError) {
                    try await client.cancelRefresh(requestId, of: target.datasetId, in: target.scope)
                    emit.yield(.refreshCancelled(target))
                } catch {
                    emit.yield(.refreshCancelFailed(target, message: error.description))
                }
            case let .loadAllDatasets(entries):
                // At most four requests at a time; each workspace's answer is shown as it comes.
                _ = await BoundedConcurrency.map(entries, limit: gate.limit) { entry in
                    await gate.run {
                        do throws(PowerBIError) {
                            emit.yield(.workspaceDatasets(entry, try await client.datasets(in: entry.scope).map(ItemRow.init)))
                        } catch {
                            emit.yield(.workspaceDatasetsFailed(entry, message: error.description))
                        }
                    }
                }
            case let .loadLastRefreshes(scope, datasetIds):
                // Through the same gate as the :datasets load: together never more than four in flight.
                _ = await BoundedConcurrency.map(datasetIds, limit: gate.limit) { datasetId in
                    await gate.run(.background) {
                        guard !Task.isCancelled else { return }
                        do throws(PowerBIError) {
                            let newest = try await client.refreshHistory(of: datasetId, in: scope, top: 1).first
                            emit.yield(.lastRefreshLoaded(scope, datasetId: datasetId, .success(newest)))
                        } catch {
                            let reason = if case let .service(service) = error { "HTTP \(service.status)" } else { "no answer" }
                            emit.yield(.lastRefreshLoaded(scope, datasetId: datasetId, .failure(LastRefreshFailure(reason))))
                        }
                    }
                }
            case let .loadRefreshDetail(scope, datasetId, requestId):
                do throws(PowerBIError) {
                    let detail = try await client.refreshDetail(requestId, of: datasetId, in: scope)
                    emit.yield(.refreshDetailLoaded(scope, datasetId: datasetId, requestId: requestId, .success(detail)))
                } catch {
                    report(error, "GET", scope.prefix + "/datasets/" + datasetId + "/refreshes/" + requestId, emit: emit)
                    emit.yield(.refreshDetailLoaded(scope, datasetId: datasetId, requestId: requestId, .failure(LastRefreshFailure(error.headline))))
                }
            case let .loadTenantList(kind):
                do throws(PowerBIError) {
                    emit.yield(.tenantListLoaded(kind, .success(try await client.list(kind.spec.path)), requestId: nil))
                } catch {
                    report(error, "GET", kind.spec.path, emit: emit)
                    emit.yield(.tenantListLoaded(kind, .failure(LastRefreshFailure(error.headline)), requestId: error.requestId))
                }
            case .signIn, .cancelSignIn, .inspectToken, .copy, .callAPI, .copyConsoleRequest, .switchTheme, .stall, .export:
                break
            }
        }
    }

    /// The client a console request goes through: Power BI's own, or one for Fabric, Graph or ARM with its
    /// own token audience. The demo tenant serves Power BI only, so other resources are refused there.
    nonisolated static func consoleClient(_ resource: APIResource, client: PowerBIClient, cloud: Cloud?) throws(PowerBIError) -> PowerBIClient {
        if resource == .powerbi { return client }
        guard let cloud else { throw .invalidArgument("The demo tenant serves the Power BI API only; \(resource.rawValue) needs a real tenant") }
        return try client.client(for: resource, cloud: cloud)
    }

    /// Sends a console request once (no retry for anything but GET, as the client does) and reports the
    /// answer, error statuses included, as it came.
    nonisolated static func callAPI(_ request: ConsoleRequest, client: PowerBIClient, cloud: Cloud?, emit: AsyncStream<AppEvent>.Continuation) -> Task<Void, Never> {
        Task.detached {
            do throws(PowerBIError) {
                let target = try consoleClient(request.resource, client: client, cloud: cloud)
                let (path, query) = try request.resource.relativePath(request.path, root: target.apiRoot)
                let started = ContinuousClock.now
                let response = try await target.send(request.method, path, query: query,
                                                      body: request.sendsBody ? Data(request.body.utf8) : nil, returningErrors: true)
                let elapsed = ContinuousClock.now - started
                let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
                emit.yield(.consoleAnswered(ConsoleResponse(
                    request: request, url: target.url(path, query: query).absoluteString, status: response.status, milliseconds: milliseconds,
                    headers: response.headers.map { ($0.name, $0.value) }, bodyText: response.bodyText,
                    json: response.body.isEmpty ? nil : try? JSONValue.parse(response.body))))
            } catch {
                emit.yield(.consoleFailed(error.description))
            }
        }
    }

    /// The console request as curl or a Power Automate action, for the clipboard.
    nonisolated static func export(_ request: ConsoleRequest, _ format: ConsoleExport.Format, client: PowerBIClient, cloud: Cloud?) throws(PowerBIError) -> String {
        let target = try consoleClient(request.resource, client: client, cloud: cloud)
        let (path, query) = try request.resource.relativePath(request.path, root: target.apiRoot)
        let url = target.url(path, query: query).absoluteString
        let audience = target.scope.hasSuffix("/.default") ? String(target.scope.dropLast("/.default".count)) : target.scope
        switch format {
        case .curl: return ConsoleExport.curl(request, url: url, audience: audience)
        case .powerAutomate: return ConsoleExport.powerAutomate(request, url: url, audience: audience, authority: (cloud ?? .public).authorityHost.absoluteString)
        }
    }

    /// After a refresh POST without a clear answer (no answer at all, a 5xx, an unreadable answer) nobody
    /// knows whether Power BI started the refresh; pbitui never sends it again, and says where to look.
    nonisolated static func ambiguity(of error: PowerBIError) -> String {
        switch error {
        case let .service(service) where service.status < 500: return ""
        case .service, .transport, .malformedResponse:
            return " — Power BI may have started it anyway: the dataset's refresh history (Enter, then Tab) shows it; pbitui did not send it again"
        default: return ""
        }
    }

    /// Every failed call is kept for `d`; a 429 whose wait was too long to sit out becomes a countdown on screen.
    /// `method` and `path` say what was asked, for failures that carry no answer.
    nonisolated static func report(_ error: PowerBIError, _ method: String, _ path: String, emit: AsyncStream<AppEvent>.Continuation) {
        emit.yield(.callFailed(FailedCall(error, method: method, path: path)))
        guard case let .service(service) = error, service.status == 429, let seconds = service.retryAfter else { return }
        emit.yield(.mustWait(ThrottleCountdown(until: Date().addingTimeInterval(TimeInterval(seconds)), what: "\(service.method) \(service.path)", automatic: false)))
    }
}
