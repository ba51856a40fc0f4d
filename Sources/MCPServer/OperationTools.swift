import APIDescriptions
import Automate
import Foundation
import HTTPCore
import MCP
import PowerBI
import Tokens

/// `call_operation` and `four_ways`: any operation of the Power BI REST API by its id, its arguments checked
/// as `pbitui call` checks them before anything is sent; and the four ways to make it from Power Automate.
enum OperationTools {
    /// The most rows of a `value` list an answer gives back, and the most characters of a body that is not JSON.
    static let maximumValues = 1000
    static let maximumText = 100_000

    static func operation(_ arguments: [String: Value]?, key: String = "operation_id") throws(ToolError) -> APIOperation {
        guard let id = MCPValue.text(arguments, key), !id.isEmpty else { throw ToolError("\(key): an operation id; search_operations finds them") }
        guard let operation = OperationCatalogue.powerBI.operation(id: id) else {
            throw ToolError("no operation \(id) in the Power BI REST API; search_operations finds their ids")
        }
        return operation
    }

    /// `parameters` as name and text pairs: a string as it is, a number or a truth value as its JSON text.
    static func pairs(_ arguments: [String: Value]?) throws(ToolError) -> [(String, String)] {
        guard let given = arguments?["parameters"], given != .null else { return [] }
        guard case let .object(object) = given else { throw ToolError("parameters: an object of parameter names and values") }
        var pairs: [(String, String)] = []
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            switch value {
            case let .string(text): pairs.append((name, text))
            case let .int(number): pairs.append((name, String(number)))
            case let .bool(flag): pairs.append((name, flag ? "true" : "false"))
            case let .double(number): pairs.append((name, MCPValue.json(.double(number)).serialized(pretty: false)))
            default: throw ToolError("parameters.\(name): a string, a number or true/false")
            }
        }
        return pairs
    }

    /// `body`: a JSON object or array, or JSON text.
    static func body(_ arguments: [String: Value]?) throws(ToolError) -> Data? {
        switch arguments?["body"] {
        case nil, .null?: return nil
        case let .string(text)?:
            guard (try? JSONValue.parse(Data(text.utf8))) != nil else { throw ToolError("body: not JSON") }
            return Data(text.utf8)
        case let value?: return Data(MCPValue.json(value).serialized(pretty: false).utf8)
        }
    }

    /// The call with its arguments checked; a name given where an id goes (a workspace, dataset, report,
    /// dashboard or dataflow) is looked up first, an id used as given.
    static func checked(_ operation: APIOperation, _ arguments: [String: Value]?, _ client: PowerBIClient) async throws(ToolError) -> OperationCall {
        let body = try body(arguments)
        var pairs = try pairs(arguments)
        do throws(CallArgumentError) { _ = try operation.call(pairs, body: body) } catch { throw ToolError(error.message) }
        pairs = try await NamedIds.resolve(pairs, operation: operation, client: client)
        do throws(CallArgumentError) { return try operation.call(pairs, body: body) } catch { throw ToolError(error.message) }
    }

    static func call(_ arguments: [String: Value]?, _ context: MCPContext, confirm: @Sendable (String) async -> Confirmation) async throws(ToolError) -> JSONValue {
        let operation = try operation(arguments)
        if operation.changesSomething, context.writes == .off {
            throw ToolError("\(operation.operationId) is a \(operation.method) that changes something, and writes are off: "
                            + "call_operation sends reads only unless the server starts with pbitui mcp --allow-writes")
        }
        let call = try await checked(operation, arguments, context.client)
        if operation.changesSomething, let answer = try WriteTools.notSent(await confirm("Send \(operation.method) \(call.path) (\(operation.operationId))?")) {
            return answer
        }
        let client = context.client
        let relative = call.path.hasPrefix(client.basePath + "/") ? String(call.path.dropFirst(client.basePath.count)) : call.path
        let response: HTTPCore.HTTPResponse
        do throws(PowerBIError) {
            response = try await client.send(operation.method, relative, query: call.queryItems, body: call.body,
                                             headers: HTTPHeaders(call.headers.map { HTTPHeaders.HTTPField(name: $0.key, value: $0.value) }))
        } catch {
            throw ToolError(error)
        }
        return answer(response, sent: operation.changesSomething)
    }

    /// The answer: its status, RequestId and body (JSON as sent, a `value` list cut at ``maximumValues``).
    static func answer(_ response: HTTPCore.HTTPResponse, sent: Bool) -> JSONValue {
        let requestId = response.headers["RequestId"] ?? response.headers["x-ms-request-id"]
        var truncated = false
        var body: JSONValue = .null
        if response.body.isEmpty {
            body = .null
        } else if let json = try? JSONValue.parse(response.body) {
            body = json
            if case var .object(object) = json, case let .array(values)? = object["value"], values.count > maximumValues {
                object.insert("value", .array(Array(values.prefix(maximumValues))))
                body = .object(object)
                truncated = true
            }
        } else {
            let text = response.bodyText
            truncated = text.count > maximumText
            body = .string(String(text.prefix(maximumText)))
        }
        var members: [(key: String, value: JSONValue)] = [("status", .int(response.status)), ("request_id", requestId.map(JSONValue.string) ?? .null),
                                                          ("body", body), ("truncated", .bool(truncated))]
        if sent { members.insert(("sent", true), at: 0) }
        return .object(JSONObject(members))
    }

    /// The four ways to make the call from Power Automate or Logic Apps, each with its verdict for this
    /// identity, its reasons and the files `pbitui automate` would write (their contents; no secret in them).
    static func fourWays(_ arguments: [String: Value]?, _ context: MCPContext) async throws(ToolError) -> JSONValue {
        guard let text = MCPValue.text(arguments, "operation"), !text.isEmpty else {
            throw ToolError("operation: an operation id (Datasets_RefreshDatasetInGroup) or 'METHOD PATH'")
        }
        let call: AutomateCall
        if text.contains(" ") {
            let body = try body(arguments).flatMap { try? JSONValue.parse($0) }
            let built: AutomateCall?
            do throws(PowerBIError) { built = try AutomateCall.powerBIPath(text, body: body, cloud: context.cloud) } catch { throw ToolError(error) }
            guard let built else { throw ToolError("operation: '\(text)' is neither an operation id nor 'METHOD PATH'") }
            call = built
        } else {
            let operation = try operation(arguments, key: "operation")
            let checked = try await checked(operation, arguments, context.client)
            guard let built = AutomateCall.operation(operation, checked, description: OperationCatalogue.powerBI, root: context.cloud.apiRoot,
                                                     audience: context.cloud.powerBIResource, authorityHost: context.cloud.authorityHost) else {
                throw ToolError("\(operation.operationId): the path does not make a URL")
            }
            call = built
        }
        let identity = await AutomateTrying.identity(of: context.client)
        let ways = AutomateAdvisor.advise(call, identity: identity).map { advice -> JSONValue in
            let files = AutomateFiles.files(advice.way, calls: [call], identity: identity)
            return .object(JSONObject([
                ("way", .int(advice.way.rawValue)), ("title", .string(advice.way.title)), ("verdict", .string(advice.verdict.rawValue)),
                ("reasons", .array(advice.reasons.map(JSONValue.string))), ("pros", .array(advice.way.pros.map(JSONValue.string))),
                ("cons", .array(advice.way.cons.map(JSONValue.string))),
                ("files", .array(files.map { .object(JSONObject([("name", .string($0.name)), ("content", .string($0.text))])) })),
            ]))
        }
        return .object(JSONObject([("call", .string(call.label)), ("method", .string(call.method)), ("url", .string(call.url.absoluteString)),
                                   ("ready_made", AutomateAdvisor.readyMade(call).map(JSONValue.string) ?? .null), ("ways", .array(ways))]))
    }
}

