import Foundation
import Testing

/// `:ctx` end to end: two profiles of `config.toml` pointing at two demo tenants; switching signs in with
/// the other profile, the header names the context, and switching back finds the place left.
@Suite(.serialized, .enabled(if: TmuxSession.shouldRun, "tmux is not installed: end-to-end UI tests skipped (they fail under CI=true)"))
struct ContextUITests {
    @Test func twoProfilesOnTwoDemoTenantsKeepTheirPlaces() async throws {
        guard TmuxSession.require() else { return }
        let alpha = try await SimulatorProcess.start(arguments: ["--workspaces", "12", "--schedule-seconds", "0"])
        defer { alpha.stop() }
        let beta = try await SimulatorProcess.start(arguments: ["--workspaces", "3", "--seed", "7", "--schedule-seconds", "0"])
        defer { beta.stop() }
        let home = Binary.scratch + "/ctx-ui-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home + "/config/pbitui", withIntermediateDirectories: true)
        func profile(_ name: String, _ simulator: SimulatorProcess) -> String {
            """
            [profiles.\(name)]
            auth = "client-secret"
            tenant = "\(simulator.tenantId)"
            client_id = "\(simulator.clientId)"
            authority_host = "\(simulator.authorityHost)"
            api_root = "\(simulator.apiRoot)"
            client_secret_env = "\(name.uppercased())_SECRET"

            """
        }
        try ("default_profile = \"alpha\"\n\n" + profile("alpha", alpha) + profile("beta", beta))
            .write(toFile: home + "/config/pbitui/config.toml", atomically: true, encoding: .utf8)
        let tmux = try TmuxSession(command: TmuxSession.commandLine([], environment: [
            "XDG_CONFIG_HOME": home + "/config", "XDG_STATE_HOME": home + "/state",
            "ALPHA_SECRET": alpha.clientSecret, "BETA_SECRET": beta.clientSecret,
        ]), width: 140, height: 30)
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)", timeout: 90), "alpha's tenant: \(tmux.screen())")
        #expect(tmux.screen().contains("ctx alpha"), "\(tmux.screen())")
        try tmux.send("j", "j", "Enter")                 // Marketing Insights
        #expect(await tmux.waitFor("Marketing Insights ▸ Reports"), "\(tmux.screen())")
        try tmux.send(":ctx", "Enter")
        #expect(await tmux.waitFor("Contexts (2)"), "\(tmux.screen())")
        #expect(tmux.screen().contains("alpha (in use)") && tmux.screen().contains("beta"), "\(tmux.screen())")
        try tmux.send("j", "Enter")
        #expect(await tmux.waitFor("Workspaces (3)"), "beta's tenant: \(tmux.screen())")
        #expect(tmux.screen().contains("ctx beta") && tmux.screen().contains(beta.clientId), "\(tmux.screen())")
        try tmux.send(":ctx alpha", "Enter")
        #expect(await tmux.waitFor("Back in alpha"), "\(tmux.screen())")
        #expect(tmux.screen().contains("Marketing Insights ▸ Reports") && tmux.screen().contains("ctx alpha"), "the place left: \(tmux.screen())")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }
}
