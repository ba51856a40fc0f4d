import APIDescriptions
import Foundation
import Testing
import Tokens
@testable import Simulator

/// A small JSON Schema (Swagger 2.0 subset) checker: `$ref`, `allOf`, `type`, `properties`, `required`,
/// `items` and closed enums. Keys compare without case, and `@odata.context` counts as the spec's
/// `odata.context`, as the wire differs from the spec in exactly these ways (reference/powerbi.md §1).
struct SwaggerSchema {
    let definitions: JSONObject

    /// Every definition of the official description, as compiled into pbitui.
    static func load() throws -> SwaggerSchema {
        let definitions = OperationCatalogue.powerBI.definitions
        try #require(definitions.count > 300)
        return SwaggerSchema(definitions: definitions)
    }

    static func normalise(_ key: String) -> String {
        (key.hasPrefix("@") ? String(key.dropFirst()) : key).lowercased()
    }

    /// Problems found, as `path: message` lines; empty when `value` conforms to definition `name`.
    func problems(_ value: JSONValue, against name: String) -> [String] {
        guard let schema = definitions[name] else { return ["no definition \(name)"] }
        var found: [String] = []
        check(value, schema, path: name, into: &found)
        return found
    }

    private func resolve(_ schema: JSONValue) -> JSONValue {
        if let ref = schema["$ref"]?.stringValue, let target = definitions[String(ref.split(separator: "/").last ?? "")] {
            return resolve(target)
        }
        return schema
    }

    /// Properties and required names of a schema with its `allOf` parts merged.
    private func flatten(_ schema: JSONValue) -> (properties: [String: JSONValue], required: [String]) {
        let schema = resolve(schema)
        var properties: [String: JSONValue] = [:]
        var required = schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for member in schema["properties"]?.objectValue ?? JSONObject() { properties[Self.normalise(member.key)] = member.value }
        for part in schema["allOf"]?.arrayValue ?? [] {
            let (more, needed) = flatten(part)
            properties.merge(more) { first, _ in first }
            required += needed
        }
        return (properties, required)
    }

    private func check(_ value: JSONValue, _ schema: JSONValue, path: String, into found: inout [String]) {
        let schema = resolve(schema)
        let (properties, required) = flatten(schema)
        let type = schema["type"]?.stringValue ?? (properties.isEmpty ? nil : "object")
        switch (type, value) {
        case (nil, _), ("string", .string), ("boolean", .bool), ("number", .number):
            break
        case ("integer", .number(let text)):
            if Int(text) == nil { found.append("\(path): \(text) is not an integer") }
        case ("array", .array(let items)):
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { check(item, itemSchema, path: "\(path)[\(index)]", into: &found) }
            }
        case ("object", .object(let object)):
            let present = Set(object.keys.map(Self.normalise))
            for name in required where !present.contains(Self.normalise(name)) { found.append("\(path): required \(name) is missing") }
            for member in object {
                if let propertySchema = properties[Self.normalise(member.key)] {
                    check(member.value, propertySchema, path: "\(path).\(member.key)", into: &found)
                }
            }
        default:
            found.append("\(path): expected \(type ?? "?"), got \(value.kindName)")
        }
        if let allowed = schema["enum"]?.arrayValue, schema["x-ms-enum"]?["modelAsExtensible"] != true, !allowed.contains(value) {
            found.append("\(path): \(value.serialized()) is not one of \(JSONValue.array(allowed).serialized())")
        }
    }
}

@Suite struct SwaggerConformanceTests {
    @Test func theCheckerCatchesWhatIsWrong() throws {
        let schema = try SwaggerSchema.load()
        #expect(!schema.problems(["value": [["id": 12, "name": "x"]]], against: "Groups").isEmpty)
        #expect(!schema.problems(["value": "nope"], against: "Reports").isEmpty)
        #expect(!schema.problems(["days": [], "times": [], "enabled": "yes"], against: "RefreshSchedule").isEmpty)
        #expect(schema.problems(["@odata.context": "x", "value": []], against: "Groups").isEmpty)
    }

