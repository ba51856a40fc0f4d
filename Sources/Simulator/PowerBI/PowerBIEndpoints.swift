import APIDescriptions
import Foundation
import Tokens

/// The Power BI side of the demo tenant: `/v1.0/myorg/...`, with membership and scope enforcement as the
/// real service answers (401 for missing scopes and blocked service principals, 404 for items outside the
/// caller's workspaces, 403 `TokenExpired`).
struct PowerBIEndpoints: Sendable {
    let tenant: DemoTenant
    let issuer: TokenIssuer
    let refreshes: RefreshBook
    /// What writes changed (workspace users, parameters, schedules, owners).
    let writes = WriteBook()
    /// The models queried through executeQueries, and each caller's rate.
    let queries = QueryBook()
    /// The scans asked for, the admin calls of the hour, and when workspaces last changed.
    let scannerBook: ScannerBook
    /// Workspace positions per member object id, in tenant order, for fast paging.
    let workspacesByMember: [String: [Int]]
    /// Workspace position by lower-cased id.
    let workspaceIndex: [String: Int]
    /// Each workspace's `GET /groups` object as JSON text, written once: paging through 10,000 workspaces
    /// then costs copies, not serialisation.
    let groupTexts: [[UInt8]]
    let clusterURI = "https://wabi-west-europe-d-primary-redirect.analysis.windows.net/"
    let odataBase = "http://wabi-west-europe-d-primary-redirect.analysis.windows.net/v1.0/myorg/$metadata"
    let scheme: String

    init(tenant: DemoTenant, issuer: TokenIssuer, refreshes: RefreshBook, scheme: String, scannerLimits: ScannerLimits = ScannerLimits()) {
        self.tenant = tenant
        scannerBook = ScannerBook(limits: scannerLimits)
        self.issuer = issuer
        self.refreshes = refreshes
        self.scheme = scheme
        var members: [String: [Int]] = [:]
        var positions: [String: Int] = [:]
        for (position, workspace) in tenant.workspaces.enumerated() {
            for member in workspace.members { members[member, default: []].append(position) }
            positions[workspace.id.lowercased()] = position
        }
        workspacesByMember = members
        workspaceIndex = positions
        groupTexts = tenant.workspaces.map { Self.groupJSON($0, context: nil, odataBase: "").serializedBytes() }
    }

    /// The caller of a Power BI request, once its token has been accepted.
    struct Caller {
        let objectId: String
        let isApp: Bool
        let scopes: Set<String>
        let name: String

        /// Users need one of `scopes` in `scp`; service principals are governed by membership instead.
        func has(anyOf required: [String]) -> Bool { isApp || !scopes.isDisjoint(with: required) }
    }

    /// Where a workspace-scoped request points: a shared workspace, or the caller's My workspace.
    struct Place {
        let index: Int
        let workspace: DemoWorkspace?
        var isDedicated: Bool { workspace?.isOnDedicatedCapacity ?? false }
        /// The path prefix for URLs (`/groups/{id}` or empty for My workspace).
        var prefix: String { workspace.map { "/groups/\($0.id)" } ?? "" }
    }

    func handle(_ request: SimRequest) -> SimResponse? {
        guard request.path.hasPrefix("/v1.0/myorg/") || request.path == "/v1.0/myorg" else { return nil }
        let requestId = UUID().uuidString.lowercased()
        let caller: Caller
        switch authenticate(request, requestId: requestId) {
        case let .success(accepted): caller = accepted
        case let .failure(refusal): return refusal.response.with(requestId: requestId, cluster: clusterURI)
        }
        if let operation = OperationCatalogue.powerBI.operation(method: request.method, path: request.path),
           !Self.modelled.contains(operation.operationId) {
            return PowerBIErrors.notModelled(operation.operationId, requestId: requestId).with(requestId: requestId, cluster: clusterURI)
        }
        let parts = request.path.dropFirst("/v1.0/myorg/".count).split(separator: "/").map(String.init)
        return route(request, parts: parts, caller: caller, requestId: requestId).with(requestId: requestId, cluster: clusterURI)
    }

