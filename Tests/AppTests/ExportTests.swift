import CSV
import EntraAuth
import Foundation
import PowerBI
import Simulator
import TerminalUI
import TestSupport
import Testing
import Tokens
@testable import App

/// `:export csv|json PATH`: every row the list shows, in its order, with its columns.
@Suite struct ExportTests {
    static func records(_ data: Data) throws -> [[String]] {
        let reader = try CSVReader(string: String(decoding: data, as: UTF8.self), hasHeaderRow: false)
        var records: [[String]] = []
        while let row = reader.next() { records.append(row) }
        return records
    }

    static func workspaces(_ count: Int) -> [Workspace] {
        (0..<count).map { index in
            let name = index == 7 ? "Vertrieb, \"Süd\"\nZeile 売上 📊" : "Workspace \(index)"
            return Workspace(json: .object(JSONObject([("id", .string("00000000-0000-0000-0000-\(String(format: "%012d", index))")),
                                                       ("name", .string(name)), ("isOnDedicatedCapacity", .bool(index % 2 == 0))])))!
        }
    }

    func export(_ line: String, _ state: inout AppState) -> (path: String, contents: Data, summary: String)? {
        state.commandPrompt = CommandPrompt(text: line)
        for effect in AppReducer.reduce(&state, .terminal(.key(.enter))) {
            if case let .export(path, contents, summary, makeFolders) = effect, !makeFolders { return (path, contents, summary) }
        }
        return nil
    }

    @Test func theWorkspaceListIsExportedWholeInTheOrderShown() throws {
        var state = AppState(size: (12, 100), identity: "alex")
        state.tokenKind = .delegated
        _ = AppReducer.reduce(&state, .workspaces(.loaded(Self.workspaces(40))))
        // Sorted by name, descending: far more rows than the 12-line window.
        _ = AppReducer.reduce(&state, .terminal(.key(.character("s"))))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("S"))))
        let shown = state.workspaceModel.visibleRows.map(\.name)
        let csv = try #require(export("export csv /tmp/pbitui-export-test.csv", &state))
        #expect(csv.path == "/tmp/pbitui-export-test.csv")
        #expect(csv.summary == "Exported 41 rows as CSV to /tmp/pbitui-export-test.csv")
        let records = try Self.records(csv.contents)
        #expect(records.first == ["ID", "NAME", "CAPACITY", "READ-ONLY"], "the id first, as ls --output csv writes it")
        #expect(records.dropFirst().map { $0[1] } == shown, "every row, in the order shown (My workspace included)")
        #expect(records.contains { $0[1] == "Vertrieb, \"Süd\"\nZeile 売上 📊" }, "commas, quotes, a line break, CJK and emoji read back whole")
        // JSON: the service's objects of the rows shown (My workspace has none), after a filter.
        _ = AppReducer.reduce(&state, .terminal(.key(.character("/"))))
        for character in "workspace 1" { _ = AppReducer.reduce(&state, .terminal(.key(.character(character)))) }
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        let json = try #require(export("export json ~/pbitui-export.json", &state))
        #expect(json.path == NSHomeDirectory() + "/pbitui-export.json")
        let objects = try #require(try JSONValue.parse(Array(json.contents)).arrayValue)
        #expect(objects.compactMap { $0["name"]?.stringValue } == state.workspaceModel.visibleRows.map(\.name))
        #expect(objects.count == 11)
    }

    @Test func aWorkspaceTabIsExportedWithItsColumns() throws {
        var state = BrowseScreenTests().opened()
        let csv = try #require(export("export csv out.csv", &state))
        let records = try Self.records(csv.contents)
        #expect(records.first == ["ID", "NAME", "LAST REFRESH", "MODE", "CONFIGURED BY"])
        #expect(records.count == 3)
        #expect(records.contains { $0 == ["D2", "Live (DirectQuery)", "— (DirectQuery)", "DirectQuery", "alex@contoso.com"] })
    }

    @Test func misuseAndScreensWithoutAListAreExplained() {
        var state = BrowseScreenTests().opened()
        #expect(export("export xml out.xml", &state) == nil)
        #expect(state.status?.text.hasPrefix("Usage: :export csv|json PATH") == true)
        #expect(export("export csv", &state) == nil)
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.route == .details)
        #expect(export("export csv out.csv", &state) == nil)
        #expect(state.status?.text.hasPrefix("Nothing to export here") == true)
        #expect(PaletteReducer.completions(for: "export j", state).map(\.text) == ["export json "])
    }
}

/// The runtime writes the file atomically and says so (or why not).
@MainActor
@Suite struct ExportRuntimeTests {
    @Test func theRuntimeWritesTheExportAndReportsIt() async throws {
        let demo = try await DemoClient.start()
        let screen = RecordingScreen(rows: 20, columns: 120)
        let app = TerminalApp(screen: screen, environment: AppEnvironment(session: ConnectedSession(client: demo.client, identity: "demo", close: {}),
                                                                          signIn: StubSignIn()))
        let run = Task { await app.run() }
        try await screen.waitFor("Workspaces (10)")
        // Finished work leaves the task set: only the input and timer tasks stay.
        var settled = false
        for _ in 0..<200 where !settled {
            try await Task.sleep(for: .milliseconds(25))
            settled = app.backgroundTaskCount == 2
        }
        #expect(settled, "\(app.backgroundTaskCount) tasks still kept")
        let folder = NSTemporaryDirectory() + "pbitui-export-\(UUID().uuidString.prefix(8))"
        let path = folder + "/workspaces.csv"
        // A folder that does not exist is refused, not made (a typo in a path makes no folders).
        screen.send(.key(.character(":")))
        for character in "export csv \(path)" { screen.send(.key(.character(character))) }
        screen.send(.key(.enter))
        try await screen.waitFor("workspaces.csv: no folder ")
        #expect(!FileManager.default.fileExists(atPath: folder))
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for command in ["export csv \(path)", "export json /proc/pbitui/x.json"] {
            screen.send(.key(.character(":")))
            for character in command { screen.send(.key(.character(character))) }
            screen.send(.key(.enter))
            if command.hasPrefix("export csv") {
                try await screen.waitFor("Exported 10 rows as CSV")
                let records = try ExportTests.records(try Data(contentsOf: URL(fileURLWithPath: path)))
                #expect(records.count == 11 && records.contains { $0[1] == "Vertrieb Österreich" })
            } else {
                // A folder that cannot be written is reported, not a crash.
                try await screen.waitFor("Could not write /proc/pbitui/x.json")
            }
        }
        screen.send(.key(.character("q")))
        #expect(await run.value == 0)
        try? FileManager.default.removeItem(atPath: folder)
        await demo.stop()
    }
}
