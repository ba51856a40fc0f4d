import Foundation
import Testing

/// `:agent` end to end: the real binary in tmux reads the MCP audit file from `$XDG_STATE_HOME/pbitui`, shows
/// the calls newest first with a hostile argument escaped, picks up a call appended while it is open, and
/// keeps the selected call across the reload, and shows a call's whole JSON on Enter.
@Suite(.serialized, .enabled(if: TmuxSession.shouldRun, "tmux is not installed: end-to-end UI tests skipped (they fail under CI=true)"))
struct AgentUITests {
    @Test func agentFollowsTheAuditFileLive() async throws {
        guard TmuxSession.require() else { return }
        let state = Binary.scratch + "/agent-ui-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: state + "/pbitui", withIntermediateDirectories: true)
        let audit = state + "/pbitui/mcp-audit.jsonl"
        let lines = [
            #"{"time":"2026-12-07T07:16:05Z","tool":"list_workspaces","arguments":{"top":3},"ok":true,"duration_ms":12}"#,
            #"{"time":"2026-12-07T07:17:00Z","tool":"list_items","arguments":{"workspace":"Ops \u001b]0;PWNED\u0007","kind":"datasets"},"error":"no workspace named that","duration_ms":30}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: audit, atomically: true, encoding: .utf8)
        let session = try TmuxSession(command: TmuxSession.commandLine(["--demo"], environment: ["XDG_STATE_HOME": state]), width: 140, height: 30)
        defer { session.kill() }
        #expect(await session.waitFor("Workspaces (10)", timeout: 90), "\(session.screen())")
        try session.send(":agent", "Enter")
        #expect(await session.waitFor("Assistant calls (2)"), "\(session.screen())")
        let screen = session.screen()
        let items = try #require(screen.range(of: "list_items")), workspaces = try #require(screen.range(of: "list_workspaces"))
        #expect(items.lowerBound < workspaces.lowerBound, "newest first: \(screen)")
        #expect(screen.contains("\\u001b]0;PWNED") || screen.contains("\\u{1B}]0;PWNED"),
                "the escape sequence is shown escaped, not obeyed: \(screen)")
        // A call the server writes while the screen is open appears without a key.
        let handle = try #require(FileHandle(forWritingAtPath: audit))
        handle.seekToEndOfFile()
        handle.write(Data((#"{"time":"2026-12-07T07:18:00Z","tool":"run_dax","arguments":{"query":"EVALUATE ROW(\"x\", 1)"},"ok":true,"duration_ms":40}"# + "\n").utf8))
        try handle.close()
        #expect(await session.waitFor("Assistant calls (3)", timeout: 60), "\(session.screen())")
        #expect(session.screen().contains("run_dax"), "\(session.screen())")
        // The selection stays on the call it was on (list_items, now second); one up is the new call.
        try session.send("Enter")
        #expect(await session.waitFor("Call to list_items"), "the selected call is kept across the reload: \(session.screen())")
        try session.send("Escape")
        #expect(await session.waitFor("Assistant calls (3)"), "\(session.screen())")
        try session.send("k", "Enter")
        #expect(await session.waitFor("Call to run_dax"), "Enter shows the newest call's JSON: \(session.screen())")
        #expect(session.screen().contains("duration_ms"), "\(session.screen())")
        try session.send("Escape", "q")
        #expect(await session.waitFor("EXIT=0"), "\(session.screen())")
    }
}
