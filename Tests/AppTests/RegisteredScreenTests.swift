import Config
import Foundation
import Inventory
import Testing
import TerminalUI
@testable import App

/// A screen that registers itself: `:activity` lives in its folder and one line of `Palette.units`; its
/// state, route, keys, events, work and docs all come from its declaration.
@Suite struct RegisteredScreenTests {
    static func opened() -> (AppState, [Effect]) {
        var state = AppState(size: (30, 120), identity: "app")
        var effects: [Effect] = []
        for key in [Key.character(":")] + "activity".map({ Key.character($0) }) + [.enter] {
            effects += AppReducer.reduce(&state, .terminal(.key(key)))
        }
        return (state, effects)
    }

    @Test func theActivityScreenIsRegisteredByItsNameAlone() {
        let found = Palette.registered("activity").map { $0 == ActivityScreen.self } ?? false
        #expect(found)
        var names: [String] = []
        for unit in Palette.registered { names.append(unit.name) }
        #expect(names.contains("activity") && names.count == Set(names).count, "names are unique")
        let (state, effects) = Self.opened()
        let front = state.front == ActivityScreen.self
        #expect(state.route == .registered("activity") && front)
        #expect(state.activity?.generation == 1 && state.activity?.isLoading == true)
        #expect(effects == [ActivityScreen.effect(.load(generation: 1, limit: ActivityView.limit))])
        #expect(effects != [ActivityScreen.effect(.load(generation: 2, limit: ActivityView.limit))], "work compares by value")
    }

    @Test func itsEventsReachItsReducerAndAStaleOneIsDropped() {
        var (state, _) = Self.opened()
        let event = ActivityEvent(id: "e1", creationTime: "2026-11-30T08:00:00", activity: "ViewReport", user: "ana", workspaceName: "Sales",
                                  itemName: "Revenue", isSuccess: true, json: "{}")
        _ = AppReducer.reduce(&state, ActivityScreen.event(.loaded(generation: 7, .success([event]))))
        #expect(state.activity?.isLoading == true, "an answer for another load is dropped")
        _ = AppReducer.reduce(&state, ActivityScreen.event(.loaded(generation: 1, .success([event]))))
        #expect(state.activity?.isLoading == false && state.activity?.events.count == 1)
        // Reopening counts on: the old load's answer no longer fits.
        _ = AppReducer.reduce(&state, .terminal(.key(.control("r"))))
        #expect(state.activity?.generation == 2)
    }

    @Test func itsKeysDispatchShowAndRemapLikeEveryTable() {
        var (state, _) = Self.opened()
        #expect(state.keyScreen == .registered("activity"))
        #expect(state.keys(.registered("activity")).action(for: .tab) == .nextTab)
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        #expect(state.activity?.mode == .activity, "Tab reached the screen through its own table")
        state.keyMap = KeyMap(overrides: [.nextTab: [.character("x")]])
        #expect(state.keys(.registered("activity")).action(for: .character("x")) == .nextTab)
        #expect(state.keys(.registered("activity")).action(for: .tab) == nil, "a remapped action answers only to its new keys")
        // `?` lists them.
        state.keyMap = KeyMap()
        _ = AppReducer.reduce(&state, .terminal(.key(.character("?"))))
        let help = AppRenderer.render(state, theme: .defaultDark).text
        #expect(help.contains("Events, then counts per activity"), "\(help)")
    }

    @Test func docsListItsKeysUnderItsTitle() {
        let page = KeyDocument.markdown(registered: AppReducer.registeredKeys)
        #expect(page.contains("## The activity log (`:activity`)"))
        #expect(page.contains("On a count: the events of that activity, user or day"))
    }
}
