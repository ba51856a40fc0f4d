import EntraAuth
import Foundation
import PowerBI
import TerminalUI
import Testing
import Tokens
@testable import App

@Suite struct BrowseScreenTests {
    static func workspace(_ name: String, id: String, dedicated: Bool = false) -> Workspace {
        Workspace(json: .object(JSONObject([("id", .string(id)), ("name", .string(name)), ("isOnDedicatedCapacity", .bool(dedicated))])))!
    }

    static func dataset(_ name: String, id: String, refreshable: Bool = true) -> ItemRow {
        ItemRow(Dataset(json: .object(JSONObject([("id", .string(id)), ("name", .string(name)), ("isRefreshable", .bool(refreshable)),
                                                  ("configuredBy", "alex@contoso.com")])))!)
    }

    /// Signed in, the workspace list loaded, "Sales" opened on its Datasets tab with two datasets.
    func opened(dedicated: Bool = false, tokenKind: TokenKind = .app, scopes: [String] = [], readOnly: Bool = false) -> AppState {
        var state = AppState(size: (30, 120), identity: "app")
        state.tokenKind = tokenKind
        state.tokenScopes = scopes
        state.readOnly = readOnly
        _ = AppReducer.reduce(&state, .workspaces(.loaded([Self.workspace("Sales", id: "W1", dedicated: dedicated)])))
        let effects = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(effects.contains(.workspace(.loadItems(.group("W1"), .reports))) || effects.contains(.workspace(.loadItems(.my, .reports))))
        if tokenKind == .delegated {
            _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
            _ = AppReducer.reduce(&state, .terminal(.key(.down)))
            _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        }
        let tab = AppReducer.reduce(&state, .terminal(.key(.tab)))
        #expect(tab == [.workspace(.loadItems(.group("W1"), .datasets))])
        _ = AppReducer.reduce(&state, .workspace(.itemsLoaded(.group("W1"), .datasets, [Self.dataset("Sales Model", id: "D1"),
                                                                             Self.dataset("Live (DirectQuery)", id: "D2", refreshable: false)])))
        return state
    }

    func text(_ state: AppState, now: Date = Date()) -> String { AppRenderer.render(state, theme: .defaultDark, now: now).text }

    @Test func aWorkspaceOpensOnReportsAndTabsLoadOnce() {
        var state = opened()
        #expect(state.route == .workspace)
        let screen = text(state)
        #expect(screen.contains("Workspaces ▸ Sales ▸ Datasets"))
        #expect(screen.contains("Datasets (2)"))
        #expect(screen.contains("Sales Model"))
        #expect(screen.contains("DirectQuery"))
        for _ in 0..<2 { _ = AppReducer.reduce(&state, .terminal(.key(.tab))) }
        #expect(AppReducer.reduce(&state, .terminal(.key(.tab))) == [.workspace(.loadItems(.group("W1"), .users))])
        #expect(state.workspace?.tab == .users)
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        #expect(state.workspace?.tab == .reports)
        #expect(AppReducer.reduce(&state, .terminal(.key(.tab))).isEmpty, "a loaded tab is not loaded again")
        #expect(AppReducer.reduce(&state, .terminal(.key(.control("r")))) == [.workspace(.loadItems(.group("W1"), .datasets))])
    }

