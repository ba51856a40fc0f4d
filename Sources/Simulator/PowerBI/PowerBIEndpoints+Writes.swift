import Foundation
import Tokens

/// The writes people use most, with the service's validation, and the reads around them: a report's pages
/// and a dataset's users.
extension PowerBIEndpoints {
    /// `GET /groups/{id}/reports/{id}/pages` (Reports_GetPagesInGroup): three pages; a paginated report has one.
    func pages(of report: DemoReport) -> SimResponse {
        let names = report.isPaginated ? ["Report"] : ["Overview", "Details by region", "Trend 📈"]
        let value: [JSONValue] = names.enumerated().map { order, name in
            .object(JSONObject([("name", .string("ReportSection" + String(StableHash.of(report.id + name) % 100_000))),
                                ("displayName", .string(name)), ("order", .int(order))]))
        }
        return .json(200, ["@odata.context": .string(odataBase + "#pages"), "value": .array(value)])
    }

    /// `GET /groups/{id}/datasets/{id}/users` (Datasets_GetDatasetUsersInGroup): the workspace's members with
    /// the dataset rights their workspace role gives, shaped as `DatasetUserAccess`.
    func datasetUsers(_ dataset: DemoDataset, place: Place) -> SimResponse {
        guard let workspace = place.workspace else { return .json(200, ["value": []]) }
        let value: [JSONValue] = workspace.members.sorted().compactMap { objectId in
            let user = tenant.users.first { $0.principal.objectId == objectId }
            let identifier = user?.username ?? objectId
            let right = switch accessRight(of: objectId, in: workspace) {
            case "Admin", "Member": "ReadWriteReshareExplore"
            case "Contributor": "ReadWriteExplore"
            default: "Read"
            }
            return .object(JSONObject([("identifier", .string(identifier)), ("principalType", .string(user == nil ? "App" : "User")),
                                       ("datasetUserAccessRight", .string(right))]))
        }
        return .json(200, ["@odata.context": .string(odataBase + "#datasetUsers"), "value": .array(value)])
    }

    static let groupAccessRights = ["Admin", "Contributor", "Member", "Viewer", "None"]

    /// `POST /groups/{id}/users` (Groups_AddGroupUser): the body is a `GroupUser`; kept, so the workspace's
    /// users list it afterwards.
    func addGroupUser(_ request: SimRequest, to workspace: DemoWorkspace, caller: Caller, requestId: String) -> SimResponse {
        guard let body = try? JSONValue.parse(request.body), body.objectValue != nil else {
            return PowerBIErrors.invalidRequest("The request body is not a valid GroupUser.", requestId: requestId)
        }
        guard let right = body["groupUserAccessRight"]?.stringValue else {
            return PowerBIErrors.invalidRequest("groupUserAccessRight is required.", requestId: requestId)
        }
        guard Self.groupAccessRights.contains(right) else {
            return PowerBIErrors.invalidRequest("Invalid groupUserAccessRight '\(right)'; one of \(Self.groupAccessRights.joined(separator: ", ")).",
                                                requestId: requestId)
        }
        guard let identifier = body["identifier"]?.stringValue ?? body["emailAddress"]?.stringValue, !identifier.isEmpty else {
            return PowerBIErrors.invalidRequest("emailAddress or identifier is required.", requestId: requestId)
        }
        let principalType = body["principalType"]?.stringValue ?? "User"
        guard ["User", "Group", "App"].contains(principalType) else {
            return PowerBIErrors.invalidRequest("Invalid principalType '\(principalType)'.", requestId: requestId)
        }
        let existing = (writes.addedUsers(of: workspace.id).compactMap { $0["identifier"]?.stringValue?.lowercased() })
            + tenant.users.filter { workspace.members.contains($0.principal.objectId) }.map { $0.username.lowercased() }
        if existing.contains(identifier.lowercased()) {
            return PowerBIErrors.envelope(400, code: "AddingAlreadyExistsGroupUserNotSupportedError", requestId: requestId)
        }
        var members: [(key: String, value: JSONValue)] = [("identifier", .string(identifier)), ("principalType", .string(principalType)),
                                                          ("groupUserAccessRight", .string(right))]
        if principalType == "User" { members.insert(("emailAddress", .string(identifier)), at: 0) }
        writes.addUser(.object(JSONObject(members)), to: workspace.id)
        return SimResponse(status: 200)
    }

