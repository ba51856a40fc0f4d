import APIDescriptions
import EntraAuth
import Foundation
import PowerBI
import MCP
import Tokens

/// The read tools: each asks what the command line asks and answers JSON, bounded.
enum ReadTools {
    /// The default and the most a list gives back.
    static let defaultTop = 100
    static let maximumTop = 1000

    static func run(_ name: String, _ arguments: [String: Value]?, _ context: MCPContext) async throws(ToolError) -> JSONValue {
        switch name {
        case "whoami": return try await whoami(context)
        case "list_workspaces": return try await listWorkspaces(arguments, context)
        case "list_items": return try await listItems(arguments, context)
        case "explain_error": return try explainError(arguments)
        case "search_operations": return try searchOperations(arguments)
        case "describe_operation": return try describeOperation(arguments)
        case "refresh_history": return try await DatasetTools.refreshHistory(arguments, context)
        case "refresh_health": return try await DatasetTools.refreshHealth(arguments, context)
        case "lineage": return try await StoreTools.lineage(arguments, context)
        case "query_store": return try await StoreTools.query(arguments, context)
        case "run_dax": return try await DatasetTools.runDAX(arguments, context)
        case "get_model_schema": return try await DatasetTools.modelSchema(arguments, context)
        case "find": return try await find(arguments, context)
        case "four_ways": return try await OperationTools.fourWays(arguments, context)
        default: throw ToolError("no tool named \(name); tools/list lists them")
        }
    }

    static func whoami(_ context: MCPContext) async throws(ToolError) -> JSONValue {
        let token: AccessToken
        do throws(PowerBIError) { token = try await context.client.currentToken() } catch { throw ToolError(error) }
        let user: JSONValue = token.kind == .delegated ? token.account.map(JSONValue.string) ?? .null : .null
        // What the token grants, from its claims: an app's roles, a user's scopes (else what was asked for).
        let claims = try? JWT.decode(token.value).payload
        let granted: [String] = token.kind == .app
            ? claims?["roles"]?.arrayValue?.compactMap(\.stringValue) ?? []
            : claims?["scp"]?.stringValue?.split(separator: " ").map(String.init) ?? []
        return .object(JSONObject([
            ("kind", .string(token.kind == .app ? "app" : "user")),
            ("tenant", token.tenantId.map(JSONValue.string) ?? .null),
            ("app", token.clientId.map(JSONValue.string) ?? .null),
            ("user", user),
            (token.kind == .app ? "roles" : "scopes", .array((granted.isEmpty && token.kind == .delegated ? token.scopes : granted).map(JSONValue.string))),
            ("expires", .string(ISO8601DateFormatter().string(from: token.expiresOn))),
            ("context", context.profile.map(JSONValue.string) ?? .null),
        ]))
    }

    static func listWorkspaces(_ arguments: [String: Value]?, _ context: MCPContext) async throws(ToolError) -> JSONValue {
        let objects: [JSONValue]
        do throws(PowerBIError) { objects = try await context.client.workspaceObjects() } catch { throw ToolError(error) }
        return try bounded(objects, member: "workspaces", arguments) { $0["name"]?.stringValue ?? "" }
    }

