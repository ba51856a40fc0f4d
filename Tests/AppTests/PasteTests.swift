import Config
import Foundation
import PowerBI
import TerminalUI
import Testing
@testable import App

/// Bracketed paste: a paste arrives whole and lands verbatim in the field that has the focus, never read
/// as keys (no indentation added, no action triggered), in one pass.
@Suite struct PasteTests {
    static let indented = "EVALUATE\n    SUMMARIZECOLUMNS(\n        Sales[Region],\n        \"Total\", [Total Sales]\n    )"

    @Test func theCollectorMakesLineEndsNewlinesAndDropsControls() {
        #expect(PasteCollector.collect("a\r\nb\rc\nd\te\u{1B}[31mf\u{7}") == "a\nb\nc\nd\te[31mf")
        #expect(PastedText.singleLine("  eyJ0eXAi.abc.def\n") == "eyJ0eXAi.abc.def")
        #expect(PastedText.singleLine("Sales\nAnalytics") == "Sales Analytics")
    }

    @Test func theDAXEditorTakesAPasteVerbatim() throws {
        var state = DAXScreenTests.opened()
        let effects = AppReducer.reduce(&state, .terminal(.paste(Self.indented)))
        #expect(effects.isEmpty, "a paste runs nothing")
        let lines = try #require(state.dax?.editor.text).components(separatedBy: "\n")
        #expect(lines.map { $0.prefix { $0 == " " }.count } == [0, 4, 8, 8, 4], "indentation as pasted: \(lines)")
        #expect(state.dax?.editor.text == Self.indented)
        // Typed, the same lines would be indented again by Enter: that is what a paste must not do.
        var typed = DAXScreenTests.opened()
        DAXScreenTests.type(Self.indented, &typed)
        #expect(typed.dax?.editor.text != Self.indented)
    }

    @Test func twentyThousandCharactersLandAsOneEdit() throws {
        var state = DAXScreenTests.opened()
        let line = "    \"Total\", SUM(Sales[Amount]), -- a comment with ' quotes, commas\n"
        let text = String(repeating: line, count: 20_000 / line.count + 1)
        _ = AppReducer.reduce(&state, .terminal(.paste(text)))
        #expect(state.dax?.editor.text == text)
        // The editor shows where the paste ended.
        let screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains(" \(text.split(separator: "\n", omittingEmptySubsequences: false).count)"), "the last line's number is on screen")
        // One step of undo takes the whole paste away.
        _ = AppReducer.reduce(&state, .terminal(.key(.control("z"))))
        #expect(state.dax?.editor.text == "")
    }

    @Test func aListTakesAPasteAsItsFilterAndThePaletteOnOneLine() {
        var state = WorkspaceScreenTests.loadedState(rows: 30, columns: 120)
        _ = AppReducer.reduce(&state, .terminal(.paste("Sales\n")))
        #expect(state.filterEditing && FilterReducer.text(state) == "Sales")
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        _ = AppReducer.reduce(&state, .terminal(.key(.character(":"))))
        _ = AppReducer.reduce(&state, .terminal(.paste("theme\nlight")))
        #expect(state.commandPrompt?.text == "theme light")
        // A paste of keys' letters triggers nothing: `q` in a paste does not quit.
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        _ = AppReducer.reduce(&state, .terminal(.paste("qqq")))
        #expect(!state.shouldQuit && FilterReducer.text(state) == "qqq")
    }

    @Test func formsTakeAPasteInTheFocusedField() {
        var state = AppState(size: (30, 120), identity: nil, signIn: SignInState(prefilled: [:], profileName: nil, authority: "https://login.microsoftonline.com"))
        while state.signIn.selectedOption.id != .method(.token) { _ = AppReducer.reduce(&state, .terminal(.key(.down))) }
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        let token = "eyJ0eXAiOiJKV1QifQ." + String(repeating: "a", count: 2_000) + ".sig"
        _ = AppReducer.reduce(&state, .terminal(.paste(token + "\r\n")))
        #expect(state.signIn.values[.accessToken] == token, "the token whole, without its line end")

        var console = ConsoleReducerTests.state()
        _ = ConsoleReducer.open(&console)
        console.console?.focus = .body
        _ = AppReducer.reduce(&console, .terminal(.paste("{\n  \"queries\": [1]\n}")))
        #expect(console.console?.request.body == "{\n  \"queries\": [1]\n}")
        console.console?.focus = .path
        console.console?.request.path = ""
        _ = AppReducer.reduce(&console, .terminal(.paste("/groups\n")))
        #expect(console.console?.request.path == "/groups")
    }
}
