import APIDescriptions
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
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
    public let managedIdentityClientId: String
    public let identityHeader: String
    /// A secret of the confidential client that has expired (AADSTS7000222), to try what that looks like.
    public var expiredSecret: String?
    /// A service principal the tenant setting keeps out of Power BI (its calls answer 401).
    public var blockedClientId: String?
    public var blockedClientSecret: String?

    /// One line of JSON, as `pbitui simulator` prints once it listens.
    public var jsonLine: String {
        var confidential: [(key: String, value: JSONValue)] = [
            ("clientId", .string(confidentialClientId)), ("clientSecret", .string(confidentialClientSecret)),
        ]
        confidential.append(("certificatePath", certificatePath.map(JSONValue.string) ?? .null))
        if let expiredSecret { confidential.append(("expiredSecret", .string(expiredSecret))) }
        var members: [(key: String, value: JSONValue)] = [
            ("authorityHost", .string(authorityHost)),
            ("apiRoot", .string(apiRoot)),
            ("tenantId", .string(tenantId)),
            ("confidentialClient", .object(JSONObject(confidential))),
            ("publicClient", ["clientId": .string(publicClientId)]),
            ("users", .array(users.map { ["username": .string($0.username), "password": .string($0.password), "mfa": .bool($0.mfa)] })),
        ]
        if let blockedClientId, let blockedClientSecret {
            members.append(("blockedClient", ["clientId": .string(blockedClientId), "clientSecret": .string(blockedClientSecret),
                                              "note": "the tenant setting does not allow this service principal to use Power BI APIs"]))
        }
        if let caFile { members.append(("caFile", .string(caFile))) }
        members.append(("managedIdentity", ["clientId": .string(managedIdentityClientId), "identityHeader": .string(identityHeader),
                                            "imdsEndpoint": .string(apiRoot + "/metadata/identity/oauth2/token"),
                                            "identityEndpoint": .string(apiRoot + "/msi/token")]))
        return JSONValue.object(JSONObject(members)).serialized()
    }
}

