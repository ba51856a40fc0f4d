import Foundation
import Testing
import TerminalUI
import Tokens
@testable import App

/// `:agent`: what assistants did through `pbitui mcp`, read from its audit file. Built as a registered
/// screen: its folder (two files) and one line in `Palette.units`.
@Suite struct AgentScreenTests {
    static func auditFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "pbitui-agent-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lines = [
            #"{"time":"2026-12-07T07:16:05Z","tool":"list_workspaces","arguments":{"top":3},"ok":true}"#,
            "not a call at all \u{1B}[31m",
            #"{"time":"2026-12-07T07:17:00Z","tool":"list_items","arguments":{"workspace":"Sales, \"EMEA\"","kind":"datasets"},"error":"no workspace named \"Sales, \\\"EMEA\\\"\""}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/mcp-audit.jsonl", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func theAuditFileIsReadNewestFirstAndWhatIsNotACallIsCounted() throws {
        let folder = try Self.auditFolder()
        guard case let .success((calls, skipped)) = AgentLog.read(folder + "/mcp-audit.jsonl") else { Issue.record("not read"); return }
        #expect(calls.map(\.tool) == ["list_items", "list_workspaces"] && skipped == 1)
        #expect(calls[0].error?.contains("no workspace named") == true && calls[1].error == nil)
        guard case let .success((none, _)) = AgentLog.read(folder + "/missing.jsonl") else { Issue.record("a missing file is no calls"); return }
        #expect(none.isEmpty)
    }

    @Test func agentOpensLoadsAndIsOneListLikeTheOthers() throws {
        let folder = try Self.auditFolder()
        var state = AppState(size: (30, 140), identity: "app")
        state.pinsPath = folder + "/pins.json"
        var effects: [Effect] = []
        for key in [Key.character(":")] + "agent".map({ Key.character($0) }) + [.enter] { effects += AppReducer.reduce(&state, .terminal(.key(key))) }
        #expect(state.route == .registered("agent"))
        #expect(effects == [AgentScreen.effect(.load(generation: 1, path: folder + "/mcp-audit.jsonl"))])
        let next = AppReducer.reduce(&state, AgentScreen.event(.loaded(generation: 1, AgentLog.read(folder + "/mcp-audit.jsonl"))))
        #expect(next == [AgentScreen.effect(.load(generation: 1, path: folder + "/mcp-audit.jsonl", after: AgentScreen.followEvery))],
                "the file is followed: the next look is asked for")
        let screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("Assistant calls (2)") && screen.contains("list_workspaces") && screen.contains("error: no workspace"), "\(screen)")
        #expect(state.status?.text.contains("2 calls, 1 failed; 1 lines were not calls") == true, "\(String(describing: state.status?.text))")
        // The one list: filter and export.
        state.front.setFilter("list_items", &state)
        let table = state.front.table(state, now: Date())
        #expect(table?.rows.count == 1 && table?.headers == ["TIME", "TOOL", "ARGUMENTS", "RESULT"])
        // Enter shows the call's JSON.
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.jsonOverlay?.title == "Call to list_items")
    }

    @Test func aCallAppendedLaterShowsUpKeepingTheSelectionAndTheFollowEndsWithTheScreen() throws {
        let folder = try Self.auditFolder()
        let path = folder + "/mcp-audit.jsonl"
        var state = AppState(size: (30, 140), identity: "app")
        state.pinsPath = folder + "/pins.json"
        _ = AgentScreen.open(&state)
        _ = AppReducer.reduce(&state, AgentScreen.event(.loaded(generation: 1, AgentLog.read(path))))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("j"))))
        #expect(AgentScreen.view(state)?.selectedRow?.tool == "list_workspaces")
        // An assistant calls again: the next look shows it first, and the selection stays on its call.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data((#"{"time":"2026-12-07T07:18:00Z","tool":"whoami","arguments":{},"ok":true}"# + "\n").utf8))
        try handle.close()
        _ = AppReducer.reduce(&state, AgentScreen.event(.loaded(generation: 1, AgentLog.read(path))))
        #expect(AgentScreen.view(state)?.rows.visibleRows.map(\.tool) == ["whoami", "list_items", "list_workspaces"])
        #expect(AgentScreen.view(state)?.selectedRow?.tool == "list_workspaces")
        // Esc: the screen is gone, and a look still in flight asks for no further one.
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(AppReducer.reduce(&state, AgentScreen.event(.loaded(generation: 1, AgentLog.read(path)))).isEmpty)
    }
}
