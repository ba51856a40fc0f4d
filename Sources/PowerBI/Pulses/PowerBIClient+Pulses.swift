public import Foundation
import APIDescriptions
import Tokens

/// What a pulse load reports as it goes: rows as soon as they are known, a workspace or item that could
/// not be read, and where the rows came from.
public enum PulseUpdate: Sendable {
    case pulses([Pulse])
    case problem(String)
    /// The admin API answered with this many refreshables (dedicated capacities, the whole tenant).
    case fromRefreshables(Int)
    /// The admin API refused (the identity is not an administrator): every row comes from a workspace.
    case adminRefused(String)
    /// How many workspaces the fan-out goes through, before it starts (for their dataflows only, where the
    /// refreshables covered their datasets).
    case workspacesToRead(Int)
    /// One more workspace of the fan-out has answered (or failed).
    case workspaceDone
}

extension PowerBIClient {
    /// Every refreshable in reach, reported through `deliver` as it is known. With `useAdmin`, the admin
    /// API's refreshables first, page by page (the tenant's dedicated capacities, with the service's figures;
    /// with `readFailedHistories`, the history of those that failed is read for the exact failures, which
    /// `--check` prints), then a fan-out over the workspaces in sight: their datasets where the refreshables do
    /// not cover them (shared capacity), and their dataflows; when the admin API refuses, the fan-out reads
    /// everything. The fan-out runs `limit` workspaces at a time, each one request after another (its datasets
    /// and dataflows, then each one's history and schedule, or transactions), so that at most `limit` requests
    /// are in flight and each workspace's rows arrive together.
    public func loadPulses(of workspaces: [Workspace], now: Date, window: TimeInterval, top: Int = 20, limit: Int = 4,
                           useAdmin: Bool = true, readFailedHistories: Bool = true, pageSize: Int = 1_000,
                           deliver: @escaping @Sendable (PulseUpdate) async -> Void) async {
        let remaining = workspaces
        /// Workspaces whose datasets the refreshables cover: only their dataflows are read.
        var dataflowsOnly = Set<String>()
        /// Capacity names the refreshables told, by capacity id (lower case).
        var capacityNames: [String: String] = [:]
        if useAdmin {
            var seen = Set<String>()
            var covered = Set<String>()
            var complete = false
            do throws(PowerBIError) {
                var skip = 0
                while true {
                    let page = try await list("/admin/capacities/refreshables",
                                              query: [("$expand", "capacity,group"), ("$top", String(pageSize)), ("$skip", String(skip))])
                    let items = page.compactMap(Refreshable.init(json:)).filter { seen.insert($0.id.lowercased()).inserted }
                    for item in items {
                        if let id = item.capacityId, let name = item.capacityName { capacityNames[id.lowercased()] = name }
                        if let workspaceId = item.workspaceId { covered.insert(workspaceId.lowercased()) }
                    }
                    let needsHistory: (Refreshable) -> Bool = { item in
                        readFailedHistories && item.workspaceId != nil && ((item.refreshFailures ?? 0) > 0 || window > 7 * 86_400)
                    }
                    let plain = items.filter { !needsHistory($0) }
                    if !plain.isEmpty { await deliver(.pulses(plain.map { $0.pulse(now: now) })) }
                    _ = await BoundedConcurrency.map(items.filter(needsHistory), limit: limit) { refreshable -> Bool in
                        await deliver(.pulses([await self.exactPulse(refreshable, now: now, window: window, top: top)]))
                        return true
                    }
                    // A short page is the last; so is a page with nothing new (a service that ignores `$skip`
                    // would otherwise send the first page forever).
                    guard page.count >= pageSize, !items.isEmpty else { break }
                    skip += page.count
                }
                complete = true
                await deliver(.fromRefreshables(seen.count))
            } catch {
                if seen.isEmpty { await deliver(.adminRefused(error.headline)) } else { await deliver(.problem("admin refreshables: \(error.headline)")) }
            }
            // Dataflows are not refreshables: every workspace in sight is still read for them. Refreshables cover
            // dedicated capacities (all of them once every page came); shared-capacity workspaces still need the fan-out.
            dataflowsOnly = Set(workspaces.filter { (complete && $0.isOnDedicatedCapacity == true) || covered.contains($0.id.lowercased()) }.map(\.id))
        }
        await deliver(.workspacesToRead(remaining.count))
        let onlyDataflows = dataflowsOnly, names = capacityNames
        _ = await BoundedConcurrency.map(remaining, limit: limit) { workspace -> Bool in
            let capacity = workspace.isOnDedicatedCapacity == true ? workspace.capacityId.flatMap { names[$0.lowercased()] } ?? "dedicated" : "shared"
            let (pulses, problems) = await self.pulses(in: workspace, capacity: capacity, datasets: !onlyDataflows.contains(workspace.id),
                                                       now: now, window: window, top: top)
            for problem in problems { await deliver(.problem(problem)) }
            if !pulses.isEmpty { await deliver(.pulses(pulses)) }
            await deliver(.workspaceDone)
            return true
        }
    }