    /// The Users tab comes from its kind's specification: columns, sorting, details, and no list in My workspace.
    @Test func theUsersTabListsWhoHasAccess() throws {
        var state = opened()
        for _ in 0..<3 { _ = AppReducer.reduce(&state, .terminal(.key(.tab))) }
        #expect(state.workspace?.tab == .users)
        let users: [JSONValue] = [
            .object(JSONObject([("displayName", .string("Megan Bowen")), ("emailAddress", .string("megan@contoso.com")),
                                ("identifier", .string("megan@contoso.com")), ("principalType", .string("User")),
                                ("groupUserAccessRight", .string("Viewer"))])),
            .object(JSONObject([("displayName", .string("pbitui-automation")), ("identifier", .string("5f0c…")),
                                ("principalType", .string("App")), ("groupUserAccessRight", .string("Admin"))])),
            .object(JSONObject([("displayName", .string("No identifier")), ("principalType", .string("Group"))])),
        ]
        _ = AppReducer.reduce(&state, .workspace(.itemsLoaded(.group("W1"), .users, ItemRow.rows(.users, users))))
        let screen = text(state)
        #expect(screen.contains("Users (2)"), "a principal without an identifier is left out\n\(screen)")
        for header in ["NAME", "TYPE", "ACCESS", "EMAIL", "IDENTIFIER"] { #expect(screen.contains(header), "\(header)\n\(screen)") }
        #expect(screen.contains("megan@contoso.com") && screen.contains("Viewer") && screen.contains("Admin"))
        // `s` sorts by name, then by TYPE, then by ACCESS.
        for _ in 0..<3 { _ = AppReducer.reduce(&state, .terminal(.key(.character("s")))) }
        #expect(state.workspace?.rows.map(\.name) == ["pbitui-automation", "Megan Bowen"], "Admin before Viewer")
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.route == .details)
        #expect(state.details?.sections == [.properties, .json])
        #expect(text(state).contains("pbitui-automation"))
        // My workspace has no users list.
        var mine = AppState(size: (30, 120), identity: "alex")
        mine.tokenKind = .delegated
        _ = AppReducer.reduce(&mine, .workspaces(.loaded([Self.workspace("Sales", id: "W1")])))
        _ = AppReducer.reduce(&mine, .terminal(.key(.enter)))
        #expect(mine.workspace?.entry.scope == .my)
        for _ in 0..<3 { _ = AppReducer.reduce(&mine, .terminal(.key(.tab))) }
        #expect(AppReducer.reduce(&mine, .terminal(.key(.tab))) == [.workspace(.loadItems(.my, .users))])
        _ = AppReducer.reduce(&mine, .workspace(.itemsLoaded(.my, .users, [])))
        #expect(text(mine).contains("My workspace has no users API."), "\(text(mine))")
    }

    @Test func userTokensSeeMyWorkspaceFirst() {
        var state = AppState(size: (30, 120), identity: "megan")
        _ = AppReducer.reduce(&state, .tokenKnown(kind: .delegated, scopes: ["Workspace.Read.All"]))
        _ = AppReducer.reduce(&state, .workspaces(.loaded([Self.workspace("Sales", id: "W1")])))
        let screen = text(state)
        let my = screen.range(of: "My workspace")
        let sales = screen.range(of: "Sales")
        #expect(my != nil && sales != nil && my!.lowerBound < sales!.lowerBound)
        #expect(AppReducer.reduce(&state, .terminal(.key(.enter))) == [.workspace(.loadItems(.my, .reports))])
    }