    @Test(arguments: [
        ("/groups", "Groups"), ("/groups/{g}/reports", "Reports"), ("/groups/{g}/datasets", "Datasets"),
        ("/groups/{g}/dashboards", "Dashboards"), ("/groups/{g}/dataflows", "Dataflows"),
        ("/groups/{g}/datasets/{d}/datasources", "Datasources"), ("/groups/{g}/datasets/{d}/parameters", "MashupParameters"),
        ("/groups/{g}/datasets/{d}/refreshes", "Refreshes"), ("/groups/{g}/datasets/{d}/refreshSchedule", "RefreshSchedule"),
        ("/groups/{g}/datasets/{f}/refreshes", "Refreshes"), ("/groups/{g}/users", "GroupUsers"), ("/capacities", "Capacities"),
    ])
    func responsesConformToTheSpec(path: String, definition: String) throws {
        let schema = try SwaggerSchema.load()
        let fixture = try ContentTests.Fixture(refreshSeconds: 0)
        let workspace = fixture.workspace(dedicated: true)
        let datasets = try fixture.json("GET", "/groups/\(workspace.id)/datasets")["value"]?.arrayValue ?? []
        let dataset = datasets[0]["id"]!.stringValue!, failing = datasets[5]["id"]!.stringValue!
        // Some history rows that ran here, one failed.
        _ = fixture.call("POST", "/groups/\(workspace.id)/datasets/\(dataset)/refreshes")
        _ = fixture.call("POST", "/groups/\(workspace.id)/datasets/\(failing)/refreshes")
        let resolved = path.replacingOccurrences(of: "{g}", with: workspace.id).replacingOccurrences(of: "{d}", with: dataset)
            .replacingOccurrences(of: "{f}", with: failing)
        let body = try fixture.json("GET", resolved)
        #expect(body != .null)
        #expect(schema.problems(body, against: definition) == [], "\(resolved)")
    }

    /// Apps are a user's: `GET /apps` and an app's reports and dashboards conform, carry the app's id, and
    /// refuse a service principal as the service does.
    @Test func anAppsListsAndContentsConformForAUser() throws {
        let schema = try SwaggerSchema.load()
        let fixture = try ContentTests.Fixture(refreshSeconds: 0)
        let tenant = fixture.core.tenant
        let user = try #require(tenant.users.first)
        let token = try fixture.core.issuer.userToken(for: tenant.publicClient, user: user, audience: TokenIssuer.powerBIResource,
                                                      scopes: DemoTenant.consentedPermissions, authMethods: ["pwd"])
        func get(_ path: String, bearer: String) -> SimResponse {
            fixture.core.handle(SimRequest(method: "GET", path: "/v1.0/myorg" + path, query: [],
                                           headers: ["Authorization": "Bearer \(bearer)", "Host": "127.0.0.1:1"], body: Data()))
        }
        let apps = try JSONValue.parse(get("/apps", bearer: token).body)
        #expect(schema.problems(apps, against: "Apps") == [])
        let appId = try #require(apps["value"]?.arrayValue?.first?["id"]?.stringValue)
        for (collection, definition) in [("reports", "Reports"), ("dashboards", "Dashboards")] {
            let body = try JSONValue.parse(get("/apps/\(appId.uppercased())/\(collection)", bearer: token).body)
            #expect(schema.problems(body, against: definition) == [], "\(collection)")
            let items = body["value"]?.arrayValue ?? []
            #expect(!items.isEmpty && items.allSatisfy { $0["appId"]?.stringValue == appId }, "\(collection)")
            #expect(get("/apps/\(appId)/\(collection)", bearer: fixture.token).status == 401, "a service principal is refused")
        }
        #expect(get("/apps/\(appId)/datasets", bearer: token).status == 404)
        #expect(get("/apps/00000000-0000-0000-0000-000000000000/reports", bearer: token).status == 404)
    }

    @Test func enhancedRefreshDetailsConform() throws {
        let schema = try SwaggerSchema.load()
        let fixture = try ContentTests.Fixture(refreshSeconds: 0)
        let (workspace, dataset) = try fixture.dataset(.importFailing, dedicated: true)
        let path = "/groups/\(workspace.id)/datasets/\(dataset["id"]!.stringValue!)/refreshes"
        let started = fixture.call("POST", path, body: #"{"type":"Full"}"#)
        let details = try fixture.json("GET", "\(path)/\(started.header("x-ms-request-id") ?? "")")
        #expect(details["status"] == "Failed")
        #expect(schema.problems(details, against: "DatasetRefreshDetail") == [])
    }
}
