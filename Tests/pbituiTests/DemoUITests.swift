import Foundation
import Testing

/// The full-screen UI in tmux (120x40) against the in-process demo tenant.
@Suite(.serialized, .enabled(if: TmuxSession.shouldRun, "tmux is not installed: end-to-end UI tests skipped (they fail under CI=true)"))
struct DemoUITests {
    @Test func demoShowsWorkspacesAndQuitsCleanly() async throws {
        guard TmuxSession.require() else { return }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Sales Analytics"), "\(tmux.screen())")
        #expect(await tmux.waitFor("Workspaces (10)"))
        #expect(tmux.screen().contains("販売分析 東京"))
        try tmux.send("j")
        try tmux.send("Down")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
        #expect(await tmux.waitFor("TERMINAL-RESTORED"), "\(tmux.screen())")
    }

    @Test func ctrlCRestoresTheTerminal() async throws {
        guard TmuxSession.require() else { return }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Sales Analytics"), "\(tmux.screen())")
        try tmux.send("C-c")
        #expect(await tmux.waitFor("EXIT=130"), "\(tmux.screen())")
        #expect(await tmux.waitFor("TERMINAL-RESTORED"))
    }

    @Test func sigtermRestoresTheTerminal() async throws {
        guard TmuxSession.require() else { return }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Sales Analytics"), "\(tmux.screen())")
        let pid = try #require(tmux.pbituiProcessID())
        kill(pid, SIGTERM)
        #expect(await tmux.waitFor("EXIT=143"), "\(tmux.screen())")
        #expect(await tmux.waitFor("TERMINAL-RESTORED"))
    }

    @Test func aFailedSignInIsShownNotCrashedOn() async throws {
        guard TmuxSession.require() else { return }
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(simulator.connectionArguments,
                                                                    environment: ["AZURE_CLIENT_SECRET": "wrong"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("AADSTS7000215"), "\(tmux.screen())")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
        #expect(await tmux.waitFor("TERMINAL-RESTORED"))
    }

    @Test func aMissingSecretIsAskedForWithoutEcho() async throws {
        guard TmuxSession.require() else { return }
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["ls", "workspaces"] + simulator.connectionArguments))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Client secret for \(simulator.clientId)"), "\(tmux.screen())")
        try tmux.send("-l", simulator.clientSecret)
        try tmux.send("Enter")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
        #expect(tmux.screen().contains("Vertrieb Österreich"))
        #expect(!tmux.screen().contains(simulator.clientSecret))
        #expect(await tmux.waitFor("TERMINAL-RESTORED"))
    }
}

/// The token inspector in the real binary, on the demo tenant.
@Suite(.serialized, .enabled(if: TmuxSession.shouldRun, "tmux is not installed: end-to-end UI tests skipped (they fail under CI=true)"))
struct InspectorUITests {
    @Test func tShowsTheVerifiedTokenAndHidesItUntilAsked() async throws {
        guard TmuxSession.require() else { return }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Sales Analytics"), "\(tmux.screen())")
        try tmux.send("t")
        #expect(await tmux.waitFor("✓ verified"), "\(tmux.screen())")
        #expect(tmux.screen().contains("App-only token"))
        #expect(tmux.screen().contains("Power BI REST API"))
        #expect(tmux.screen().contains("expires in"))
        for _ in 0..<60 { try tmux.send("j") }
        #expect(await tmux.waitFor("press v to reveal"), "\(tmux.screen())")
        try tmux.send("v")
        #expect(await tmux.waitFor("token eyJ"), "\(tmux.screen())")
        try tmux.send("Escape")
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }
}

/// Help and resizing in the real binary (issue #7's first pieces).
@Suite(.serialized, .enabled(if: TmuxSession.shouldRun, "tmux is not installed: end-to-end UI tests skipped (they fail under CI=true)"))
struct ResizeAndHelpUITests {
    @Test func resizingTo20x5AndBackKeepsTheState() async throws {
        guard TmuxSession.require() else { return }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send("j")
        try tmux.send("j")
        try tmux.tmux(["resize-window", "-t", tmux.name, "-x", "20", "-y", "5"], captureOutput: false)
        #expect(await tmux.waitFor("too small"), "\(tmux.screen())")
        try tmux.tmux(["resize-window", "-t", tmux.name, "-x", "120", "-y", "40"], captureOutput: false)
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send("?")
        #expect(await tmux.waitFor("Keys — Workspaces"), "\(tmux.screen())")
        #expect(tmux.screen().contains("Open the token inspector"))
        try tmux.send("Escape")
        try tmux.send("Enter")
        // The third workspace was still selected after the resize.
        #expect(await tmux.waitFor("Workspaces ▸ Marketing Insights"), "\(tmux.screen())")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }

    @Test func slashFiltersTheWorkspaceList() async throws {
        guard TmuxSession.require() else { return }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send("/")
        try tmux.send("-l", "vertrieb")
        #expect(await tmux.waitFor("(1 of 10 · /vertrieb)"), "\(tmux.screen())")
        #expect(!tmux.screen().contains("Sales Analytics"))
        try tmux.send("Enter")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("Workspaces ▸ Vertrieb Österreich"), "\(tmux.screen())")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }
}
