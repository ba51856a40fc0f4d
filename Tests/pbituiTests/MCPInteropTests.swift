import Foundation
import Testing

/// The official Python MCP SDK (PyPI `mcp`) against `pbitui mcp --demo` (Tests/Interop/mcp_interop.py):
/// the handshake, the tools and their annotations, every read tool's answer, tool errors, the audit file,
/// and a malformed line answered with a parse error. `.ci/run` installs `mcp`; elsewhere the test is skipped
/// with a message when it is missing.
enum MCPAvailability {
    static let hasSDK: Bool = (try? Spawn.run(["python3", "-c", "import mcp.client.stdio"], captureOutput: false).status) == 0
    static var shouldRun: Bool { hasSDK || TmuxSession.isCI }
}

@Suite(.enabled(if: MCPAvailability.shouldRun, "python3 with the mcp SDK is not installed (pip install mcp): MCP interop test skipped"))
struct MCPInteropTests {
    @Test func theOfficialPythonSDKTalksToPbituiMCP() async throws {
        guard MCPAvailability.hasSDK else {
            Issue.record("the mcp SDK is not installed; .ci/run installs it with pip")
            return
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop/mcp_interop.py").path
        let result = try await Binary.run([], environment: [:], timeout: 0, executable: "/usr/bin/env",
                                          arguments: ["python3", script, Binary.path], runTimeout: 180)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("mcp interop: all checks passed"), "\(result.stdout)\(result.stderr)")
    }
}
