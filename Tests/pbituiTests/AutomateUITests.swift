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
