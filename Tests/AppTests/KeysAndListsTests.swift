@testable import Config
import Foundation
import PowerBI
import Simulator
import TerminalUI
import Testing
import TOML
import Tokens
@testable import App

@Suite struct KeyRemappingTests {
    @Test func theConfigFileRemapsKeysForDispatchHintsAndHelp() throws {
        let config = try ConfigFile.parse("""
            [keys]
            refresh = "F5"
            quit = ["Q", "Ctrl-Q"]
            sort_next = "o"
            """)
        #expect(config.keys.overrides[.refresh] == [.function(5)])
        #expect(config.keys.overrides[.quit] == [.character("Q"), .control("q")])
        var state = BrowseScreenTests().opened()
        state.keyMap = config.keys
        state.workspace?.tab = .datasets
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("r")))).isEmpty)
        #expect(state.dialog == nil, "r no longer refreshes")
        _ = AppReducer.reduce(&state, .terminal(.key(.function(5))))
        #expect(state.dialog != nil, "F5 asks to refresh")
        _ = AppReducer.reduce(&state, .terminal(.key(.character("n"))))
        let frame = AppRenderer.render(state, theme: .defaultDark).text
        #expect(frame.contains("F5 refresh"))
        #expect(!frame.contains("r refresh"))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("q"))))
        #expect(!state.shouldQuit, "q is not quit any more")
        _ = AppReducer.reduce(&state, .terminal(.key(.character("?"))))
        // Help is longer than 30 rows: its last page holds quit.
        _ = AppReducer.reduce(&state, .terminal(.key(.pageDown)))
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("Q Ctrl-Q"))
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        _ = AppReducer.reduce(&state, .terminal(.key(.control("q"))))
        #expect(state.shouldQuit)
    }

    @Test func aRemappedKeyIsTakenFromTheActionThatHadIt() {
        let table = KeyTable.workspaces.remapped(KeyMap(overrides: [.reload: [.character("r")], .moveDown: [.character("n")]]))
        #expect(table.action(for: .character("r")) == .reload)
        #expect(table.action(for: .character("n")) == .moveDown)
        #expect(table.action(for: .character("j")) == nil, "j moved to n")
        #expect(table.action(for: .down) == nil)
        #expect(table.action(for: .control("r")) == nil)
    }

    @Test(arguments: [
        ("[keys]\nrefrsh = \"r\"", "keys.refrsh: unknown action; known: move_up"),
        ("[keys]\nrefresh = \"Ctrl-Shift-R\"", "keys.refresh: 'Ctrl-Shift-R' is not a key"),
        ("[keys]\nrefresh = 5", "keys.refresh: expected a key name"),
        ("[keys]\nrefresh = []", "keys.refresh: no keys given"),
        ("keys = 1", "keys: expected a table"),
    ])
    func badKeysAreRefused(_ text: String, expected: String) {
        let error = #expect(throws: ConfigError.self) { try ConfigFile.parse(text) }
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
    }

    @Test func keyNamesReadAsHelpWritesThem() {
        for key: Key in [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .escape, .tab, .backTab, .backspace, .delete,
                         .function(1), .function(12), .control("r"), .character("x"), .character(" "), .character("/")] {
            #expect(KeyMap.key(named: key.description) == key, "\(key.description)")
        }
        #expect(KeyMap.key(named: "ctrl-r") == .control("r"))
        #expect(KeyMap.key(named: "F13") == nil)
        #expect(KeyMap.key(named: "\u{1b}") == nil, "a control character is not a key name")
    }
}

@Suite struct ListModelTests {
    struct Row: Sendable { let name: String; let id: String; let size: String }
    static func model(_ rows: [Row]) -> ListModel<Row> {
        ListModel(rows, search: { $0.name + "\u{0}" + $0.id }, cells: { [$0.name, $0.size, $0.id] })
    }

