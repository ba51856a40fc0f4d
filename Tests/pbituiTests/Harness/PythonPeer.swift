import Foundation

/// A peer written in Python that no one here wrote (MSAL, the MCP SDK, openapi-spec-validator), driven by a
/// script in Tests/Interop. `.ci/run` installs the modules; elsewhere the suites are skipped with a message
/// when a module is missing, and under `CI=true` they run and fail instead.
struct PythonPeer: Sendable {
    /// What the script imports, as `import` takes it (`msal, requests`).
    let modules: String
    /// The script's file name in Tests/Interop.
    let script: String

    var isInstalled: Bool { (try? Spawn.run(["python3", "-c", "import " + modules], captureOutput: false).status) == 0 }
    var shouldRun: Bool { isInstalled || TmuxSession.isCI }

    /// Runs the script with `arguments` and gives back what it printed.
    func run(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval) async throws -> Binary.Result {
        // Tests/pbituiTests/Harness/PythonPeer.swift → Tests/Interop/SCRIPT
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop/" + script).path
        return try await Binary.run([], environment: environment, timeout: 0, executable: "/usr/bin/env", arguments: ["python3", path] + arguments,
                                    runTimeout: timeout)
    }

    static let msal = PythonPeer(modules: "msal, requests", script: "msal_interop.py")
    static let mcp = PythonPeer(modules: "mcp.client.stdio", script: "mcp_interop.py")
    static let connectorValidator = PythonPeer(modules: "openapi_spec_validator, jsonschema", script: "validate_connector.py")
}
