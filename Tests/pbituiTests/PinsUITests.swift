import Foundation
import Testing

/// Pins and `:go` end to end: a pin made in one run is there in the next (the file written atomically,
/// private), and `:go` jumps by a few letters.
@Suite(.serialized, .enabled(if: TmuxSession.shouldRun, "tmux is not installed: end-to-end UI tests skipped (they fail under CI=true)"))
struct PinsUITests {
    @Test func aPinSurvivesARestartAndGoJumps() async throws {
        guard TmuxSession.require() else { return }
        let state = Binary.scratch + "/pins-ui-\(UUID().uuidString.prefix(8))"
        let environment = ["XDG_STATE_HOME": state]
        let first = try TmuxSession(command: TmuxSession.commandLine(["--demo"], environment: environment), width: 120, height: 30)
        defer { first.kill() }
        #expect(await first.waitFor("Workspaces (10)", timeout: 90), "\(first.screen())")
        try first.send("j", "p")
        #expect(await first.waitFor("Pinned workspace Finance — Monthly Close"), "\(first.screen())")
        try first.send("q")
        #expect(await first.waitFor("EXIT=0"), "\(first.screen())")
        let path = state + "/pbitui/pins.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("Finance — Monthly Close") && text.contains("\"workspace\""))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let second = try TmuxSession(command: TmuxSession.commandLine(["--demo"], environment: environment), width: 120, height: 30)
        defer { second.kill() }
        #expect(await second.waitFor("Workspaces (10)", timeout: 90), "\(second.screen())")
        try second.send(":pins", "Enter")
        #expect(await second.waitFor("Pins (1)"), "\(second.screen())")
        try second.send("Enter")
        #expect(await second.waitFor("Finance — Monthly Close ▸ Reports"), "\(second.screen())")
        try second.send(":go 東京", "Enter")
        #expect(await second.waitFor("販売分析 東京 ▸ Reports"), "one match opens at once: \(second.screen())")
        try second.send(":go! traffic", "Enter")
        #expect(await second.waitFor("in 10 workspaces"), "\(second.screen())")
        #expect(second.screen().contains("Web Traffic"), "\(second.screen())")
        try second.send("q")
        #expect(await second.waitFor("EXIT=0"), "\(second.screen())")
    }
}