    /// The operations of the official description the demo tenant answers (docs/ARCHITECTURE.md counts
    /// them); any other operation of the description answers 501 naming it. Kept by hand next to the routes:
    /// `SimulatorTests.ModelledOperationTests` checks that each is in the description and is answered.
    static let modelled: Set<String> = [
        "Groups_GetGroups", "Groups_GetGroup", "Groups_GetGroupUsers",
        "Reports_GetReports", "Reports_GetReport", "Reports_GetReportsInGroup", "Reports_GetReportInGroup",
        "Dashboards_GetDashboardsInGroup", "Dataflows_GetDataflows",
        "Datasets_GetDatasets", "Datasets_GetDataset", "Datasets_GetDatasetsInGroup", "Datasets_GetDatasetInGroup",
        "Datasets_GetDatasources", "Datasets_GetDatasourcesInGroup", "Datasets_GetParameters", "Datasets_GetParametersInGroup",
        "Datasets_GetRefreshSchedule", "Datasets_GetRefreshScheduleInGroup",
        "Datasets_GetRefreshHistory", "Datasets_GetRefreshHistoryInGroup", "Datasets_RefreshDataset", "Datasets_RefreshDatasetInGroup",
        "Datasets_GetRefreshExecutionDetails", "Datasets_GetRefreshExecutionDetailsInGroup",
        "Datasets_CancelRefresh", "Datasets_CancelRefreshInGroup",
        "Apps_GetApps", "Apps_GetReports", "Apps_GetDashboards", "Capacities_GetCapacities",
        "Reports_GetPagesInGroup", "Datasets_GetDatasetUsersInGroup", "Groups_GetGroupsAsAdmin", "Admin_GetCapacitiesAsAdmin",
        "Pipelines_GetPipelines", "Pipelines_GetPipelineStages", "Imports_GetImportsInGroup",
        "Gateways_GetGateways", "Gateways_GetGateway", "Gateways_GetDatasources", "Gateways_GetDatasource", "Gateways_GetDatasourceStatus",
        "Groups_AddGroupUser", "Datasets_UpdateParametersInGroup", "Datasets_TakeOverInGroup", "Datasets_UpdateRefreshScheduleInGroup",
        "Datasets_ExecuteQueries", "Datasets_ExecuteQueriesInGroup",
        "Admin_GetRefreshables", "Admin_GetRefreshablesForCapacity", "Admin_GetRefreshableForCapacity", "Dataflows_GetDataflowTransactions",
        "WorkspaceInfo_GetModifiedWorkspaces", "WorkspaceInfo_PostWorkspaceInfo", "WorkspaceInfo_GetScanStatus", "WorkspaceInfo_GetScanResult",
        "Admin_GetActivityEvents",
    ]