/// Names given where ids go, looked up as the command line looks them up: the workspace first (`groupId`,
/// `workspaceId`), then datasets, reports, dashboards and dataflows in it; an id (a GUID) is used as given.
enum NamedIds {
    static func kind(of parameter: String) -> ItemKind? {
        switch parameter.lowercased() {
        case "datasetid": .datasets
        case "reportid": .reports
        case "dashboardid": .dashboards
        case "dataflowid": .dataflows
        default: nil
        }
    }

    static func parameter(_ name: String, of operation: APIOperation) -> APIParameter? {
        let bare = name.hasPrefix("$") ? String(name.dropFirst()) : name
        return operation.parameters.first { ($0.name.hasPrefix("$") ? String($0.name.dropFirst()) : $0.name).caseInsensitiveCompare(bare) == .orderedSame }
    }

    static func resolve(_ pairs: [(String, String)], operation: APIOperation, client: PowerBIClient) async throws(ToolError) -> [(String, String)] {
        var resolved = pairs
        var scope = WorkspaceScope.my
        var place = "My workspace"
        for (index, (name, value)) in pairs.enumerated() {
            guard let parameter = parameter(name, of: operation), ["groupid", "workspaceid"].contains(parameter.name.lowercased()) else { continue }
            let found = try await WorkspaceLookup.scope(value, client)
            guard case let .group(id) = found.scope else { throw ToolError("\(parameter.name): My workspace has no id; use the operation without InGroup") }
            (scope, place) = (found.scope, found.name)
            resolved[index].1 = id
        }
        for (index, (name, value)) in pairs.enumerated() where !WorkspaceLookup.isGUID(value) {
            guard let parameter = parameter(name, of: operation), let kind = kind(of: parameter.name) else { continue }
            let objects: [JSONValue]
            do throws(PowerBIError) { objects = try await client.itemObjects(kind, in: scope) } catch { throw ToolError(error) }
            let named = objects.filter { kind.spec.name(of: $0).caseInsensitiveCompare(value) == .orderedSame }.compactMap(kind.spec.id(of:))
            switch named.count {
            case 1: resolved[index].1 = named[0]
            case 0: throw ToolError("no \(kind.artifact.rawValue) named \"\(value)\" in \(place); list_items lists them")
            default: throw ToolError("\(named.count) \(kind.rawValue) in \(place) are named \"\(value)\"; give the id of one: " + named.joined(separator: ", "))
            }
        }
        return resolved
    }
}
