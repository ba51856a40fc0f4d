import APIDescriptions
import Foundation
import Testing
import Tokens
@testable import Automate

/// Way 3: the connector package, checked by the rules of the published schemas
/// (`schemas/apiDefinition.swagger.schema.json`, `schemas/paconn-apiProperties.schema.json` in
/// microsoft/PowerPlatformConnectors) and read back as Swagger 2.0 by our own reader.
@Suite struct ConnectorPackageTests {
    static func package(_ calls: [AutomateCall]) throws -> (definition: JSONValue, properties: JSONValue, readme: String) {
        let files = ConnectorPackage.files(calls, title: "Power BI (pbitui)")
        #expect(files.map(\.name) == ["apiDefinition.swagger.json", "apiProperties.json", "README.md"])
        return (try JSONValue.parse(Data(files[0].text.utf8)), try JSONValue.parse(Data(files[1].text.utf8)), files[2].text)
    }

    /// The rules of the swagger schema that a generator can break.
    static func swaggerProblems(_ definition: JSONValue) -> [String] {
        var problems: [String] = []
        let rootKeys: Set<String> = ["swagger", "info", "host", "basePath", "schemes", "consumes", "produces", "paths", "definitions",
                                     "parameters", "responses", "securityDefinitions", "security", "tags", "externalDocs"]
        for key in definition.objectValue?.keys ?? [] where !rootKeys.contains(key) && !key.hasPrefix("x-") { problems.append("root key \(key)") }
        if definition["swagger"]?.stringValue != "2.0" { problems.append("swagger") }
        if definition["info"]?["title"]?.stringValue == nil || definition["info"]?["version"]?.stringValue == nil { problems.append("info") }
        let host = definition["host"]?.stringValue ?? ""
        if host.isEmpty || host.contains(where: { "{}/ \\".contains($0) }) || host.split(separator: ":").count > 2
            || (host.split(separator: ":").count == 2 && Int(host.split(separator: ":")[1]) == nil) { problems.append("host \(host)") }
        if definition["basePath"]?.stringValue?.hasPrefix("/") != true { problems.append("basePath") }
        for scheme in definition["schemes"]?.arrayValue ?? [] where !["http", "https", "ws", "wss"].contains(scheme.stringValue ?? "") { problems.append("scheme") }
        for path in definition["paths"]?.objectValue ?? JSONObject() {
            if !path.key.hasPrefix("/") { problems.append("path \(path.key)") }
            for operation in path.value.objectValue ?? JSONObject() {
                let responses = operation.value["responses"]?.objectValue ?? JSONObject()
                if responses.isEmpty { problems.append("\(path.key) \(operation.key): no responses") }
                for response in responses {
                    if !(response.key == "default" || (response.key.count == 3 && Int(response.key) != nil)) { problems.append("response \(response.key)") }
                    if response.value["description"]?.stringValue == nil { problems.append("response \(response.key) without description") }
                }
                for parameter in operation.value["parameters"]?.arrayValue ?? [] {
                    let visibility = parameter["x-ms-visibility"]?.stringValue
                    if let visibility, !["important", "advanced", "internal"].contains(visibility) { problems.append("x-ms-visibility \(visibility)") }
                    if parameter["in"]?.stringValue == "body" ? parameter["schema"] == nil : parameter["type"] == nil { problems.append("parameter \(parameter)") }
                }
            }
        }
        for scheme in definition["securityDefinitions"]?.objectValue ?? JSONObject() where scheme.value["type"]?.stringValue == "oauth2" {
            let keys = Set(scheme.value.objectValue?.keys ?? [])
            if !keys.isSubset(of: ["type", "flow", "authorizationUrl", "tokenUrl", "scopes", "description"]) { problems.append("oauth2 keys \(keys)") }
            if scheme.value["flow"]?.stringValue == "accessCode", scheme.value["authorizationUrl"] == nil || scheme.value["tokenUrl"] == nil {
                problems.append("accessCode needs both URLs")
            }
        }
        return problems
    }

