import Foundation
import HTTPCore
import Testing

/// A wait longer than 30 seconds is said at once on stderr, with its length, until when, and what to do;
/// nobody sits in front of a silent command for fifty minutes.
@Suite struct LongWaitTests {
    /// Reads the child's stderr line by line until `found` holds for one (returned) or the stream ends.
    static func line(of child: ChildProcess, where found: @escaping @Sendable (String) -> Bool) async throws -> String? {
        try await OffPool.run {
            var line = Data()
            while true {
                let byte = child.stderr!.readData(ofLength: 1)
                if byte.isEmpty { return nil }
                if byte == Data([0x0A]) || byte == Data([0x0D]) {
                    let text = String(decoding: line, as: UTF8.self)
                    if found(text) { return text }
                    line.removeAll()
                } else {
                    line.append(byte)
                }
            }
        }
    }

    @Test func aThrottledActivityDownloadSaysHowLongItWaitsAndWhatToDo() async throws {
        // Three calls an hour: the fourth page meets a 429 whose Retry-After is the rest of the hour.
        let simulator = try await SimulatorProcess.start(arguments: ["--activity-budget", "3"])
        defer { simulator.stop() }
        let day = String(Date().addingTimeInterval(-2 * 86_400).ISO8601Format().prefix(10))
        var environment = ProcessInfo.processInfo.environment
        environment["AZURE_CLIENT_SECRET"] = simulator.clientSecret
        environment["XDG_DATA_HOME"] = Binary.scratch + "/wait-\(UUID().uuidString.prefix(8))"
        let child = try ChildProcess.spawn(Binary.path, ["activity", "--from", day, "--to", day] + simulator.connectionArguments,
                                           environment: environment, pipeStdout: false, pipeStderr: true)
        // A bound for a hang, not a speed target: the announcement comes at the wait's start.
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { child.send(SIGKILL) }
        let said = try await Self.line(of: child) { $0.hasPrefix("pbitui: waiting") }
        child.send(SIGKILL)
        _ = try await OffPool.run { child.waitForExit() }
        let text = try #require(said, "no announcement of the wait")
        #expect(text.contains("for the service (429") && text.contains(", until "), "\(text)")
        #expect(text.contains("m ") || text.contains("h "), "its length in minutes: \(text)")
        #expect(text.contains("--resume") && text.contains("--from \(day) --to \(day)"), "what to do: \(text)")
    }
}

extension LongWaitTests {
    /// `pulses --check --watch` at a terminal: while nothing new fails, a heartbeat says when it checked and
    /// when it checks next, counting down.
    @Test func aWatchAtATerminalShowsAHeartbeat() async throws {
        guard TmuxSession.require() else { return }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["pulses", "--check", "--watch", "30", "--demo"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("workspaces checked at"), "\(tmux.screen())")
        #expect(await tmux.waitFor("next check in"), "\(tmux.screen())")
        #expect(!tmux.screen().contains("EXIT="), "the watch goes on: \(tmux.screen())")
    }
}