    @Test func filtersBySubstringWithoutCaseAndInverts() {
        var model = Self.model([Row(name: "Sales Analytics", id: "A1", size: "3"), Row(name: "販売分析 東京", id: "b2", size: "1"),
                                Row(name: "ÉTÉ Ventes", id: "c3", size: "2")])
        model.setFilter("sales")
        #expect(model.visibleRows.map(\.name) == ["Sales Analytics"])
        model.setFilter("東京")
        #expect(model.visibleRows.map(\.name) == ["販売分析 東京"])
        model.setFilter("été")
        #expect(model.visibleRows.map(\.name) == ["ÉTÉ Ventes"], "non-ASCII letters match without case")
        model.setFilter("B2")
        #expect(model.visibleRows.map(\.name) == ["販売分析 東京"], "ids match too")
        model.setFilter("!sales")
        #expect(model.count == 2)
        model.setFilter("!")
        #expect(model.count == 3)
        model.setFilter("zzz")
        #expect(model.isEmpty)
    }

    /// Rows appended a batch at a time into a sorted list land where a sort of everything puts them (ties
    /// in arrival order), with the filter kept.
    @Test func appendingToASortedListMergesTheNewRowsInPlace() {
        var random = SeededRandom(seed: 2_026)
        let all = (0..<600).map { index in Row(name: ["alpha", "beta", "Gamma", "delta"][Int(random.next() % 4)] + String(random.next() % 50), id: String(index), size: "") }
        for ascending in [true, false] {
            var model = Self.model([])
            model.setSort(SortOrder(column: 0, ascending: ascending))
            model.setFilter("a")
            var start = 0
            while start < all.count {
                let end = min(all.count, start + Int(random.next() % 40) + 1)
                model.append(Array(all[start..<end]))
                start = end
            }
            var whole = Self.model(all)
            whole.setSort(SortOrder(column: 0, ascending: ascending))
            whole.setFilter("a")
            #expect(model.visibleRows.map(\.id) == whole.visibleRows.map(\.id))
            #expect(model.totalCount == 600 && model.count == whole.count)
        }
    }

    /// The cost guard CI can count: appending to a sorted list of 20,000 rows computes the sort key of the
    /// new rows only, one column each (not every column of every row again).
    @Test func appendingToASortedListComputesOnlyTheNewRowsKeys() {
        final class Counter: @unchecked Sendable {
            let lock = NSLock()
            var calls = 0
            func count() { lock.withLock { calls += 1 } }
        }
        let counter = Counter()
        let rows = (0..<20_000).map { Row(name: "row \($0 * 7919 % 20_000)", id: String($0), size: "") }
        var model = ListModel(rows, search: { $0.name }, sortKey: { row, column in counter.count(); return column == 0 ? row.name : row.id })
        model.setSort(SortOrder(column: 0))
        #expect(counter.calls == 20_000, "one key per row for the sorted column")
        model.append((0..<25).map { Row(name: "new \($0)", id: "n\($0)", size: "") })
        #expect(counter.calls == 20_025)
        #expect(model.count == 20_025 && model.visibleRows.prefix(1).map(\.name) == ["new 0"])
    }

    @Test func sortsByAColumnBothWaysAndKeepsTheFilter() {
        var model = Self.model([Row(name: "b", id: "1", size: "2"), Row(name: "a", id: "2", size: "3"), Row(name: "C", id: "3", size: "1")])
        #expect(model.visibleRows.map(\.name) == ["b", "a", "C"], "the service's order until a sort is chosen")
        model.setSort(SortOrder(column: 0))
        #expect(model.visibleRows.map(\.name) == ["a", "b", "C"], "case does not decide the order")
        model.setSort(SortOrder(column: 1, ascending: false))
        #expect(model.visibleRows.map(\.name) == ["a", "b", "C"])
        model.setFilter("!a")
        #expect(model.visibleRows.map(\.name) == ["b", "C"])
        model.append([Row(name: "d", id: "4", size: "9")])
        #expect(model.visibleRows.map(\.name) == ["d", "b", "C"], "appended rows take their place in the sort")
        #expect(SortOrder.next(after: nil, sortable: [0, 2]) == SortOrder(column: 0))
        #expect(SortOrder.next(after: SortOrder(column: 0), sortable: [0, 2]) == SortOrder(column: 2))
        #expect(SortOrder.next(after: SortOrder(column: 2), sortable: [0, 2]) == nil)
        #expect(SortOrder.reversed(SortOrder(column: 2), sortable: [0, 2]) == SortOrder(column: 2, ascending: false))
    }

