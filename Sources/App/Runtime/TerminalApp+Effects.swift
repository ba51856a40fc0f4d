import Automate
import Foundation
import PowerBI
import Tokens
import EntraAuth

extension TerminalApp {
    /// The one place an effect is carried out. What touches the terminal or the disk happens here and now;
    /// network work runs in a task the runtime owns (it leaves ``tasks`` when it ends and is cancelled on
    /// exit) and its result comes back as an event. A refresh POST is sent exactly once: nothing retries it.
    func carryOut(_ effect: Effect) {
        switch effect {
        case .wake, .bell, .savePins, .copy, .export, .switchTheme, .stall:
            carryOutHere(effect)
        case .loadWorkspaces:
            background { client, _, emit in await BackgroundWork.workspaces(client, emit) }
        case let .loadItems(scope, kind):
            background { client, _, emit in await BackgroundWork.items(kind, in: scope, client, emit) }
        case let .loadDetails(scope, datasetId, section):
            background { client, _, emit in await BackgroundWork.details(section, of: datasetId, in: scope, client, emit) }
        case let .triggerRefresh(target, request):
            background { client, _, emit in await BackgroundWork.triggerRefresh(target, request, client, emit) }
        case let .pollRefresh(target, ticket, delay):
            background { client, _, emit in await BackgroundWork.pollRefresh(target, ticket, after: delay, client, emit) }
        case let .cancelRefresh(target, requestId):
            background { client, _, emit in await BackgroundWork.cancelRefresh(target, requestId: requestId, client, emit) }
        case let .pulses(effect):
            carryOut(effect)
        case let .loadLineage(generation, target):
            let folder = environment.storeFolder
            background { client, _, emit in await StoreWork.lineage(generation, target, folder: folder, client, emit) }
        case let .loadInventory(generation, finding):
            let folder = environment.storeFolder
            background { client, _, emit in await StoreWork.inventory(generation, finding: finding, folder: folder, client, emit) }
        case let .loadActivity(generation, limit):
            let folder = environment.storeFolder
            background { client, _, emit in await StoreWork.activity(generation, limit: limit, folder: folder, client, emit) }
        case let .resumeContext(key, keeping):
            resume(key, keeping: keeping)
        case let .searchTenant(generation, workspaces, query):
            background { client, gate, emit in await BackgroundWork.searchTenant(generation, workspaces, query: query, client, gate, emit) }
        case let .loadAllDatasets(entries):
            background { client, gate, emit in await BackgroundWork.allDatasets(entries, client, gate, emit) }
        case let .loadLastRefreshes(scope, datasetIds):
            background { client, gate, emit in await BackgroundWork.lastRefreshes(of: datasetIds, in: scope, client, gate, emit) }
        case let .loadRefreshDetail(scope, datasetId, requestId):
            background { client, _, emit in await BackgroundWork.refreshDetail(requestId, of: datasetId, in: scope, client, emit) }
        case let .loadTenantList(kind):
            background { client, _, emit in await BackgroundWork.tenantList(kind, client, emit) }
        case let .console(effect):
            carryOut(effect)
        case let .dax(effect):
            carryOut(effect)
        case .identifyForAutomate:
            background { client, _, emit in emit.yield(.automateIdentified(await AutomateTrying.identity(of: client))) }
        case let .tryWay(way, call, tokenKind):
            let demo = session?.cloud == nil
            background { client, _, emit in
                let outcome = await AutomateTrying.attempt(way, call, client: client, tokenKind: tokenKind, demo: demo)
                emit.yield(.automateTried(way, outcome))
            }
        case let .inspector(effect):
            carryOut(effect)
        case let .signIn(request):
            signInTask?.cancel()
            let service = environment.signIn
            let emit = self.emit
            signInTask = Task.detached { await BackgroundWork.signIn(request, service, emit) }
        case .cancelSignIn:
            signInTask?.cancel()
            signInTask = nil
        }
    }

    /// What happens here and now, without the network: the terminal (bell, clipboard, theme), the disk
    /// (pins, exports), a timer.
    func carryOutHere(_ effect: Effect) {
        switch effect {
        case let .wake(reason, delay):
            let emit = self.emit
            tasks.add(Task {
                try? await Task.sleep(for: delay)
                guard !Task.isCancelled else { return }
                emit.yield(.woke(reason))
            })
        case .bell:
            screen.bell()
        case let .savePins(path, contents):
            do { try AtomicFile.write(contents, to: path) } catch {
                emit.yield(.status(StatusMessage("Could not write the pins to \(path): \(error)", level: .error)))
            }
        case let .copy(text):
            screen.copy(text)
        case let .export(path, contents, summary, makeFolders):
            do {
                try AtomicFile.write(contents, to: path, createFolders: makeFolders)
                emit.yield(.status(StatusMessage(summary, level: .ok)))
            } catch {
                emit.yield(.status(StatusMessage("Could not write \(path): \(error)", level: .error)))
            }
        case let .switchTheme(name):
            switchTheme(name)
        case let .stall(milliseconds):
            usleep(useconds_t(milliseconds) * 1000)
        default:
            break
        }
    }