    /// One workspace's pulses, one request at a time: datasets that can refresh (history and schedule) and
    /// dataflows (transactions).
    func pulses(in workspace: Workspace, capacity: String, datasets readDatasets: Bool = true, now: Date, window: TimeInterval,
                top: Int) async -> (pulses: [Pulse], problems: [String]) {
        let scope = WorkspaceScope.group(workspace.id)
        var pulses: [Pulse] = []
        var problems: [String] = []
        do throws(PowerBIError) {
            for dataset in readDatasets ? try await datasets(in: scope) : [] where dataset.isRefreshable != false {
                do throws(PowerBIError) {
                    let history = try await refreshHistory(of: dataset.id, in: scope, top: top)
                    let schedule = try? await refreshSchedule(of: dataset.id, in: scope)
                    var pulse = Pulses.pulse(datasetId: dataset.id, datasetName: dataset.name, workspaceId: workspace.id, workspaceName: workspace.name,
                                             capacity: capacity, history: history, schedule: schedule, now: now, window: window)
                    pulse.configuredBy = dataset.configuredBy.map { [$0] } ?? []
                    pulses.append(pulse)
                } catch {
                    problems.append("\(workspace.name) / \(dataset.name): \(error.headline)")
                }
            }
        } catch {
            problems.append("\(workspace.name): \(error.headline)")
            return (pulses, problems)
        }
        // Dataflows are read when the identity may; a refusal of the list is not a problem worth a line.
        guard let dataflows = try? await self.dataflows(in: scope) else { return (pulses, problems) }
        for dataflow in dataflows {
            do throws(PowerBIError) {
                let history = try await dataflowTransactions(of: dataflow.id, in: workspace.id)
                var pulse = Pulses.pulse(kind: .dataflow, datasetId: dataflow.id, datasetName: dataflow.name, workspaceId: workspace.id,
                                         workspaceName: workspace.name, capacity: capacity, history: history, schedule: nil, now: now, window: window)
                pulse.configuredBy = dataflow.configuredBy.map { [$0] } ?? []
                pulses.append(pulse)
            } catch {
                problems.append("\(workspace.name) / \(dataflow.name): \(error.headline)")
            }
        }
        return (pulses, problems)
    }

    /// A refreshable's pulse from its own history (the exact failures of the window); the service's figures
    /// when the history cannot be read (a workspace the identity is not a member of).
    func exactPulse(_ refreshable: Refreshable, now: Date, window: TimeInterval, top: Int) async -> Pulse {
        guard let workspaceId = refreshable.workspaceId,
              let history = try? await refreshHistory(of: refreshable.id, in: .group(workspaceId), top: top) else {
            return refreshable.pulse(now: now)
        }
        var pulse = Pulses.pulse(datasetId: refreshable.id, datasetName: refreshable.name, workspaceId: workspaceId,
                                 workspaceName: refreshable.workspaceName ?? "?", capacity: refreshable.capacityName ?? refreshable.capacityId,
                                 history: history, schedule: refreshable.schedule, now: now, window: window)
        pulse.configuredBy = refreshable.configuredBy
        pulse.source = .refreshables
        return pulse
    }

    /// A dataflow's transactions as refresh rows (newest first): `Success` reads as Completed, `InProgress`
    /// as running. Transaction ids (`time@guid$n`) are kept as they are, as `transactionId` (never as a
    /// RequestId: the service sent none); the service's own status word stays as `transactionStatus`.
    public func dataflowTransactions(of dataflowId: String, in workspaceId: String) async throws(PowerBIError) -> [Refresh] {
        let path = "/groups/" + FormEncodingPath.segment(workspaceId) + "/dataflows/" + FormEncodingPath.segment(dataflowId) + "/transactions"
        return try await list(path).map(Self.refresh(fromTransaction:))
    }

    /// What a failed dataflow transaction says: its status and when (the transactions API carries no error
    /// text), for `pulses --check` and the screen.
    public static func transactionWords(_ refresh: Refresh) -> String? {
        guard let id = refresh.raw["transactionId"]?.stringValue else { return nil }
        let status = refresh.raw["transactionStatus"]?.stringValue ?? refresh.state.description
        return "transaction \(id) status \(status) (the service gives no error text for dataflow transactions: "
            + "the dataflow's refresh history in the service shows it)"
    }

    public static func refresh(fromTransaction json: JSONValue) -> Refresh {
        var object = json.objectValue ?? JSONObject()
        let status = json["status"]?.stringValue ?? ""
        switch status.lowercased() {
        case "success", "succeeded", "completed": object["status"] = "Completed"
        case "inprogress", "running", "notstarted": object["status"] = "Unknown"
        default: break
        }
        if let id = json["id"]?.stringValue { object["transactionId"] = .string(id) }
        if !status.isEmpty { object["transactionStatus"] = .string(status) }
        object["id"] = nil
        return Refresh(json: .object(object))
    }

    /// Every pulse at once, failing first, with the problems met (`pbitui pulses`).
    public func pulses(of workspaces: [Workspace], now: Date, window: TimeInterval, top: Int = 20, limit: Int = 4,
                       useAdmin: Bool = true, pageSize: Int = 1_000) async -> (pulses: [Pulse], problems: [String]) {
        let collected = PulseCollector()
        await loadPulses(of: workspaces, now: now, window: window, top: top, limit: limit, useAdmin: useAdmin, pageSize: pageSize) { update in
            await collected.add(update)
        }
        return (Pulses.ordered(await collected.pulses), await collected.problems)
    }
}

private actor PulseCollector {
    var pulses: [Pulse] = []
    var problems: [String] = []
    func add(_ update: PulseUpdate) {
        switch update {
        case let .pulses(more): pulses += more
        case let .problem(text): problems.append(text)
        // Said, not hidden: the rows are still there (workspace by workspace), and the reason names the setting.
        case let .adminRefused(reason): problems.append("the admin API's refreshables refused, so every workspace is read one by one: " + reason)
        default: break
        }
    }
}
