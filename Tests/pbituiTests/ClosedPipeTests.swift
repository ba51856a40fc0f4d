import Foundation
import Testing

/// A reader that leaves early (`pbitui ls … | head -3`) ends pbitui quietly: status 141 (SIGPIPE) or 0,
/// no trap, no backtrace on stderr.
@Suite(.serialized) struct ClosedPipeTests {
    /// Runs `pbitui ARGS | READER` in bash and returns pbitui's own exit status and its stderr.
    func pipe(_ arguments: [String], into reader: String, _ simulator: SimulatorProcess) async throws -> (status: Int32, stderr: String) {
        let command = ([Binary.path] + arguments + simulator.connectionArguments).map(shellQuote).joined(separator: " ")
        let script = "\(command) 2>\"$ERR\" | \(reader); echo \"status=${PIPESTATUS[0]}\"; cat \"$ERR\""
        let errFile = Binary.scratch + "/pipe-err-\(UUID().uuidString.prefix(8))"
        let result = try await Binary.run([], environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret, "ERR": errFile],
                                          timeout: 60, executable: "/bin/bash", arguments: ["-c", script], runTimeout: 60)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let statusLine = lines.first { $0.hasPrefix("status=") } ?? "status=-1"
        let status = Int32(statusLine.dropFirst("status=".count)) ?? -1
        let stderr = lines.drop { !$0.hasPrefix("status=") }.dropFirst().joined(separator: "\n")
        return (status, stderr)
    }

    func shellQuote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @Test func everyNetworkedCommandEndsQuietlyWhenItsReaderLeaves() async throws {
        let simulator = try await SimulatorProcess.start(arguments: ["--workspaces", "2000"])
        defer { simulator.stop() }
        let cases: [([String], String)] = [
            (["ls", "workspaces", "--output", "json"], "head -c 10 >/dev/null"),   // far more than a pipe holds
            (["ls", "workspaces"], "head -3 >/dev/null"),
            (["ls", "datasets", "--workspace", "Sales Analytics"], "true"),
            (["api", "GET", "/groups?$top=2000"], "head -1 >/dev/null"),
            (["token"], "true"),
            (["token", "--raw"], "true"),
            (["token", "--output", "json"], "true"),
        ]
        for (arguments, reader) in cases {
            let (status, stderr) = try await pipe(arguments, into: reader, simulator)
            #expect(status == 141 || status == 0, "\(arguments) | \(reader): status \(status)\n\(stderr)")
            #expect(!stderr.contains("Fatal error"), "\(arguments): \(stderr)")
            #expect(!stderr.contains("Broken pipe"), "\(arguments): \(stderr)")
            #expect(stderr.split(separator: "\n").count <= 2, "\(arguments): no backtrace\n\(stderr)")
        }
    }
}