    /// `POST …/datasets/{id}/Default.UpdateParameters`: every name must be a parameter of the dataset.
    func updateParameters(_ request: SimRequest, dataset: DemoDataset, requestId: String) -> SimResponse {
        guard let body = try? JSONValue.parse(request.body), let details = body["updateDetails"]?.arrayValue, !details.isEmpty else {
            return PowerBIErrors.invalidRequest("updateDetails is required and must not be empty.", requestId: requestId)
        }
        let known = Set(Self.baseParameters(dataset).compactMap { $0["name"]?.stringValue })
        var values: [String: String] = [:]
        for detail in details {
            guard let name = detail["name"]?.stringValue else {
                return PowerBIErrors.invalidRequest("Each update needs a name.", requestId: requestId)
            }
            guard known.contains(name) else {
                return PowerBIErrors.simple(400, code: "InvalidParameter", message: "Parameter '\(name)' does not exist in the dataset.",
                                            requestId: requestId)
            }
            values[name] = detail["newValue"]?.stringValue ?? ""
        }
        writes.setParameters(values, of: dataset.id)
        return SimResponse(status: 200)
    }

    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// `PATCH …/datasets/{id}/refreshSchedule`: `value` required; times on the hour or half hour; at most
    /// 8 a day on shared capacity, 48 on dedicated; days by name.
    func updateSchedule(_ request: SimRequest, dataset: DemoDataset, place: Place, requestId: String) -> SimResponse {
        guard dataset.kind != .directQuery else {
            return PowerBIErrors.invalidRequest("Refresh schedule is not supported for DirectQuery datasets; use the DirectQuery refresh schedule.", requestId: requestId)
        }
        guard let body = try? JSONValue.parse(request.body), let value = body["value"]?.objectValue else {
            return PowerBIErrors.invalidRequest("value is required.", requestId: requestId)
        }
        var schedule = refreshScheduleJSON(dataset).objectValue ?? JSONObject()
        if let days = value["days"]?.arrayValue {
            let names = days.compactMap(\.stringValue)
            if let wrong = names.first(where: { !Self.weekdays.contains($0) }) {
                return PowerBIErrors.invalidRequest("Invalid day '\(wrong)'.", requestId: requestId)
            }
            schedule["days"] = .array(names.map(JSONValue.string))
        }
        if let times = value["times"]?.arrayValue {
            let texts = times.compactMap(\.stringValue)
            let limit = place.isDedicated ? 48 : 8
            if texts.count > limit {
                return PowerBIErrors.invalidRequest("A refresh schedule may have at most \(limit) times a day on this capacity.", requestId: requestId)
            }
            if let wrong = texts.first(where: { text in
                let parts = text.split(separator: ":")
                return parts.count != 2 || Int(parts[0]).map { !(0..<24).contains($0) } ?? true || !["00", "30"].contains(String(parts[1]))
            }) {
                return PowerBIErrors.invalidRequest("Invalid time '\(wrong)': times are on the hour or half hour (hh:00, hh:30).", requestId: requestId)
            }
            schedule["times"] = .array(texts.map(JSONValue.string))
        }
        if let enabled = value["enabled"]?.boolValue {
            schedule["enabled"] = .bool(enabled)
            refreshes.setScheduleEnabled(enabled, of: dataset)
        }
        if let zone = value["localTimeZoneId"]?.stringValue { schedule["localTimeZoneId"] = .string(zone) }
        if let notify = value["notifyOption"]?.stringValue ?? value["NotifyOption"]?.stringValue {
            guard ["NoNotification", "MailOnFailure"].contains(notify) else {
                return PowerBIErrors.invalidRequest("Invalid notifyOption '\(notify)'.", requestId: requestId)
            }
            schedule["notifyOption"] = .string(notify)
        }
        writes.setSchedule(.object(schedule), of: dataset.id)
        return SimResponse(status: 200)
    }

    // MARK: Administrators and pipelines