    @Test func rAsksFirstThenSendsExactlyOneRefresh() {
        var state = opened()
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("r")))).isEmpty)
        #expect(state.dialog != nil)
        #expect(text(state).contains("Refresh dataset?"))
        let effects = AppReducer.reduce(&state, .terminal(.key(.character("y"))))
        let target = RefreshTarget(scope: .group("W1"), datasetId: "D1", datasetName: "Sales Model", workspaceName: "Sales")
        #expect(effects == [.refresh(.trigger(target, RefreshRequest()))])
        // Pressed again before the service answered: refused, nothing sent.
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("r")))).isEmpty)
        #expect(state.dialog == nil)
        #expect(state.status?.text.contains("already running") == true)
    }

    /// `r` and Enter on Sales Model: the refresh confirmed, its POST not yet answered.
    func confirmedRefresh() -> (AppState, RefreshTarget, RefreshTicket) {
        var state = opened()
        _ = AppReducer.reduce(&state, .terminal(.key(.character("r"))))
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        let target = RefreshTarget(scope: .group("W1"), datasetId: "D1", datasetName: "Sales Model", workspaceName: "Sales")
        let ticket = RefreshTicket(requestId: "R1", location: nil, enhanced: false, acceptedAt: Date(), scope: .group("W1"), datasetId: "D1")
        return (state, target, ticket)
    }

    @Test func aRefusedLookEndsTheFollowingAndSaysWhereTheEndIsShown() {
        var (state, target, ticket) = confirmedRefresh()
        _ = AppReducer.reduce(&state, .refresh(.accepted(target, ticket)))
        #expect(AppReducer.reduce(&state, .refresh(.pollFailed(target, message: "HTTP 403", lookAgain: false))).isEmpty)
        #expect(state.status?.text.contains("its history shows how it ended") == true)
        #expect(text(state).contains("lost track"))
    }

    @Test func theRowFollowsTheRefreshUntilItEndsWithAToast() {
        var (state, target, ticket) = confirmedRefresh()
        #expect(AppReducer.reduce(&state, .refresh(.accepted(target, ticket))) == [.refresh(.poll(target, ticket, after: RefreshPolling.screen.firstLook))])
        let running = RefreshObservation(state: .inProgress, requestId: "R1", startTime: Date(), endTime: nil, errorCode: nil, errorMessage: nil, serviceStatus: "Unknown")
        #expect(AppReducer.reduce(&state, .refresh(.observed(target, running))) == [.refresh(.poll(target, ticket, after: RefreshPolling.screen.interval))])
        #expect(text(state).contains("Unknown (running)"))
        // A look that found no answer: the policy's word decides whether to look again, and when.
        #expect(AppReducer.reduce(&state, .refresh(.pollFailed(target, message: "no answer", lookAgain: true)))
                == [.refresh(.poll(target, ticket, after: RefreshPolling.screen.afterFailedLook))])
        #expect(state.status?.text.contains("trying again in 5 s") == true)
        #expect(AppReducer.reduce(&state, .refresh(.observed(target, running))) == [.refresh(.poll(target, ticket, after: RefreshPolling.screen.interval))],
                "the screen keeps looking every 2 s")
        let start = Date().addingTimeInterval(-12)
        let done = RefreshObservation(state: .failed, requestId: "R1", startTime: start, endTime: start.addingTimeInterval(12),
                                      errorCode: "ModelRefreshFailed_CredentialsNotSpecified", errorMessage: nil)
        #expect(AppReducer.reduce(&state, .refresh(.observed(target, done))).isEmpty, "no more polling once it ended")
        let screen = text(state)
        #expect(screen.contains("Failed: ModelRefresh"))
        #expect(state.status?.text.contains("ModelRefreshFailed_CredentialsNotSpecified") == true)
        #expect(state.toasts.first?.text.contains("failed") == true)
        #expect(screen.contains("after 12s"))
    }

    @Test(arguments: [
        ("DirectQuery", 1, false, TokenKind.app, [String](), "cannot be refreshed"),
        ("read-only", 0, true, .app, [], "Read-only mode"),
        ("scope", 0, false, .delegated, ["Dataset.Read.All", "Workspace.Read.All"], "lacks Dataset.ReadWrite.All"),
    ])
    func aDisabledRefreshSaysWhy(_ name: String, row: Int, readOnly: Bool, kind: TokenKind, scopes: [String], reason: String) {
        var state = opened(tokenKind: kind, scopes: scopes, readOnly: readOnly)
        for _ in 0..<row { _ = AppReducer.reduce(&state, .terminal(.key(.down))) }
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("r")))).isEmpty)
        #expect(state.dialog == nil)
        #expect(state.status?.text.contains(reason) == true, "\(state.status?.text ?? "")")
    }

    @Test func readOnlyModeTakesRefreshOutOfTheHints() {
        #expect(text(opened()).contains("r refresh"))
        #expect(!text(opened(readOnly: true)).contains("r refresh"))
    }

    @Test func theEnhancedFormChecksItsFieldsThenAsks() {
        var state = opened(dedicated: true)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("R"))))
        #expect(text(state).contains("Enhanced refresh"))
        _ = AppReducer.reduce(&state, .terminal(.key(.right)))            // Full → ClearValues
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        _ = AppReducer.reduce(&state, .terminal(.key(.right)))            // PartialBatch
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.enhancedForm?.problem?.contains("PartialBatch") == true, "PartialBatch with the refresh policy is refused")
        #expect(state.enhancedForm?.focus == .applyRefreshPolicy)
        _ = AppReducer.reduce(&state, .terminal(.key(.character(" "))))   // policy off
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        for character in "Sales, Orders/2026" { _ = AppReducer.reduce(&state, .terminal(.key(.character(character)))) }
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.enhancedForm == nil)
        #expect(text(state).contains("Start this enhanced refresh?"))
        let effects = AppReducer.reduce(&state, .terminal(.key(.enter)))
        guard case let .refresh(.trigger(_, request))? = effects.first else { Issue.record("no refresh: \(effects)"); return }
        #expect(request.type == .clearValues)
        #expect(request.commitMode == .partialBatch)
        #expect(request.applyRefreshPolicy == false)
        #expect(request.objects.map(\.table) == ["Sales", "Orders"])
        #expect(request.objects.last?.partition == "2026")
        #expect(!request.body.serialized().contains("notifyOption"))
    }

    @Test func enhancedRefreshOnSharedCapacityIsExplained() {
        var state = opened(dedicated: false)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("R"))))
        #expect(state.enhancedForm == nil)
        #expect(state.status?.text.contains("Premium, PPU or Embedded") == true)
    }

    @Test func detailsShowPropertiesHistoryChartAndJSON() throws {
        var state = opened()
        let effects = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(effects == [.details(.load(.group("W1"), datasetId: "D1", .history))])
        let now = Date()
        func row(_ status: String, minutes: Double, ago: Double, code: String? = nil) -> Refresh {
            var members: [(key: String, value: JSONValue)] = [("refreshType", "Scheduled"),
                ("startTime", .string(ISO8601DateFormatter().string(from: now.addingTimeInterval(-ago)))),
                ("endTime", .string(ISO8601DateFormatter().string(from: now.addingTimeInterval(-ago + minutes * 60)))), ("status", .string(status))]
            if let code { members.append(("serviceExceptionJson", .string(#"{"errorCode":"\#(code)"}"#))) }
            return Refresh(json: .object(JSONObject(members)))
        }
        _ = AppReducer.reduce(&state, .details(.loaded(.group("W1"), datasetId: "D1", .history([
            row("Completed", minutes: 2, ago: 3600), row("Failed", minutes: 4, ago: 90_000, code: "DM_GWPipeline_Gateway_DataSourceAccessError")]))))
        var screen = text(state, now: now)
        #expect(screen.contains("Workspaces ▸ Sales ▸ Datasets ▸ Sales Model"))
        #expect(screen.contains("configuredBy: alex@contoso.com"))
        #expect(screen.contains("Last refresh: Completed"))
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        screen = text(state, now: now)
        #expect(screen.contains("DM_GWPipeline_Gateway"))
        let bars = screen.split(separator: "\n").filter { $0.contains("█") }.map { $0.filter { $0 == "█" }.count }
        #expect(bars.count == 2)
        #expect(bars[1] == 2 * bars[0], "bars are proportional to the duration: \(bars)")
        let frame = AppRenderer.render(state, theme: .defaultDark, now: now)
        let failedRow = try #require((0..<frame.rows).first { frame.text(ofRow: $0).contains("DM_GWPipeline") })
        #expect(frame.style(of: "Failed", inRow: failedRow) == Theme.defaultDark[.error])
        for _ in 0..<4 { _ = AppReducer.reduce(&state, .terminal(.key(.tab))) }
        #expect(state.details?.section == .json)
        #expect(text(state).contains("\"configuredBy\": \"alex@contoso.com\""))
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(state.route == .workspace)
    }

    @Test func aLongRetryAfterIsCountedDownNotSleptThrough() {
        var state = opened()
        let now = Date()
        _ = AppReducer.reduce(&state, .mustWait(ThrottleCountdown(until: now.addingTimeInterval(3392), what: "GET /groups", automatic: false)))
        #expect(text(state, now: now).contains("try GET /groups again in 56m 32s"))
        _ = AppReducer.reduce(&state, .tick, now: now.addingTimeInterval(3400))
        #expect(state.throttle == nil)
    }

    @Test func failuresShowTheirRequestId() {
        var state = opened()
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        _ = AppReducer.reduce(&state, .workspace(.itemsFailed(.group("W1"), .dashboards, message: "GET /groups/W1/dashboards failed: HTTP 500", requestId: "RID-9")))
        let screen = text(state)
        #expect(screen.contains("Could not load dashboards"))
        #expect(screen.contains("RequestId RID-9"))
        _ = AppReducer.reduce(&state, .callFailed(FailedCall(method: "GET", path: "/groups/W1/dashboards", status: 500, code: nil, requestId: "RID-9")))
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("d why it failed"), "the hint line offers the diagnosis")
    }
}

@Suite struct AllDatasetsTests {
    @Test func rowsArriveWorkspaceByWorkspaceAndKeysWorkMeanwhile() {
        var state = AppState(size: (30, 120), identity: "app")
        let workspaces = (1...3).map { BrowseScreenTests.workspace("W\($0)", id: "W\($0)") }
        _ = AppReducer.reduce(&state, .workspaces(.loaded(workspaces)))
        var effects: [Effect] = []
        for key in [Key.character(":")] + "datasets".map({ Key.character($0) }) + [.enter] {
            effects += AppReducer.reduce(&state, .terminal(.key(key)))
        }
        #expect(effects == [.allDatasets(.load(workspaces.map(WorkspaceEntry.init)))])
        #expect(state.route == .allDatasets)
        _ = AppReducer.reduce(&state, .allDatasets(.arrived(WorkspaceEntry(workspaces[0]), [BrowseScreenTests.dataset("A", id: "A"), BrowseScreenTests.dataset("B", id: "B")])))
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("1/3 workspaces answered"))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("j"))))
        #expect(state.allDatasets?.selection.selected == 1, "keys work while the rest load")
        _ = AppReducer.reduce(&state, .allDatasets(.failed(WorkspaceEntry(workspaces[1]), message: "HTTP 401")))
        _ = AppReducer.reduce(&state, .allDatasets(.arrived(WorkspaceEntry(workspaces[2]), [BrowseScreenTests.dataset("C", id: "C")])))
        #expect(state.allDatasets?.isLoading == false)
        #expect(state.status?.text.contains("3 datasets in 3 workspaces; 1 workspace(s) refused: W2") == true)
        #expect(AppReducer.reduce(&state, .terminal(.key(.enter))) == [.details(.load(.group("W1"), datasetId: "B", .history))])
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(state.route == .allDatasets)
    }
}

