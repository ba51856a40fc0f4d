import Foundation
import PowerBI
import Testing
import TerminalUI
import Tokens
@testable import App

/// `p`, `:pins` and `:go`: pins kept per context in a file that survives a broken write, fuzzy finding that
/// is linear in the name, and jumping to what was found.
@Suite struct PinsAndGoTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    static func keys(_ text: String, _ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        for key in [Key.character(":")] + text.map({ Key.character($0) }) + [.enter] {
            effects += AppReducer.reduce(&state, .terminal(.key(key)), now: now)
        }
        return effects
    }

    static func signedIn() -> AppState {
        var state = AppState(size: (30, 120), identity: "app pbitui-automation · tenant T1")
        let names = ["Sales Analytics", "Finance — Monthly Close", "Ventes France (été 2026)", "販売分析 東京"]
        _ = AppReducer.reduce(&state, .workspaces(.loaded(names.enumerated().map { BrowseScreenTests.workspace($1, id: "W\($0)") })), now: now)
        return state
    }

    @Test func fuzzyFindingTakesTheLettersInOrderAndPrefersWordStarts() {
        #expect(FuzzyMatch.score("sa", in: "Sales Analytics") != nil)
        #expect(FuzzyMatch.score("slsan", in: "Sales Analytics") != nil, "letters in order, gaps allowed")
        #expect(FuzzyMatch.score("cy", in: "Sales Analytics") == nil, "not in order")
        #expect(FuzzyMatch.score("ete", in: "Ventes France (été 2026)") != nil, "accents aside")
        #expect(FuzzyMatch.score("東京", in: "販売分析 東京") != nil)
        #expect(FuzzyMatch.score("fin", in: "Finance")! > FuzzyMatch.score("fin", in: "Sales Final Figures of nothing")!, "a whole word at the start wins")
        #expect(FuzzyMatch.score("sales", in: "Sales")! > FuzzyMatch.score("sales", in: "Sales Analytics")!, "shorter first among equals")
        let long = String(repeating: "x", count: 2_000) + "sales"
        #expect(FuzzyMatch.score("sales", in: long) != nil && FuzzyMatch.score("salez", in: long) == nil)
    }

    @Test func pinsAreKeptPerContextAndTheFileSurvivesABadOne() throws {
        var book = PinBook()
        let pin = Pin(kind: .dataset, id: "D1", name: "Sales, \"Model\"\nv2", workspaceId: "W1", workspaceName: "Sales", pinnedAt: Self.now)
        let added = book.toggle(pin, in: "a")
        #expect(added && book.isPinned(pin, in: "a") && !book.isPinned(pin, in: "b"))
        let other = Pin(kind: .dataset, id: "d1", name: "same id other case", workspaceId: nil, workspaceName: nil, pinnedAt: Self.now)
        let again = book.toggle(other, in: "a")
        #expect(!again && !book.isPinned(pin, in: "a"), "the same dataset whatever the case of its id: unpinned")
        book.toggle(pin, in: "a")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pins-\(UUID().uuidString)").path
        let path = folder + "/pbitui/pins.json"
        try FileManager.default.createDirectory(atPath: folder + "/pbitui", withIntermediateDirectories: true)
        try book.encoded().write(to: URL(fileURLWithPath: path))
        #expect(PinBook.load(path: path).book == book)
        #expect(PinBook.load(path: folder + "/missing.json").problem == nil)
        try Data("{\"contexts\": [".utf8).write(to: URL(fileURLWithPath: path))
        let broken = PinBook.load(path: path)
        #expect(broken.book == PinBook() && broken.problem?.contains("could not be read") == true)
        #expect(PinBook.path(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/pbitui/pins.json")
        #expect(PinBook.path(environment: ["HOME": "/h"]) == "/h/.local/state/pbitui/pins.json")
    }

    @Test func pOnAWorkspacePinsItAndPinsOpenIt() throws {
        var state = Self.signedIn()
        state.pinsPath = "/tmp/pins.json"
        _ = AppReducer.reduce(&state, .terminal(.key(.character("j"))), now: Self.now)
        let effects = AppReducer.reduce(&state, .terminal(.key(.character("p"))), now: Self.now)
        guard case let .savePins(path, contents)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(path == "/tmp/pins.json" && String(decoding: contents, as: UTF8.self).contains("Finance — Monthly Close"))
        #expect(state.status?.text.contains("Pinned workspace Finance — Monthly Close") == true)
        // Another identity (another tenant) does not see it.
        var other = state
        other.identity = "app other · tenant T2"
        #expect(other.pins.pins(of: other.contextKey).isEmpty)
        _ = Self.keys("pins", &state)
        #expect(state.route == .picker && AppRenderer.render(state, theme: .defaultDark).text.contains("Finance — Monthly Close"))
        #expect(AppReducer.reduce(&state, .terminal(.key(.enter)), now: Self.now) == [.workspace(.loadItems(.group("W1"), .reports))])
        #expect(state.route == .workspace && state.workspace?.entry.name == "Finance — Monthly Close")
        // Back on :pins, p unpins.
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)), now: Self.now)
        #expect(state.route == .picker)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("p"))), now: Self.now)
        #expect(state.picker?.rows.totalCount == 0 && state.pins.pins(of: state.contextKey).isEmpty)
    }

    @Test func goJumpsToTheOneMatchOrListsThemBestFirst() {
        var state = Self.signedIn()
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)), now: Self.now)           // Sales Analytics
        _ = AppReducer.reduce(&state, .workspace(.itemsLoaded(.group("W0"), .reports, [ItemRow(.reports, json: ["id": "R1", "name": "Sales Overview"])!])), now: Self.now)
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)), now: Self.now)
        // One match: opened at once.
        #expect(Self.keys("go 東京", &state) == [.workspace(.loadItems(.group("W3"), .reports))])
        #expect(state.route == .workspace && state.workspace?.entry.name == "販売分析 東京")
        // Several: listed best first; Enter opens the selected one.
        _ = Self.keys("go sales", &state)
        #expect(state.route == .picker)
        let names = state.picker?.rows.visibleRows.map(\.pin.name) ?? []
        #expect(names == ["Sales Analytics", "Sales Overview"] || names == ["Sales Overview", "Sales Analytics"], "\(names)")
        #expect(state.picker?.rows.visibleRows.contains { $0.pin.kind == .report && $0.pin.workspaceName == "Sales Analytics" } == true)
        // Nothing loaded matches: said, with the tenant-wide search offered.
        _ = Self.keys("go zzz", &state)
        #expect(state.status?.text.contains(":go! zzz") == true)
        // :go! searches every workspace; matches arrive workspace by workspace.
        let effects = Self.keys("go! model", &state)
        guard case let .picker(.searchTenant(generation, workspaces, query))? = effects.first else { Issue.record("\(effects)"); return }
        #expect(workspaces.count == 4 && query == "model")
        let found = Pin(kind: .dataset, id: "D9", name: "Sales Model", workspaceId: "W2", workspaceName: "Ventes France (été 2026)", pinnedAt: Self.now)
        let missed = Pin(kind: .dataset, id: "D8", name: "Budget", workspaceId: "W2", workspaceName: "Ventes France (été 2026)", pinnedAt: Self.now)
        _ = AppReducer.reduce(&state, .picker(.tenantAnswered(generation: generation, found: [found, missed])), now: Self.now)
        #expect(state.picker?.rows.visibleRows.map(\.pin.name) == ["Sales Model"])
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("1/4 workspaces"))
        let opened = AppReducer.reduce(&state, .terminal(.key(.enter)), now: Self.now)
        #expect(opened == [.details(.load(.group("W2"), datasetId: "D9", .history))] && state.route == .details)
    }

    /// `:go! Sales Model`: the datasets named exactly that come first, the longer names after them.
    @Test func anExactNameRanksFirst() {
        var state = Self.signedIn()
        guard case let .picker(.searchTenant(generation, _, _))? = Self.keys("go! Sales Model", &state).first else { Issue.record("no search"); return }
        let names = ["Sales Model — Executive Summary", "Sales Model (DirectQuery)", "Sales Model", "Sales Model — Overview", "Sales Model"]
        let found = names.enumerated().map { index, name in
            Pin(kind: name == "Sales Model" ? .dataset : .report, id: "I\(index)", name: name, workspaceId: "W\(index % 4)", workspaceName: "W", pinnedAt: Self.now)
        }
        _ = AppReducer.reduce(&state, .picker(.tenantAnswered(generation: generation, found: Array(found.prefix(2)))), now: Self.now)
        _ = AppReducer.reduce(&state, .picker(.tenantAnswered(generation: generation, found: Array(found.dropFirst(2)))), now: Self.now)
        let shown = state.picker?.rows.visibleRows.map(\.pin.name) ?? []
        #expect(Array(shown.prefix(2)) == ["Sales Model", "Sales Model"], "\(shown)")
        #expect(shown.count == 5)
        #expect(PickerReducer.rankKey(98_000) < PickerReducer.rankKey(97_000))
    }
}

