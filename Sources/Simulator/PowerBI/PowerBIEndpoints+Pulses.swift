import Foundation
import Tokens

/// The refreshables of the admin API and dataflow transactions (reference/workbench.md §4.1, §4.2).
extension PowerBIEndpoints {
    /// `GET admin/capacities/refreshables`, `…/capacities/{id}/refreshables` and `…/refreshables/{id}`: the
    /// datasets of workspaces on dedicated capacity (the demo's reading of "all capacities": shared-capacity
    /// models are not listed), with seven days of statistics, the last refresh, the schedule and
    /// `configuredBy` as an array. `$top` is required on the lists; `$skip` pages; `$expand` takes `capacity`
    /// and `group`; `$filter` one numeric comparison such as `averageDuration gt 1800`. The single item comes
    /// as a `value` array, as the description's example shows it.
    func refreshables(_ request: SimRequest, capacityId: String?, refreshableId: String?, requestId: String) -> SimResponse {
        let dedicated = tenant.workspaces.compactMap(\.capacityId).first ?? ""
        if let capacityId, capacityId.caseInsensitiveCompare(dedicated) != .orderedSame { return PowerBIErrors.notFound(requestId: requestId) }
        var expand: Set<String> = []
        if let text = request.queryValue("$expand") {
            for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
                guard ["capacity", "group"].contains(part) else {
                    return PowerBIErrors.invalidRequest("Invalid $expand value '\(part)': expected capacity, group.", requestId: requestId)
                }
                expand.insert(part)
            }
        }
        let now = Date()
        if let refreshableId {
            for (position, workspace) in tenant.workspaces.enumerated() where workspace.isOnDedicatedCapacity {
                let content = content(of: Place(index: position, workspace: workspace), caller: adminCaller)
                if let dataset = content.datasets.first(where: { $0.kind != .directQuery && $0.id.caseInsensitiveCompare(refreshableId) == .orderedSame }) {
                    return .json(200, ["@odata.context": .string(odataBase + "#refreshables"),
                                       "value": [refreshableJSON(dataset, in: workspace, expand: expand, now: now)]])
                }
            }
            return PowerBIErrors.notFound(requestId: requestId)
        }
        guard let topText = request.queryValue("$top") else {
            return PowerBIErrors.invalidRequest("The $top query parameter is required.", requestId: requestId)
        }
        guard let top = Int(topText), top >= 1 else {
            return PowerBIErrors.invalidRequest("Invalid value '\(topText)' for query parameter $top.", requestId: requestId)
        }
        let skip = max(0, request.queryValue("$skip").flatMap(Int.init) ?? 0)
        var filter: ((JSONObject) -> Bool)?
        if let text = request.queryValue("$filter") {
            guard let parsed = Self.numericFilter(text) else {
                return PowerBIErrors.invalidRequest("Invalid $filter '\(text)': expected FIELD gt|ge|lt|le|eq NUMBER.", requestId: requestId)
            }
            filter = parsed
        }
        // Datasets in tenant order, generated a workspace at a time and only as far as the page reaches.
        var value: [JSONValue] = []
        var passed = 0
        scan: for (position, workspace) in tenant.workspaces.enumerated() where workspace.isOnDedicatedCapacity {
            let content = content(of: Place(index: position, workspace: workspace), caller: adminCaller)
            for dataset in content.datasets where dataset.kind != .directQuery {
                if filter == nil, passed < skip { passed += 1; continue }
                let json = refreshableJSON(dataset, in: workspace, expand: expand, now: now)
                if let filter, !(json.objectValue.map(filter) ?? false) { continue }
                passed += 1
                if passed <= skip { continue }
                value.append(json)
                if value.count >= top { break scan }
            }
        }
        return .json(200, ["@odata.context": .string(odataBase + "#refreshables"), "value": .array(value)])
    }

    /// Who the admin lists are generated as: the content does not depend on the caller for shared workspaces.
    var adminCaller: Caller { Caller(objectId: "", isApp: true, scopes: [], name: tenant.users.first?.username ?? "admin") }

    func refreshableJSON(_ dataset: DemoDataset, in workspace: DemoWorkspace, expand: Set<String>, now: Date) -> JSONValue {
        let start = now.addingTimeInterval(-7 * 86_400)
        let history = refreshes.history(of: dataset, now: now).filter { $0.start >= start }
        let durations = history.compactMap { record -> TimeInterval? in
            guard record.status(at: now) == .completed, let end = record.end(at: now) else { return nil }
            return end.timeIntervalSince(record.start)
        }.sorted()
        let median = durations.isEmpty ? 0 : durations.count % 2 == 1 ? durations[durations.count / 2]
            : (durations[durations.count / 2 - 1] + durations[durations.count / 2]) / 2
        let average = durations.isEmpty ? 0 : durations.reduce(0, +) / Double(durations.count)
        var schedule = refreshScheduleJSON(dataset).objectValue ?? JSONObject()
        schedule["@odata.context"] = nil
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(dataset.id)), ("name", .string(dataset.name)), ("kind", "Dataset"),
            ("startTime", .string(WireDate.format(start))), ("endTime", .string(WireDate.format(now))),
            ("refreshCount", .int(history.count)),
            ("refreshFailures", .int(history.filter { $0.status(at: now) == .failed }.count)),
            ("averageDuration", .double((average * 1000).rounded() / 1000)),
            ("medianDuration", .double((median * 1000).rounded() / 1000)),
            ("refreshesPerDay", .int(Int((Double(history.count) / 7).rounded(.up)))),
        ]
        if let last = history.first { members.append(("lastRefresh", historyJSON(last, now: now))) }
        members.append(("refreshSchedule", .object(schedule)))
        members.append(("configuredBy", [.string(writes.owner(of: dataset.id) ?? dataset.configuredBy)]))
        if expand.contains("capacity"), let capacityId = workspace.capacityId {
            members.append(("capacity", ["id": .string(capacityId.uppercased()), "displayName": "Contoso Premium P1", "sku": "P1",
                                        "state": "Active", "capacityUserAccessRight": "Admin", "region": "West Europe"]))
        }
        if expand.contains("group") {
            members.append(("group", ["id": .string(workspace.id), "name": .string(workspace.name)]))
        }
        return .object(JSONObject(members))
    }

    /// `FIELD op NUMBER` over a refreshable's numbers; nil when the text is not one.
    static func numericFilter(_ text: String) -> ((JSONObject) -> Bool)? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let fields = ["refreshcount", "refreshfailures", "averageduration", "medianduration", "refreshesperday"]
        guard words.count == 3, let field = fields.first(where: { $0 == words[0].lowercased() }), let number = Double(words[2]) else { return nil }
        let compare: (Double, Double) -> Bool
        switch words[1].lowercased() {
        case "gt": compare = (>)
        case "ge": compare = (>=)
        case "lt": compare = (<)
        case "le": compare = (<=)
        case "eq": compare = (==)
        default: return nil
        }
        return { object in
            guard let (_, value) = object.first(where: { $0.key.lowercased() == field }), let actual = value.doubleValue else { return false }
            return compare(actual, number)
        }
    }

    /// `GET groups/{g}/dataflows/{d}/transactions`: the dataflow's refreshes, newest first, with ids of the
    /// service's `time@guid$n` shape; every third dataflow's most recent one failed.
    func dataflowTransactions(_ dataflow: DemoDataflow, requestId: String) -> SimResponse {
        var random = SeededRandom(seed: StableHash.of(dataflow.objectId + "#transactions"))
        let anchor = Date(timeIntervalSince1970: floor(Date().timeIntervalSince1970 / 86_400) * 86_400)
        let failing = StableHash.of(dataflow.objectId) % 3 == 0
        let value: [JSONValue] = (0..<5).map { day in
            let start = anchor.addingTimeInterval(-Double(day + 1) * 86_400 + 4 * 3600 + Double(random.next() % 1800) + Double(random.next() % 10_000_000) / 10_000_000)
            let end = start.addingTimeInterval(30 + Double(random.next() % 300))
            let id = WireDate.format(start, fractionDigits: 7) + "@" + random.guid() + "$" + String(day + 1)
            return .object(JSONObject([
                ("id", .string(id)), ("refreshType", .string(day % 2 == 0 ? "Scheduled" : "OnDemand")),
                ("startTime", .string(WireDate.format(start))), ("endTime", .string(WireDate.format(end))),
                ("status", .string(failing && day == 0 ? "Failed" : "Success")),
            ]))
        }
        return .json(200, ["@odata.context": .string(odataBase + "#transactions"), "value": .array(value)])
    }
}
