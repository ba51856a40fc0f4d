import Foundation
import Testing

/// The Automate screen end to end: the real binary in tmux against the demo tenant.
@Suite(.serialized) struct AutomateUITests {
    @Test func aOnADatasetShowsTheFourWaysAndSavesOne() async throws {
        guard TmuxSession.require() else { return }
        let folder = Binary.scratch + "/automate-ui-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let tmux = try TmuxSession(command: "cd " + TmuxSession.shellQuote(folder) + " && " + TmuxSession.commandLine(["--demo"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send("Enter")                      // Sales Analytics
        #expect(await tmux.waitFor("Sales Model"), "\(tmux.screen())")
        try tmux.send("Tab")                        // the datasets
        #expect(await tmux.waitFor("LAST REFRESH"), "\(tmux.screen())")
        try tmux.send("A")
        #expect(await tmux.waitFor("Automate: POST https://api.powerbi.com/v1.0/myorg/groups/"), "\(tmux.screen())")
        #expect(await tmux.waitFor("Simplest:"), "\(tmux.screen())")
        #expect(tmux.screen().contains("1 works"))
        #expect(tmux.screen().contains("ActiveDirectoryOAuth") || tmux.screen().contains("1-http-service-principal.json"))
        try tmux.send("Right")
        #expect(await tmux.waitFor("2. HTTP action + user"), "\(tmux.screen())")
        try tmux.send("s")
        #expect(await tmux.waitFor("Saved way 2 to ./pbitui-automate"), "\(tmux.screen())")
        let saved = folder + "/pbitui-automate/2-http-user-password.json"
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(text.contains("grant_type=password"))
        #expect(FileManager.default.fileExists(atPath: folder + "/pbitui-automate/2-http-user-password-refresh-and-wait.json"))
        try tmux.send("Escape")
        #expect(await tmux.waitFor("LAST REFRESH"), "\(tmux.screen())")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }
}

extension AutomateUITests {
    /// `--try` signed in as an app, at a terminal: ways 3 and 4 ask a user to sign in by device code with
    /// the session's app, once for both. The demo's app is confidential without public client flows, so the
    /// tenant refuses the code's redemption as Entra does (AADSTS7000218), and pbitui says how to allow it.
    @Test func tryAtATerminalSignsAUserInByDeviceCodeForTheDelegatedWays() async throws {
        guard TmuxSession.require() else { return }
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let out = Binary.scratch + "/automate-device-\(UUID().uuidString.prefix(8))"
        let arguments = ["automate", "GET /groups?$top=1", "--try", "--out", out] + simulator.connectionArguments
        let tmux = try TmuxSession(command: TmuxSession.commandLine(arguments, environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret]),
                                   width: 300, height: 150)
        defer { tmux.kill() }
        // Ways 3 and 4 were tried and refused: the exit status says so.
        #expect(await tmux.waitFor("EXIT=1"), "\(tmux.screen())")
        let screen = tmux.screen()
        #expect(screen.contains("way 3, 4 failed when tried"), "\(screen)")
        #expect(screen.components(separatedBy: "Ways 3 and 4 sign in as a user").count - 1 == 1, "one device code for both: \(screen)")
        #expect(screen.contains("enter the code"), "\(screen)")
        #expect(screen.components(separatedBy: "tried: HTTP 200").count - 1 == 1, "way 1 as the app: \(screen)")
        #expect(screen.components(separatedBy: "AADSTS7000218").count - 1 == 2, "\(screen)")
        #expect(screen.contains("enable public client flows for the app"))
        #expect(!screen.contains(simulator.clientSecret))
    }
}