/// `:ctx`: the profiles listed, a switch that signs in with one and keeps the place left, a way back that
/// needs no sign-in, pins kept per context.
@Suite struct ContextSwitchTests {
    static let now = PinsAndGoTests.now

    @Test func switchingKeepsEachContextsPlaceAndPins() {
        var state = AppState(size: (30, 120), identity: "app a · tenant TA")
        state.context = "a"
        state.profiles = [("a", "client-secret · tenant TA"), ("b", "client-secret · tenant TB")]
        _ = AppReducer.reduce(&state, .workspaces(.loaded([BrowseScreenTests.workspace("Sales A", id: "WA")])), now: Self.now)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("p"))), now: Self.now)     // a pin in context a
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)), now: Self.now)              // Sales A's contents
        #expect(state.route == .workspace)
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("ctx a · app a"), "the header names the context")

        #expect(PinsAndGoTests.keys("ctx nope", &state).isEmpty && state.status?.text.contains("known: a, b") == true)
        _ = PinsAndGoTests.keys("ctx", &state)
        #expect(state.route == .picker && state.picker?.rows.visibleRows.map(\.pin.name) == ["a (in use)", "b"])
        _ = AppReducer.reduce(&state, .terminal(.key(.character("j"))), now: Self.now)
        let effects = AppReducer.reduce(&state, .terminal(.key(.enter)), now: Self.now)     // b, chosen on the list
        #expect(effects == [.signIn(.start(SignInRequest(option: .profile("b"))))] && state.route == .signIn && state.pendingContext == "b")
        _ = AppReducer.reduce(&state, .signIn(.signedIn(ConnectedSession(client: .placeholder, identity: "app b · tenant TB", close: {}))), now: Self.now)
        #expect(state.context == "b" && state.route == .workspaces && state.workspaces.isLoading)
        _ = AppReducer.reduce(&state, .workspaces(.loaded([BrowseScreenTests.workspace("Finance B", id: "WB")])), now: Self.now)
        #expect(state.pins.pins(of: state.contextKey).isEmpty, "a's pins stay a's")
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("ctx b · app b"))

        // Back to a: no sign-in, its screens and lists as they were; b keeps its place in turn.
        let back = PinsAndGoTests.keys("ctx a", &state)
        #expect(back == [.resumeContext("profile:a", keeping: "profile:b")])
        #expect(state.context == "a" && state.identity == "app a · tenant TA" && state.route == .workspace)
        #expect(state.workspace?.entry.name == "Sales A" && state.workspaces.value?.map(\.name) == ["Sales A"])
        #expect(state.pins.pins(of: state.contextKey).map(\.name) == ["Sales A"])
        #expect(PinsAndGoTests.keys("ctx b", &state) == [.resumeContext("profile:b", keeping: "profile:a")])
        #expect(state.workspaces.value?.map(\.name) == ["Finance B"] && state.route == .workspaces)
    }

    @Test func aFailedSwitchLeavesTheContextAsItWas() {
        var state = AppState(size: (30, 120), identity: "app a")
        state.context = "a"
        state.profiles = [("a", ""), ("b", "")]
        _ = AppReducer.reduce(&state, .workspaces(.loaded([BrowseScreenTests.workspace("Sales A", id: "WA")])), now: Self.now)
        _ = PinsAndGoTests.keys("ctx b", &state)
        _ = AppReducer.reduce(&state, .signIn(.failed(SignInFailure("AADSTS7000215: Invalid client secret provided."))), now: Self.now)
        #expect(state.pendingContext == nil && state.context == "a" && state.status?.level == .error)
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)), now: Self.now)
        #expect(state.route == .workspaces && state.workspaces.value?.count == 1)
    }
}

