import Foundation
import PowerBI
import TerminalUI
import Testing
@testable import App

/// A newcomer finds what a screen can do without reading the README: the hint line names the keys that act
/// on the selected row, the palette lists every command before anything is typed, and a long filter scrolls.
@Suite struct DiscoverableTests {
    func text(_ state: AppState) -> String { AppRenderer.render(state, theme: .defaultDark).text }
    func hintLine(_ state: AppState) -> String { text(state).components(separatedBy: "\n").last ?? "" }

    @Test func theHintLineNamesTheKeysThatActOnADatasetRow() {
        let state = BrowseScreenTests().opened()
        let hints = AppRenderer.hints(for: state).map(\.key)
        for key in ["r", "e", "o", "A", "p", "L"] { #expect(hints.contains(key), "\(key) in \(hints)") }
        #expect(hints.firstIndex(of: "r")! < hints.firstIndex(of: "e")!, "refresh first among the row's keys")
        // At 120 columns every one of them is on the line, with help and quit.
        let line = hintLine(state)
        for hint in ["r refresh", "e DAX", "o ops", "A automate", "p pin", "L lineage", "? help", "q quit"] {
            #expect(line.contains(hint), "\(hint) in \(line)")
        }
    }

    @Test func keysThatDoNotApplyToTheRowAreNotNamed() {
        var state = BrowseScreenTests().opened()
        // Reports: no DAX and no refresh.
        _ = AppReducer.reduce(&state, .terminal(.key(.backTab)))
        _ = AppReducer.reduce(&state, .workspace(.itemsLoaded(.group("W1"), .reports, [])))
        let empty = AppRenderer.hints(for: state).map(\.key)
        #expect(!empty.contains("e") && !empty.contains("r"), "\(empty)")
        #expect(!empty.contains("p") && !empty.contains("L"), "an empty list has no row to pin: \(empty)")
        // The workspace list: a workspace is pinned and has calls, but no DAX and no lineage.
        let list = AppRenderer.hints(for: WorkspaceScreenTests.loadedState(rows: 20, columns: 120)).map(\.key)
        #expect(list.contains("p") && list.contains("o") && list.contains("A"), "\(list)")
        #expect(!list.contains("e") && !list.contains("L"), "\(list)")
    }

    @Test func afterAFailureDiagnoseComesFirst() {
        var state = BrowseScreenTests().opened()
        state.lastFailure = FailedCall(method: "GET", path: "/groups", status: 403, code: nil, requestId: "r-1")
        state.status = StatusMessage("Forbidden", level: .error)
        #expect(AppRenderer.hints(for: state).first?.key == "d")
    }

    @Test func atEightyColumnsTheRowsKeysComeBeforeLessUsedOnes() {
        var state = BrowseScreenTests().opened()
        state.size = (30, 80)
        let line = hintLine(state)
        for hint in ["Enter open", "r refresh", "e DAX", "o ops", "? help", "q quit"] { #expect(line.contains(hint), "\(hint) in \(line)") }
        #expect(DisplayWidth.of(line) <= 80)
    }

    @Test func thePaletteListsEveryCommandBeforeAnythingIsTyped() {
        var state = WorkspaceScreenTests.loadedState(rows: 40, columns: 120)
        _ = AppReducer.reduce(&state, .terminal(.key(.character(":"))))
        let screen = text(state)
        for command in AppReducer.commands { #expect(screen.contains(":" + command.name), ":\(command.name)\n\(screen)") }
        #expect(screen.contains("The token inspector"), "one to a line with what it does when they fit")
    }

    @Test func onAShortTerminalThePaletteListsThemInColumns() {
        var state = WorkspaceScreenTests.loadedState(rows: 16, columns: 100)
        _ = AppReducer.reduce(&state, .terminal(.key(.character(":"))))
        let screen = text(state)
        let words = Set(screen.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        for command in AppReducer.commands { #expect(words.contains(":" + command.name), ":\(command.name)\n\(screen)") }
        // Smaller still: what does not fit is counted, and Tab's choice stays in view.
        state.size = (10, 40)
        var small = text(state)
        #expect(small.contains("more"), "\(small)")
        for _ in 0..<AppReducer.commands.count { _ = AppReducer.reduce(&state, .terminal(.key(.tab))) }
        small = text(state)
        #expect(small.contains(":" + AppReducer.commands.last!.name), "\(small)")
    }

    @Test func aLongFilterScrollsSoItsEndStaysInView() {
        var state = WorkspaceScreenTests.loadedState(rows: 20, columns: 60)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("/"))))
        let typed = String(repeating: "abcdefghij", count: 10) + "END"
        for character in typed { _ = AppReducer.reduce(&state, .terminal(.key(.character(character)))) }
        let line = text(state).components(separatedBy: "\n")[state.size.rows - 2]
        #expect(line.contains("END▏"), "\(line)")
        #expect(line.contains("…"), "the start is cut, and says so: \(line)")
        #expect(DisplayWidth.of(line) <= 60)
        // The command palette the same.
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        _ = AppReducer.reduce(&state, .terminal(.key(.character(":"))))
        for character in "api GET /" + typed { _ = AppReducer.reduce(&state, .terminal(.key(.character(character)))) }
        #expect(text(state).components(separatedBy: "\n")[state.size.rows - 2].contains("END▏"))
    }

    @Test func aBoxOverAWideCharacterLeavesNoHalfGlyph() {
        var buffer = CellBuffer(rows: 1, columns: 6)
        buffer.put("販売分", row: 0, column: 0, style: .plain)
        buffer.fill(Rect(row: 0, column: 1, height: 1, width: 2), style: .plain)
        #expect(buffer.text(ofRow: 0) == "    分")
        #expect(buffer.cells.allSatisfy { !$0.isContinuation || $0.text.isEmpty })
        #expect(!buffer[0, 4].isContinuation && buffer[0, 5].isContinuation)
    }
}

/// `:screenshot PATH.svg`: the screen as it is drawn, as an SVG picture, written like every file.
@Suite struct ScreenshotCommandTests {
    func run(_ line: String, _ state: inout AppState) -> [Effect] {
        state.commandPrompt = CommandPrompt(text: line)
        return AppReducer.reduce(&state, .terminal(.key(.enter)))
    }

    @Test func theScreenIsSavedAsSVGWithWhatItShows() throws {
        var state = WorkspaceScreenTests.loadedState(rows: 20, columns: 100)
        let effects = run("screenshot /tmp/pbitui-shot", &state)
        guard case let .export(path, contents, summary, makeFolders)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(path == "/tmp/pbitui-shot.svg" && !makeFolders)
        #expect(summary == "Saved the screen as SVG to /tmp/pbitui-shot.svg")
        let svg = String(decoding: contents, as: UTF8.self)
        #expect(svg.hasPrefix("<svg ") && svg.contains(">Sales Analytics") && svg.contains("販売分析 東京"))
        #expect(!svg.contains(":screenshot"), "the palette is closed before the picture is taken")
    }

    @Test func misuseIsExplained() {
        var state = WorkspaceScreenTests.loadedState(rows: 20, columns: 100)
        #expect(run("screenshot", &state).isEmpty)
        #expect(state.status?.text.hasPrefix("Usage: :screenshot PATH.svg") == true)
        #expect(run("screenshot /proc/pbitui-nowhere/x.svg", &state).isEmpty)
        #expect(state.status?.text.contains("no folder") == true)
    }
}

/// The palette's registry: every command a screen declares can be reached, completed and run, and none
/// is declared twice.
@Suite struct PaletteRegistryTests {
    @Test func everyDeclaredCommandIsListedCompletedAndKnownByEveryName() {
        let state = WorkspaceScreenTests.loadedState(rows: 30, columns: 120)
        var seen = Set<String>()
        for command in Palette.commands {
            for name in [command.name] + command.aliases {
                #expect(seen.insert(name).inserted, ":\(name) is declared twice")
                #expect(Palette.command(named: name)?.name == command.name)
            }
            guard command.listed else { continue }
            #expect(PaletteReducer.completions(for: command.name, state).contains { $0.text.hasPrefix(command.name) }, ":\(command.name) completes")
            #expect(AppReducer.commands.contains { $0.name == command.name })
        }
        #expect(Palette.commands.contains { !$0.listed && $0.name == "debug-stall" } && !AppReducer.commands.contains { $0.name == "debug-stall" })
        // Each screen that brings commands is registered once.
        #expect(Set(Palette.units.map { ObjectIdentifier($0) }).count == Palette.units.count)
    }

    @Test func eachScreensCommandRunsFromAnyScreen() {
        var state = WorkspaceScreenTests.loadedState(rows: 30, columns: 120)
        for line in ["token", "ops", "api GET /groups", "pins", "workspaces"] {
            _ = PaletteReducer.run(line, &state, now: Date())
            #expect(state.status?.text.hasPrefix("Unknown command") != true, ":\(line)")
        }
        #expect(state.route == .workspaces)
        // A workbench command away from the workbench says where it works.
        _ = PaletteReducer.run("nulls", &state, now: Date())
        #expect(state.status?.text == ":nulls works in the DAX workbench (e on a dataset)")
        // The name as typed stays in completion: `:export! c` → `export! csv `.
        #expect(PaletteReducer.completions(for: "export! c", state).map(\.text) == ["export! csv "])
    }
}
