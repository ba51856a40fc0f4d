@testable import Config
import Foundation
import PowerBI
import TerminalUI
import Testing
import Tokens
@testable import App

/// The navigation stack: one stack of screens, each carrying its state, driven by actions.
@Suite struct ScreenStackTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func detailsStackOnTheListTheyWereOpenedFromAndBackReturnsToItAsItWas() {
        var state = BrowseScreenTests().opened()
        _ = AppReducer.act(.moveDown, &state, now: now)
        #expect(state.workspace?.selection.selected == 1)
        _ = AppReducer.act(.open, &state, now: now)
        #expect(state.routes == [.workspaces, .workspace, .details])
        #expect(state.details?.item.id == "D2")
        _ = AppReducer.act(.back, &state, now: now)
        #expect(state.routes == [.workspaces, .workspace])
        #expect(state.details == nil, "a closed screen's state goes with it")
        #expect(state.workspace?.selection.selected == 1, "the list comes back with its selection")
        _ = AppReducer.act(.back, &state, now: now)
        #expect(state.routes == [.workspaces])
        #expect(state.workspace == nil)
        _ = AppReducer.act(.back, &state, now: now)
        #expect(state.routes == [.workspaces], "the home screen stays")
    }

    @Test func aResultForAClosedScreenIsDropped() {
        var state = BrowseScreenTests().opened()
        _ = AppReducer.act(.back, &state, now: now)
        _ = AppReducer.reduce(&state, .workspace(.itemsLoaded(.group("W1"), .reports, [BrowseScreenTests.dataset("Late", id: "R9")])), now: now)
        #expect(state.routes == [.workspaces])
        #expect(state.workspace == nil)
    }

    @Test func theConsoleComesBackAsItWasLeftAndAnAnswerAfterEscIsKept() {
        var state = BrowseScreenTests().opened()
        _ = PaletteReducer.run("api GET /groups?$top=5", &state, now: now)
        #expect(state.route == .console)
        #expect(state.routes == [.workspaces, .workspace, .console], "the console opens over the screen it was called from")
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)), now: now)
        #expect(state.route == .workspace)
        #expect(state.console?.request.path == "/groups?$top=5", "kept after Esc")
        _ = PaletteReducer.run("api", &state, now: now)
        #expect(state.route == .console)
        #expect(state.console?.request.path == "/groups?$top=5")
    }

    @Test func aTenantListIsKeptForTheSessionAndDroppedByANewSignIn() {
        var state = AppState(size: (30, 120), identity: "megan")
        state.tokenKind = .delegated
        #expect(PaletteReducer.run("capacities", &state, now: now) == [.tenantList(.load(.capacities))])
        _ = AppReducer.reduce(&state, .tenantList(.loaded(.capacities, .success([.object(JSONObject([("id", "C1"), ("displayName", "P1")]))]), requestId: nil)), now: now)
        _ = AppReducer.act(.back, &state, now: now)
        #expect(state.routes == [.workspaces])
        #expect(PaletteReducer.run("capacities", &state, now: now).isEmpty, "loaded once a session")
        #expect(state.tenantList(.capacities)?.rows.count == 1)
        _ = PaletteReducer.run("workspaces", &state, now: now)
        _ = SignInReducer.signedIn(identity: "other", &state, now: now)
        #expect(state.tenantList(.capacities) == nil)
        #expect(state.routes == [.workspaces])
    }

    @Test func everyRouteHasOneScreenAndPushReplacesTheSameScreenInFront() {
        var stack = ScreenStack([.workspaces])
        stack.push(.inspector(InspectorView()))
        stack.push(.inspector(InspectorView()))
        #expect(stack.routes == [.workspaces, .inspector])
        #expect(stack.pop()?.route == .inspector)
        #expect(stack.pop() == nil, "the last screen is never popped")
        #expect(ScreenStack([]).routes == [.workspaces], "never empty")
    }

    /// Each screen answers through its unit: the header's place, its keys, whether `/` filters, whether
    /// `:export` has a list, and clicks select rows only where rows are drawn.
    @Test func everyScreenAnswersThroughItsUnit() {
        let entry = WorkspaceEntry(BrowseScreenTests.workspace("Sales", id: "W1"))
        let item = BrowseScreenTests.dataset("Sales Model", id: "D1")
        let screens: [(AppScreen, crumb: String, keys: KeyScreen, filters: Bool, exports: Bool)] = [
            (.signIn, "Sign in", .signInMethods, false, false),
            (.workspaces, "Workspaces", .workspaces, true, true),
            (.workspace(WorkspaceView(entry: entry)), "Reports", .workspace, true, true),
            (.details(DetailsView(workspace: entry, item: item)), "Sales Model", .details, false, false),
            (.allDatasets(AllDatasetsView(total: 1)), "All datasets", .allDatasets, true, true),
            (.inspector(InspectorView()), "Token", .inspector, true, false),
            (.console(ConsoleView()), "API console", .console, false, false),
            (.tenantList(TenantListView(kind: .capacities)), "Capacities", .tenantList, true, true),
        ]
        for (screen, crumb, keys, filters, exports) in screens {
            var state = AppState(size: (30, 120), identity: "app")
            state.stack.reset(screen.route == .workspaces ? [.workspaces] : [.workspaces, screen])
            #expect(state.route == screen.route)
            #expect(AppRenderer.breadcrumb(state).last == crumb, "\(screen.route)")
            #expect(state.keyScreen == keys, "\(screen.route)")
            #expect(FilterReducer.canFilter(state) == filters, "\(screen.route)")
            #expect((ListExport.table(state, now: now) != nil) == exports, "\(screen.route)")
            #expect(AppRenderer.render(state, theme: .defaultDark, now: now).text.contains(crumb), "\(screen.route)")
            #expect(!state.front.select(line: 5, &state), "\(screen.route): no row 5 to click")
        }
    }
}
