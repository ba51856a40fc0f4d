@testable import Config
import Foundation
import PowerBI
import TerminalUI
import Testing
import Tokens
@testable import App

@Suite struct WorkspaceScreenTests {
    static func workspace(_ name: String, id: String, dedicated: Bool = false) -> Workspace {
        Workspace(json: ["id": .string(id), "name": .string(name), "isOnDedicatedCapacity": .bool(dedicated)])!
    }

    static func loadedState(rows: Int = 12, columns: Int = 100) -> AppState {
        var state = AppState(size: (rows, columns), identity: "demo tenant · app pbitui-automation")
        let workspaces = [
            workspace("Sales Analytics", id: "1"), workspace("販売分析 東京", id: "2", dedicated: true),
            workspace("Customer Success 🚀", id: "3"), workspace("Ventes France (été 2026)", id: "4"),
        ]
        _ = AppReducer.reduce(&state, .workspaces(.loaded(workspaces)))
        return state
    }

    @Test func showsTheListWithCountHeaderAndHints() {
        let buffer = AppRenderer.render(Self.loadedState(), theme: .defaultDark)
        let lines = buffer.text.components(separatedBy: "\n")
        #expect(lines[0].contains("pbitui"))
        #expect(lines[0].contains("Workspaces"))
        #expect(lines[0].hasSuffix("demo tenant · app pbitui-automation"))
        #expect(lines[1].contains("Workspaces (4)"))
        #expect(lines[2].hasPrefix("NAME"))
        #expect(lines[3].hasPrefix("Sales Analytics"))
        #expect(lines[4].hasPrefix("販売分析 東京"))
        #expect(lines[4].contains("Dedicated"))
        #expect(lines[5].hasPrefix("Customer Success 🚀"))
        #expect(lines[10].contains("Loaded 4 workspaces"))
        #expect(lines[11].contains("j/k move"))
        #expect(lines[11].contains("q quit"))
    }

    @Test func movesTheSelectionWithJAndK() {
        var state = Self.loadedState()
        _ = AppReducer.reduce(&state, .terminal(.key(.character("j"))))
        _ = AppReducer.reduce(&state, .terminal(.key(.down)))
        #expect(state.workspaceList.selected == 2)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("k"))))
        #expect(state.workspaceList.selected == 1)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("G"))))
        #expect(state.workspaceList.selected == 3)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("j"))))
        #expect(state.workspaceList.selected == 3)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("g"))))
        #expect(state.workspaceList.selected == 0)
        let buffer = AppRenderer.render(state, theme: .defaultDark)
        #expect(buffer.style(of: "Sales Analytics", inRow: 3) == Theme.defaultDark[.selection])
    }

    @Test func quitsWithZeroAndSignalsWithTheirNumber() {
        var state = Self.loadedState()
        _ = AppReducer.reduce(&state, .terminal(.key(.character("q"))))
        #expect(state.shouldQuit && state.exitStatus == 0)
        var other = Self.loadedState()
        _ = AppReducer.reduce(&other, .terminal(.terminate(signal: 15)))
        #expect(other.shouldQuit && other.exitStatus == 143)
    }

    @Test func showsALoadingIndicatorThenTheFailureWithItsRequestId() {
        var state = AppState(size: (10, 80), identity: "x")
        let effects = WorkspacesReducer.action(.reload, &state, now: Date())
        #expect(effects == [.workspaces(.load)])
        #expect(AppRenderer.render(state, theme: .defaultDark).text(ofRow: 1).contains("loading…"))
        _ = AppReducer.reduce(&state, .workspaces(.failed(message: "GET /groups failed: HTTP 401 PowerBINotAuthorizedException", requestId: "rid-42")))
        let text = AppRenderer.render(state, theme: .defaultDark).text
        #expect(text.contains("Could not load workspaces: GET /groups failed: HTTP 401"))
        #expect(text.contains("[RequestId rid-42]"))
    }

