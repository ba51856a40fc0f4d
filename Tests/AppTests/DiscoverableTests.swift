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
        _ = AppReducer.reduce(&state, .itemsLoaded(.group("W1"), .reports, []))
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