@Suite struct BoundedConcurrencyTests {
    actor Gauge {
        var now = 0
        var peak = 0
        func enter() { now += 1; peak = max(peak, now) }
        func leave() { now -= 1 }
    }

    @Test func neverRunsMoreThanTheLimitAndKeepsOrder() async {
        let gauge = Gauge()
        let results = await BoundedConcurrency.map(Array(0..<40), limit: 4) { value in
            await gauge.enter()
            try? await Task.sleep(for: .milliseconds(2))
            await gauge.leave()
            return value * 2
        }
        #expect(results == (0..<40).map { $0 * 2 })
        let peak = await gauge.peak
        #expect(peak <= 4)
        #expect(peak >= 2, "it does run work side by side")
    }
}

/// The shared bound on requests: never more than its limit, and the rows of a list before the detail about them.
@Suite struct RequestGateTests {
    @Test func urgentWaitersGoBeforeBackgroundOnesAndTheLimitHolds() async throws {
        let gate = RequestGate(limit: 1)
        let order = OrderLog()
        let latch = Latch()
        // Hold the only place until every waiter is queued (no timing: the gate says how many wait).
        let holder = Task { await gate.run { await latch.wait() } }
        while await gate.peak == 0 { await Task.yield() }
        var waiters: [Task<Void, Never>] = []
        for index in 0..<3 { waiters.append(Task { await gate.run(.background) { await order.add("background \(index)") } }) }
        for index in 0..<2 { waiters.append(Task { await gate.run(.urgent) { await order.add("urgent \(index)") } }) }
        var spins = 0
        while await gate.waiting < 5 {
            try await Task.sleep(for: .milliseconds(1))
            spins += 1
            try #require(spins < 20_000, "the waiters never queued")
        }
        await latch.open()
        await holder.value
        for waiter in waiters { await waiter.value }
        let entries = await order.entries
        #expect(entries.count == 5)
        #expect(entries.prefix(2).allSatisfy { $0.hasPrefix("urgent") }, "the urgent waiters go first: \(entries)")
        #expect(entries.suffix(3).allSatisfy { $0.hasPrefix("background") }, "\(entries)")
        #expect(await gate.peak == 1)
    }
}

/// Opens once; waiters before and after pass.
actor Latch {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }
}

actor OrderLog {
    var entries: [String] = []
    func add(_ entry: String) { entries.append(entry) }
}
