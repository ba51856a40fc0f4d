import Foundation
import Testing

/// Drives the real binary in a private tmux server (`-L NAME`), reading the screen with capture-pane and
/// polling for text instead of sleeping.
final class TmuxSession: @unchecked Sendable {
    let socket: String
    let name = "t"

    static let isAvailable: Bool = {
        ProcessInfo.processInfo.environment["PATH", default: ""].split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/tmux") }
    }()

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Tests that need tmux run when it is there, and under CI=true, where its absence is a failure.
    static var shouldRun: Bool { isAvailable || isCI }

    /// Records a failure when tmux is missing (only reached under CI=true); false means stop the test.
    static func require() -> Bool {
        if isAvailable { return true }
        Issue.record("tmux is not installed; end-to-end tests need it (apt-get install tmux)")
        return false
    }

    init(command: String, width: Int = 120, height: Int = 40) throws {
        socket = "pbitui-test-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        // The first command starts the tmux server, which would inherit (and hold open) an output pipe.
        try tmux(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), command], captureOutput: false)
    }

    @discardableResult
    func tmux(_ arguments: [String], captureOutput: Bool = true) throws -> String {
        try Spawn.run(["tmux", "-L", socket] + arguments, captureOutput: captureOutput).output
    }

    func screen() -> String { (try? tmux(["capture-pane", "-t", name, "-p"])) ?? "" }

    /// The screen with its colours and attributes as SGR escape sequences (`capture-pane -e`).
    func styledScreen() -> String { (try? tmux(["capture-pane", "-t", name, "-p", "-e"])) ?? "" }

    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys, captureOutput: false) }

    /// Pastes `text` as a terminal does: tmux wraps it in the bracketed-paste markers when the program
    /// asked for them (mode 2004), and sends line ends as CR.
    func paste(_ text: String) throws {
        // Through a file: tmux's messages between client and server are limited to about 16 KB.
        let file = Binary.scratch + "/paste-\(UUID().uuidString.prefix(8)).txt"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        try tmux(["load-buffer", "-b", "pbitui-paste", file], captureOutput: false)
        try tmux(["paste-buffer", "-p", "-d", "-b", "pbitui-paste", "-t", name], captureOutput: false)
    }

    /// Waits until the screen contains `text`; returns false after `timeout` seconds. Sleeps with
    /// `Task.sleep`, so that waiting never holds a cooperative thread.
    /// The default bound is a hang's, not a speed target: a first frame once took over 30 s on a machine
    /// whose two cores were building a release.
    func waitFor(_ text: String, timeout: TimeInterval = 90) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if screen().contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// The process id of the pane's shell children running pbitui, for signal tests.
    func pbituiProcessID() -> Int32? {
        guard let panePID = Int32((try? tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") else { return nil }
        let children = (try? String(contentsOfFile: "/proc/\(panePID)/task/\(panePID)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").compactMap { Int32($0) }.first { pid in
            ((try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? "").contains("pbitui")
        }
    }

    func kill() { _ = try? tmux(["kill-server"], captureOutput: false) }

    deinit { kill() }

    /// A shell command line that runs pbitui with `arguments`, then prints its exit status and checks that
    /// the terminal is usable again (echo back on, as a shell prompt needs), and keeps the pane open.
    static func commandLine(_ arguments: [String], environment: [String: String] = [:]) -> String {
        // NO_COLOR from the test runner's own environment would turn every theme off; tests that want it say so.
        let env = (["TERM": "tmux-256color", "LANG": "C.UTF-8", "NO_COLOR": "", "XDG_CACHE_HOME": Binary.scratch + "/cache",
                    "XDG_CONFIG_HOME": Binary.scratch + "/config", "XDG_STATE_HOME": Binary.scratch + "/state"]
            .merging(environment) { _, new in new })
            .map { "\($0.key)=\(shellQuote($0.value))" }.sorted().joined(separator: " ")
        let command = ([Binary.path] + arguments).map(shellQuote).joined(separator: " ")
        return "env \(env) \(command); echo \"EXIT=$?\"; "
            + "stty -a | grep -q -- ' echo ' && stty -a | grep -q ' icanon' && echo TERMINAL-RESTORED; sleep 120"
    }

    static func shellQuote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