    @Test func keepsTheSelectionVisibleAfterAResize() {
        var state = Self.loadedState(rows: 12)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("G"))))
        _ = AppReducer.reduce(&state, .terminal(.resize(rows: 10, columns: 40)))
        let visible = AppLayout(size: state.size).visibleTableRows
        #expect(state.workspaceList.offset + visible > state.workspaceList.selected)
        let buffer = AppRenderer.render(state, theme: .defaultDark)
        #expect(buffer.rows == 10 && buffer.columns == 40)
        #expect(buffer.text.contains("Ventes France"))
    }

    @Test func survivesATinyTerminal() {
        var state = Self.loadedState(rows: 24, columns: 80)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("j"))))
        _ = AppReducer.reduce(&state, .terminal(.resize(rows: 4, columns: 10)))
        let buffer = AppRenderer.render(state, theme: .defaultDark)
        #expect(buffer.rows == 4)
        #expect(AppRenderer.render(state.resized(5, 20), theme: .defaultDark).text.contains("Terminal too small"))
        _ = AppReducer.reduce(&state, .terminal(.resize(rows: 24, columns: 80)))
        #expect(state.workspaceList.selected == 1, "the selection survived")
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("Workspaces (4)"))
        let tiny = AppRenderer.render(Self.loadedState(rows: 1, columns: 3), theme: .defaultDark)
        #expect(tiny.columns == 3)
    }

    @Test func escapesControlCharactersInNames() {
        var state = AppState(size: (10, 80), identity: "x")
        _ = AppReducer.reduce(&state, .workspaces(.loaded([Self.workspace("Evil\u{1B}[2JName", id: "9")])))
        let text = AppRenderer.render(state, theme: .defaultDark).text
        #expect(text.contains("Evil\\u{1B}[2JName"))
        #expect(!text.contains("\u{1B}"))
    }
}

extension AppState {
    func resized(_ rows: Int, _ columns: Int) -> AppState {
        var copy = self
        copy.size = (rows, columns)
        return copy
    }
}

@Suite struct HelpTests {
    @Test func questionMarkListsEveryKeyOfTheScreenFromItsTable() {
        var state = WorkspaceScreenTests.loadedState(rows: 30, columns: 120)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("?"))))
        let text = AppRenderer.render(state, theme: .defaultDark).text
        #expect(text.contains("Keys — Workspaces"))
        for binding in KeyTable.workspaces.bindings {
            #expect(text.contains(binding.description), "\(binding.description)")
        }
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("q")))).isEmpty)
        #expect(!state.shouldQuit, "q closes help first")
        #expect(!state.helpVisible)
    }
}

@Suite struct FilterTests {
    func type(_ text: String, _ state: inout AppState) {
        for character in text { _ = AppReducer.reduce(&state, .terminal(.key(.character(character)))) }
    }

    @Test func slashFiltersAsYouTypeAndBangInverts() {
        var state = WorkspaceScreenTests.loadedState(rows: 20, columns: 120)
        type("/", &state)
        #expect(state.filterEditing)
        type("VENTES", &state)
        var text = AppRenderer.render(state, theme: .defaultDark).text
        #expect(text.contains("Ventes France"))
        #expect(!text.contains("Sales Analytics"))
        #expect(text.contains("(1 of 4 · /VENTES)"))
        #expect(text.contains("/VENTES▏"))
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(!state.filterEditing, "Enter keeps the filter")
        #expect(AppReducer.reduce(&state, .terminal(.key(.enter))).contains(.workspace(.loadItems(.group("4"), .reports))), "and opens the first match")
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        type("/", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(state.workspaceFilter.isEmpty, "Esc clears")
        type("/!a", &state)
        text = AppRenderer.render(state, theme: .defaultDark).text
        #expect(!text.contains("Sales Analytics"), "! keeps what does not match")
        #expect(text.contains("販売分析 東京"))
        type("q", &state)
        #expect(!state.shouldQuit, "while filtering, q is a letter")
    }

    @Test func eachTabHasItsOwnFilter() {
        var state = BrowseScreenTests().opened()
        type("/live", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.workspace?.rows.map(\.name) == ["Live (DirectQuery)"])
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        #expect(state.workspace?.filters[.dashboards] == nil)
    }
}
