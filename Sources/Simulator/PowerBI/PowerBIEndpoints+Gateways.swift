import Foundation
import Tokens

/// On-premises data gateways (`/gateways…`) and a workspace's imports, shaped as the OpenAPI description.
extension PowerBIEndpoints {
    /// The data sources a gateway serves: one per server of the demo content.
    func gatewayDatasources(_ gatewayId: String) -> [JSONValue] {
        DemoContent.servers.enumerated().map { index, server in
            let details = JSONValue.object(JSONObject([("server", .string(server)), ("database", .string(["Sales", "Finance", "Warehouse"][index % 3]))]))
            return .object(JSONObject([
                ("id", .string(Self.guid(StableHash.of(gatewayId + server)))), ("gatewayId", .string(gatewayId)),
                ("datasourceType", "Sql"), ("connectionDetails", .string(details.serialized())),
                ("credentialType", .string(index == 1 ? "Windows" : "Basic")),
                ("datasourceName", .string("\(server) · \(["Sales", "Finance", "Warehouse"][index % 3])")),
            ]))
        }
    }

    /// `GET /gateways`, `/gateways/{id}`, `/gateways/{id}/datasources`, `…/datasources/{id}` and its `status`.
    func gateways(_ request: SimRequest, parts: [String], caller: Caller, requestId: String) -> SimResponse {
        guard request.method == "GET" else { return PowerBIErrors.methodNotAllowed(requestId: requestId) }
        guard caller.has(anyOf: ["Dataset.Read.All", "Dataset.ReadWrite.All"]) else { return PowerBIErrors.unauthorized(requestId) }
        let all = DemoContent.gateways(seed: tenant.seed)
        func gatewayJSON(_ gateway: (id: String, name: String, online: Bool)) -> JSONValue {
            .object(JSONObject([
                ("id", .string(gateway.id)), ("name", .string(gateway.name)), ("type", "Resource"),
                ("publicKey", ["exponent": "AQAB", "modulus": .string(Data(gateway.id.utf8).base64EncodedString())]),
                ("gatewayStatus", .string(gateway.online ? "Live" : "Offline")),
                ("gatewayAnnotation", .string(#"{"gatewayContactInformation":["ops@contoso.com"],"gatewayVersion":"3000.230.14","isAutoSelect":false}"#)),
            ]))
        }
        guard let id = parts.first else {
            return .json(200, ["@odata.context": .string(odataBase + "#gateways"), "value": .array(all.map(gatewayJSON))])
        }
        guard let gateway = all.first(where: { $0.id.caseInsensitiveCompare(id) == .orderedSame }) else { return PowerBIErrors.notFound(requestId: requestId) }
        let rest = parts.dropFirst().map { $0.lowercased() }
        switch rest.count {
        case 0:
            var json = gatewayJSON(gateway).objectValue ?? JSONObject()
            json.insert("@odata.context", .string(odataBase + "#gateways/$entity"))
            return .json(200, .object(json))
        case 1 where rest[0] == "datasources":
            return .json(200, ["@odata.context": .string(odataBase + "#gatewayDatasources"), "value": .array(gatewayDatasources(gateway.id))])
        case 2 where rest[0] == "datasources", 3 where rest[0] == "datasources" && rest[2] == "status":
            guard let datasource = gatewayDatasources(gateway.id).first(where: { $0["id"]?.stringValue?.lowercased() == rest[1] }) else {
                return PowerBIErrors.notFound(requestId: requestId)
            }
            if rest.count == 2 { return .json(200, datasource) }
            // The status is an empty 200 when the gateway reaches the source; an offline gateway cannot.
            guard gateway.online else {
                return PowerBIErrors.envelope(400, code: "DM_GWPipeline_Client_GatewayUnreachable",
                                              details: ["The gateway \(gateway.name) is offline or could not be reached."], requestId: requestId)
            }
            return SimResponse(status: 200)
        default:
            return PowerBIErrors.notFound(requestId: requestId)
        }
    }

    /// `GET /groups/{id}/imports` (Imports_GetImportsInGroup): one import per report with a dataset.
    func imports(_ content: DemoContent, place: Place) -> SimResponse {
        let value: [JSONValue] = content.reports.compactMap { report in
            guard let datasetId = report.datasetId, let dataset = content.datasets.first(where: { $0.id == datasetId }) else { return nil }
            let created = Date(timeIntervalSince1970: 1_700_000_000 + Double(StableHash.of(report.id) % 40_000_000))
            return .object(JSONObject([
                ("id", .string(Self.guid(StableHash.of("import:" + report.id)))), ("name", .string(report.name)), ("importState", "Succeeded"),
                ("createdDateTime", .string(WireDate.format(created, fractionDigits: 3))),
                ("updatedDateTime", .string(WireDate.format(created.addingTimeInterval(3600), fractionDigits: 3))),
                ("reports", [["id": .string(report.id), "name": .string(report.name)]]),
                ("datasets", [["id": .string(dataset.id), "name": .string(dataset.name)]]),
            ]))
        }
        return .json(200, ["@odata.context": .string(odataBase + "#imports"), "value": .array(value)])
    }
}