    /// Runs `work` with the session's client in a task the runtime owns; without a session there is
    /// nothing to call (the sign-in screen's effects never need one).
    func background(_ work: @escaping @Sendable (PowerBIClient, RequestGate, AsyncStream<AppEvent>.Continuation) async -> Void) {
        guard let client else { return }
        let gate = self.gate
        let emit = self.emit
        tasks.add(Task.detached { await work(client, gate, emit) })
    }

    /// `:theme NAME`: loads the theme (built in or the person's) and draws with it from the next frame.
    private func switchTheme(_ name: String) {
        guard let library = environment.themes else {
            emit.yield(.status(StatusMessage("No themes to switch to", level: .warn)))
            return
        }
        if environment.colorsOff, name != "monochrome" {
            emit.yield(.status(StatusMessage("NO_COLOR is set: pbitui stays monochrome (unset NO_COLOR for colour themes)", level: .warn)))
            return
        }
        do {
            emit.yield(.themeSwitched(try library.load(name)))
        } catch {
            emit.yield(.status(StatusMessage(error.description, level: .error)))
        }
    }
}

/// The network work behind the effects, each function one effect: it calls the service and reports what
/// came back as events. Nothing here touches state or the terminal.
enum BackgroundWork {
    typealias Emit = AsyncStream<AppEvent>.Continuation

    static func workspaces(_ client: PowerBIClient, _ emit: Emit) async {
        do throws(PowerBIError) {
            emit.yield(.workspacesLoaded(try await client.workspaces()))
        } catch {
            report(error, "GET", "/groups", emit: emit)
            emit.yield(.workspacesFailed(message: error.headline, requestId: error.requestId))
        }
    }

    static func items(_ kind: ItemKind, in scope: WorkspaceScope, _ client: PowerBIClient, _ emit: Emit) async {
        do throws(PowerBIError) {
            emit.yield(.itemsLoaded(scope, kind, ItemRow.rows(kind, try await client.itemObjects(kind, in: scope))))
        } catch {
            report(error, "GET", kind.spec.path(in: scope) ?? scope.prefix + "/" + kind.rawValue, emit: emit)
            emit.yield(.itemsFailed(scope, kind, message: error.headline, requestId: error.requestId))
        }
    }

    static func details(_ section: DetailsSection, of datasetId: String, in scope: WorkspaceScope, _ client: PowerBIClient, _ emit: Emit) async {
        do throws(PowerBIError) {
            let payload: DetailsPayload
            switch section {
            case .datasources: payload = .datasources(try await client.datasources(of: datasetId, in: scope))
            case .parameters: payload = .parameters(try await client.parameters(of: datasetId, in: scope))
            case .schedule: payload = .schedule(try await client.refreshSchedule(of: datasetId, in: scope))
            case .history, .properties, .json: payload = .history(try await client.refreshHistory(of: datasetId, in: scope, top: 30))
            }
            emit.yield(.detailsLoaded(scope, datasetId: datasetId, payload))
        } catch {
            report(error, "GET", scope.prefix + "/datasets/" + datasetId, emit: emit)
            emit.yield(.detailsFailed(scope, datasetId: datasetId, section, message: error.headline, requestId: error.requestId))
        }
    }

    static func triggerRefresh(_ target: RefreshTarget, _ request: RefreshRequest, _ client: PowerBIClient, _ emit: Emit) async {
        do throws(PowerBIError) {
            emit.yield(.refreshAccepted(target, try await client.triggerRefresh(of: target.datasetId, in: target.scope, request)))
        } catch {
            report(error, "POST", target.scope.prefix + "/datasets/" + target.datasetId + "/refreshes", emit: emit)
            emit.yield(.refreshRefused(target, message: error.headline + ambiguity(of: error), requestId: error.requestId))
        }
    }

    static func pollRefresh(_ target: RefreshTarget, _ ticket: RefreshTicket, after delay: Duration, _ client: PowerBIClient, _ emit: Emit) async {
        try? await Task.sleep(for: delay)
        if Task.isCancelled { return }
        do throws(PowerBIError) {
            emit.yield(.refreshObserved(target, try await RefreshTracker(client: client, polling: .screen).look(ticket)))
        } catch {
            let givesUp = RefreshPolling.screen.givesUp(after: error, acceptedAt: ticket.acceptedAt, now: Date())
            emit.yield(.refreshPollFailed(target, message: error.description, lookAgain: !givesUp))
        }
    }

