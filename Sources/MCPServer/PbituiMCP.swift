import EntraAuth
import Foundation
import Logging
import MCP
import PowerBI
import Synchronization
import Tokens

/// What the tools work with: the session's client, the context in force, and where each call is recorded.
public struct MCPContext: Sendable {
    /// Each call gets its own copy, whose throttle waits it reports as progress.
    public var client: PowerBIClient
    /// The cloud whose hosts `four_ways` writes into the files (the public cloud under `--demo`).
    public let cloud: Cloud
    /// The profile in force (`--profile`), for `whoami`.
    public let profile: String?
    /// `$XDG_STATE_HOME/pbitui/mcp-audit.jsonl`: one line per call (nil: not recorded).
    public let auditPath: String?
    /// Where the tenant stores are (`$XDG_DATA_HOME/pbitui`), for `lineage` and `query_store`.
    public let storeFolder: String?
    /// Whether the write tools exist, and whether they ask first.
    public let writes: WritePolicy
    public let now: @Sendable () -> Date
    /// `run_dax`'s memory of which engine answered each dataset (`dax-engines.json`, shared with `pbitui dax` and
    /// the workbench; nil: the Arrow engine is asked every time).
    public let daxEngines: String?

    public init(client: PowerBIClient, cloud: Cloud = .public, profile: String?, auditPath: String?, storeFolder: String?,
                writes: WritePolicy = .off, daxEngines: String? = nil, now: @escaping @Sendable () -> Date = Date.init) {
        self.writes = writes
        self.daxEngines = daxEngines
        self.cloud = cloud
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
        let tools = context.writes == .off ? MCPTools.all
            : MCPTools.all.map { $0.name == "call_operation" ? MCPTools.callOperation(writes: true) : $0 } + MCPTools.writes
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: tools) }
        let confirm: @Sendable (String) async -> Confirmation = { [weak server] message in
            guard context.writes == .confirm else { return .accepted }
            guard let server else { return .cannotAsk("the server is stopping") }
            do {
                let answer = try await server.requestElicitation(message: message, requestedSchema: .init(properties: [:]))
                switch answer.action {
                case .accept: return .accepted
                case .decline: return .declined
                case .cancel: return .cancelled
                }
            } catch {
                return .cannotAsk(String(describing: error))
            }
        }
        await server.withMethodHandler(CallTool.self) { [weak server] params in
            let current = server
            let progress = ProgressReporter(token: params._meta?.progressToken) { notification in try? await current?.notify(notification) }
            return await call(params.name, params.arguments, forCall(context, progress: progress), confirm: confirm, progress: progress)
        }
        let logger = Logger(label: "pbitui.mcp", factory: { _ in SwiftLogNoOpLogHandler() })
        try await server.start(transport: StdioTransport(logger: logger))
        await server.waitUntilCompleted()
    }

    /// The context of one call: its own client, whose waits for a 429's `Retry-After` are reported as progress.
    static func forCall(_ context: MCPContext, progress: ProgressReporter) -> MCPContext {
        var own = context
        own.client.throttleObserver = { notice in
            Task { await progress.report("HTTP 429: the service asks to wait \(notice.seconds) s before \(notice.method) \(notice.path)") }
        }
        return own
    }

    /// One tool call: its answer as structured content and the same JSON as text, or a tool error with the
    /// command line's words; recorded in the audit file either way.
    static func call(_ name: String, _ arguments: [String: Value]?, _ context: MCPContext,
                     confirm: @Sendable (String) async -> Confirmation = { _ in .cannotAsk("no client") },
                     progress: ProgressReporter = ProgressReporter(token: nil) { _ in }) async -> CallTool.Result {
        let started = context.now()
        var outcome: Result<JSONValue, ToolError>
        do throws(ToolError) {
            if WriteTools.names.contains(name) {
                outcome = .success(try await WriteTools.run(name, arguments, context, confirm: confirm, progress: progress))
            } else if name == "call_operation" {
                outcome = .success(try await OperationTools.call(arguments, context, confirm: confirm))
            } else {
                outcome = .success(try await ReadTools.run(name, arguments, context))
            }
        } catch {
            outcome = .failure(error)
        }
        // `notifications/cancelled`: the SDK cancelled this task and sends no answer; the audit says so.
        if Task.isCancelled { outcome = .failure(ToolError.cancelled) }
        audit(name, arguments, outcome, started: started, ended: context.now(), context)
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
    static func audit(_ name: String, _ arguments: [String: Value]?, _ outcome: Result<JSONValue, ToolError>, started: Date, ended: Date,
                      _ context: MCPContext) {
        guard let path = context.auditPath else { return }
        var members: [(key: String, value: JSONValue)] = [("time", .string(ISO8601DateFormatter().string(from: started))), ("tool", .string(name)),
                                                          ("arguments", MCPValue.json(.object(arguments ?? [:])))]
        if case let .failure(error) = outcome, error.wasCancelled {
            members.append(("cancelled", true))
        } else if case let .failure(error) = outcome {
            members.append(("error", .string(error.message)))
            if let status = error.status { members.append(("status", .int(status))) }
            if let requestId = error.requestId { members.append(("request_id", .string(requestId))) }
        } else {
            members.append(("ok", .bool(true)))
        }
        members.append(("duration_ms", .int(max(0, Int(ended.timeIntervalSince(started) * 1000)))))
        let line = JSONValue.object(JSONObject(members)).serialized(pretty: false) + "\n"
        AuditFile.append(line, to: path)
    }
}

/// A tool that could not answer: the words the command line would print (with the service's code and
/// RequestId where there was an answer).
struct ToolError: Error, Sendable {
    let message: String
    /// The service's answer, when there was one (for the audit file).
    var status: Int?
    var requestId: String?
    /// The client cancelled the call (`notifications/cancelled`).
    var wasCancelled = false

    init(_ message: String) { self.message = message }

    static var cancelled: ToolError {
        var error = ToolError("cancelled by the client")
        error.wasCancelled = true
        return error
    }
    init(failure: DAXFailure) {
        message = failure.description
        status = failure.service?.status
        requestId = failure.service?.requestId
    }

    init(_ error: PowerBIError) {
        message = error.description
        requestId = error.requestId
        if case let .service(service) = error { status = service.status }
    }
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

/// Progress notifications for a call whose client asked for them (`_meta.progressToken`): each report a step
/// further, with what is happening in words (a 429's wait, a refresh's status). Without a token, nothing is sent.
struct ProgressReporter: Sendable {
    let token: ProgressToken?
    let send: @Sendable (Message<ProgressNotification>) async -> Void
    private let steps = Steps()

    private final class Steps: Sendable {
        let count = Mutex(0)
    }

    init(token: ProgressToken?, send: @escaping @Sendable (Message<ProgressNotification>) async -> Void) {
        self.token = token
        self.send = send
    }

    func report(_ message: String) async {
        guard let token else { return }
        let step = steps.count.withLock { count in
            count += 1
            return count
        }
        await send(ProgressNotification.message(.init(progressToken: token, progress: Double(step), message: message)))
    }
}
