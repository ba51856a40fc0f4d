import Foundation
import Logging
import MCP
import PowerBI
import Tokens

/// What the tools work with: the session's client, the context in force, and where each call is recorded.
public struct MCPContext: Sendable {
    public let client: PowerBIClient
    /// The profile in force (`--profile`), for `whoami`.
    public let profile: String?
    /// `$XDG_STATE_HOME/pbitui/mcp-audit.jsonl`: one line per call (nil: not recorded).
    public let auditPath: String?
    /// Where the tenant stores are (`$XDG_DATA_HOME/pbitui`), for `lineage` and `query_store`.
    public let storeFolder: String?
    public let now: @Sendable () -> Date

    public init(client: PowerBIClient, profile: String?, auditPath: String?, storeFolder: String?, now: @escaping @Sendable () -> Date = Date.init) {
        self.client = client
        self.profile = profile
        self.auditPath = auditPath
        self.storeFolder = storeFolder
        self.now = now
    }
}

/// `pbitui mcp`: the Model Context Protocol server on stdio (protocol 2025-11-25, over
/// `modelcontextprotocol/swift-sdk`). Standard output carries protocol messages only; a malformed line gets
/// a JSON-RPC error and the server goes on (the SDK's transport); each call runs in its own task.
public enum PbituiMCP {
    public static func serve(_ context: MCPContext, version: String) async throws {
        let server = Server(name: "pbitui", version: version, title: "pbitui: Power BI through the same safe client",
                            instructions: "Read tools over the signed-in Power BI tenant. Workspaces and datasets are named by id or by name.",
                            capabilities: .init(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: MCPTools.all) }
        await server.withMethodHandler(CallTool.self) { params in await call(params.name, params.arguments, context) }
        let logger = Logger(label: "pbitui.mcp", factory: { _ in SwiftLogNoOpLogHandler() })
        try await server.start(transport: StdioTransport(logger: logger))
        await server.waitUntilCompleted()
    }

    /// One tool call: its answer as structured content and the same JSON as text, or a tool error with the
    /// command line's words; recorded in the audit file either way.
    static func call(_ name: String, _ arguments: [String: Value]?, _ context: MCPContext) async -> CallTool.Result {
        let started = context.now()
        let outcome: Result<JSONValue, ToolError>
        do throws(ToolError) {
            outcome = .success(try await ReadTools.run(name, arguments, context))
        } catch {
            outcome = .failure(error)
        }
        audit(name, arguments, outcome, started: started, context)
        switch outcome {
        case let .success(json):
            return CallTool.Result(content: [.text(text: json.serialized(pretty: false), annotations: nil, _meta: nil)],
                                   structuredContent: Optional<Value>.some(MCPValue.value(json)), isError: false)
        case let .failure(error):
            return CallTool.Result(content: [.text(text: error.message, annotations: nil, _meta: nil)], isError: true)
        }
    }

    /// Appends the call to the audit file: when, which tool, its arguments, whether it failed. Arguments are
    /// names and ids, never secrets (no tool takes one).
    static func audit(_ name: String, _ arguments: [String: Value]?, _ outcome: Result<JSONValue, ToolError>, started: Date, _ context: MCPContext) {
        guard let path = context.auditPath else { return }
        var members: [(key: String, value: JSONValue)] = [("time", .string(ISO8601DateFormatter().string(from: started))), ("tool", .string(name)),
                                                          ("arguments", MCPValue.json(.object(arguments ?? [:])))]
        if case let .failure(error) = outcome { members.append(("error", .string(error.message))) } else { members.append(("ok", .bool(true))) }
        let line = JSONValue.object(JSONObject(members)).serialized(pretty: false) + "\n"
        AuditFile.append(line, to: path)
    }
}

/// A tool that could not answer: the words the command line would print (with the service's code and
/// RequestId where there was an answer).
struct ToolError: Error, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
    init(_ error: PowerBIError) { message = error.description }
}

/// The audit file: appended with O_APPEND, created 0600 with its folder.
enum AuditFile {
    static func append(_ line: String, to path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}
