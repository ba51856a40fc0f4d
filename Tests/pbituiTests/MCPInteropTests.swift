import Foundation
import Testing

/// The official Python MCP SDK (PyPI `mcp`) against `pbitui mcp --demo` (Tests/Interop/mcp_interop.py):
/// the handshake, the tools and their annotations, every read tool's answer, tool errors, the audit file,
/// and a malformed line answered with a parse error. `.ci/run` installs `mcp`; elsewhere the test is skipped
/// with a message when it is missing.
@Suite(.enabled(if: PythonPeer.mcp.shouldRun, "python3 with the mcp SDK is not installed (pip install mcp): MCP interop test skipped"))
struct MCPInteropTests {
    @Test func theOfficialPythonSDKTalksToPbituiMCP() async throws {
        guard PythonPeer.mcp.isInstalled else {
            Issue.record("the mcp SDK is not installed; .ci/run installs it with pip")
            return
        }
        let result = try await PythonPeer.mcp.run([Binary.path], timeout: 180)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("mcp interop: all checks passed"), "\(result.stdout)\(result.stderr)")
    }

    @Test func namesProgressAndCancellationAgainstTheSimulator() async throws {
        guard PythonPeer.mcp.isInstalled else {
            Issue.record("the mcp SDK is not installed; .ci/run installs it with pip")
            return
        }
        // Refreshes that never end in the test's time: the cancellation cannot race the refresh's end.
        let simulator = try await SimulatorProcess.start(arguments: ["--hostile-names", "--refresh-seconds", "100000"])
        defer { simulator.stop() }
        let result = try await PythonPeer.mcp.run([Binary.path, "--simulator"] + simulator.connectionArguments,
                                                  environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret], timeout: 180)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("mcp interop: all checks passed"), "\(result.stdout)\(result.stderr)")
    }
}