    func route(_ request: SimRequest, parts: [String], caller: Caller, requestId: String) -> SimResponse {
        guard let first = parts.first else { return PowerBIErrors.notFound(requestId: requestId) }
        if first.lowercased() == "groups" {
            if parts.count == 1 {
                guard request.method == "GET" else { return PowerBIErrors.methodNotAllowed(requestId: requestId) }
                return groups(request, caller: caller, requestId: requestId)
            }
            guard let place = sharedWorkspace(parts[1], caller: caller) else { return PowerBIErrors.notFound(requestId: requestId) }
            if parts.count == 2 {
                guard caller.has(anyOf: ["Workspace.Read.All", "Workspace.ReadWrite.All"]) else { return PowerBIErrors.unauthorized(requestId) }
                return .json(200, groupJSON(place.workspace!, context: "groups/$entity"))
            }
            let response = items(request, place: place, parts: Array(parts.dropFirst(2)), caller: caller, requestId: requestId)
            // A change to the workspace or its items (not a refresh) is what the scanner's `modified` list reports.
            if request.method != "GET", (200..<300).contains(response.status), !request.path.lowercased().contains("/refreshes") {
                scannerBook.touch(place.workspace!.id)
            }
            return response
        }
        if first.lowercased() == "admin" {
            return admin(request, parts: Array(parts.dropFirst()), caller: caller, requestId: requestId)
        }
        if first.lowercased() == "gateways" {
            return gateways(request, parts: Array(parts.dropFirst()), caller: caller, requestId: requestId)
        }
        if first.lowercased() == "pipelines" {
            return pipelines(request, parts: Array(parts.dropFirst()), caller: caller, requestId: requestId)
        }
        if parts.count == 3, first.lowercased() == "apps" {
            return appContents(request, parts: parts, caller: caller, requestId: requestId)
        }
        if parts.count == 1, ["apps", "capacities"].contains(first.lowercased()) {
            return tenantList(request, name: first.lowercased(), caller: caller, requestId: requestId)
        }
        // My workspace: only people have one.
        guard Self.readScopes[first] != nil else { return PowerBIErrors.notFound(requestId: requestId) }
        if caller.isApp, parts.count == 3, first.lowercased() == "datasets", parts[2].lowercased() == "executequeries" {
            // executeQueries without a workspace reaches a dataset of any workspace the caller is in.
            guard let dataset = datasetInMemberWorkspaces(parts[1], caller: caller) else { return PowerBIErrors.notFound(requestId: requestId) }
            return executeQueries(request, dataset: dataset, caller: caller, requestId: requestId)
        }
        guard !caller.isApp else { return PowerBIErrors.unauthorized(requestId) }
        let place = Place(index: myWorkspaceIndex(caller), workspace: nil)
        return items(request, place: place, parts: parts, caller: caller, requestId: requestId)
    }

    func myWorkspaceIndex(_ caller: Caller) -> Int {
        -1 - Int(StableHash.of(caller.objectId) % 1_000_000)
    }

    func sharedWorkspace(_ id: String, caller: Caller) -> Place? {
        guard let index = workspaceIndex[id.lowercased()] else { return nil }
        let workspace = tenant.workspaces[index]
        guard workspace.members.contains(caller.objectId) else { return nil }
        return Place(index: index, workspace: workspace)
    }

    func content(of place: Place, caller: Caller) -> DemoContent {
        let content = DemoContent.generate(seed: tenant.seed, workspaceIndex: place.index,
                                           count: place.workspace == nil ? min(3, tenant.itemsPerWorkspace) : tenant.itemsPerWorkspace,
                                           owner: place.workspace == nil ? caller.name : tenant.users.first?.username ?? "admin")
        return isHostile(place) ? content.hostile() : content
    }

    func isHostile(_ place: Place) -> Bool {
        tenant.hostile && place.workspace != nil && place.index == DemoTenant.hostileWorkspaceIndex
    }

    func authenticate(_ request: SimRequest, requestId: String) -> Result<Caller, SimResponseError> {
        switch issuer.validate(bearer: request.header("authorization"), audience: TokenIssuer.powerBIResource) {
        case let .failure(rejection):
            switch rejection {
            case .expired:
                return .failure(SimResponseError(PowerBIErrors.simple(403, code: "TokenExpired",
                    message: "Access token has expired, resubmit with a new access token", requestId: requestId)))
            default:
                var response = PowerBIErrors.envelope(401, code: "PowerBINotAuthorizedException", requestId: requestId)
                response.headers.append(("WWW-Authenticate",
                    "Bearer authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", error=\"invalid_token\""))
                return .failure(SimResponseError(response))
            }
        case let .success(jwt):
            let oid = jwt.payload["oid"]?.stringValue ?? ""
            let isApp = jwt.payload["idtyp"]?.stringValue == "app"
            if isApp, let appid = jwt.payload["appid"]?.stringValue,
               let app = tenant.application(clientId: appid), !app.allowedByTenantSetting || tenant.settingsOff.contains(.servicePrincipalAPIs) {
                return .failure(SimResponseError(PowerBIErrors.unauthorized(requestId)))
            }
            let scopes = Set((jwt.payload["scp"]?.stringValue ?? "").split(separator: " ").map(String.init))
            let name = jwt.payload["upn"]?.stringValue ?? jwt.payload["appid"]?.stringValue ?? oid
            return .success(Caller(objectId: oid, isApp: isApp, scopes: scopes, name: name))
        }
    }