    @Test func aHundredThousandRowsFilterToTheRightCount() {
        let rows = (0..<100_000).map { Row(name: "Workspace \($0)", id: String(format: "%08x", $0), size: "") }
        var model = Self.model(rows)
        model.setFilter("workspace 9999")
        #expect(model.count == 11)   // 9999 and 99990–99999
        model.setFilter("!workspace")
        #expect(model.isEmpty)
    }

    @Test func sKeySortsTheWorkspaceListAndTheHeaderShowsTheDirection() {
        var state = WorkspaceScreenTests.loadedState(rows: 12, columns: 120)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("s"))))
        var frame = AppRenderer.render(state, theme: .defaultDark)
        #expect(frame.text(ofRow: 2).contains("NAME ▲"))
        #expect(state.workspaceEntries.map(\.name).first == "Customer Success 🚀")
        _ = AppReducer.reduce(&state, .terminal(.key(.character("S"))))
        frame = AppRenderer.render(state, theme: .defaultDark)
        #expect(frame.text(ofRow: 2).contains("NAME ▼"))
        #expect(state.workspaceEntries.map(\.name).first == "販売分析 東京")
        _ = AppReducer.reduce(&state, .terminal(.key(.character("s"))))
        #expect(AppRenderer.render(state, theme: .defaultDark).text(ofRow: 2).contains("CAPACITY ▲"))
        #expect(state.workspaceEntries.map(\.name).first == "販売分析 東京", "Dedicated sorts before Shared")
    }

    @Test func slashFiltersAllDatasetsAndSSortsThem() {
        var state = WorkspaceScreenTests.loadedState(rows: 20, columns: 140)
        _ = AppReducer.reduce(&state, .terminal(.key(.character(":"))))
        for character in "datasets" { _ = AppReducer.reduce(&state, .terminal(.key(.character(character)))) }
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        let entry = state.workspaceEntries[0]
        let rows = ["Zeta", "alpha", "Mid"].enumerated().map { index, name in
            ItemRow(Dataset(json: ["id": .string("d\(index)"), "name": .string(name)])!)
        }
        _ = AppReducer.reduce(&state, .allDatasets(.arrived(entry, rows)))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("/"))))
        for character in "!mid" { _ = AppReducer.reduce(&state, .terminal(.key(.character(character)))) }
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.allDatasets?.rows.visibleRows.map(\.row.name) == ["Zeta", "alpha"])
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("All datasets (2 of 3 · /!mid)"))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("s"))))
        #expect(state.allDatasets?.rows.visibleRows.map(\.row.name) == ["alpha", "Zeta"])
    }
}

@Suite struct WideTextTableTests {
    @Test func cjkEmojiAndCombiningNamesKeepTheColumnsAligned() {
        var state = AppState(size: (12, 100), identity: "demo")
        let names = ["販売分析 東京 本社 ダッシュボード 2026 年度 第一四半期 売上 分析 レポート", "Customer Success 🚀👩‍💻", "Cafe\u{301} de\u{301}cor", "Plain"]
        _ = AppReducer.reduce(&state, .workspaces(.loaded(names.enumerated().map { WorkspaceScreenTests.workspace($1, id: "0000000\($0)-aaaa-bbbb-cccc-dddddddddddd") })))
        let frame = AppRenderer.render(state, theme: .defaultDark)
        var idColumns: Set<Int> = []
        for row in 3..<7 {
            let cells = (0..<frame.columns).map { frame[row, $0].text }
            // Display column where the id starts: cells are one per column (continuations are empty).
            if let column = cells.indices.first(where: { index in cells[index] == "0" && cells[index + 1] == "0" && cells[index + 7] == "\(row - 3)" }) {
                idColumns.insert(column)
            }
        }
        #expect(idColumns.count == 1, "the ID column starts at one display column for every row: \(idColumns)")
        let long = frame.text(ofRow: 3)
        #expect(long.contains("…"), "a long name ends in an ellipsis")
        #expect(frame.text(ofRow: 5).contains("Café décor"), "combining accents stay with their letters")
        #expect(frame.text(ofRow: 4).contains("🚀👩‍💻"))
    }
}

