import Foundation
import Testing

/// The palette, themes and the API console in the real binary, in tmux, on the demo tenant.
@Suite(.serialized, .enabled(if: TmuxSession.shouldRun, "tmux is not installed: end-to-end UI tests skipped (they fail under CI=true)"))
struct PaletteThemeConsoleUITests {
    /// A config folder of the test's own, so that user themes and keys do not meet other tests' files.
    static func configFolder(theme: String? = nil, config: String? = nil) throws -> String {
        let folder = Binary.scratch + "/config-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder + "/pbitui/themes", withIntermediateDirectories: true)
        if let theme { try theme.write(toFile: folder + "/pbitui/themes/e2e-red.toml", atomically: true, encoding: .utf8) }
        if let config { try config.write(toFile: folder + "/pbitui/config.toml", atomically: true, encoding: .utf8) }
        return folder
    }

    @Test func thePaletteCompletesAndSwitchesThemesLive() async throws {
        guard TmuxSession.require() else { return }
        let folder = try Self.configFolder(theme: """
            name = "e2e-red"
            background = "#5f0000"
            [roles]
            text = "bright-white"
            """)
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo"], environment: ["XDG_CONFIG_HOME": folder]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        #expect(!tmux.styledScreen().contains("48;5;52"), "the default theme keeps the terminal's background")
        try tmux.send(":")
        try tmux.send("-l", "th")
        #expect(await tmux.waitFor("Switch the theme"), "suggestions while typing: \(tmux.screen())")
        try tmux.send("Tab")
        try tmux.send("-l", "e2e")
        try tmux.send("Tab")
        #expect(await tmux.waitFor(":theme e2e-red"), "\(tmux.screen())")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("Theme e2e-red"), "\(tmux.screen())")
        // #5f0000 is colour 52 of the 256-colour cube: the page is painted with it now.
        #expect(tmux.styledScreen().contains("48;5;52"), "\(tmux.styledScreen().prefix(400))")
        try tmux.send(":")
        try tmux.send("Up")
        #expect(await tmux.waitFor(":theme e2e-red"), "↑ recalls the last command: \(tmux.screen())")
        try tmux.send("C-u")   // not a palette key: ignored
        try tmux.send("Escape")
        try tmux.send(":")
        try tmux.send("-l", "theme solarized-dark")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("Theme solarized-dark"), "\(tmux.screen())")
        #expect(!tmux.styledScreen().contains("48;5;52"))
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }

    @Test func noColorDrawsWithoutColours() async throws {
        guard TmuxSession.require() else { return }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo", "--theme", "solarized-dark"], environment: ["NO_COLOR": "1"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        let styled = tmux.styledScreen()
        #expect(!styled.contains("38;5;") && !styled.contains("48;5;") && !styled.contains("38;2;"), "\(styled.prefix(400))")
        #expect(styled.contains("\u{1b}[7m") || styled.contains(";7m"), "selection in reverse video")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }

    @Test func aBadUserThemeIsRefusedWithItsFileAndRole() async throws {
        guard TmuxSession.require() else { return }
        let folder = try Self.configFolder(theme: "[roles]\nselecton = \"red\"\n")
        let result = try await Binary.run(["--demo", "--theme", "e2e-red"], environment: ["XDG_CONFIG_HOME": folder])
        #expect(result.status == 2)
        #expect(result.stderr.contains("e2e-red.toml"))
        #expect(result.stderr.contains("roles.selecton: unknown role"), "\(result.stderr)")
    }

    @Test func remappedKeysWorkAndShowInTheHints() async throws {
        guard TmuxSession.require() else { return }
        let folder = try Self.configFolder(config: "[keys]\nquit = \"Q\"\nsort_next = \"o\"\n")
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo"], environment: ["XDG_CONFIG_HOME": folder]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        #expect(tmux.screen().contains("Q quit"), "\(tmux.screen())")
        try tmux.send("o")
        #expect(await tmux.waitFor("NAME ▲"), "\(tmux.screen())")
        try tmux.send("q")
        try await Task.sleep(for: .milliseconds(300))
        #expect(!tmux.screen().contains("EXIT="), "q is no longer quit")
        try tmux.send("Q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }

    @Test func theConsoleCallsTheSimulatorAndShowsTheAnswer() async throws {
        guard TmuxSession.require() else { return }
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(simulator.connectionArguments,
                                                                    environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send(":")
        try tmux.send("-l", "api GET /groups?$top=3")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("API console"), "\(tmux.screen())")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("HTTP 200"), "\(tmux.screen())")
        #expect(await tmux.waitFor("\"@odata.context\""), "\(tmux.screen())")
        try tmux.send("F4")
        #expect(await tmux.waitFor("Content-Type: application/json"), "\(tmux.screen())")
        // A 404 is shown as it came, with its RequestId.
        try tmux.send("C-u")
        try tmux.send("-l", "/groups/00000000-0000-0000-0000-000000000000/reports")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("HTTP 404"), "\(tmux.screen())")
        #expect(await tmux.waitFor("RequestId"), "\(tmux.screen())")
        // ↑ brings the first request back.
        try tmux.send("Up")
        try tmux.send("Up")
        #expect(await tmux.waitFor("/groups?$top=3"), "\(tmux.screen())")
        try tmux.send("Escape")
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
        #expect(!tmux.screen().contains(simulator.clientSecret))
    }

    @Test func theAppReportsItsFirstFrame() async throws {
        guard TmuxSession.require() else { return }
        let report = Binary.scratch + "/startup-\(UUID().uuidString.prefix(8)).txt"
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo", "--startup-report", report]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces"), "\(tmux.screen())")
        // The report is written just after the frame reaches the terminal, so tmux may show the frame first.
        var waited = 0
        while !FileManager.default.fileExists(atPath: report), waited < 100 {
            try await Task.sleep(for: .milliseconds(50))
            waited += 1
        }
        let text = try String(contentsOfFile: report, encoding: .utf8)
        let milliseconds = Double(text.replacingOccurrences(of: "first_frame_ms=", with: "").trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(milliseconds.map { $0 > 0 && $0 < 60_000 } == true, "\(text)")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }

    /// An X10 mouse report, as a terminal sends it for `kmous` (button, then column and row, 1-based, + 32).
    static func mouse(_ button: Int, column: Int, row: Int) -> String {
        "\u{1b}[M" + String(UnicodeScalar(UInt8(32 + button))) + String(UnicodeScalar(UInt8(32 + column + 1))) + String(UnicodeScalar(UInt8(32 + row + 1)))
    }

    @Test func theMouseSelectsScrollsAndOpens() async throws {
        guard TmuxSession.require() else { return }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        // Rows: 0 header, 1 title, 2 column titles, 3 the first workspace.
        try tmux.send("-l", Self.mouse(0, column: 5, row: 5) + Self.mouse(3, column: 5, row: 5))
        try await Task.sleep(for: .milliseconds(500))
        try tmux.send("c")
        #expect(await tmux.waitFor("Copied the workspace id"), "\(tmux.screen())")
        let third = tmux.screen().split(separator: "\n")[5]
        #expect(tmux.screen().contains(String(third.split(separator: " ").last ?? "?")), "the clicked row was selected")
        #expect(tmux.screen().contains("Copied the workspace id " + (third.split(separator: " ").last.map(String.init) ?? "?")), "\(tmux.screen())")
        try tmux.send("-l", Self.mouse(65, column: 5, row: 5))      // wheel down: three rows
        try await Task.sleep(for: .milliseconds(300))
        try tmux.send("c")
        let sixth = tmux.screen().split(separator: "\n")[8].split(separator: " ").last.map(String.init) ?? "?"
        #expect(await tmux.waitFor("Copied the workspace id " + sixth), "\(tmux.screen())")
        try tmux.send("-l", Self.mouse(0, column: 5, row: 4) + Self.mouse(3, column: 5, row: 4) + Self.mouse(0, column: 5, row: 4) + Self.mouse(3, column: 5, row: 4))
        #expect(await tmux.waitFor("Workspaces ▸ Finance — Monthly Close"), "a double click opens: \(tmux.screen())")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }

    @Test func eightColourTerminalsGetTheEightColours() async throws {
        guard TmuxSession.require() else { return }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo", "--theme", "solarized-dark"], environment: ["TERM": "screen"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        let styled = tmux.styledScreen()
        #expect(!styled.contains("38;5;") && !styled.contains("48;5;") && !styled.contains("38;2;"), "no 256 or RGB colours on TERM=screen")
        #expect(styled.range(of: "\u{1b}\\[(3|4)[0-7]m", options: .regularExpression) != nil, "the theme degraded to ANSI colours: \(styled.prefix(300))")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }
}