    @Test func aRefreshConnectorFollowsTheSchemasAndReadsBack() throws {
        let refresh = try AutomateTests.call("Datasets_RefreshDatasetInGroup", [AutomateTests.group, AutomateTests.dataset])
        let history = try AutomateTests.call("Datasets_GetRefreshHistoryInGroup", [AutomateTests.group, AutomateTests.dataset, ("$top", "1")])
        let (definition, properties, readme) = try Self.package([refresh, history])
        #expect(Self.swaggerProblems(definition) == [])
        #expect(definition["host"]?.stringValue == "api.powerbi.com")
        #expect(definition["basePath"]?.stringValue == "/v1.0/myorg")
        let path = try #require(definition["paths"]?["/groups/{groupId}/datasets/{datasetId}/refreshes"])
        #expect(path["post"]?["operationId"]?.stringValue == "Datasets_RefreshDatasetInGroup")
        #expect(path["get"]?["operationId"]?.stringValue == "Datasets_GetRefreshHistoryInGroup")
        // The refresh's body schema, copied with what it refers to.
        let body = try #require(path["post"]?["parameters"]?.arrayValue?.first { $0["in"]?.stringValue == "body" })
        let ref = try #require(body["schema"]?["$ref"]?.stringValue)
        #expect(ref.hasPrefix("#/definitions/"))
        let name = String(ref.dropFirst("#/definitions/".count))
        #expect(definition["definitions"]?[name] != nil)
        for reference in Self.refs(in: definition) {
            #expect(reference.hasPrefix("#/definitions/") && definition["definitions"]?[String(reference.dropFirst(14))] != nil, "\(reference)")
        }
        // Read back by our Swagger 2.0 reader: the same operations and path parameters.
        let read = try SwaggerReader { name in throw DescriptionError(file: name, problem: "none") }
            .read(Data(definition.serialized().utf8), name: "apiDefinition.swagger.json")
        #expect(read.operations.map(\.operationId).sorted() == ["Datasets_GetRefreshHistoryInGroup", "Datasets_RefreshDatasetInGroup"])
        #expect(read.operation(id: "Datasets_GetRefreshHistoryInGroup")?.parameters.map(\.name) == ["groupId", "datasetId", "$top"])

        // apiProperties: only the keys the schema allows; the Entra OAuth setting.
        let rootKeys = Set(properties.objectValue?.keys ?? [])
        #expect(rootKeys.isSubset(of: ["properties", "$schema"]))
        let inner = try #require(properties["properties"]?.objectValue)
        #expect(Set(inner.keys).isSubset(of: ["iconBrandColor", "capabilities", "connectionParameters", "policyTemplateInstances"]))
        #expect(inner["iconBrandColor"]?.stringValue?.hasPrefix("#") == true)
        let token = try #require(inner["connectionParameters"]?["token"])
        #expect(token["type"]?.stringValue == "oauthSetting")
        #expect(token["oAuthSettings"]?["identityProvider"]?.stringValue == "aad")
        #expect(token["oAuthSettings"]?["redirectUrl"]?.stringValue == "https://global.consent.azure-apim.net/redirect")
        #expect(token["oAuthSettings"]?["customParameters"]?["resourceUri"]?["value"]?.stringValue == AutomateTests.audience)
        #expect(token["oAuthSettings"]?["properties"]?["AzureActiveDirectoryResourceId"]?.stringValue == AutomateTests.audience)
        #expect(readme.contains("https://global.consent.azure-apim.net/redirect"))
        #expect(readme.contains("Dataset.ReadWrite.All"))
        #expect(readme.contains("paconn create --api-def apiDefinition.swagger.json --api-prop apiProperties.json --secret <client-secret>"))
    }