    /// `GET /groups` with `$top`, `$skip` and `$filter`, like the real service: no nextLink, client-driven paging.
    func groups(_ request: SimRequest, caller: Caller, requestId: String) -> SimResponse {
        guard caller.has(anyOf: ["Workspace.Read.All", "Workspace.ReadWrite.All"]) else { return PowerBIErrors.unauthorized(requestId) }
        var top = Int.max
        var skip = 0
        for (name, target) in [("$top", 0), ("$skip", 1)] {
            guard let text = request.queryValue(name) else { continue }
            guard let value = Int(text), value >= 0 else {
                return PowerBIErrors.simple(400, code: "InvalidRequest",
                                            message: "Invalid value '\(text)' for query parameter \(name)", requestId: requestId)
            }
            if target == 0 { top = value } else { skip = value }
        }
        var visible = workspacesByMember[caller.objectId] ?? []
        if let text = request.queryValue("$filter"), !text.isEmpty {
            guard let filter = GroupFilter(text) else {
                return PowerBIErrors.simple(400, code: "InvalidRequest",
                                            message: "The query specified in the URI is not valid. Could not parse $filter '\(text)'.",
                                            requestId: requestId)
            }
            visible = visible.filter { filter.matches(tenant.workspaces[$0]) }
        }
        let start = min(skip, visible.count)
        let end = top == Int.max ? visible.count : min(visible.count, start + top)
        var body: [UInt8] = []
        body.reserveCapacity((end - start) * 200 + 200)
        body += JSONValue.object(JSONObject([("@odata.context", .string(odataBase + "#groups")),
                                             ("@odata.count", .int(visible.count))])).serializedBytes().dropLast()
        body += Array(#","value":["#.utf8)
        for (offset, position) in visible[start..<end].enumerated() {
            if offset > 0 { body.append(UInt8(ascii: ",")) }
            body += groupTexts[position]
        }
        body += Array("]}".utf8)
        return SimResponse(status: 200, headers: [("Content-Type", "application/json; charset=utf-8")], body: Data(body))
    }

    func groupJSON(_ workspace: DemoWorkspace, context: String?) -> JSONValue {
        Self.groupJSON(workspace, context: context, odataBase: odataBase)
    }

    static func groupJSON(_ workspace: DemoWorkspace, context: String?, odataBase: String) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        if let context { members.append(("@odata.context", .string(odataBase + "#" + context))) }
        members += [
            ("id", .string(workspace.id)),
            ("isReadOnly", .bool(workspace.isReadOnly)),
            ("isOnDedicatedCapacity", .bool(workspace.isOnDedicatedCapacity)),
        ]
        if let capacity = workspace.capacityId {
            members.append(("capacityId", .string(capacity)))
            members.append(("defaultDatasetStorageFormat", "Small"))
        }
        members.append(("type", "Workspace"))
        members.append(("name", .string(workspace.name)))
        return .object(JSONObject(members))
    }
}

/// A ready answer carried through a `Result` failure.
struct SimResponseError: Error {
    let response: SimResponse
    init(_ response: SimResponse) { self.response = response }
}

extension SimResponse {
    /// Adds Power BI's standard headers unless present.
    func with(requestId: String, cluster: String) -> SimResponse {
        var copy = self
        if copy.header("RequestId") == nil { copy.headers.append(("RequestId", requestId)) }
        if copy.header("home-cluster-uri") == nil { copy.headers.append(("home-cluster-uri", cluster)) }
        if copy.header("request-redirected") == nil { copy.headers.append(("request-redirected", "true")) }
        return copy
    }
}