@Suite struct PaletteTests {
    static func state() -> AppState {
        var state = WorkspaceScreenTests.loadedState(rows: 20, columns: 100)
        state.themeNames = ["default", "high-contrast", "light", "monochrome", "solarized-dark"]
        return state
    }

    static func type(_ text: String, _ state: inout AppState) -> [Effect] {
        text.flatMap { AppReducer.reduce(&state, .terminal(.key(.character($0)))) }
    }

    @Test func tabCompletesCommandsThenThemeNames() {
        var state = Self.state()
        _ = AppReducer.reduce(&state, .terminal(.key(.character(":"))))
        _ = Self.type("th", &state)
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains(":theme"), "suggestions show as you type")
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        #expect(state.commandPrompt?.text == "theme ")
        _ = Self.type("s", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        #expect(state.commandPrompt?.text == "theme solarized-dark")
        let effects = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(effects == [.switchTheme("solarized-dark")])
        #expect(state.commandHistory == ["theme solarized-dark"])
    }

    @Test func tabAgainCyclesTheCandidates() {
        var state = Self.state()
        _ = AppReducer.reduce(&state, .terminal(.key(.character(":"))))
        _ = Self.type("theme ", &state)
        var seen: [String] = []
        for _ in 0..<6 {
            _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
            seen.append(state.commandPrompt?.text ?? "")
        }
        #expect(seen == ["theme default", "theme high-contrast", "theme light", "theme monochrome", "theme solarized-dark", "theme default"])
        _ = AppReducer.reduce(&state, .terminal(.key(.backTab)))
        #expect(state.commandPrompt?.text == "theme solarized-dark")
    }

    @Test func upRecallsEarlierCommands() {
        var state = Self.state()
        for command in ["token", "workspaces"] {
            _ = AppReducer.reduce(&state, .terminal(.key(.character(":"))))
            _ = Self.type(command, &state)
            _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        }
        #expect(state.commandHistory == ["token", "workspaces"])
        _ = AppReducer.reduce(&state, .terminal(.key(.character(":"))))
        _ = AppReducer.reduce(&state, .terminal(.key(.up)))
        #expect(state.commandPrompt?.text == "workspaces")
        _ = AppReducer.reduce(&state, .terminal(.key(.up)))
        #expect(state.commandPrompt?.text == "token")
        _ = AppReducer.reduce(&state, .terminal(.key(.up)))
        #expect(state.commandPrompt?.text == "token", "the oldest stays")
        _ = AppReducer.reduce(&state, .terminal(.key(.down)))
        _ = AppReducer.reduce(&state, .terminal(.key(.down)))
        #expect(state.commandPrompt?.text == "", "past the newest: an empty line")
    }

    @Test func themeWithoutANameListsThemAndAnUnknownCommandSaysWhereTheyAre() {
        var state = Self.state()
        _ = AppReducer.reduce(&state, .terminal(.key(.character(":"))))
        _ = Self.type("theme", &state)
        #expect(AppReducer.reduce(&state, .terminal(.key(.enter))).isEmpty)
        #expect(state.status?.text.contains("solarized-dark") == true)
        _ = AppReducer.reduce(&state, .terminal(.key(.character(":"))))
        _ = Self.type("frobnicate", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.status?.text.contains("Unknown command :frobnicate") == true && state.status?.text.contains(": lists every command") == true)
        #expect(state.status?.level == .error)
        // A typo gets the command it was meant to be.
        _ = AppReducer.reduce(&state, .terminal(.key(.character(":"))))
        _ = Self.type("lineag", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.status?.text.contains("did you mean :lineage?") == true, "\(state.status?.text ?? "")")
    }
}

