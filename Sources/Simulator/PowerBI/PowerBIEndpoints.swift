import Foundation
import Tokens

/// The Power BI side of the demo tenant: `/v1.0/myorg/...`.
struct PowerBIEndpoints: Sendable {
    let tenant: DemoTenant
    let issuer: TokenIssuer
    /// Workspace indexes per member object id, in tenant order, for fast paging.
    let workspacesByMember: [String: [Int]]
    let clusterURI = "https://wabi-west-europe-d-primary-redirect.analysis.windows.net/"

    init(tenant: DemoTenant, issuer: TokenIssuer) {
        self.tenant = tenant
        self.issuer = issuer
        var index: [String: [Int]] = [:]
        for (position, workspace) in tenant.workspaces.enumerated() {
            for member in workspace.members { index[member, default: []].append(position) }
        }
        workspacesByMember = index
    }

    /// The caller of a Power BI request, once its token has been accepted.
    struct Caller {
        let objectId: String
        let isApp: Bool
        let scopes: Set<String>
    }

    func handle(_ request: SimRequest) -> SimResponse? {
        guard request.path.hasPrefix("/v1.0/myorg/") || request.path == "/v1.0/myorg" else { return nil }
        let requestId = UUID().uuidString.lowercased()
        let caller: Caller
        switch authenticate(request, requestId: requestId) {
        case let .success(accepted): caller = accepted
        case let .failure(refusal): return refusal.response.with(requestId: requestId, cluster: clusterURI)
        }
        let route = String(request.path.dropFirst("/v1.0/myorg".count))
        let response: SimResponse
        switch (request.method, route) {
        case ("GET", "/groups"):
            response = groups(request, caller: caller, requestId: requestId)
        default:
            response = PowerBIErrors.notFound(requestId: requestId)
        }
        return response.with(requestId: requestId, cluster: clusterURI)
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
               let app = tenant.application(clientId: appid), !app.allowedByTenantSetting {
                return .failure(SimResponseError(PowerBIErrors.envelope(401, code: "PowerBINotAuthorizedException",
                                                                       requestId: requestId)))
            }
            let scopes = Set((jwt.payload["scp"]?.stringValue ?? "").split(separator: " ").map(String.init))
            return .success(Caller(objectId: oid, isApp: isApp, scopes: scopes))
        }
    }

    /// `GET /groups` with `$top` and `$skip`, like the real service: no nextLink, client-driven paging.
    func groups(_ request: SimRequest, caller: Caller, requestId: String) -> SimResponse {
        if !caller.isApp, caller.scopes.isDisjoint(with: ["Workspace.Read.All", "Workspace.ReadWrite.All"]) {
            return PowerBIErrors.envelope(401, code: "PowerBINotAuthorizedException", requestId: requestId)
        }
        var top = Int.max
        var skip = 0
        if let text = request.queryValue("$top") {
            guard let value = Int(text), value >= 0 else {
                return PowerBIErrors.simple(400, code: "InvalidRequest",
                    message: "Invalid value '\(text)' for query parameter $top", requestId: requestId)
            }
            top = value
        }
        if let text = request.queryValue("$skip") {
            guard let value = Int(text), value >= 0 else {
                return PowerBIErrors.simple(400, code: "InvalidRequest",
                    message: "Invalid value '\(text)' for query parameter $skip", requestId: requestId)
            }
            skip = value
        }
        let visible = workspacesByMember[caller.objectId] ?? []
        let start = min(skip, visible.count)
        let end = top == Int.max ? visible.count : min(visible.count, start + top)
        let values = visible[start..<end].map { groupJSON(tenant.workspaces[$0]) }
        return .json(200, [
            "@odata.context": .string("http://wabi-west-europe-d-primary-redirect.analysis.windows.net/v1.0/myorg/$metadata#groups"),
            "@odata.count": .int(visible.count),
            "value": .array(values),
        ])
    }

    func groupJSON(_ workspace: DemoWorkspace) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
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
struct SimResponseError: Error { let response: SimResponse; init(_ response: SimResponse) { self.response = response } }

extension SimResponse {
    /// Adds Power BI's standard headers unless present.
    func with(requestId: String, cluster: String) -> SimResponse {
        var copy = self
        if copy.header("RequestId") == nil { copy.headers.append(("RequestId", requestId)) }
        if copy.header("home-cluster-uri") == nil { copy.headers.append(("home-cluster-uri", cluster)) }
        return copy
    }
}
