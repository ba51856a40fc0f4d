import Foundation
import PowerBI
import Testing
import TerminalUI
import Tokens
@testable import App

/// One selection: every screen answers what is selected, and `o`, `A`, `e`, `p`, `L` and `d` derive what
/// they need from it (``Selection``), on every kind of screen.
@Suite struct SelectionTests {
    /// The row keys that apply to a selection, as the hint line and the keys see them.
    static func applies(_ selection: Selection?, _ state: AppState) -> Set<String> {
        guard let selection else { return [] }
        var keys = Set<String>()
        if selection.operationContext(state) != nil { keys.insert("o") }
        if case .success? = selection.automateCall(state) { keys.insert("A") }
        if selection.daxTarget != nil { keys.insert("e") }
        if selection.pin(now: Date(timeIntervalSince1970: 0)) != nil { keys.insert("p") }
        if selection.lineageTarget != nil { keys.insert("L") }
        return keys
    }

    func front(_ state: AppState) -> Selection? { state.front.selection(state) }

    @Test func aDatasetRowGivesEveryKeyAndTheDetailsTheSame() throws {
        var state = BrowseScreenTests().opened()
        let row = try #require(front(state))
        guard case let .item(item, entry) = row else { Issue.record("\(row)"); return }
        #expect(item.kind == .datasets && entry.name == "Sales")
        #expect(Self.applies(row, state) == ["o", "A", "e", "p", "L"])
        #expect(row.operationContext(state)?.values["datasetId"] == item.id && row.operationContext(state)?.values["groupId"] == "W1")
        #expect(row.lineageTarget == .item(kind: .dataset, id: item.id, name: item.name))
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.route == .details)
        #expect(Self.applies(front(state), state) == ["o", "A", "e", "p", "L"])
        #expect(front(state)?.daxTarget?.datasetId == item.id)
    }

    @Test func aWorkspaceIsCalledAndPinnedButNotQueried() {
        let state = WorkspaceScreenTests.loadedState(rows: 20, columns: 120)
        guard case .workspace? = front(state) else { Issue.record("\(String(describing: front(state)))"); return }
        #expect(Self.applies(front(state), state) == ["o", "A", "p"])
        #expect(front(state)?.pin(now: Date())?.kind == .workspace)
    }

    @Test func anEmptyTabStillFillsTheWorkspacesIdsAndPinsNothing() {
        var state = BrowseScreenTests().opened()
        _ = AppReducer.reduce(&state, .terminal(.key(.backTab)))
        _ = AppReducer.reduce(&state, .workspace(.itemsLoaded(.group("W1"), .reports, [])))
        guard case .inside? = front(state) else { Issue.record("\(String(describing: front(state)))"); return }
        #expect(Self.applies(front(state), state).isSubset(of: ["o", "A"]) && Self.applies(front(state), state).contains("o"))
        #expect(front(state)?.operationContext(state)?.values == ["groupId": "W1"])
    }

    @Test func aCapacityFillsItsIdOnly() {
        var state = AppState(size: (30, 120), identity: "app")
        state.setTenantList(TenantListView(kind: .capacities))
        state.stack.push(.tenantList(TenantListView(kind: .capacities)))
        let capacity = JSONValue.object(JSONObject([("id", .string("C-1")), ("displayName", .string("P1 West")), ("sku", .string("P1"))]))
        _ = AppReducer.reduce(&state, .tenantList(.loaded(.capacities, .success([capacity]), requestId: nil)))
        let selection = front(state)
        guard case .tenantItem(.capacities, "C-1", _)? = selection else { Issue.record("\(String(describing: selection))"); return }
        #expect(selection?.operationContext(state)?.values == ["capacityId": "C-1"])
        #expect(!Self.applies(selection, state).contains("p") && !Self.applies(selection, state).contains("e") && !Self.applies(selection, state).contains("L"))
    }

    @Test func aPinIsWhatWasPinnedAndAContextIsNothing() {
        let state = AppState(size: (30, 120), identity: "app")
        let pin = Pin(kind: .dataset, id: "D1", name: "Sales Model", workspaceId: "W1", workspaceName: "Sales", pinnedAt: Date())
        #expect(Self.applies(.pin(pin), state) == ["o", "A", "e", "p", "L"])
        #expect(Selection.pin(pin).daxTarget?.scope == .group("W1"))
        #expect(Selection.pin(pin).operationContext(state)?.values == ["groupId": "W1", "datasetId": "D1"])
        let workspacePin = Pin(kind: .workspace, id: "W1", name: "Sales", workspaceId: "W1", workspaceName: "Sales", pinnedAt: Date())
        #expect(!Self.applies(.pin(workspacePin), state).contains("e") && !Self.applies(.pin(workspacePin), state).contains("L"))
        #expect(Self.applies(.context(name: "prod"), state).isEmpty)
    }

    @Test func aStoreItemHasALineageOnly() {
        let state = AppState(size: (30, 120), identity: "app")
        let selection = Selection.storeItem(kind: .datasource, id: "S1", name: "sql01")
        #expect(Self.applies(selection, state) == ["L"])
        #expect(selection.lineageTarget == .item(kind: .datasource, id: "S1", name: "sql01"))
    }

    @Test func theConsolesRequestIsWhatAutomates() {
        let state = AppState(size: (30, 120), identity: "app")
        let selection = Selection.request(ConsoleRequest(method: "GET", path: "/groups"))
        guard case let .success(call)? = selection.automateCall(state) else { Issue.record("no call"); return }
        #expect(call.method == "GET" && call.url.path.hasSuffix("/groups") && call.audience == "https://analysis.windows.net/powerbi/api")
        #expect(selection.operationContext(state) == nil && selection.pin(now: Date()) == nil)
    }

    @Test func dOnAFailedPulseExplainsThatRefreshBeforeTheLastFailedCall() {
        var (state, _) = PulsesScreenTests.opened()
        let failing = PulsesScreenTests.pulse("Broken", workspace: "W2",
                                              PulsesScreenTests.refresh("Failed", minutesAgo: 30, id: "f1", code: "DM_GWPipeline_Client_GatewayUnreachable"))
        _ = AppReducer.reduce(&state, .pulses(.arrived(generation: 1, [.workspacesToRead(1), .pulses([failing]), .workspaceDone])), now: PulsesScreenTests.now)
        state.lastFailure = FailedCall(method: "GET", path: "/groups", status: 403, code: nil, requestId: "r-1")
        #expect(front(state)?.failedPulse?.datasetName == "Broken")
        #expect(Self.applies(front(state), state) == ["o", "A", "e", "p", "L"])
        _ = AppReducer.reduce(&state, .terminal(.key(.character("d"))), now: PulsesScreenTests.now)
        #expect(state.route == .details, "the pulse's refresh, not the inspector")
        // Elsewhere d diagnoses the last failed call.
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)), now: PulsesScreenTests.now)
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)), now: PulsesScreenTests.now)
        var list = WorkspaceScreenTests.loadedState(rows: 20, columns: 120)
        list.lastFailure = state.lastFailure
        _ = AppReducer.reduce(&list, .terminal(.key(.character("d"))), now: PulsesScreenTests.now)
        #expect(list.route == .inspector && list.inspector?.diagnosed?.requestId == "r-1")
    }
}