    @Test func aCallWithoutAnOperationAndAnotherAPIsSchemas() throws {
        let url = try #require(URL(string: "https://api.powerbi.com/v1.0/myorg/admin/widgets?$top=5&kind=a,b"))
        let raw = AutomateCall(label: "GET /admin/widgets", method: "GET", url: url, audience: AutomateTests.audience,
                               authorityHost: AutomateTests.authority, basePath: "/v1.0/myorg")
        let (definition, _, _) = try Self.package([raw])
        #expect(Self.swaggerProblems(definition) == [])
        let operation = try #require(definition["paths"]?["/admin/widgets"]?["get"])
        #expect(operation["parameters"]?.arrayValue?.map { $0["name"]?.stringValue } == ["$top", "kind"])
        #expect(operation["parameters"]?.arrayValue?.last?["default"]?.stringValue == "a,b")

        // A self-referring schema of another API is copied once, and ends.
        let text = #"""
            {"swagger": "2.0", "info": {"title": "Trees"}, "host": "trees.example:8443", "basePath": "/api",
             "definitions": {"Node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/definitions/Node"}},
                                                                       "label": {"type": ["string", "null"]}}}},
             "paths": {"/nodes": {"post": {"operationId": "Nodes.Create", "parameters": [{"name": "node", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Node"}}],
                                           "responses": {"201": {"description": "Created"}}}}}}
            """#
        let trees = try SwaggerReader { name in throw DescriptionError(file: name, problem: "none") }.read(Data(text.utf8), name: "trees.json")
        let operation2 = try #require(trees.operation(id: "Nodes.Create"))
        let call = AutomateCall(label: operation2.operationId, method: "POST", url: try #require(URL(string: "https://trees.example:8443/api/nodes")),
                                body: .object(JSONObject()), audience: "api://trees", authorityHost: AutomateTests.authority,
                                operation: operation2, description: trees, basePath: "/api")
        let (treeDefinition, _, _) = try Self.package([call])
        #expect(Self.swaggerProblems(treeDefinition) == [])
        #expect(treeDefinition["host"]?.stringValue == "trees.example:8443")
        #expect(treeDefinition["paths"]?["/nodes"]?["post"]?["operationId"]?.stringValue == "Nodes_Create")
        #expect(treeDefinition["definitions"]?.objectValue?.keys == ["Node"])
        #expect(treeDefinition["definitions"]?["Node"]?["properties"]?["children"]?["items"]?["$ref"]?.stringValue == "#/definitions/Node")
        #expect(treeDefinition["definitions"]?["Node"]?["properties"]?["label"]?["type"]?.stringValue == "string")
    }

    static func refs(in value: JSONValue) -> [String] {
        switch value {
        case let .object(object): object.flatMap { $0.key == "$ref" ? [$0.value.stringValue ?? ""] : refs(in: $0.value) }
        case let .array(items): items.flatMap(refs)
        default: []
        }
    }
}

extension ConnectorPackageTests {
    /// A connector for every operation of the Power BI description (its path parameters filled, its body
    /// from the schema), walked whole for extensions and keys the connector format does not define.
    @Test func everyOperationsConnectorHoldsToTheConnectorRules() throws {
        let description = AutomateTests.powerBI
        var calls: [AutomateCall] = []
        for operation in description.operations {
            // Every required parameter given: its first choice, a number, or an id.
            let values = operation.parameters.filter { $0.location != .body && ($0.required || $0.location == .path) }.map { parameter in
                (parameter.name, parameter.choices.first ?? (parameter.type == "integer" || parameter.type == "number" ? "1"
                    : parameter.type == "boolean" ? "true" : "00000000-0000-4000-8000-000000000001"))
            }
            let body = operation.body.map { description.example(for: $0.schema ?? .object(JSONObject())) }
            guard let built = try? operation.call(values, body: body.map { Data($0.serialized().utf8) }) else { continue }
            var components = URLComponents(string: "https://api.powerbi.com")!
            components.path = built.path
            calls.append(AutomateCall(label: operation.operationId, method: operation.method, url: try #require(components.url), body: body,
                                      audience: AutomateTests.audience, authorityHost: AutomateTests.authority, operation: operation,
                                      description: description, basePath: "/v1.0/myorg"))
        }
        #expect(calls.count == description.operations.count)
        let definition = ConnectorPackage.apiDefinition(calls, title: "Power BI (pbitui)")
        #expect(ConnectorRules.problems(in: definition) == [])
        #expect(Self.swaggerProblems(definition) == [])
        // No AutoRest extension survives the copy: the refresh request's enums carry display names the connector's way.
        let text = definition.serialized()
        #expect(!text.contains("x-ms-enum\"") && !text.contains("modelAsExtensible"))
        let refresh = try #require(definition["definitions"]?["DatasetRefreshRequest"]?["properties"]?["type"])
        #expect(refresh["x-ms-enum-values"]?.arrayValue?.first?["displayName"]?.stringValue != nil)
        // The read-only POSTs are safe operations; a refresh is not.
        let post = { (id: String) in definition["paths"]?.objectValue?.compactMap { $0.value["post"] }.first { $0["operationId"]?.stringValue == id } }
        #expect(post("Datasets_ExecuteQueriesInGroup")?["x-ms-safe-operation"]?.boolValue == true)
        #expect(post("Reports_ExportToFileInGroup")?["x-ms-safe-operation"]?.boolValue == true)
        #expect(post("Datasets_RefreshDatasetInGroup")?["x-ms-safe-operation"] == nil)
    }

    @Test func theRulesCatchWhatTheFormatDoesNotDefine() throws {
        let bad = try JSONValue.parse(Data(#"""
            {"swagger":"2.0","info":{"title":"t","version":"1"},"x-ms-capabilities":{},"paths":{"/a":{"get":{"operationId":"A","x-ms-safe-operation":true,
             "parameters":[{"name":"q","in":"query","type":"string","enum":["a"],"x-ms-enum":{"name":"Q","modelAsExtensible":true}},
                           {"name":"p","in":"query","type":"string","x-ms-url-encoding":"double","x-ms-visibility":"hidden"}],
             "responses":{"200":{"description":"OK","schema":{"type":"string","format":"uuid"}}}}}},
             "definitions":{"X":{"type":"object","properties":{"k":{"type":"string","x-ms-enum-values":[{"value":"a","name":"A"}],"nullable":true}}}}}
            """#.utf8))
        let problems = ConnectorRules.problems(in: bad)
        for expected in ["(root).x-ms-capabilities", "x-ms-safe-operation on a get", "parameters[0].x-ms-enum", "parameters[1].x-ms-url-encoding",
                         "x-ms-visibility: hidden", "format: uuid", "x-ms-enum-values: an item", "properties.k.nullable"] {
            #expect(problems.contains { $0.contains(expected) || $0.replacingOccurrences(of: "^\\.", with: "(root).", options: .regularExpression).contains(expected) },
                    "\(expected) in \(problems)")
        }
    }
}
