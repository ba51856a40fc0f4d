import Foundation
import Tokens

extension PowerBIEndpoints {
    static let readScopes: [String: [String]] = [
        "reports": ["Report.Read.All", "Report.ReadWrite.All"],
        "datasets": ["Dataset.Read.All", "Dataset.ReadWrite.All"],
        "dashboards": ["Dashboard.Read.All", "Dashboard.ReadWrite.All"],
        "dataflows": ["Dataflow.Read.All", "Dataflow.ReadWrite.All"],
        "users": ["Workspace.Read.All", "Workspace.ReadWrite.All"],
        "imports": ["Dataset.Read.All", "Dataset.ReadWrite.All"],
    ]

    /// Routes `{prefix}/reports|datasets|dashboards|dataflows|users/...` for a workspace or My workspace.
    func items(_ request: SimRequest, place: Place, parts: [String], caller: Caller, requestId: String) -> SimResponse {
        guard let collection = parts.first, let scopes = Self.readScopes[collection] else {
            return PowerBIErrors.notFound(requestId: requestId)
        }
        // executeQueries is a POST that reads.
        let isWrite = request.method != "GET" && parts.last?.lowercased() != "executequeries"
        let writeScopes = collection == "users" ? ["Workspace.ReadWrite.All"] : ["Dataset.ReadWrite.All"]
        guard caller.has(anyOf: isWrite ? writeScopes : scopes) else { return PowerBIErrors.unauthorized(requestId) }
        let content = content(of: place, caller: caller)
        if place.workspace == nil, !["reports", "datasets"].contains(collection) {
            return PowerBIErrors.notFound(requestId: requestId)
        }
        let context = place.workspace.map { "groups('\($0.id)')/" } ?? ""
        switch (collection, parts.count) {
        case ("reports", 1):
            guard request.method == "GET" else { return PowerBIErrors.methodNotAllowed(requestId: requestId) }
            return .json(200, ["@odata.context": .string(odataBase + "#\(context)reports"),
                               "value": .array(content.reports.map { reportJSON($0, place: place) })])
        case ("reports", 3) where parts[2].lowercased() == "pages":
            guard request.method == "GET" else { return PowerBIErrors.methodNotAllowed(requestId: requestId) }
            guard let report = content.reports.first(where: { $0.id.caseInsensitiveCompare(parts[1]) == .orderedSame }) else {
                return PowerBIErrors.notFound(requestId: requestId)
            }
            return pages(of: report)
        case ("reports", 2):
            guard let report = content.reports.first(where: { $0.id.caseInsensitiveCompare(parts[1]) == .orderedSame }) else {
                return PowerBIErrors.notFound(requestId: requestId)
            }
            return .json(200, reportJSON(report, place: place))
        case ("dashboards", 1) where isHostile(place):
            // An error whose code and message would drive a terminal printed raw.
            return PowerBIErrors.simple(400, code: "Bad\u{1B}[5mRequest", message: "dashboards \u{1B}]0;PWNED\u{07}\u{1B}[2J unavailable\u{202E}",
                                        requestId: requestId)
        case ("dashboards", 1):
            return .json(200, ["@odata.context": .string(odataBase + "#\(context)dashboards"),
                               "value": .array(content.dashboards.map { dashboardJSON($0, place: place) })])
        case ("users", 1):
            guard let workspace = place.workspace else { return PowerBIErrors.methodNotAllowed(requestId: requestId) }
            switch request.method {
            case "GET": return groupUsers(workspace, index: place.index, requestId: requestId)
            case "POST": return addGroupUser(request, to: workspace, caller: caller, requestId: requestId)
            default: return PowerBIErrors.methodNotAllowed(requestId: requestId)
            }
        case ("imports", 1):
            guard request.method == "GET", place.workspace != nil else { return PowerBIErrors.methodNotAllowed(requestId: requestId) }
            return imports(content, place: place)
        case ("dataflows", 3) where parts[2].lowercased() == "transactions":
            guard request.method == "GET" else { return PowerBIErrors.methodNotAllowed(requestId: requestId) }
            guard let dataflow = content.dataflows.first(where: { $0.objectId.caseInsensitiveCompare(parts[1]) == .orderedSame }) else {
                return PowerBIErrors.notFound(requestId: requestId)
            }
            return dataflowTransactions(dataflow, requestId: requestId)
        case ("dataflows", 1):
            return .json(200, ["@odata.context": .string(odataBase + "#\(context)dataflows"),
                               "value": .array(content.dataflows.map { dataflowJSON($0, place: place) })])
        case ("datasets", 1):
            guard request.method == "GET" else { return PowerBIErrors.methodNotAllowed(requestId: requestId) }
            return .json(200, ["@odata.context": .string(odataBase + "#\(context)datasets"),
                               "value": .array(content.datasets.map { datasetJSON($0, place: place) })])
        case ("datasets", _):
            guard let dataset = content.datasets.first(where: { $0.id.caseInsensitiveCompare(parts[1]) == .orderedSame }) else {
                // `POST /datasets/{id}/executeQueries` reaches a dataset of any workspace the caller is in.
                if place.workspace == nil, parts.count == 3, parts[2].lowercased() == "executequeries",
                   let found = datasetInMemberWorkspaces(parts[1], caller: caller) {
                    return executeQueries(request, dataset: found, caller: caller, requestId: requestId)
                }
                return PowerBIErrors.notFound(requestId: requestId)
            }
            return datasetPart(request, dataset: dataset, place: place, parts: Array(parts.dropFirst(2)), caller: caller,
                               requestId: requestId)
        default:
            return PowerBIErrors.notFound(requestId: requestId)
        }
    }

