import Foundation
import Tokens

/// The admin scanner (reference/workbench.md §2): `admin/workspaces/modified`, `getInfo`, `scanStatus` and
/// `scanResult`, for administrators only, within the hourly budget and the concurrency limit.
extension PowerBIEndpoints {
    /// Who may call the read-only admin APIs: the tenant's administrator with `Tenant.Read.All` or
    /// `Tenant.ReadWrite.All`, and service principals the tenant setting allows, except one holding
    /// admin-consented Power BI permissions (the managed identity here), which the service refuses with 401.
    func readOnlyAdminAllowed(_ caller: Caller) -> Bool {
        if caller.isApp {
            return !tenant.settingsOff.contains(.servicePrincipalAdminAPIs) && !tenant.applicationsWithAdminConsent.contains(caller.name.lowercased())
        }
        return caller.has(anyOf: ["Tenant.Read.All", "Tenant.ReadWrite.All"]) && caller.objectId == tenant.users.first?.principal.objectId
    }

    /// Routes `admin/workspaces/…`; nil for any other admin path.
    func scanner(_ request: SimRequest, parts: [String], caller: Caller, requestId: String) -> SimResponse? {
        let lower = parts.map { $0.lowercased() }
        guard lower.first == "workspaces", lower.count >= 2 else { return nil }
        let known = (lower.count == 2 && ["modified", "getinfo"].contains(lower[1]))
            || (lower.count == 3 && ["scanstatus", "scanresult"].contains(lower[1]))
        guard known else { return nil }
        guard readOnlyAdminAllowed(caller) else { return PowerBIErrors.unauthorized(requestId) }
        switch (request.method, lower[1]) {
        case ("GET", "modified"): return modifiedWorkspaces(request, requestId: requestId)
        case ("POST", "getinfo"): return getInfo(request, requestId: requestId)
        case ("GET", "scanstatus"): return scanStatus(parts[2], requestId: requestId)
        case ("GET", "scanresult"): return scanResult(parts[2], requestId: requestId)
        default: return PowerBIErrors.methodNotAllowed(requestId: requestId)
        }
    }

    /// A workspace of the scan: shared ones by position, and each user's personal one.
    struct ScannedWorkspace {
        let id: String
        let place: Place
        let name: String
        let personalOwner: DemoUser?
    }

    /// The personal workspaces (one per user), which `modified` lists unless asked not to.
    var personalWorkspaces: [ScannedWorkspace] {
        tenant.users.map { user in
            ScannedWorkspace(id: Self.guid(StableHash.of("personal:" + user.principal.objectId)),
                             place: Place(index: myWorkspaceIndex(userCaller(user)), workspace: nil),
                             name: "PersonalWorkspace " + user.principal.displayName, personalOwner: user)
        }
    }

    func userCaller(_ user: DemoUser) -> Caller {
        Caller(objectId: user.principal.objectId, isApp: false, scopes: [], name: user.username)
    }

    func scannedWorkspace(_ id: String) -> ScannedWorkspace? {
        if let position = workspaceIndex[id.lowercased()] {
            let workspace = tenant.workspaces[position]
            return ScannedWorkspace(id: workspace.id, place: Place(index: position, workspace: workspace), name: workspace.name, personalOwner: nil)
        }
        return personalWorkspaces.first { $0.id.caseInsensitiveCompare(id) == .orderedSame }
    }

    /// When a workspace last changed: a write through the API, else a time drawn for it within the last 40 days.
    func lastModified(_ workspaceId: String) -> Date {
        if let touched = scannerBook.touched(workspaceId) { return touched }
        let hours = 1 + Double(StableHash.of("modified:" + workspaceId.lowercased()) % (40 * 24))
        return scannerBook.started.addingTimeInterval(-hours * 3600)
    }

