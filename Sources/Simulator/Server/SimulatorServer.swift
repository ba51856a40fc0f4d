import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Tokens

/// What a running simulator tells its clients: the JSON line of `pbitui simulator` (DESIGN.md §3).
public struct SimulatorInfo: Sendable {
    public let authorityHost: String
    public let apiRoot: String
    public let tenantId: String
    public let confidentialClientId: String
    public let confidentialClientSecret: String
    public let certificatePath: String?
    public let publicClientId: String
    public let users: [(username: String, password: String, mfa: Bool)]
    public let caFile: String?

    /// One line of JSON, as `pbitui simulator` prints once it listens.
    public var jsonLine: String {
        var confidential: [(key: String, value: JSONValue)] = [
            ("clientId", .string(confidentialClientId)), ("clientSecret", .string(confidentialClientSecret)),
        ]
        confidential.append(("certificatePath", certificatePath.map(JSONValue.string) ?? .null))
        var members: [(key: String, value: JSONValue)] = [
            ("authorityHost", .string(authorityHost)),
            ("apiRoot", .string(apiRoot)),
            ("tenantId", .string(tenantId)),
            ("confidentialClient", .object(JSONObject(confidential))),
            ("publicClient", ["clientId": .string(publicClientId)]),
            ("users", .array(users.map { ["username": .string($0.username), "password": .string($0.password), "mfa": .bool($0.mfa)] })),
        ]
        if let caFile { members.append(("caFile", .string(caFile))) }
        return JSONValue.object(JSONObject(members)).serialized()
    }
}

/// The demo tenant served over HTTP on loopback (Hummingbird).
///
/// ```swift
/// let simulator = try await SimulatorServer.start(SimulatorOptions())
/// print(simulator.info.apiRoot)      // http://127.0.0.1:PORT
/// await simulator.stop()
/// ```
public final class SimulatorServer: Sendable {
    public let info: SimulatorInfo
    public let core: SimulatorCore
    private let task: Task<Void, any Error>

    private init(info: SimulatorInfo, core: SimulatorCore, task: Task<Void, any Error>) {
        self.info = info
        self.core = core
        self.task = task
    }

    public enum StartError: Error, CustomStringConvertible {
        case notLoopback(String)
        case couldNotListen(String)

        public var description: String {
            switch self {
            case let .notLoopback(host): return "the simulator binds to loopback only; \(host) is not a loopback address"
            case let .couldNotListen(reason): return "the simulator could not listen: \(reason)"
            }
        }
    }

    /// Builds the tenant, binds, and returns once the server listens.
    public static func start(_ options: SimulatorOptions, signingKey: RSASigningKey? = nil) async throws -> SimulatorServer {
        guard ["127.0.0.1", "localhost", "::1"].contains(options.host) || options.host.hasPrefix("127.") else {
            throw StartError.notLoopback(options.host)
        }
        let core = SimulatorCore(options: options, signingKey: try signingKey ?? RSASigningKey.generate())
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 4 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let simRequest = SimRequest(
                method: request.method.rawValue, path: request.uri.path,
                query: SimForm.decode(request.uri.query ?? ""), headers: headers,
                body: Data(buffer: body))
            let answer = core.handle(simRequest)
            var fields = HTTPFields()
            for (name, value) in answer.headers {
                if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
            }
            return Response(status: .init(code: answer.status), headers: fields,
                            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let logger = Logger(label: "pbitui.simulator", factory: { _ in SwiftLogNoOpLogHandler() })
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger)
        let task = Task {
            defer { portContinuation.finish() }
            try await app.run()
        }
        var port = 0
        for await bound in portStream { port = bound }
        guard port > 0 else {
            let reason: String
            switch await task.result {
            case .success: reason = "the server stopped at once"
            case let .failure(error): reason = String(describing: error)
            }
            throw StartError.couldNotListen(reason)
        }
        let hostForURL = options.host.contains(":") ? "[\(options.host)]" : options.host
        let base = "http://\(hostForURL):\(port)"
        let tenant = core.tenant
        let info = SimulatorInfo(
            authorityHost: base, apiRoot: base, tenantId: tenant.tenantId,
            confidentialClientId: tenant.confidentialClient.clientId,
            confidentialClientSecret: tenant.confidentialClient.secret ?? "",
            certificatePath: nil,
            publicClientId: tenant.publicClient.clientId,
            users: tenant.users.map { ($0.username, $0.password, $0.requiresMFA) },
            caFile: nil)
        return SimulatorServer(info: info, core: core, task: task)
    }

    /// Stops serving and waits until the port is closed.
    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    /// Waits until the server stops by itself (it does not, unless it fails).
    public func wait() async throws {
        try await task.value
    }
}