    func datasetInMemberWorkspaces(_ id: String, caller: Caller) -> DemoDataset? {
        for index in workspacesByMember[caller.objectId] ?? [] {
            let place = Place(index: index, workspace: tenant.workspaces[index])
            if let dataset = content(of: place, caller: caller).datasets.first(where: { $0.id.caseInsensitiveCompare(id) == .orderedSame }) {
                return dataset
            }
        }
        return nil
    }

    func datasetPart(_ request: SimRequest, dataset: DemoDataset, place: Place, parts: [String], caller: Caller,
                     requestId: String) -> SimResponse {
        switch (request.method, parts.first?.lowercased(), parts.count) {
        case ("GET", nil, 0):
            var json = datasetJSON(dataset, place: place)
            if case var .object(object) = json {
                object.insert("@odata.context", .string(odataBase + "#datasets/$entity"))
                json = .object(object)
            }
            return .json(200, json)
        case ("GET", "datasources", 1):
            return .json(200, ["@odata.context": .string(odataBase + "#datasources"), "value": [datasourceJSON(dataset)]])
        case ("GET", "parameters", 1):
            return .json(200, ["@odata.context": .string(odataBase + "#parameters"), "value": .array(parametersJSON(dataset))])
        case ("GET", "refreshschedule", 1):
            return .json(200, refreshScheduleJSON(dataset))
        case ("GET", "users", 1):
            return datasetUsers(dataset, place: place)
        case ("POST", "default.updateparameters", 1):
            return updateParameters(request, dataset: dataset, requestId: requestId)
        case ("POST", "executequeries", 1):
            return executeQueries(request, dataset: dataset, caller: caller, requestId: requestId)
        case ("POST", "executedaxqueries", 1):
            return executeDaxQueries(request, dataset: dataset, place: place, caller: caller, requestId: requestId)
        case ("POST", "default.takeover", 1):
            writes.setOwner(caller.name, of: dataset.id)
            return SimResponse(status: 200)
        case ("PATCH", "refreshschedule", 1):
            return updateSchedule(request, dataset: dataset, place: place, requestId: requestId)
        case (_, "refreshes", 1), (_, "refreshes", 2):
            return refreshRoute(request, dataset: dataset, place: place, refreshId: parts.count == 2 ? parts[1] : nil,
                                caller: caller, requestId: requestId)
        case (_, "datasources", _), (_, "parameters", _), (_, "refreshschedule", _):
            return PowerBIErrors.methodNotAllowed(requestId: requestId)
        default:
            return PowerBIErrors.notFound(requestId: requestId)
        }
    }

    func appURL(_ place: Place) -> String {
        "https://app.powerbi.com/groups/" + (place.workspace?.id ?? "me")
    }