    /// `GET admin/workspaces/modified`: a bare array of `{"id"}`; `modifiedSince` at most 30 days back.
    func modifiedWorkspaces(_ request: SimRequest, requestId: String) -> SimResponse {
        var since: Date?
        if let text = request.queryValue("modifiedSince") {
            guard let date = Self.isoDate(text) else {
                return PowerBIErrors.invalidRequest("Invalid modifiedSince '\(text)': expected an ISO 8601 date and time.", requestId: requestId)
            }
            guard Date().timeIntervalSince(date) <= 30 * 86_400 else {
                return PowerBIErrors.invalidRequest("modifiedSince must be within the last 30 days.", requestId: requestId)
            }
            since = date
        }
        let excludePersonal = request.queryValue("excludePersonalWorkspaces")?.lowercased() == "true"
        var ids = tenant.workspaces.map(\.id)
        if !excludePersonal { ids += personalWorkspaces.map(\.id) }
        if let since { ids = ids.filter { lastModified($0) >= since } }
        var body: [UInt8] = [UInt8(ascii: "[")]
        for (position, id) in ids.enumerated() {
            if position > 0 { body.append(UInt8(ascii: ",")) }
            body += Array("{\"id\":\"\(id)\"}".utf8)
        }
        body.append(UInt8(ascii: "]"))
        return SimResponse(status: 200, headers: [("Content-Type", "application/json; charset=utf-8")], body: Data(body))
    }

