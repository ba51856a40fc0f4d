@testable import Config
import Foundation
import PowerBI
import TerminalUI
import Testing
import Tokens
@testable import App

/// What a new user and an administrator tripped over: each test pins one fix.
@Suite struct NewUserFixesTests {
    func press(_ keys: [Key], _ state: inout AppState) -> [Effect] {
        keys.flatMap { AppReducer.reduce(&state, .terminal(.key($0))) }
    }

    func type(_ text: String) -> [Key] { text.map { Key.character($0) } }

    func text(_ state: AppState, now: Date = Date()) -> String { AppRenderer.render(state, theme: .defaultDark, now: now).text }

    func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    @Test func theReadmesActionNamesAreTheConfigFilesNames() throws {
        #expect(KeyMap.name(of: .showJSON) == "show_json")
        #expect(KeyMap.name(of: .copyID) == "copy_id")
        #expect(KeyMap.name(of: .moveDown) == "move_down")
        #expect(Action.allCases.allSatisfy { !KeyMap.name(of: $0).contains(where: \.isUppercase) })
        #expect(Action.allCases.allSatisfy { name in !KeyMap.name(of: name).split(separator: "_").contains { $0.count == 1 } },
                "no acronym split into letters: \(Action.allCases.map(KeyMap.name(of:)))")
        let config = try ConfigFile.parse("""
            [keys]
            show_json = "F6"
            copy_id = "C"
            inspect_token = "T"
            """)
        #expect(config.keys.overrides[.showJSON] == [.function(6)])
        #expect(config.keys.overrides[.copyID] == [.character("C")])
    }

    @Test func tabAfterACompletedCommandListsItsArguments() {
        var state = WorkspaceScreenTests.loadedState(rows: 30, columns: 100)
        state.themeNames = ["default", "light", "solarized-dark"]
        _ = press([.character(":")] + type("th") + [.tab], &state)
        #expect(state.commandPrompt?.text == "theme ")
        let screen = text(state)
        #expect(screen.contains("light") && screen.contains("solarized-dark"), "the theme names are offered:\n\(screen)")
        _ = press([.tab], &state)
        #expect(state.commandPrompt?.text == "theme default")
        _ = press([.tab], &state)
        #expect(state.commandPrompt?.text == "theme light")
    }

    @Test func escapeOnTheTopLevelListClearsAKeptFilterAndTheHintSaysSo() {
        var state = WorkspaceScreenTests.loadedState(rows: 20, columns: 120)
        _ = press([.character("/")] + type("sales") + [.enter], &state)
        #expect(state.workspaceFilter == "sales")
        #expect(text(state).contains("Esc clear filter"))
        _ = press([.escape], &state)
        #expect(state.workspaceFilter.isEmpty)
        #expect(!state.shouldQuit)
        #expect(!text(state).contains("clear filter"))
    }

    @Test(arguments: [("oste", "Vertrieb Österreich"), ("ETE", "Ventes France (été 2026)"), ("sao", "São Paulo"), ("販売", "販売分析 東京")])
    func filteringIgnoresAccentsAndCase(needle: String, name: String) {
        var state = AppState(size: (20, 120), identity: "app")
        let names = ["Vertrieb Österreich", "Ventes France (été 2026)", "São Paulo", "販売分析 東京", "Sales"]
        _ = AppReducer.reduce(&state, .workspaces(.loaded(names.enumerated().map { WorkspaceScreenTests.workspace($1, id: "\($0)") })))
        _ = press([.character("/")] + type(needle) + [.enter], &state)
        #expect(state.workspaceEntries.map(\.name) == [name])
    }

    @Test func userTokensCountMyWorkspace() {
        var state = WorkspaceScreenTests.loadedState(rows: 20, columns: 120)
        state.tokenKind = .delegated
        #expect(text(state).contains("Workspaces (5)"), "four workspaces and My workspace")
    }

    @Test func theDatasetsTabShowsEachDatasetsLastRefresh() {
        var state = BrowseScreenTests().opened()
        let now = Date()
        #expect(state.lastRefreshes[RefreshTarget.key(scope: .group("W1"), datasetId: "D1")] == .loading)
        #expect(state.lastRefreshes[RefreshTarget.key(scope: .group("W1"), datasetId: "D2")] == nil, "DirectQuery has no refreshes")
        #expect(text(state, now: now).contains("LAST REFRESH"))
        let history = Refresh(json: ["requestId": "R1", "refreshType": "Scheduled", "status": "Completed",
                                     "startTime": .string(iso(now.addingTimeInterval(-7_200))),
                                     "endTime": .string(iso(now.addingTimeInterval(-7_200 + 242)))])
        _ = AppReducer.reduce(&state, .refresh(.lastLoaded(.group("W1"), datasetId: "d1", .success(history))))
        let screen = text(state, now: now)
        #expect(screen.contains("✓ Completed · 1 h ago · 4m 02s"), "\(screen)")
        #expect(screen.contains("— (DirectQuery)"))
        _ = AppReducer.reduce(&state, .refresh(.lastLoaded(.group("W1"), datasetId: "D1", .success(nil))))
        #expect(text(state, now: now).contains("never refreshed"))
    }

    @Test func reloadingTheDatasetsTabAsksForTheLastRefreshesAgainOnce() {
        var state = BrowseScreenTests().opened()
        let rows = [BrowseScreenTests.dataset("Sales Model", id: "D1")]
        // Still loading: not asked twice.
        #expect(AppReducer.reduce(&state, .workspace(.itemsLoaded(.group("W1"), .datasets, rows))).isEmpty)
        _ = AppReducer.reduce(&state, .refresh(.lastLoaded(.group("W1"), datasetId: "D1", .success(nil))))
        #expect(AppReducer.reduce(&state, .workspace(.itemsLoaded(.group("W1"), .datasets, rows))) == [.refresh(.loadLast(.group("W1"), datasetIds: ["D1"]))])
    }

    @Test func aLoadThatGotNoAnswerCanBeDiagnosed() {
        var state = BrowseScreenTests().opened()
        let failure = PowerBIError.transport(.unreachable(host: "api.powerbi.com", reason: "connection reset by peer"))
        _ = AppReducer.reduce(&state, .workspace(.itemsFailed(.group("W1"), .datasets, message: failure.headline, requestId: nil)))
        _ = AppReducer.reduce(&state, .callFailed(FailedCall(failure, method: "GET", path: "/groups/W1/datasets")))
        #expect(text(state).contains("d why it failed"))
        _ = press([.character("d")], &state)
        #expect(state.route == .inspector)
        #expect(state.inspector?.diagnosed?.status == nil)
        #expect(state.inspector?.diagnosed?.message?.contains("connection reset") == true)
    }

    @Test func aStatusLineDoesNotFollowThePersonToAnotherTab() {
        var state = BrowseScreenTests().opened()
        state.status = StatusMessage("6 dataflows in Sales Analytics", level: .ok)
        _ = press([.tab], &state)
        #expect(state.status == nil)
        #expect(!text(state).contains("6 dataflows"))
    }

    @Test func aDemoTenantFillsEachMethodsFormWithItsIdentities() {
        var state = AppState(size: (30, 120), identity: nil)
        let demo = DemoSignIn(authority: "http://127.0.0.1:5000", presets: [
            .password: [.tenant: "T", .clientId: "PUBLIC", .username: "alex@pbitui-demo.onmicrosoft.com", .password: "pw"],
            .clientSecret: [.tenant: "T", .clientId: "CONFIDENTIAL", .clientSecret: "s"],
        ], note: "Demo tenant at http://127.0.0.1:5000: the forms are filled with its identities.")
        _ = AppReducer.reduce(&state, .signIn(.signedIn(ConnectedSession(client: .placeholder, identity: "demo", demo: demo, close: {}))))
        _ = press(type(":signin") + [.enter], &state)
        #expect(text(state).contains("Demo tenant at http://127.0.0.1:5000"))
        while state.signIn.selectedOption.id != .method(.password) { _ = press([.down], &state) }
        _ = press([.enter], &state)
        #expect(state.signIn.values[.clientId] == "PUBLIC")
        #expect(state.signIn.values[.username] == "alex@pbitui-demo.onmicrosoft.com")
        #expect(!text(state).contains("pw"), "the password stays masked")
        let effects = press([.enter], &state)
        #expect(effects == [.signIn(.start(SignInRequest(option: .method(.password), values: [.tenant: "T", .clientId: "PUBLIC",
                                                                                        .username: "alex@pbitui-demo.onmicrosoft.com", .password: "pw"])))])
    }

    @Test func aNewSessionForgetsTheOldOnesState() {
        var state = BrowseScreenTests().opened()
        state.refreshes["x"] = LiveRefresh(target: RefreshTarget(scope: .group("W1"), datasetId: "D1", datasetName: "S", workspaceName: "W"),
                                           ticket: nil, observation: nil, requestedAt: Date())
        state.lastFailure = FailedCall(method: "GET", path: "/groups", status: 500, code: nil, requestId: nil)
        _ = AppReducer.reduce(&state, .signIn(.signedIn(ConnectedSession(client: .placeholder, identity: "other", close: {}))))
        #expect(state.refreshes.isEmpty)
        #expect(state.lastRefreshes.isEmpty)
        #expect(state.lastFailure == nil)
        #expect(state.workspace == nil)
    }

    @Test func cancellingAsksFirstAndFindsARefreshStartedElsewhere() {
        var state = BrowseScreenTests().opened(dedicated: true)
        let running = Refresh(json: ["requestId": "REQ-7", "refreshType": "ViaEnhancedApi", "status": "Unknown", "extendedStatus": "InProgress",
                                     "startTime": .string(iso(Date().addingTimeInterval(-60)))])
        _ = AppReducer.reduce(&state, .refresh(.lastLoaded(.group("W1"), datasetId: "D1", .success(running))))
        #expect(press([.character("x")], &state).isEmpty, "x asks first")
        #expect(state.dialog?.title == "Cancel the running refresh?")
        #expect(state.dialog?.lines.contains("Request REQ-7") == true)
        let target = RefreshTarget(scope: .group("W1"), datasetId: "D1", datasetName: "Sales Model", workspaceName: "Sales")
        #expect(press([.character("y")], &state) == [.refresh(.cancel(target, requestId: "REQ-7"))])
        // A standard refresh cannot be cancelled; the reason says so.
        let standard = Refresh(json: ["requestId": "REQ-8", "refreshType": "OnDemand", "status": "Unknown"])
        _ = AppReducer.reduce(&state, .refresh(.lastLoaded(.group("W1"), datasetId: "D1", .success(standard))))
        #expect(press([.character("x")], &state).isEmpty)
        #expect(state.dialog == nil)
        #expect(state.status?.text.contains("Only enhanced refreshes") == true)
    }

    @Test func anEndSeenTwiceGivesOneToast() {
        var state = BrowseScreenTests().opened(dedicated: true)
        let target = RefreshTarget(scope: .group("W1"), datasetId: "D1", datasetName: "Sales Model", workspaceName: "Sales")
        let ticket = RefreshTicket(requestId: "R", location: nil, enhanced: true, acceptedAt: Date(), scope: .group("W1"), datasetId: "D1")
        state.refreshes[target.key] = LiveRefresh(target: target, ticket: ticket, observation: nil, requestedAt: Date())
        let cancelled = RefreshObservation(state: .cancelled, requestId: "R", startTime: Date(), endTime: Date(), errorCode: nil, errorMessage: nil)
        _ = AppReducer.reduce(&state, .refresh(.observed(target, cancelled)))
        _ = AppReducer.reduce(&state, .refresh(.observed(target, cancelled)))
        #expect(state.toasts.count == 1)
    }

    @Test func historyRowsAreSelectableAndARefreshOpensWithItsErrorExplained() {
        var state = BrowseScreenTests().opened()
        _ = press([.enter, .tab], &state)   // details, then the history
        #expect(state.details?.section == .history)
        let failed = Refresh(json: ["requestId": "REQ-F", "refreshType": "Scheduled", "status": "Failed",
                                    "startTime": .string(iso(Date().addingTimeInterval(-3_600))), "endTime": .string(iso(Date().addingTimeInterval(-3_500))),
                                    "serviceExceptionJson": #"{"errorCode":"ModelRefreshFailed_CredentialsNotSpecified","errorDescription":"The credentials provided for the data source are invalid."}"#])
        let enhanced = Refresh(json: ["requestId": "REQ-E", "refreshType": "ViaEnhancedApi", "status": "Completed",
                                      "startTime": .string(iso(Date().addingTimeInterval(-7_200))), "endTime": .string(iso(Date().addingTimeInterval(-7_100)))])
        _ = AppReducer.reduce(&state, .details(.loaded(.group("W1"), datasetId: "D1", .history([failed, enhanced]))))
        var screen = text(state)
        #expect(screen.contains("▸ "), "the selected row is marked")
        let errorLine = screen.split(separator: "\n").first { $0.contains("ModelRefreshFailed") }.map(String.init) ?? ""
        #expect(errorLine.contains("ModelRefreshFailed_CredentialsNotSpecified") || errorLine.hasSuffix("…"),
                "a code longer than its cell ends in an ellipsis: \(errorLine)")
        #expect(press([.enter], &state).isEmpty, "a standard refresh needs no further call")
        screen = text(state)
        #expect(screen.contains("Refresh REQ-F"))
        #expect(screen.contains("has no valid credentials"), "the code is explained:\n\(screen)")
        #expect(screen.contains("The credentials provided for the data source are invalid."))
        _ = press([.escape], &state)
        #expect(state.details?.openedRefresh == nil)
        #expect(state.route == .details, "Esc closes the refresh, not the details")
        _ = press([.character("j")], &state)
        #expect(press([.enter], &state) == [.refresh(.loadDetail(.group("W1"), datasetId: "D1", requestId: "REQ-E"))])
        let detail = RefreshDetail(json: ["status": "Completed", "type": "Full", "commitMode": "Transactional",
                                          "objects": [["table": "Sales", "partition": "2026", "status": "Completed"], ["table": "Customers", "status": "Completed"]]])
        _ = AppReducer.reduce(&state, .refresh(.detailLoaded(.group("W1"), datasetId: "D1", requestId: "REQ-E", .success(detail))))
        screen = text(state)
        #expect(screen.contains("Sales / 2026") && screen.contains("Customers"))
    }

    @Test func yShowsTheSelectedWorkspacesJSONOverTheList() {
        var state = WorkspaceScreenTests.loadedState(rows: 20, columns: 100)
        _ = press([.character("y")], &state)
        #expect(state.jsonOverlay != nil)
        #expect(text(state).contains("\"name\": \"Sales Analytics\""))
        _ = press([.escape], &state)
        #expect(state.jsonOverlay == nil)
        #expect(state.route == .workspaces)
    }

    @Test func atSixtyColumnsTheHintLineKeepsHelpAndQuit() {
        var state = BrowseScreenTests().opened()
        state.size = (24, 60)
        let hints = text(state).split(separator: "\n").last.map(String.init) ?? ""
        #expect(hints.contains("? help"), "\(hints)")
        #expect(hints.contains("q quit"), "\(hints)")
    }

    @Test func helpWrapsLongDescriptionsInsteadOfCuttingThem() {
        var state = BrowseScreenTests().opened()
        state.size = (40, 60)
        _ = press([.character("?")], &state)
        let screen = text(state)
        #expect(screen.contains("Filter the list as you type"), "\(screen)")
        #expect(screen.contains("clears)"), "the end of a long description is on a line of its own, not cut:\n\(screen)")
    }

    @Test func theInspectorScrollsToItsEndsAndOffersHidingOnceRevealed() {
        var state = BrowseScreenTests().opened()
        _ = press([.character("t")], &state)
        #expect(state.route == .inspector)
        _ = press([.character("G")], &state)
        #expect((state.inspector?.scroll ?? 0) > 100)
        _ = press([.character("g")], &state)
        #expect(state.inspector?.scroll == 0)
        #expect(AppRenderer.hints(for: state).contains { $0.label == "reveal token" })
        _ = press([.character("v")], &state)
        #expect(AppRenderer.hints(for: state).contains { $0.label == "hide token" })
        #expect(!AppRenderer.hints(for: state).contains { $0.label == "reveal token" })
    }
}