@Suite struct JSONViewerTests {
    static let document = try! JSONValue.parse(Data("""
        {"id":"9a1f","name":"Sales \\u001b[31mModel","tables":[{"name":"Fact","rows":12},{"name":"Dim","rows":3}],"isRefreshable":true,"size":null}
        """.utf8))

    @Test func foldsAndUnfoldsObjectsAndArrays() {
        var viewer = JSONViewer(Self.document)
        #expect(viewer.visible.count == viewer.lines.count)
        let tables = viewer.lines.firstIndex { $0.key == "\"tables\"" }!
        viewer.move(by: tables)
        viewer.toggleFold()
        #expect(viewer.visible.count == viewer.lines.count - 9)
        var buffer = CellBuffer(rows: 10, columns: 60)
        viewer.render(into: &buffer, in: buffer.bounds, theme: .defaultDark, focused: true)
        #expect(buffer.text.contains("\"tables\": [ … ]  2 items,"))
        viewer.toggleFold()
        #expect(viewer.visible.count == viewer.lines.count)
        viewer.foldAll()
        #expect(viewer.visible.count == 7, "the top level with its members folded: {, five members, }")
        viewer.unfoldAll()
        #expect(viewer.visible.count == viewer.lines.count)
    }

    @Test func searchFindsAndUnfoldsTheMatch() {
        var viewer = JSONViewer(Self.document)
        viewer.foldAll()
        for key: Key in [.character("/"), .character("d"), .character("i"), .character("m"), .enter] { _ = viewer.handle(key, height: 10) }
        #expect(viewer.matches.count == 1)
        #expect(viewer.lines[viewer.cursor].value == "\"Dim\"")
        #expect(viewer.visible.contains(viewer.cursor), "the folded array opened to show it")
        let handledN = viewer.handle(.character("n"), height: 10)
        #expect(handledN)
        #expect(viewer.lines[viewer.cursor].value == "\"Dim\"", "one match: n stays")
        let handledQ = viewer.handle(.character("q"), height: 10)
        #expect(!handledQ, "keys it does not know go to the screen")
    }

    @Test func drawsWithTheThemesJSONRolesAndEscapesControls() {
        let viewer = JSONViewer(Self.document)
        var buffer = CellBuffer(rows: 16, columns: 60)
        viewer.render(into: &buffer, in: buffer.bounds, theme: .defaultDark, focused: false)
        #expect(buffer.style(of: "\"id\"", inRow: 1)?.foreground == Theme.defaultDark[.jsonKey].foreground)
        #expect(buffer.style(of: "\"9a1f\"", inRow: 1)?.foreground == Theme.defaultDark[.jsonString].foreground)
        #expect(buffer.text.contains("\\u001b[31m"), "the escape arrives as text, never as a control character")
        #expect(!buffer.text.contains("\u{1b}"))
        let literal = (0..<16).first { buffer.text(ofRow: $0).contains("true") }!
        #expect(buffer.style(of: "true", inRow: literal)?.foreground == Theme.defaultDark[.jsonLiteral].foreground)
    }

    @Test func theDetailsJSONTabUsesTheViewer() {
        var state = BrowseScreenTests().opened()
        _ = AppReducer.reduce(&state, .terminal(.key(.character("y"))))
        #expect(state.details?.section == .json)
        #expect(state.details?.json != nil)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("f"))))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("/"))))
        #expect(state.details?.json?.searching == true, "/ searches the JSON")
        _ = AppReducer.reduce(&state, .terminal(.key(.character("?"))))
        #expect(!state.helpVisible, "while a search is typed, ? is part of it")
        #expect(state.details?.json?.search == "?")
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("Space fold"))
    }
}

