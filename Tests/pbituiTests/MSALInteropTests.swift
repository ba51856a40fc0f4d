import Foundation
import Testing

/// Microsoft's MSAL for Python against `pbitui simulator --tls` (Tests/Interop/msal_interop.py).
/// `.ci/run` installs msal; elsewhere the test is skipped with a message when msal is missing.
enum MSALAvailability {
    static let hasMSAL: Bool = (try? Spawn.run(["python3", "-c", "import msal, requests"], captureOutput: false).status) == 0
    static var shouldRun: Bool { hasMSAL || TmuxSession.isCI }
}

@Suite(.enabled(if: MSALAvailability.shouldRun, "python3 with msal is not installed (pip install msal): MSAL interop test skipped"))
struct MSALInteropTests {
    @Test func msalSignsInWithClientCredentialsAndDeviceCode() async throws {
        guard MSALAvailability.hasMSAL else {
            Issue.record("msal is not installed; .ci/run installs it with pip")
            return
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop/msal_interop.py").path
        let result = try await Binary.run([], environment: [:], timeout: 0, executable: "/usr/bin/env",
                                    arguments: ["python3", script, Binary.path], runTimeout: 120)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("msal interop: all checks passed"), "\(result.stdout)\(result.stderr)")
    }
}