    func reportJSON(_ report: DemoReport, place: Place) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(report.id)),
            ("reportType", report.isPaginated ? "PaginatedReport" : "PowerBIReport"),
            ("name", .string(report.name)),
            ("webUrl", .string(appURL(place) + (report.isPaginated ? "/rdlreports/" : "/reports/") + report.id)),
            ("embedUrl", .string("https://app.powerbi.com/" + (report.isPaginated ? "rdlEmbed" : "reportEmbed")
                + "?reportId=\(report.id)" + (place.workspace.map { "&groupId=\($0.id)" } ?? "")
                + "&w=2&config=eyJjbHVzdGVyVXJsIjoiaHR0cHM6Ly9XQUJJLVdFU1QtRVVST1BFLUQtUFJJTUFSWS1yZWRpcmVjdC5hbmFseXNpcy53aW5kb3dzLm5ldCJ9")),
            ("isFromPbix", .bool(!report.isPaginated)),
            ("isOwnedByMe", .bool(place.workspace == nil)),
        ]
        if let datasetId = report.datasetId {
            members.append(("datasetId", .string(datasetId)))
            if let workspace = place.workspace { members.append(("datasetWorkspaceId", .string(workspace.id))) }
        }
        members += [("users", []), ("subscriptions", [])]
        return .object(JSONObject(members))
    }

    func datasetJSON(_ dataset: DemoDataset, place: Place) -> JSONValue {
        let config = "eyJjbHVzdGVyVXJsIjoiaHR0cHM6Ly9XQUJJLVdFU1QtRVVST1BFLUQtUFJJTUFSWS1yZWRpcmVjdC5hbmFseXNpcy53aW5kb3dzLm5ldCJ9"
        return .object(JSONObject([
            ("id", .string(dataset.id)),
            ("name", .string(dataset.name)),
            ("webUrl", .string(appURL(place) + "/datasets/" + dataset.id)),
            ("addRowsAPIEnabled", false),
            ("configuredBy", .string(writes.owner(of: dataset.id) ?? dataset.configuredBy)),
            ("isRefreshable", .bool(dataset.kind != .directQuery)),
            ("isEffectiveIdentityRequired", .bool(DAXModels.isSecured(dataset))),
            ("isEffectiveIdentityRolesRequired", .bool(DAXModels.isSecured(dataset))),
            ("isOnPremGatewayRequired", .bool(dataset.gatewayId != nil)),
            ("targetStorageMode", dataset.kind == .directQuery ? "Abf" : (place.isDedicated ? "PremiumFiles" : "Abf")),
            ("createdDate", .string(WireDate.format(dataset.createdDate, fractionDigits: dataset.createdFractionDigits))),
            ("createReportEmbedURL", .string("https://app.powerbi.com/reportEmbed?config=\(config)")),
            ("qnaEmbedURL", .string("https://app.powerbi.com/qnaEmbed?config=\(config)")),
            ("upstreamDatasets", []),
            ("users", []),
            ("queryScaleOutSettings", ["autoSyncReadOnlyReplicas": true, "maxReadOnlyReplicas": 0]),
        ]))
    }

    func dashboardJSON(_ dashboard: DemoDashboard, place: Place) -> JSONValue {
        .object(JSONObject([
            ("id", .string(dashboard.id)),
            ("displayName", .string(dashboard.displayName)),
            ("isReadOnly", false),
            ("webUrl", .string(appURL(place) + "/dashboards/" + dashboard.id)),
            ("embedUrl", .string("https://app.powerbi.com/dashboardEmbed?dashboardId=\(dashboard.id)"
                + (place.workspace.map { "&groupId=\($0.id)" } ?? ""))),
            ("users", []),
            ("subscriptions", []),
        ]))
    }

    func dataflowJSON(_ dataflow: DemoDataflow, place: Place) -> JSONValue {
        .object(JSONObject([
            ("objectId", .string(dataflow.objectId)),
            ("name", .string(dataflow.name)),
            ("description", .string(dataflow.description)),
            ("modelUrl", .string("https://pbitui.dfs.core.windows.net/powerbi/\(place.workspace?.id ?? "me")/\(dataflow.name.replacingOccurrences(of: " ", with: ""))/model.json")),
            ("configuredBy", .string(dataflow.configuredBy)),
            ("users", []),
        ]))
    }

    func datasourceJSON(_ dataset: DemoDataset) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("datasourceType", "Sql"),
            ("connectionDetails", ["server": .string(dataset.datasourceServer), "database": .string(dataset.datasourceDatabase)]),
            ("datasourceId", .string(dataset.datasourceId)),
        ]
        if let gateway = dataset.gatewayId { members.append(("gatewayId", .string(gateway))) }
        return .object(JSONObject(members))
    }

    func parametersJSON(_ dataset: DemoDataset) -> [JSONValue] {
        let changed = writes.parameters(of: dataset.id)
        return Self.baseParameters(dataset).map { parameter in
            guard let name = parameter["name"]?.stringValue, let value = changed[name], var object = parameter.objectValue else { return parameter }
            object["currentValue"] = .string(value)
            return .object(object)
        }
    }

    static func baseParameters(_ dataset: DemoDataset) -> [JSONValue] {
        [
            ["name": "Server", "type": "Text", "currentValue": .string(dataset.datasourceServer), "isRequired": true,
             "suggestedValues": .array([.string(dataset.datasourceServer)])],
            ["name": "Database", "type": "Text", "currentValue": .string(dataset.datasourceDatabase), "isRequired": true,
             "suggestedValues": []],
            ["name": "RangeStart", "type": "DateTime", "currentValue": "1/1/2024 12:00:00 AM", "isRequired": false,
             "suggestedValues": []],
        ]
    }

    func refreshScheduleJSON(_ dataset: DemoDataset) -> JSONValue {
        if var changed = writes.schedule(of: dataset.id)?.objectValue {
            if refreshes.scheduleDisabled(dataset) { changed["enabled"] = false }
            return .object(changed)
        }
        let enabled = dataset.kind != .directQuery && !refreshes.scheduleDisabled(dataset)
        return [
            "@odata.context": .string(odataBase + "#Microsoft.PowerBI.ServiceContracts.Api.V1.RefreshSchedule"),
            "days": enabled ? ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"] : [],
            "times": enabled ? ["05:00", "12:30"] : [],
            "enabled": .bool(enabled),
            "localTimeZoneId": "W. Europe Standard Time",
            "notifyOption": "MailOnFailure",
        ]
    }
}
