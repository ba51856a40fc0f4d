import Foundation
import Testing

/// Names, an error and a claim that carry ESC, CSI, OSC (window title, clipboard), BEL and bidirectional
/// overrides (`pbitui simulator --hostile-names`) are shown escaped: on the screen, where tmux would obey
/// them if they arrived raw, and on the command line.
@Suite(.serialized, .enabled(if: TmuxSession.shouldRun, "tmux is not installed: end-to-end UI tests skipped (they fail under CI=true)"))
struct InjectionTests {
    /// What must never reach a terminal raw: C0 controls but newline and tab, DEL, C1 controls, bidi controls.
    static func rawControls(in text: String) -> [String] {
        text.unicodeScalars.filter { scalar in
            let value = scalar.value
            return (value < 0x20 && value != 0x0A && value != 0x09) || (0x7F...0x9F).contains(value)
                || [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069].contains(value)
        }.map { String(format: "U+%04X", $0.value) }
    }

    @Test func theCommandLineEscapesWhatTheServiceSends() async throws {
        let simulator = try await SimulatorProcess.start(arguments: ["--hostile-names"])
        defer { simulator.stop() }
        let environment = ["AZURE_CLIENT_SECRET": simulator.clientSecret]
        let hostile = "7ec94ef3-72a0-4f7e-82ac-6657a3da0c9d"
        for arguments in [["ls", "workspaces"], ["ls", "workspaces", "--output", "json"], ["ls", "reports", "--workspace", hostile],
                          ["ls", "datasets", "--workspace", hostile, "--output", "json"], ["ls", "dashboards", "--workspace", hostile],
                          ["api", "GET", "/groups/\(hostile)/datasets"], ["token"]] {
            let result = try await Binary.run(arguments + simulator.connectionArguments, environment: environment)
            #expect(Self.rawControls(in: result.stdout).isEmpty, "\(arguments) wrote \(Self.rawControls(in: result.stdout)) raw")
            #expect(Self.rawControls(in: result.stderr).isEmpty, "\(arguments) wrote \(Self.rawControls(in: result.stderr)) raw to stderr")
        }
        let table = try await Binary.run(["ls", "workspaces"] + simulator.connectionArguments, environment: environment)
        #expect(table.stdout.contains(#"Ops \u{1B}]0;PWNED\u{7}"#), "\(table.stdout)")
        let json = try await Binary.run(["ls", "workspaces", "--output", "json"] + simulator.connectionArguments, environment: environment)
        #expect(json.stdout.contains(#"\u001b]0;PWNED\u0007"#) && json.stdout.contains(#"\u202egnp.exe"#), "JSON keeps the text, escaped")
        let error = try await Binary.run(["ls", "dashboards", "--workspace", hostile] + simulator.connectionArguments, environment: environment)
        #expect(error.status == 1)
        #expect(error.stderr.contains(#"dashboards \u{1B}]0;PWNED"#), "\(error.stderr)")
        #expect(error.stderr.contains("RequestId"))
        // The claim with control characters, through decode.
        let token = try await Binary.run(["token", "--raw"] + simulator.connectionArguments, environment: environment)
        let decoded = try await Binary.run(["decode"], stdin: token.stdout)
        #expect(decoded.stdout.contains(#"pbitui \u{1B}]0;PWNED"#), "\(decoded.stdout)")
        #expect(Self.rawControls(in: decoded.stdout).isEmpty)
    }

    @Test func theScreenShowsHostileTextEscapedAndObeysNoneOfIt() async throws {
        guard TmuxSession.require() else { return }
        let simulator = try await SimulatorProcess.start(arguments: ["--hostile-names"])
        defer { simulator.stop() }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(simulator.connectionArguments,
                                                                    environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret]),
                                   width: 160, height: 40)
        defer { tmux.kill() }
        _ = try? tmux.tmux(["set-option", "-t", tmux.name, "set-clipboard", "on"], captureOutput: false)
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        #expect(tmux.screen().contains(#"Ops \u{1B}]0;PWNED\u{7}\u{1B}[2J\u{1B}[31mRed"#), "\(tmux.screen())")
        for key in ["j", "j", "j", "Enter"] { try tmux.send(key) }
        #expect(await tmux.waitFor(#"Q3 \u{1B}[1;1H\u{1B}[2KReport\u{7} \u{202E}fdp.exe"#), "\(tmux.screen())")
        try tmux.send("Tab")
        #expect(await tmux.waitFor(#"Model \u{1B}]52;c;cHduZWQ="#), "\(tmux.screen())")
        try tmux.send("Tab")
        #expect(await tmux.waitFor(#"dashboards \u{1B}]0;PWNED"#), "the error message, escaped: \(tmux.screen())")
        try tmux.send("t")
        try tmux.send("/")
        try tmux.send("-l", "app_display")
        try tmux.send("Enter")
        #expect(await tmux.waitFor(#"pbitui \u{1B}]0;PWNED"#), "the claim, escaped: \(tmux.screen())")
        // Nothing of it was obeyed: no window title, no clipboard write, no bell, no cleared screen.
        let title = try tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{pane_title}"])
        #expect(!title.contains("PWNED"), "the pane title became \(title)")
        let bell = try tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{window_bell_flag}"])
        #expect(bell.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "a bell rang")
        let buffers = (try? tmux.tmux(["list-buffers"])) ?? ""
        #expect(!buffers.contains("pwned"), "the clipboard was written: \(buffers)")
        #expect(tmux.screen().contains("Token inspector"), "the screen was not cleared from under pbitui")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }
}