    /// `GET /admin/groups?$top=` (Groups_GetGroupsAsAdmin) and `GET /admin/capacities` (Admin_GetCapacitiesAsAdmin):
    /// service principals, or users with a tenant scope (the demo's first user is its Fabric administrator).
    func admin(_ request: SimRequest, parts: [String], caller: Caller, requestId: String) -> SimResponse {
        if let scanned = scanner(request, parts: parts, caller: caller, requestId: requestId) { return scanned }
        if parts.count == 1, parts[0].lowercased() == "activityevents" {
            guard request.method == "GET" else { return PowerBIErrors.methodNotAllowed(requestId: requestId) }
            return activityEvents(request, caller: caller, requestId: requestId)
        }
        guard request.method == "GET" else { return PowerBIErrors.methodNotAllowed(requestId: requestId) }
        guard readOnlyAdminAllowed(caller) else { return PowerBIErrors.unauthorized(requestId) }
        switch parts.map({ $0.lowercased() }) {
        case ["groups"]:
            guard let text = request.queryValue("$top") else {
                return PowerBIErrors.invalidRequest("The $top query parameter is required.", requestId: requestId)
            }
            guard let top = Int(text), (1...5000).contains(top) else {
                return PowerBIErrors.invalidRequest("Invalid value '\(text)' for query parameter $top: between 1 and 5000.", requestId: requestId)
            }
            let skip = request.queryValue("$skip").flatMap(Int.init) ?? 0
            let value: [JSONValue] = tenant.workspaces.dropFirst(max(0, skip)).prefix(top).map { workspace in
                var members = Self.groupJSON(workspace, context: nil, odataBase: odataBase).objectValue ?? JSONObject()
                members["state"] = "Active"
                members["hasWorkspaceLevelSettings"] = false
                return .object(members)
            }
            return .json(200, ["@odata.context": .string(odataBase + "#groups"), "value": .array(value)])
        case ["capacities", "refreshables"]:
            return refreshables(request, capacityId: nil, refreshableId: nil, requestId: requestId)
        case let path where path.count >= 3 && path.count <= 4 && path[0] == "capacities" && path[2] == "refreshables":
            return refreshables(request, capacityId: parts[1], refreshableId: path.count == 4 ? parts[3] : nil, requestId: requestId)
        case ["capacities"]:
            let listed = tenantList(SimRequest(method: "GET", path: request.path), name: "capacities",
                                    caller: Caller(objectId: caller.objectId, isApp: true, scopes: [], name: caller.name), requestId: requestId)
            return listed
        default:
            return PowerBIErrors.notFound(requestId: requestId)
        }
    }

    /// `GET /pipelines` and `GET /pipelines/{id}/stages`: one deployment pipeline over the first three
    /// workspaces (development, test, production).
    func pipelines(_ request: SimRequest, parts: [String], caller: Caller, requestId: String) -> SimResponse {
        guard request.method == "GET" else { return PowerBIErrors.methodNotAllowed(requestId: requestId) }
        guard caller.has(anyOf: ["Pipeline.Read.All", "Pipeline.ReadWrite.All"]) else { return PowerBIErrors.unauthorized(requestId) }
        let id = Self.guid(StableHash.of("pipeline:" + tenant.tenantId))
        switch parts.count {
        case 0:
            let pipeline: JSONValue = .object(JSONObject([("id", .string(id)), ("displayName", "Sales release"),
                                                          ("description", "Development → Test → Production")]))
            return .json(200, ["@odata.context": .string(odataBase + "#pipelines"), "value": [pipeline]])
        case 2 where parts[0].caseInsensitiveCompare(id) == .orderedSame && parts[1].lowercased() == "stages":
            let stages: [JSONValue] = tenant.workspaces.prefix(3).enumerated().map { order, workspace in
                .object(JSONObject([("order", .int(order)), ("workspaceId", .string(workspace.id)), ("workspaceName", .string(workspace.name))]))
            }
            return .json(200, ["@odata.context": .string(odataBase + "#pipelineStages"), "value": .array(stages)])
        default:
            return PowerBIErrors.notFound(requestId: requestId)
        }
    }
}