/// The request context of the simulator's server: Hummingbird's basics plus the channel, so that a
/// `reset` fault can reset the connection.
struct SimulatorContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
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
    /// The temporary folder this server made for its key and CA files, removed when it stops.
    private let ownedDirectory: String?

    private init(info: SimulatorInfo, core: SimulatorCore, task: Task<Void, any Error>, ownedDirectory: String?) {
        self.info = info
        self.core = core
        self.task = task
        self.ownedDirectory = ownedDirectory
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
        // Which operations it does not model is read from the compiled-in description: read it while the
        // keys are made, not in the first request.
        Task.detached(priority: .utility) { _ = OperationCatalogue.powerBI.operations.count }
        let directory = try stateDirectory(options)
        // A folder made here (not one asked for with a state directory) goes when the server stops, or now
        // if it does not start: no private key is left in the temporary folder.
        let owned = options.stateDirectory == nil ? directory : nil
        do {
            return try await serve(options, signingKey: signingKey, directory: directory, owned: owned)
        } catch {
            if let owned { try? FileManager.default.removeItem(atPath: owned) }
            throw error
        }
    }

    private static func serve(_ options: SimulatorOptions, signingKey: RSASigningKey?, directory: String, owned: String?) async throws -> SimulatorServer {
        // Two RSA keys are made at every start; made side by side they cost one key's time, which is most
        // of what `pbitui --demo` waits for before its first frame.
        async let signingKeyTask: RSASigningKey = Task.detached { try signingKey ?? RSASigningKey.generate() }.value
        let certificates = try await Task.detached { try DemoCertificates.makeClient(name: "pbitui-automation") }.value
        let certificatePath = directory + "/confidential-client.pem"
        try writePrivate(certificates.clientPEM, to: certificatePath)
        var caFile: String?
        var server: HTTPServerBuilder = .http1()
        if options.tls {
            let material = try DemoCertificates.makeTLS()
            caFile = directory + "/ca.pem"
            try writePrivate(material.caPEM, to: caFile!)
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(material.serverCertificatePEM.utf8), format: .pem))],
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(material.serverKeyPEM.utf8), format: .pem)))
            server = try .tls(.http1(), tlsConfiguration: configuration)
        }
        let core = SimulatorCore(options: options, signingKey: try await signingKeyTask, certificates: certificates)
        let faults = options.faults.map { FaultInjector(plan: $0, seed: options.seed) }
        let responder = responder(core, faults: faults)
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let logger = Logger(label: "pbitui.simulator", factory: { _ in SwiftLogNoOpLogHandler() })
        let app = Application(
            responder: responder,
            server: server,
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
        let base = "\(options.tls ? "https" : "http")://\(hostForURL):\(port)"
        let tenant = core.tenant
        var info = SimulatorInfo(
            authorityHost: base, apiRoot: base, tenantId: tenant.tenantId,
            confidentialClientId: tenant.confidentialClient.clientId,
            confidentialClientSecret: tenant.confidentialClient.secret ?? "",
            certificatePath: certificatePath,
            publicClientId: tenant.publicClient.clientId,
            users: tenant.users.map { ($0.username, $0.password, $0.requiresMFA) },
            caFile: caFile,
            managedIdentityClientId: tenant.managedIdentity.clientId,
            identityHeader: tenant.identityHeader)
        info.expiredSecret = tenant.confidentialClient.expiredSecret
        info.blockedClientId = tenant.blockedClient.clientId
        info.blockedClientSecret = tenant.blockedClient.secret
        return SimulatorServer(info: info, core: core, task: task, ownedDirectory: owned)
    }

    /// Every request: its body read, a fault injected where the plan says, else the simulator's answer.
    private static func responder(_ core: SimulatorCore, faults: FaultInjector?) -> CallbackResponder<SimulatorContext> {
        CallbackResponder<SimulatorContext> { request, context in
            var request = request
            let body = try await request.collectBody(upTo: 4 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            // HTTP/1 Host arrives as the request's authority, not as a header field.
            if let authority = request.head.authority { headers["host"] = authority }
            let simRequest = SimRequest(
                method: request.method.rawValue, path: request.uri.path,
                query: SimForm.decode(request.uri.query ?? ""), headers: headers,
                body: Data(buffer: body))
            var answer: SimResponse
            // Power BI calls being answered at once, for benchmarks that prove a client's bound.
            let counted = simRequest.path.hasPrefix("/v1.0/")
            if counted { core.inFlight.enter() }
            defer { if counted { core.inFlight.leave() } }
            let fault = faults?.decide(path: simRequest.path)
            switch fault {
            case .reset?:
                // A real reset: SO_LINGER 0 makes close() send RST instead of FIN.
                if let socket = context.channel as? any SocketOptionProvider {
                    try? await socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
                }
                try? await context.channel.close()
                throw CancellationError()
            case .slow?:
                try await Task.sleep(for: faults?.plan.slowDelay ?? .seconds(2))
                answer = core.handle(simRequest)
            case let other?:
                answer = faults?.answer(for: other, path: simRequest.path) ?? core.handle(simRequest)
                if other == .malformed { answer = FaultInjector.malform(answer) }
            case nil:
                answer = simRequest.path == "/_simulator/stats" ? core.stats(faults: faults?.counts ?? [:]) : core.handle(simRequest)
            }
            var fields = HTTPFields()
            for (name, value) in answer.headers {
                if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
            }
            return Response(status: .init(code: answer.status), headers: fields,
                            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
    }

    /// The folder for the certificate and CA files: the one asked for, or a new private temporary folder.
    static func stateDirectory(_ options: SimulatorOptions) throws -> String {
        let path = options.stateDirectory ?? (NSTemporaryDirectory() + "pbitui-simulator-" + UUID().uuidString.prefix(8).lowercased())
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        return path
    }

    /// Writes a file readable by its owner only.
    static func writePrivate(_ text: String, to path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// Stops serving and waits until the port is closed.
    public func stop() async {
        task.cancel()
        _ = try? await task.value
        if let ownedDirectory { try? FileManager.default.removeItem(atPath: ownedDirectory) }
    }

    /// Waits until the server stops by itself (it does not, unless it fails).
    public func wait() async throws {
        try await task.value
    }
}