    static func cancelRefresh(_ target: RefreshTarget, requestId: String, _ client: PowerBIClient, _ emit: Emit) async {
        do throws(PowerBIError) {
            try await client.cancelRefresh(requestId, of: target.datasetId, in: target.scope)
            emit.yield(.refreshCancelled(target))
        } catch {
            emit.yield(.refreshCancelFailed(target, message: error.description))
        }
    }

    /// `:go!`: each workspace's datasets and reports, through the one fan-out; the names that match go back,
    /// one answer a workspace.
    static func searchTenant(_ generation: Int, _ workspaces: [Workspace], query: String, _ client: PowerBIClient, _ gate: RequestGate, _ emit: Emit) async {
        await client.itemsInEach([.datasets, .reports], of: workspaces.map(WorkspaceEntry.init), scope: \.scope, gate: gate, priority: .background) { entry, answers in
            let found = answers.flatMap { kind, result in
                ((try? result.get()).map { ItemRow.rows(kind, $0) } ?? []).filter { FuzzyMatch.score(query, in: $0.name) != nil }
                    .compactMap { Pin.item($0, in: entry, now: Date()) }
            }
            emit.yield(.tenantSearchAnswered(generation: generation, found: found))
        }
    }

    /// `:datasets`: every workspace's datasets through the one fan-out; each answer is shown as it comes.
    static func allDatasets(_ entries: [WorkspaceEntry], _ client: PowerBIClient, _ gate: RequestGate, _ emit: Emit) async {
        await client.itemsInEach([.datasets], of: entries, scope: \.scope, gate: gate) { entry, answers in
            for (_, result) in answers {
                switch result {
                case let .success(objects): emit.yield(.workspaceDatasets(entry, ItemRow.rows(.datasets, objects)))
                case let .failure(error): emit.yield(.workspaceDatasetsFailed(entry, message: error.description))
                }
            }
        }
    }

    /// Through the same gate as the :datasets load: together never more than four in flight.
    static func lastRefreshes(of datasetIds: [String], in scope: WorkspaceScope, _ client: PowerBIClient, _ gate: RequestGate, _ emit: Emit) async {
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
    }

    static func refreshDetail(_ requestId: String, of datasetId: String, in scope: WorkspaceScope, _ client: PowerBIClient, _ emit: Emit) async {
        do throws(PowerBIError) {
            let detail = try await client.refreshDetail(requestId, of: datasetId, in: scope)
            emit.yield(.refreshDetailLoaded(scope, datasetId: datasetId, requestId: requestId, .success(detail)))
        } catch {
            report(error, "GET", scope.prefix + "/datasets/" + datasetId + "/refreshes/" + requestId, emit: emit)
            emit.yield(.refreshDetailLoaded(scope, datasetId: datasetId, requestId: requestId, .failure(LastRefreshFailure(error.headline))))
        }
    }

    static func tenantList(_ kind: TenantKind, _ client: PowerBIClient, _ emit: Emit) async {
        do throws(PowerBIError) {
            emit.yield(.tenantListLoaded(kind, .success(try await client.list(kind.spec.path)), requestId: nil))
        } catch {
            report(error, "GET", kind.spec.path, emit: emit)
            emit.yield(.tenantListLoaded(kind, .failure(LastRefreshFailure(error.headline)), requestId: error.requestId))
        }
    }


    static func signIn(_ request: SignInRequest, _ service: any SignInService, _ emit: Emit) async {
        do {
            let session = try await service.signIn(request) { emit.yield(.signInProgress($0)) }
            if Task.isCancelled { await session.close(); return }
            emit.yield(.signedIn(session))
        } catch let failure as SignInFailure {
            if !Task.isCancelled { emit.yield(.signInFailed(failure)) }
        } catch {
            if !Task.isCancelled { emit.yield(.signInFailed(SignInFailure(String(describing: error)))) }
        }
    }

    /// Every failed call is kept for `d`; a 429 whose wait was too long to sit out becomes a countdown on screen.
    /// `method` and `path` say what was asked, for failures that carry no answer.
    static func report(_ error: PowerBIError, _ method: String, _ path: String, emit: Emit) {
        emit.yield(.callFailed(FailedCall(error, method: method, path: path)))
        guard case let .service(service) = error, service.status == 429, let seconds = service.retryAfter else { return }
        emit.yield(.mustWait(ThrottleCountdown(until: Date().addingTimeInterval(TimeInterval(seconds)), what: "\(service.method) \(service.path)", automatic: false)))
    }
}
