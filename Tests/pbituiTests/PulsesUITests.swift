import Foundation
import Testing

/// `:pulses` end to end: the real binary in tmux against `pbitui simulator` with a fast refresh schedule;
/// `:watch` reloads until a scheduled refresh fails, and the toast says which.
@Suite(.serialized, .enabled(if: TmuxSession.shouldRun, "tmux is not installed: end-to-end UI tests skipped (they fail under CI=true)"))
struct PulsesUITests {
    @Test func aWatchSeesAScheduledRefreshFailAndRaisesTheToast() async throws {
        guard TmuxSession.require() else { return }
        let simulator = try await SimulatorProcess.start(arguments: ["--workspaces", "3", "--schedule-seconds", "6", "--refresh-seconds", "1"])
        defer { simulator.stop() }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(simulator.connectionArguments, environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret]),
                                   width: 140, height: 40)
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (3)", timeout: 90), "\(tmux.screen())")
        try tmux.send(":pulses", "Enter")
        #expect(await tmux.waitFor("admin refreshables"), "\(tmux.screen())")
        #expect(await tmux.waitFor("refreshables,"), "the load's summary: \(tmux.screen())")
        let first = tmux.screen()
        #expect(first.contains("STATUS ▲") && first.contains("Customer Master") && first.contains("Contoso Premium P1"), "dataflows too: \(first)")
        try tmux.send(":watch 5", "Enter")
        #expect(await tmux.waitFor("watching every 5 s"), "\(tmux.screen())")
        // A scheduled refresh fails every few seconds somewhere in these three workspaces; a reload finds it.
        #expect(await tmux.waitFor("Refresh failed: ", timeout: 90), "\(tmux.screen())")
        let screen = tmux.screen()
        // How long ago it started depends on when the reload came: "just now" or "N s ago".
        #expect((screen.contains("s ago") || screen.contains("just now")) && screen.contains("Failed"), "\(screen)")
        try tmux.send(":watch off", "Enter")
        #expect(await tmux.waitFor("Stopped watching"), "\(tmux.screen())")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }
}
