import Foundation
import Testing

/// Microsoft's MSAL for Python against `pbitui simulator --tls` (Tests/Interop/msal_interop.py).
/// `.ci/run` installs msal; elsewhere the test is skipped with a message when msal is missing.
@Suite(.enabled(if: PythonPeer.msal.shouldRun, "python3 with msal is not installed (pip install msal): MSAL interop test skipped"))
struct MSALInteropTests {
    @Test func msalSignsInWithClientCredentialsAndDeviceCode() async throws {
        guard PythonPeer.msal.isInstalled else {
            Issue.record("msal is not installed; .ci/run installs it with pip")
            return
        }
        let result = try await PythonPeer.msal.run([Binary.path], timeout: 120)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("msal interop: all checks passed"), "\(result.stdout)\(result.stderr)")
    }
}