    static func listItems(_ arguments: [String: Value]?, _ context: MCPContext) async throws(ToolError) -> JSONValue {
        guard let kindText = MCPValue.text(arguments, "kind"), let kind = ItemKind(rawValue: kindText.lowercased()) else {
            throw ToolError("kind: one of " + ItemKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let workspace = MCPValue.text(arguments, "workspace"), !workspace.isEmpty else { throw ToolError("workspace: an id or a name") }
        let place = try await WorkspaceLookup.scope(workspace, context.client)
        guard kind.spec.path(in: place.scope) != nil else { throw ToolError("\(place.name) has no list of \(kind.rawValue)") }
        let objects: [JSONValue]
        do throws(PowerBIError) { objects = try await context.client.itemObjects(kind, in: place.scope) } catch { throw ToolError(error) }
        let spec = kind.spec
        return try bounded(objects, member: "items", arguments) { spec.name(of: $0) }
    }

    /// The objects whose name holds `filter` (without case or accents), at most `top`, and whether more matched.
    static func bounded(_ objects: [JSONValue], member: String, _ arguments: [String: Value]?,
                        name: (JSONValue) -> String) throws(ToolError) -> JSONValue {
        let top = MCPValue.integer(arguments, "top") ?? defaultTop
        guard (1...maximumTop).contains(top) else { throw ToolError("top: from 1 to \(maximumTop)") }
        let filter = MCPValue.text(arguments, "filter") ?? ""
        let matching = filter.isEmpty ? objects
            : objects.filter { name($0).range(of: filter, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
        return .object(JSONObject([(member, .array(Array(matching.prefix(top)))), ("truncated", .bool(matching.count > top))]))
    }

    static func explainError(_ arguments: [String: Value]?) throws(ToolError) -> JSONValue {
        var code = MCPValue.text(arguments, "code")
        var description: String?
        if let text = MCPValue.text(arguments, "service_exception_json") {
            guard let json = try? JSONValue.parse(Data(text.utf8)) else { throw ToolError("service_exception_json: not JSON") }
            code = code ?? json["errorCode"]?.stringValue
            description = json["errorDescription"]?.stringValue
        }
        guard code != nil || description != nil else { throw ToolError("give code or service_exception_json") }
        var meaning: String?, fix: String?
        if let code, code.uppercased().hasPrefix("AADSTS"), let entry = EntraErrorCatalogue.explain(code.uppercased()) {
            meaning = entry.name + ": " + entry.meaning
            fix = entry.advice
        } else if let entry = RefreshErrorCatalogue.entry(code: code, description: description) {
            meaning = entry.meaning
            fix = entry.fix
        }
        return .object(JSONObject([("code", code.map(JSONValue.string) ?? .null), ("known", .bool(meaning != nil)),
                                   ("meaning", meaning.map(JSONValue.string) ?? .null), ("what_to_do", fix.map(JSONValue.string) ?? .null)]))
    }

    static let maximumOperations = 50
    static let maximumFound = 100

    /// `:go!` for an assistant: every workspace's datasets and reports whose name holds `text` (without case
    /// or accents), through the one fan-out; at most 100, and `truncated` when more matched.
    static func find(_ arguments: [String: Value]?, _ context: MCPContext) async throws(ToolError) -> JSONValue {
        guard let text = MCPValue.text(arguments, "text"), !text.isEmpty else { throw ToolError("text: part of a name") }
        let workspaces: [Workspace]
        do throws(PowerBIError) { workspaces = try await context.client.workspaces() } catch { throw ToolError(error) }
        var found: [JSONValue] = []
        for (workspace, answers) in await context.client.itemsInEach([.datasets, .reports], of: workspaces, scope: { .group($0.id) }) {
            for (kind, result) in answers {
                guard case let .success(objects) = result else { continue }
                for object in objects where kind.spec.name(of: object).range(of: text, options: [.caseInsensitive, .diacriticInsensitive]) != nil {
                    found.append(.object(JSONObject([("kind", .string(kind.artifact.rawValue)), ("id", kind.spec.id(of: object).map(JSONValue.string) ?? .null),
                                                     ("name", .string(kind.spec.name(of: object))), ("workspace", .string(workspace.name)),
                                                     ("workspace_id", .string(workspace.id))])))
                }
            }
        }
        return .object(JSONObject([("found", .array(Array(found.prefix(maximumFound)))), ("truncated", .bool(found.count > maximumFound))]))
    }

    static func searchOperations(_ arguments: [String: Value]?) throws(ToolError) -> JSONValue {
        guard let text = MCPValue.text(arguments, "text") else { throw ToolError("text: words to look for") }
        let found = OperationCatalogue.powerBI.search(text)
        return .object(JSONObject([("operations", .array(found.prefix(maximumOperations).map { $0.listingJSON })),
                                   ("truncated", .bool(found.count > maximumOperations))]))
    }

    static func describeOperation(_ arguments: [String: Value]?) throws(ToolError) -> JSONValue {
        guard let id = MCPValue.text(arguments, "operation_id") else { throw ToolError("operation_id: an operation id") }
        let description = OperationCatalogue.powerBI
        guard let operation = description.operation(id: id) else {
            throw ToolError("no operation \(id) in the Power BI REST API; search_operations finds their ids")
        }
        return operation.detailJSON(example: operation.body?.schema.map { description.example(for: $0) })
    }
}

/// `workspace` as the command line reads it: an id is used as given (no listing is sent), `me` is My
/// workspace, anything else a name looked up without case.
enum WorkspaceLookup {
    static func scope(_ text: String, _ client: PowerBIClient) async throws(ToolError) -> (scope: WorkspaceScope, name: String) {
        let lowered = text.lowercased()
        if lowered == "me" || lowered == "my workspace" { return (.my, "My workspace") }
        if isGUID(text) { return (.group(text), text) }
        let workspaces: [Workspace]
        do throws(PowerBIError) { workspaces = try await client.workspaces() } catch { throw ToolError(error) }
        let named = workspaces.filter { $0.name.caseInsensitiveCompare(text) == .orderedSame }
        switch named.count {
        case 1: return (.group(named[0].id), named[0].name)
        case 0: throw ToolError("no workspace named \"\(text)\" that this identity sees; list_workspaces lists them")
        default: throw ToolError("\(named.count) workspaces are named \"\(text)\"; give the id of one: " + named.map(\.id).joined(separator: ", "))
        }
    }

    static func isGUID(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 36 else { return false }
        for (index, scalar) in scalars.enumerated() {
            if [8, 13, 18, 23].contains(index) { guard scalar == "-" else { return false } } else { guard scalar.properties.isASCIIHexDigit else { return false } }
        }
        return true
    }
}
