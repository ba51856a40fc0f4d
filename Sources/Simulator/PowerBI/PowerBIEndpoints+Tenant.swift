import Foundation
import Tokens

extension PowerBIEndpoints {
    /// `GET /apps` and `GET /capacities`, shaped as the OpenAPI description's `App` and `Capacity`. Apps are a
    /// user's (Apps_GetApps does not accept service principals: 401 for an app token, as the service answers);
    /// capacities are those the caller has rights on: the tenant's dedicated capacity, where the first user
    /// and the confidential client are admins, and a paused Fabric capacity.
    func tenantList(_ request: SimRequest, name: String, caller: Caller, requestId: String) -> SimResponse {
        guard request.method == "GET" else { return PowerBIErrors.methodNotAllowed(requestId: requestId) }
        switch name {
        case "apps":
            guard !caller.isApp else { return PowerBIErrors.unauthorized(requestId) }
            guard caller.has(anyOf: ["App.Read.All"]) else {
                return PowerBIErrors.unauthorized(requestId)
            }
            let publisher = tenant.users.first?.principal.displayName ?? "Alex Wilber"
            let apps: [JSONValue] = Self.demoApps.map { app in
                var members: [(key: String, value: JSONValue)] = [("id", .string(app.id)), ("name", .string(app.name))]
                if let description = app.description { members.append(("description", .string(description))) }
                members += [("publishedBy", .string(publisher)), ("lastUpdate", .string(app.lastUpdate))]
                return .object(JSONObject(members))
            }
            return .json(200, ["@odata.context": .string(odataBase + "#apps"), "value": .array(apps)])
        case "capacities":
            guard caller.has(anyOf: ["Capacity.Read.All", "Capacity.ReadWrite.All"]) else {
                return PowerBIErrors.unauthorized(requestId)
            }
            let admins = [tenant.users.first?.username, tenant.confidentialClient.servicePrincipal?.objectId].compactMap { $0 }
            let dedicated = tenant.workspaces.compactMap(\.capacityId).first ?? Self.guid(StableHash.of("capacity"))
            let capacities: [JSONValue] = [
                .object(JSONObject([("id", .string(dedicated.uppercased())), ("displayName", .string("Contoso Premium P1")),
                                    ("admins", .array(admins.map(JSONValue.string))), ("sku", .string("P1")), ("state", .string("Active")),
                                    ("capacityUserAccessRight", .string("Admin")), ("region", .string("West Europe"))])),
                .object(JSONObject([("id", .string(Self.guid(StableHash.of("capacity:fabric")).uppercased())),
                                    ("displayName", .string("Fabric F64, paused")), ("admins", .array([])), ("sku", .string("F64")),
                                    ("state", .string("Suspended")), ("capacityUserAccessRight", .string("Assign")),
                                    ("region", .string("North Europe"))])),
            ]
            return .json(200, ["@odata.context": .string(odataBase + "#capacities"), "value": .array(capacities)])
        default:
            return PowerBIErrors.notFound(requestId: requestId)
        }
    }

    /// The demo's apps, each published from a workspace whose reports and dashboards it holds.
    static let demoApps: [(id: String, name: String, description: String?, lastUpdate: String, workspace: Int)] = [
        (guid(StableHash.of("app:sales")), "Sales, \"Global\" 売上", "Sales reports for every region", "2026-11-03T08:12:44.387Z", 0),
        (guid(StableHash.of("app:finance")), "Finance Close", nil, "2026-10-21T16:40:02Z", 1),
    ]

    /// `GET /apps/{appId}/reports` and `/apps/{appId}/dashboards` (Apps_GetReports, Apps_GetDashboards): the
    /// app's workspace's items with `appId`; users only (service principals get 401, as the service answers).
    func appContents(_ request: SimRequest, parts: [String], caller: Caller, requestId: String) -> SimResponse {
        guard request.method == "GET" else { return PowerBIErrors.methodNotAllowed(requestId: requestId) }
        guard !caller.isApp else { return PowerBIErrors.unauthorized(requestId) }
        guard let app = Self.demoApps.first(where: { $0.id.caseInsensitiveCompare(parts[1]) == .orderedSame }) else {
            return PowerBIErrors.notFound(requestId: requestId)
        }
        let collection = parts[2].lowercased()
        guard ["reports", "dashboards"].contains(collection) else { return PowerBIErrors.notFound(requestId: requestId) }
        guard caller.has(anyOf: Self.readScopes[collection] ?? []) else { return PowerBIErrors.unauthorized(requestId) }
        let items: [JSONValue]
        if tenant.workspaces.isEmpty {
            items = []
        } else {
            let index = min(app.workspace, tenant.workspaces.count - 1)
            let place = Place(index: index, workspace: tenant.workspaces[index])
            let content = content(of: place, caller: caller)
            let objects = collection == "reports" ? content.reports.map { reportJSON($0, place: place) }
                                                  : content.dashboards.map { dashboardJSON($0, place: place) }
            items = objects.map { object in
                guard case var .object(members) = object else { return object }
                members["appId"] = .string(app.id)
                return .object(members)
            }
        }
        return .json(200, ["@odata.context": .string(odataBase + "#apps('\(app.id)')/\(collection)"), "value": .array(items)])
    }
}