@Suite struct MouseTests {
    @Test func clickSelectsDoubleClickOpensWheelScrolls() {
        var state = WorkspaceScreenTests.loadedState(rows: 12, columns: 100)
        let firstRow = AppLayout(size: state.size).table.row + 1
        _ = AppReducer.reduce(&state, .terminal(.mouse(MouseEvent(kind: .click, row: firstRow + 2, column: 5))))
        #expect(state.workspaceList.selected == 2)
        _ = AppReducer.reduce(&state, .terminal(.mouse(MouseEvent(kind: .wheelUp, row: firstRow, column: 5))))
        #expect(state.workspaceList.selected == 0)
        _ = AppReducer.reduce(&state, .terminal(.mouse(MouseEvent(kind: .wheelDown, row: firstRow, column: 5))))
        #expect(state.workspaceList.selected == 3)
        _ = AppReducer.reduce(&state, .terminal(.mouse(MouseEvent(kind: .click, row: firstRow + 9, column: 5))))
        #expect(state.workspaceList.selected == 3, "a click below the rows changes nothing")
        let effects = AppReducer.reduce(&state, .terminal(.mouse(MouseEvent(kind: .doubleClick, row: firstRow + 1, column: 5))))
        #expect(state.route == .workspace)
        #expect(state.workspace?.entry.name == "販売分析 東京")
        #expect(effects == [.workspace(.loadItems(.group("2"), .reports))])
        // A click on the tab line switches tabs.
        let frame = AppRenderer.render(state, theme: .defaultDark)
        let column = frame.text(ofRow: 1).distance(of: "Dashboards")
        _ = AppReducer.reduce(&state, .terminal(.mouse(MouseEvent(kind: .click, row: 1, column: column))))
        #expect(state.workspace?.tab == .dashboards)
    }

    /// The wheel is the move actions, not the arrow keys: with `move_down` remapped away from Down (and
    /// Down given to nothing), the wheel still scrolls, in every list and in the JSON overlay.
    @Test func aRemappedMoveDownStillScrollsWithTheWheel() throws {
        var state = WorkspaceScreenTests.loadedState(rows: 12, columns: 100)
        state.keyMap = try ConfigFile.parse("[keys]\nmove_down = \"n\"\nmove_up = \"p\"\n").keys
        let firstRow = AppLayout(size: state.size).table.row + 1
        _ = AppReducer.reduce(&state, .terminal(.key(.down)))
        #expect(state.workspaceList.selected == 0, "Down no longer moves")
        _ = AppReducer.reduce(&state, .terminal(.mouse(MouseEvent(kind: .wheelDown, row: firstRow, column: 5))))
        #expect(state.workspaceList.selected == MouseReducer.wheelStep)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("p"))))
        #expect(state.workspaceList.selected == MouseReducer.wheelStep - 1, "the remapped key moves")
        _ = AppReducer.reduce(&state, .terminal(.mouse(MouseEvent(kind: .wheelUp, row: firstRow, column: 5))))
        #expect(state.workspaceList.selected == 0)
        // A double click opens through the action, whatever key Enter is.
        state.keyMap = try ConfigFile.parse("[keys]\nopen = \"o\"\n").keys
        _ = AppReducer.reduce(&state, .terminal(.mouse(MouseEvent(kind: .doubleClick, row: firstRow + 1, column: 5))))
        #expect(state.route == .workspace)
        // In the details' JSON section the wheel moves the viewer's cursor.
        var details = BrowseScreenTests().opened()
        details.keyMap = try ConfigFile.parse("[keys]\nmove_down = \"n\"\n").keys
        _ = AppReducer.reduce(&details, .terminal(.key(.character("y"))))
        #expect(details.details?.section == .json)
        let before = try #require(details.details?.json?.cursorRow)
        _ = AppReducer.reduce(&details, .terminal(.mouse(MouseEvent(kind: .wheelDown, row: 5, column: 5))))
        #expect(details.details?.json?.cursorRow == before + MouseReducer.wheelStep)
    }