    static func isoDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        return formatter.date(from: text)
    }

    static let scanFlags = ["lineage", "datasourceDetails", "datasetSchema", "datasetExpressions", "getArtifactUsers"]

    /// `POST admin/workspaces/getInfo`: 1 to 100 workspace ids → 202 with the scan and its `Location`.
    func getInfo(_ request: SimRequest, requestId: String) -> SimResponse {
        guard let body = try? JSONValue.parse(request.body), let list = body["workspaces"]?.arrayValue else {
            return PowerBIErrors.invalidRequest("The request body must be {\"workspaces\": [ids]}.", requestId: requestId)
        }
        guard (1...100).contains(list.count) else {
            return PowerBIErrors.simple(400, code: "InvalidRequest",
                                        message: "The number of workspaces in the request must be between 1 and 100; it was \(list.count).",
                                        requestId: requestId)
        }
        var query: [String: Bool] = [:]
        for flag in Self.scanFlags { query[flag] = request.queryValue(flag)?.lowercased() == "true" }
        switch scannerBook.admitScan(workspaces: list.compactMap(\.stringValue), query: query) {
        case let .failure(later):
            let message = later.reason == .budget
                ? "You have exceeded the amount of requests allowed in the current time frame and further requests will fail. Retry in \(later.seconds) seconds."
                : "Too many scans are running for this tenant: at most \(scannerBook.limits.concurrentScans) at once. Retry in \(later.seconds) seconds."
            return .json(429, ["message": .string(message)], headers: [("Retry-After", String(later.seconds)), ("RequestId", requestId)])
        case let .success(scan):
            let location = "\(scheme)://\(request.header("host") ?? "127.0.0.1")/v1.0/myorg/admin/workspaces/scanStatus/\(scan.id)"
            return .json(202, scanJSON(scan.id, created: scan.created, status: "NotStarted"), headers: [("Location", location), ("RequestId", requestId)])
        }
    }

    func scanJSON(_ id: String, created: Date, status: String) -> JSONValue {
        .object(JSONObject([("id", .string(id)), ("createdDateTime", .string(WireDate.format(created, fractionDigits: 7))),
                            ("status", .string(status))]))
    }

    func scanStatus(_ id: String, requestId: String) -> SimResponse {
        guard let (scan, status) = scannerBook.poll(id) else { return PowerBIErrors.notFound(requestId: requestId) }
        var headers: [(String, String)] = [("RequestId", requestId)]
        if status == "Succeeded" {
            headers.append(("Location", "/v1.0/myorg/admin/workspaces/scanResult/\(scan.id)"))
        }
        return .json(200, scanJSON(scan.id, created: scan.created, status: status), headers: headers)
    }

    /// `GET admin/workspaces/scanResult/{id}`: the workspaces asked for (unknown ids left out), their items
    /// with what the flags asked for, and with `datasourceDetails` the datasource instances they use.
    func scanResult(_ id: String, requestId: String) -> SimResponse {
        guard let (scan, finished) = scannerBook.result(id) else { return PowerBIErrors.notFound(requestId: requestId) }
        guard finished else {
            return PowerBIErrors.invalidRequest("The scan \(scan.id) has not finished; poll scanStatus until it has succeeded.", requestId: requestId)
        }
        var instances: [String: JSONValue] = [:]
        var order: [String] = []
        var workspaces: [JSONValue] = []
        for id in scan.workspaces {
            guard let scanned = scannedWorkspace(id) else { continue }
            workspaces.append(scannedWorkspaceJSON(scanned, flags: scan.query) { instance in
                if instances[instance.id] == nil { order.append(instance.id) }
                instances[instance.id] = instance.json
            })
        }
        var members: [(String, JSONValue)] = [("workspaces", .array(workspaces))]
        if scan.query["datasourceDetails"] == true {
            members.append(("datasourceInstances", .array(order.compactMap { instances[$0] })))
            members.append(("misconfiguredDatasourceInstances", .array([])))
        }
        return .json(200, .object(JSONObject(members)), headers: [("RequestId", requestId)])
    }

    /// The sensitivity labels of the demo tenant.
    static let sensitivityLabels = ["b0f6c1b8-8a2c-4c1e-9a8e-6f7b7d8a0001", "b0f6c1b8-8a2c-4c1e-9a8e-6f7b7d8a0002"]

    /// One workspace of a scan result. Lineage the demo derives: every third dataset (counting from the first)
    /// reads the workspace's first dataflow; in every fifth workspace the third dataset also reads the previous
    /// workspace's second dataflow (`groupId` names the other workspace); datasources are shared by every
    /// dataset of the same server, database and gateway; every fourth workspace has a datamart written with
    /// the capitalised keys the service uses for them.
    func scannedWorkspaceJSON(_ scanned: ScannedWorkspace, flags: [String: Bool],
                              instance: (_ instance: (id: String, json: JSONValue)) -> Void) -> JSONValue {
        let lineage = flags["lineage"] == true
        let users = flags["getArtifactUsers"] == true
        let schema = flags["datasetSchema"] == true && tenant.metadataScanningEnabled
        let expressions = flags["datasetExpressions"] == true && tenant.expressionScanningEnabled
        let owner = scanned.personalOwner
        let content = content(of: scanned.place, caller: owner.map(userCaller) ?? adminCaller)
        let modified = lastModified(scanned.id)
        let workspace = scanned.place.workspace
        let position = scanned.place.index
        let adminUser = tenant.users.first?.username ?? "admin"
        func userList(_ right: String, key: String) -> JSONValue {
            let people = owner.map { [$0] } ?? tenant.users.filter { workspace?.members.contains($0.principal.objectId) ?? false }
            return .array(people.map { user in
                .object(JSONObject([(key, .string(user.username == adminUser ? "Admin" : right)), ("emailAddress", .string(user.username)),
                                    ("displayName", .string(user.principal.displayName)), ("identifier", .string(user.username)),
                                    ("graphId", .string(user.principal.objectId)), ("principalType", "User")]))
            })
        }
        func common(_ members: inout [(String, JSONValue)], index: Int, right: String, key: String) {
            members.append(("modifiedDateTime", .string(WireDate.format(modified.addingTimeInterval(-Double(index) * 3600), fractionDigits: 3))))
            members.append(("modifiedBy", .string(owner?.username ?? adminUser)))
            switch index % 4 {
            case 0: members.append(("endorsementDetails", .object(JSONObject([("endorsement", "Certified"), ("certifiedBy", .string(adminUser))]))))
            case 1: members.append(("endorsementDetails", .object(JSONObject([("endorsement", "Promoted")]))))
            default: break
            }
            if index % 3 != 2 {
                members.append(("sensitivityLabel", .object(JSONObject([("labelId", .string(Self.sensitivityLabels[index % 3]))]))))
            }
            if users { members.append(("users", userList(right, key: key))) }
        }
        var reports: [JSONValue] = []
        for (index, report) in content.reports.enumerated() {
            var members: [(String, JSONValue)] = [("reportType", .string(report.isPaginated ? "PaginatedReport" : "PowerBIReport")),
                                                  ("id", .string(report.id)), ("name", .string(report.name))]
            if let datasetId = report.datasetId { members.append(("datasetId", .string(datasetId))) }
            members.append(("createdDateTime", .string(WireDate.format(modified.addingTimeInterval(-86_400 * 30), fractionDigits: 3))))
            common(&members, index: index, right: "Owner", key: "reportUserAccessRight")
            reports.append(.object(JSONObject(members)))
        }
        let datasets = scannedDatasets(content, workspaceId: workspace?.id ?? scanned.id, position: position, adminUser: adminUser,
                                       lineage: lineage, schema: schema, expressions: expressions, instance: instance, common: common)
        var dashboards: [JSONValue] = []
        for (index, dashboard) in content.dashboards.enumerated() {
            var members: [(String, JSONValue)] = [("id", .string(dashboard.id)), ("displayName", .string(dashboard.displayName)),
                                                  ("isReadOnly", false)]
            if lineage {
                let report = content.reports.filter { !$0.isPaginated }.dropFirst(index).first
                members.append(("tiles", .array(report.map { report in
                    [.object(JSONObject([("id", .string(Self.guid(StableHash.of("tile:" + dashboard.id)))), ("title", "Total"),
                                         ("reportId", .string(report.id)), ("datasetId", .string(report.datasetId ?? ""))]))]
                } ?? [])))
            }
            if users { members.append(("users", userList("Owner", key: "dashboardUserAccessRight"))) }
            dashboards.append(.object(JSONObject(members)))
        }
        let dataflows = scannedDataflows(content, lineage: lineage, instance: instance, common: common)
        var datamarts: [JSONValue] = []
        if workspace != nil, position % 4 == 0, let flow = content.dataflows.first {
            var members: [(String, JSONValue)] = [("id", .string(Self.guid(StableHash.of("datamart:" + scanned.id)))),
                                                  ("name", "Sales Datamart"), ("type", "Datamart"), ("status", "Active"), ("state", "Active")]
            if lineage {
                members.append(("UpstreamDataflows", [.object(JSONObject([("targetDataflowId", .string(flow.objectId)), ("groupId", .string(scanned.id))]))]))
            }
            if users { members.append(("Users", userList("Admin", key: "datamartUserAccessRight"))) }
            datamarts.append(.object(JSONObject(members)))
        }
        var members: [(String, JSONValue)] = [("id", .string(scanned.id)), ("name", .string(scanned.name)),
                                              ("type", .string(owner == nil ? "Workspace" : "PersonalGroup")), ("state", "Active"),
                                              ("isOnDedicatedCapacity", .bool(workspace?.isOnDedicatedCapacity ?? false))]
        if let capacity = workspace?.capacityId { members.append(("capacityId", .string(capacity))) }
        members.append(("defaultDatasetStorageFormat", "Small"))
        members += [("reports", .array(reports)), ("dashboards", .array(dashboards)), ("datasets", .array(datasets)),
                    ("dataflows", .array(dataflows)), ("datamarts", .array(datamarts))]
        if users { members.append(("users", userList("Member", key: "groupUserAccessRight"))) }
        return .object(JSONObject(members))
    }

    /// The datasets of a workspace's scan result, with their datasources (given to `instance`), schema and
    /// expressions as the flags ask; `common` adds what every item has (dates, endorsement, label, users).
    func scannedDatasets(_ content: DemoContent, workspaceId: String, position: Int, adminUser: String, lineage: Bool, schema: Bool, expressions: Bool,
                         instance: (_ instance: (id: String, json: JSONValue)) -> Void,
                         common: (inout [(String, JSONValue)], Int, String, String) -> Void) -> [JSONValue] {
        let previous = position > 0 && position < tenant.workspaces.count && position % 5 == 4
            ? DemoContent.generate(seed: tenant.seed, workspaceIndex: position - 1, count: tenant.itemsPerWorkspace, owner: adminUser) : nil
        var datasets: [JSONValue] = []
        for (index, dataset) in content.datasets.enumerated() {
            var members: [(String, JSONValue)] = [("id", .string(dataset.id)), ("name", .string(dataset.name)),
                                                  ("configuredBy", .string(writes.owner(of: dataset.id) ?? dataset.configuredBy)),
                                                  ("targetStorageMode", "Abf"),
                                                  ("createdDate", .string(WireDate.format(dataset.createdDate, fractionDigits: dataset.createdFractionDigits))),
                                                  ("contentProviderType", .string(dataset.kind == .directQuery ? "PbixInDirectQueryMode" : "PbixInImportMode"))]
            let server = dataset.datasourceServer
            let instanceId = Self.guid(StableHash.of("datasource:\(server)|\(dataset.datasourceDatabase)|\(dataset.gatewayId ?? "")"))
            if lineage {
                var upstream: [JSONValue] = []
                if index % 3 == 0, let flow = content.dataflows.first {
                    upstream.append(.object(JSONObject([("targetDataflowId", .string(flow.objectId)), ("groupId", .string(workspaceId))])))
                }
                if index == 2, let previous, previous.dataflows.count > 1 {
                    upstream.append(.object(JSONObject([("targetDataflowId", .string(previous.dataflows[1].objectId)),
                                                        ("groupId", .string(tenant.workspaces[position - 1].id))])))
                }
                if !upstream.isEmpty { members.append(("upstreamDataflows", .array(upstream))) }
                members.append(("datasourceUsages", [.object(JSONObject([("datasourceInstanceId", .string(instanceId))]))]))
            }
            var details: [(String, JSONValue)] = [("server", .string(server)), ("database", .string(dataset.datasourceDatabase))]
            if server.hasSuffix(".local") { details.append(("kind", "Sql")) }
            var instanceMembers: [(String, JSONValue)] = [("datasourceType", "Sql"), ("connectionDetails", .object(JSONObject(details))),
                                                          ("datasourceId", .string(instanceId))]
            if let gateway = dataset.gatewayId { instanceMembers.append(("gatewayId", .string(gateway))) }
            instance((instanceId, .object(JSONObject(instanceMembers))))
            if schema {
                let base = dataset.datasourceDatabase
                // Measures' DAX and the tables' M come only with "…with DAX and mashup expressions" on as well.
                var measure: [(String, JSONValue)] = [("name", "Total Amount"), ("isHidden", false)]
                var table: [(String, JSONValue)] = [
                    ("name", .string(base)), ("isHidden", false),
                    ("columns", [.object(JSONObject([("name", "Date"), ("dataType", "DateTime"), ("isHidden", false)])),
                                 .object(JSONObject([("name", "Amount"), ("dataType", "Double"), ("isHidden", false)]))]),
                ]
                if expressions {
                    measure.insert(("expression", .string("SUM('\(base)'[Amount])")), at: 1)
                    table.append(("source", [.object(JSONObject([("expression", .string("let\n    Source = Sql.Database(ServerName, \"\(base)\")\nin\n    Source"))]))]))
                }
                table.insert(("measures", [.object(JSONObject(measure))]), at: 3)
                members.append(("tables", [.object(JSONObject(table))]))
            }
            if expressions {
                members.append(("expressions", [.object(JSONObject([
                    ("name", "ServerName"),
                    ("expression", .string("\"\(server)\" meta [IsParameterQuery=true, Type=\"Text\", IsParameterQueryRequired=true]")),
                ]))]))
            }
            common(&members, index, "ReadWriteReshareExplore", "datasetUserAccessRight")
            datasets.append(.object(JSONObject(members)))
        }
        return datasets
    }

    /// The dataflows of a workspace's scan result, with the web source each reads (given to `instance`).
    func scannedDataflows(_ content: DemoContent, lineage: Bool, instance: (_ instance: (id: String, json: JSONValue)) -> Void,
                          common: (inout [(String, JSONValue)], Int, String, String) -> Void) -> [JSONValue] {
        var dataflows: [JSONValue] = []
        for (index, dataflow) in content.dataflows.enumerated() {
            var members: [(String, JSONValue)] = [("objectId", .string(dataflow.objectId)), ("name", .string(dataflow.name)),
                                                  ("description", .string(dataflow.description)), ("configuredBy", .string(dataflow.configuredBy)),
                                                  ("modelUrl", .string("https://wabiwestus.blob.core.windows.net/\(dataflow.objectId)/model.json"))]
            if lineage {
                let instanceId = Self.guid(StableHash.of("datasource:web|" + DemoContent.dataflowSource(dataflow.name)))
                instance((instanceId, .object(JSONObject([("datasourceType", "Web"),
                                                          ("connectionDetails", .object(JSONObject([("url", .string(DemoContent.dataflowSource(dataflow.name)))]))),
                                                          ("datasourceId", .string(instanceId))]))))
                members.append(("datasourceUsages", [.object(JSONObject([("datasourceInstanceId", .string(instanceId))]))]))
            }
            common(&members, index, "Owner", "dataflowUserAccessRight")
            dataflows.append(.object(JSONObject(members)))
        }
        return dataflows
    }
}

extension DemoContent {
    /// Where a dataflow of the demo reads its data from.
    static func dataflowSource(_ name: String) -> String {
        "https://data.contoso.example/feeds/" + (name.split(separator: " ").first.map(String.init)?.lowercased() ?? "feed")
    }
}