extension ContextSwitchTests {
    /// A context opened for the first time starts unfiltered; coming back to one restores its filter.
    @Test func aNewContextStartsUnfilteredAndEachKeepsItsOwnFilter() {
        var state = AppState(size: (30, 120), identity: "app a · tenant TA")
        state.context = "a"
        state.profiles = [("a", "client-secret · tenant TA"), ("b", "client-secret · tenant TB")]
        _ = AppReducer.reduce(&state, .workspaces(.loaded([BrowseScreenTests.workspace("Sales Analytics", id: "WA"),
                                                         BrowseScreenTests.workspace("Finance", id: "WF")])), now: Self.now)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("/"))), now: Self.now)
        for character in "Sales Analytics" { _ = AppReducer.reduce(&state, .terminal(.key(.character(character))), now: Self.now) }
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)), now: Self.now)
        #expect(state.workspaceFilter == "Sales Analytics" && state.workspaceEntries.count == 1)
        _ = PinsAndGoTests.keys("ctx b", &state)
        _ = AppReducer.reduce(&state, .signIn(.signedIn(ConnectedSession(client: .placeholder, identity: "app b · tenant TB", close: {}))), now: Self.now)
        _ = AppReducer.reduce(&state, .workspaces(.loaded((0..<10).map { BrowseScreenTests.workspace("B \($0)", id: "B\($0)") })), now: Self.now)
        #expect(state.workspaceFilter == "" && state.workspaceEntries.count == 10, "context b starts unfiltered")
        let screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(!screen.contains("/Sales Analytics") && screen.contains("Workspaces (10)"), "\(screen)")
        _ = PinsAndGoTests.keys("ctx a", &state)
        #expect(state.workspaceFilter == "Sales Analytics" && state.workspaceEntries.count == 1, "a comes back as it was left")
        _ = PinsAndGoTests.keys("ctx b", &state)
        #expect(state.workspaceFilter == "" && state.workspaceEntries.count == 10, "and b as it was left")
    }
}
