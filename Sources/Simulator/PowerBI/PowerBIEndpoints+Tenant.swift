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
            let apps: [JSONValue] = [
                .object(JSONObject([("id", .string(Self.guid(StableHash.of("app:sales")))), ("name", .string("Sales, \"Global\" 売上")),
                                    ("description", .string("Sales reports for every region")), ("publishedBy", .string(publisher)),
                                    ("lastUpdate", .string("2026-11-03T08:12:44.387Z"))])),
                .object(JSONObject([("id", .string(Self.guid(StableHash.of("app:finance")))), ("name", .string("Finance Close")),
                                    ("publishedBy", .string(publisher)), ("lastUpdate", .string("2026-10-21T16:40:02Z"))])),
            ]
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
}