    /// `q`, `:`, `t` and `d` are handled once, before any screen: the same on every screen that binds them.
    @Test func sharedActionsAreHandledOnceForEveryScreen() {
        let screens: [(String, AppState)] = [
            ("workspaces", WorkspaceScreenTests.loadedState(rows: 24, columns: 100)),
            ("workspace", BrowseScreenTests().opened()),
            ("details", { var state = BrowseScreenTests().opened(); _ = AppReducer.reduce(&state, .terminal(.key(.enter))); return state }()),
        ]
        #expect(screens.map(\.1.route) == [.workspaces, .workspace, .details])
        for (name, original) in screens {
            var state = original
            _ = AppReducer.act(.command, &state, now: Date())
            #expect(state.commandPrompt != nil, "\(name)")
            state = original
            _ = AppReducer.act(.quit, &state, now: Date())
            #expect(state.shouldQuit && state.exitStatus == 0, "\(name)")
            state = original
            #expect(AppReducer.act(.inspectToken, &state, now: Date()) == [.inspector(.inspect)], "\(name)")
            #expect(state.route == .inspector, "\(name)")
            state = original
            _ = AppReducer.act(.diagnose, &state, now: Date())
            #expect(state.status?.text.contains("Nothing to diagnose") == true, "\(name)")
        }
    }

    @Test func theMouseIsDecodedFromNCursesButtons() {
        #expect(NCursesScreen.decodeMouse(buttons: 4, clicked: 4, doubleClicked: 8, wheelUp: 1 << 16, wheelDown: 1 << 21) == .click)
        #expect(NCursesScreen.decodeMouse(buttons: 8, clicked: 4, doubleClicked: 8, wheelUp: 1 << 16, wheelDown: 1 << 21) == .doubleClick)
        #expect(NCursesScreen.decodeMouse(buttons: 1 << 16, clicked: 4, doubleClicked: 8, wheelUp: 1 << 16, wheelDown: 1 << 21) == .wheelUp)
        #expect(NCursesScreen.decodeMouse(buttons: 1 << 21, clicked: 4, doubleClicked: 8, wheelUp: 1 << 16, wheelDown: 1 << 21) == .wheelDown)
        #expect(NCursesScreen.decodeMouse(buttons: 2, clicked: 4, doubleClicked: 8, wheelUp: 1 << 16, wheelDown: 1 << 21) == nil)
    }

    @Test func theConfigSwitchTurnsTheMouseOff() throws {
        #expect(try ConfigFile.parse("mouse = false").mouse == false)
        #expect(try ConfigFile.parse("").mouse == true)
    }
}

extension String {
    /// The display column where `needle` starts (for clicking on text in a frame).
    func distance(of needle: String) -> Int {
        guard let range = range(of: needle) else { return -1 }
        return DisplayWidth.of(String(self[..<range.lowerBound]))
    }
}

@Suite struct StatusLineTests {
    @Test func aLongFailureKeepsItsStatusAndRequestId() {
        let text = "GET /groups/2cbdf190-bb4a-447e-8cb2-e8b6321f9447/datasets/ce222d48-15c9-450e-b3e9-c33ff4e4b95b/refreshSchedule failed: HTTP 500: An error has occurred [RequestId 876ffb10-0ad8-4a28-9a4f-df4cc769af8a]"
        #expect(AppRenderer.fitStatus(text, to: 150) == "GET /groups/2cbdf190…/datasets/ce222d48…/refreshSchedule failed: HTTP 500: An error has occurred [RequestId 876ffb10-0ad8-4a28-9a4f-df4cc769af8a]")
        #expect(AppRenderer.fitStatus(text, to: 118) == "GET …/refreshSchedule failed: HTTP 500: An error has occurred [RequestId 876ffb10-0ad8-4a28-9a4f-df4cc769af8a]")
        let narrow = AppRenderer.fitStatus(text, to: 78)
        #expect(narrow.hasSuffix("[RequestId 876ffb10-0ad8-4a28-9a4f-df4cc769af8a]"))
        #expect(DisplayWidth.of(narrow) <= 78)
        #expect(AppRenderer.fitStatus("short", to: 78) == "short")
        #expect(DisplayWidth.of(AppRenderer.fitStatus(text, to: 30)) <= 30, "too narrow for the id: cut at the end")
    }
}

