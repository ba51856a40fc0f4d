import Foundation
import Testing

/// Refreshing by keypress in the real binary, in tmux, against `pbitui simulator` (its refreshes take 3 s).
@Suite(.serialized, .enabled(if: TmuxSession.shouldRun, "tmux is not installed: end-to-end UI tests skipped (they fail under CI=true)"))
struct RefreshUITests {
    func refreshPosts(_ simulator: SimulatorProcess) throws -> Int {
        let stats = try Spawn.run(["curl", "-s", simulator.apiRoot + "/_simulator/stats"], captureOutput: true).output
        let json = try JSONSerialization.jsonObject(with: Data(stats.utf8)) as? [String: Any]
        return json?["refreshPosts"] as? Int ?? -1
    }

    @Test func rConfirmsThenFollowsTheRefreshFromUnknownToCompleted() async throws {
        guard TmuxSession.require() else { return }
        // Forty seconds: a look (the first comes 0.5 s after the POST) must land while the refresh runs, even
        // on a busy machine (with 3 s, 6 s and once with 10 s while both cores built a release, every look came
        // after the end and never saw "Unknown").
        let simulator = try await SimulatorProcess.start(arguments: ["--refresh-seconds", "40"])
        defer { simulator.stop() }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(simulator.connectionArguments,
                                                                    environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Sales Analytics"), "\(tmux.screen())")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("Reports (6)"), "\(tmux.screen())")
        try tmux.send("Tab")
        #expect(await tmux.waitFor("Datasets (6)"), "\(tmux.screen())")
        try tmux.send("r")
        #expect(await tmux.waitFor("Refresh dataset?"), "\(tmux.screen())")
        try tmux.send("y")
        #expect(await tmux.waitFor("Unknown (running)"), "\(tmux.screen())")
        #expect(await tmux.waitFor("Refresh of Sales Model completed", timeout: 180), "\(tmux.screen())")
        #expect(tmux.screen().contains("Completed"))
        // A second r on the finished refresh asks again; n sends nothing.
        try tmux.send("r")
        #expect(await tmux.waitFor("Refresh dataset?"))
        try tmux.send("n")
        #expect(await tmux.waitFor("Nothing was refreshed"), "\(tmux.screen())")
        #expect(try refreshPosts(simulator) == 1, "one keypress, one POST")

        // The failing dataset shows its serviceExceptionJson error code.
        for _ in 0..<5 { try tmux.send("j") }
        try tmux.send("r")
        #expect(await tmux.waitFor("Refresh dataset?"))
        try tmux.send("Enter")
        #expect(await tmux.waitFor("ModelRefreshFailed_CredentialsNotSpecified"), "\(tmux.screen())")
        #expect(try refreshPosts(simulator) == 2)
        // The details show the new history row.
        try tmux.send("Enter")
        try tmux.send("Tab")
        #expect(await tmux.waitFor("ViaApi"), "\(tmux.screen())")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }

    @Test func readOnlyModeRefusesToRefresh() async throws {
        guard TmuxSession.require() else { return }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo", "--read-only"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Sales Analytics"), "\(tmux.screen())")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("Reports (6)"), "\(tmux.screen())")
        try tmux.send("Tab")
        #expect(await tmux.waitFor("Datasets (6)"), "\(tmux.screen())")
        #expect(!tmux.screen().contains("r refresh"))
        try tmux.send("r")
        #expect(await tmux.waitFor("Read-only mode"), "\(tmux.screen())")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }
}
