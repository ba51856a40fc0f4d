import EntraAuth
import Foundation
import HTTPCore

/// Finds the built `pbitui` binary: `PBITUI_BIN`, else next to the test bundle, else `.build/debug`.
enum Binary {
    static let path: String = {
        if let explicit = ProcessInfo.processInfo.environment["PBITUI_BIN"] { return explicit }
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidates = [bundleDirectory.appendingPathComponent("pbitui").path]
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("pbitui").path)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/pbitui").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    /// A private folder for this test process's cache, config and state.
    static let scratch: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pbitui-tests-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs the binary to completion (killed after `timeout` seconds) and collects its output. The waiting
    /// happens on a Dispatch thread: a test blocked on the cooperative pool (2 threads here) starves every
    /// async test running beside it.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
                    timeout: TimeInterval = 60) async throws -> Result {
        try await run(arguments, environment: environment, stdin: stdin, timeout: timeout, executable: path,
                      arguments: arguments, runTimeout: timeout)
    }

    /// Runs any program the same way (for helper scripts that drive the binary themselves).
    static func run(_ unused: [String], environment: [String: String], stdin: String? = nil, timeout: TimeInterval,
                    executable: String, arguments: [String], runTimeout: TimeInterval) async throws -> Result {
        try await OffPool.run {
            try blockingRun(environment: environment, stdin: stdin, executable: executable, arguments: arguments, timeout: runTimeout)
        }
    }

    private static func blockingRun(environment: [String: String], stdin: String?, executable: String,
                                    arguments: [String], timeout: TimeInterval) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        for key in ["AZURE_CLIENT_SECRET", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_AUTHORITY_HOST", "NO_COLOR", "PBITUI_THEME"] { env[key] = nil }
        // Tests never read or write the real user's token cache or config.
        env["XDG_CACHE_HOME"] = Binary.scratch + "/cache"
        env["XDG_CONFIG_HOME"] = Binary.scratch + "/config"
        env["XDG_STATE_HOME"] = Binary.scratch + "/state"
        // Times are local with the zone named: one zone, whatever the machine's.
        env["TZ"] = "UTC"
        env.merge(environment) { _, new in new }
        let child = try ChildProcess.spawn(executable, arguments, environment: env, pipeStdin: true)
        if let stdin { child.stdin?.write(Data(stdin.utf8)) }
        try? child.stdin?.close()
        let outData = ReadAll(child.stdout!), errData = ReadAll(child.stderr!)
        let status = DispatchSemaphore(value: 0)
        let exit = ExitCode()
        Thread.detachNewThread {
            exit.value = child.waitForExit()
            status.signal()
        }
        if status.wait(timeout: .now() + timeout) == .timedOut {
            child.send(SIGKILL)
            status.wait()
        }
        return Result(status: exit.value, stdout: outData.wait(), stderr: errData.wait())
    }
}

final class ExitCode: @unchecked Sendable { var value: Int32 = -1 }

/// Reads a pipe to its end on a background thread, so that a full pipe never blocks the child.
final class ReadAll: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// The output once the pipe closed; after `timeout` seconds (a grandchild holding the pipe open)
    /// a note saying so, so that a test fails instead of hanging.
    func wait(timeout: TimeInterval = 30) -> String {
        guard done.wait(timeout: .now() + timeout) == .success else { return "(output not closed within \(Int(timeout)) s)" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Runs blocking work on a Dispatch thread and awaits it, leaving the cooperative pool free.
enum OffPool {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}

/// `pbitui simulator` running in the background for a test.
final class SimulatorProcess: @unchecked Sendable {
    /// Starts the simulator and waits for its JSON line off the cooperative pool.
    static func start(arguments: [String] = []) async throws -> SimulatorProcess {
        try await OffPool.run { try SimulatorProcess(arguments: arguments) }
    }

    let child: ChildProcess
    let info: [String: Any]

    init(arguments: [String] = []) throws {
        child = try ChildProcess.spawn(Binary.path, ["simulator"] + arguments, environment: ProcessInfo.processInfo.environment,
                                       pipeStderr: false)
        var line = Data()
        let handle = child.stdout!
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty || byte == Data([0x0A]) { break }
            line.append(byte)
        }
        guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any] else {
            child.send(SIGKILL)
            _ = child.waitForExit()
            throw CocoaError(.coderReadCorrupt)
        }
        info = object
    }

    var authorityHost: String { info["authorityHost"] as! String }
    var apiRoot: String { info["apiRoot"] as! String }
    var tenantId: String { info["tenantId"] as! String }
    var clientId: String { (info["confidentialClient"] as! [String: Any])["clientId"] as! String }
    var clientSecret: String { (info["confidentialClient"] as! [String: Any])["clientSecret"] as! String }
    var certificatePath: String { (info["confidentialClient"] as! [String: Any])["certificatePath"] as! String }
    var publicClientId: String { (info["publicClient"] as! [String: Any])["clientId"] as! String }
    /// The demo users as (username, password, mfa).
    var users: [(username: String, password: String, mfa: Bool)] {
        (info["users"] as! [[String: Any]]).map { ($0["username"] as! String, $0["password"] as! String, $0["mfa"] as! Bool) }
    }

    /// The connection flags for the confidential client (the secret goes in the environment).
    var connectionArguments: [String] {
        ["--authority-host", authorityHost, "--api-root", apiRoot, "--tenant", tenantId, "--client-id", clientId]
    }

    private var stopped = false

    func stop() {
        guard !stopped else { return }
        stopped = true
        child.send(SIGINT)
        _ = child.waitForExit()
    }

    deinit {
        if !stopped { child.send(SIGKILL); _ = child.waitForExit() }
    }
}

extension SimulatorProcess {
    /// Writes an OpenAPI 3 description (YAML) of a loopback API: the simulator's own `GET /groups` at its
    /// host, its audience Power BI's by the description's OAuth2 scope. Returns its path.
    func loopbackSpec(title: String, operationId: String) throws -> String {
        let root = URL(string: apiRoot)
        let path = Binary.scratch + "/loopback-\(UUID().uuidString.prefix(6)).yaml"
        try """
            openapi: 3.0.3
            info: { title: \(title), version: "1" }
            servers: [{ url: "http://\(root?.host ?? "127.0.0.1"):\(root?.port ?? 80)/v1.0/myorg" }]
            components:
              securitySchemes:
                entra: { type: oauth2, flows: { clientCredentials: { tokenUrl: "https://login.example/token",
                         scopes: { "https://analysis.windows.net/powerbi/api/.default": all } } } }
            paths:
              /groups:
                get:
                  operationId: \(operationId)
                  summary: The groups, through another API's description
                  parameters: [{ name: $top, in: query, schema: { type: integer } }]
                  responses: { "200": { description: OK } }
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
