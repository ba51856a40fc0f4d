import Foundation
import Config
import Inventory
import PowerBI
import Testing
import TerminalUI
import Tokens
@testable import App

/// The tenant store's screens: `:inventory` in batches with kinds on Tab, `L` and `:lineage` (a tree, a
/// choice among namesakes, Enter and Esc along a trail), `:activity` and its counts of the filtered events.
@Suite struct StoreScreensTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    static func signedIn(rows: Int = 30) -> AppState {
        var state = AppState(size: (rows, 140), identity: "app")
        _ = AppReducer.reduce(&state, .workspaces(.loaded([BrowseScreenTests.workspace("Sales", id: "W1", dedicated: false)])))
        return state
    }

    static func type(_ text: String, _ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        for key in [Key.character(":")] + text.map({ Key.character($0) }) + [.enter] {
            effects += AppReducer.reduce(&state, .terminal(.key(key)), now: now)
        }
        return effects
    }

    static func key(_ key: Key, _ state: inout AppState) -> [Effect] { AppReducer.reduce(&state, .terminal(.key(key)), now: now) }

    static func item(_ kind: String, _ name: String, workspace: String = "Sales") -> InventoryItem {
        InventoryItem(kind: ArtifactKind(rawValue: kind)!, id: kind + "-" + name, name: name, workspaceId: "W-" + workspace, workspaceName: workspace, owner: "ana@contoso.example",
                      endorsement: kind == "dataset" ? "Certified" : "", sensitivityLabel: "", capacity: "", modified: "2026-11-30T08:06:47.123Z")
    }

    @Test func theInventoryArrivesInBatchesTabShowsOneKindAndEnterAsksForTheLineage() {
        var state = Self.signedIn()
        var effects = Self.type("inventory", &state)
        #expect(effects == [.inventory(.load(generation: 1, finding: nil))] && state.route == .inventory)
        let first = (0..<30).map { Self.item($0 % 2 == 0 ? "report" : "dataset", "Item \($0)") }
        _ = AppReducer.reduce(&state, .inventory(.arrived(generation: 1, first, done: false, failure: nil)))
        #expect(state.inventory?.isLoading == true && state.inventory?.rows.totalCount == 30)
        _ = AppReducer.reduce(&state, .inventory(.arrived(generation: 1, [Self.item("dataflow", "Flow, \"quoted\"\nline", workspace: "Other")], done: false, failure: nil)))
        _ = AppReducer.reduce(&state, .inventory(.arrived(generation: 1, [], done: true, failure: nil)))
        #expect(state.status?.text.contains("31 items in 2 workspaces") == true)
        // An older load's rows are dropped.
        _ = AppReducer.reduce(&state, .inventory(.arrived(generation: 0, [Self.item("report", "Stale")], done: true, failure: nil)))
        #expect(state.inventory?.rows.totalCount == 31)
        _ = Self.key(.tab, &state)
        #expect(state.inventory?.kind == .report && state.inventory?.rows.totalCount == 15)
        _ = Self.key(.tab, &state)
        #expect(state.inventory?.kind == .dataset && state.inventory?.rows.totalCount == 15)
        let screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("Inventory · datasets (15)") && screen.contains("Certified"), "\(screen)")
        _ = Self.key(.backTab, &state)
        _ = Self.key(.backTab, &state)
        #expect(state.inventory?.kind == nil && state.inventory?.rows.totalCount == 31)
        // The name with a comma, quotes and a line break is drawn escaped.
        _ = Self.key(.character("G"), &state)
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("Flow, \"quoted\"\\u{A}line"))
        effects = Self.key(.enter, &state)
        #expect(effects == [.lineage(.load(generation: 1, .item(kind: .dataflow, id: "dataflow-Flow, \"quoted\"\nline", name: "Flow, \"quoted\"\nline")))])
        #expect(state.route == .lineage)
        // Export has every column and the ids.
        _ = Self.key(.escape, &state)
        let table = ListExport.table(state, now: Self.now)
        #expect(table?.headers == ["NAME", "KIND", "WORKSPACE", "OWNER", "ENDORSED", "LABEL", "CAPACITY", "MODIFIED", "ID", "WORKSPACE ID"])
        #expect(table?.rows.count == 31)
    }

    @Test func inventoryNarrowsToAFindingAndRefusesAnUnknownOne() {
        var state = Self.signedIn()
        #expect(Self.type("inventory shared", &state) == [.inventory(.load(generation: 1, finding: .shared))])
        _ = AppReducer.reduce(&state, .inventory(.arrived(generation: 1, [Self.item("datasource", "Sql: s/db (read by 3 datasets)")], done: true, failure: nil)))
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("Inventory: shared datasources (1)"))
        #expect(Self.type("inventory everything", &state).isEmpty)
        #expect(state.status?.text.contains("unused|cross-workspace|shared") == true)
        #expect(Self.type("inventory cross-workspace", &state) == [.inventory(.load(generation: 2, finding: .crossWorkspace))])
    }

    @Test func aFailedReadSaysWhy() {
        var state = Self.signedIn()
        _ = Self.type("inventory", &state)
        _ = AppReducer.reduce(&state, .inventory(.arrived(generation: 1, [], done: true, failure: "No tenant store yet: `pbitui scan --lineage` fills it")))
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("No tenant store yet"))
        #expect(state.status?.level == .error)
    }

    static func node(_ kind: String, _ name: String) -> LineageNode {
        LineageNode(kind: ArtifactKind(rawValue: kind)!, id: kind + "-id-" + name, name: name, workspaceId: "W1", workspaceName: "Sales")
    }

    static var tree: LineageTree {
        let source = LineageBranch(node: node("datasource", "Sql: server/db"), children: [LineageBranch(node: node("gateway", "gw"), children: [], repeated: false)], repeated: false)
        let flow = LineageBranch(node: node("dataflow", "Customers"), children: [], repeated: false)
        let dashboard = LineageBranch(node: node("dashboard", "Board"), children: [], repeated: false)
        let report = LineageBranch(node: node("report", "Revenue"), children: [LineageBranch(node: node("dashboard", "Board"), children: [], repeated: true)], repeated: false)
        return LineageTree(root: node("dataset", "Sales Model"), upstream: [flow, source], downstream: [dashboard, report], truncated: false)
    }

    @Test func lineageShowsTheTreeFollowsAnItemWithEnterAndComesBackWithEsc() {
        var state = Self.signedIn()
        var effects = Self.type("lineage Sales Model", &state)
        #expect(effects == [.lineage(.load(generation: 1, .text("Sales Model")))])
        _ = AppReducer.reduce(&state, .lineage(.loaded(generation: 1, .success(.tree(Self.tree)))))
        let screen = AppRenderer.render(state, theme: .defaultDark).text
        for line in ["Lineage of Sales Model", "upstream: what it reads from", "├─ Customers", "└─ Sql: server/db", "   └─ gw",
                     "downstream: what reads from it", "└─ Revenue", "   └─ Board  (shown above)"] {
            #expect(screen.contains(line), "\(line): \(screen)")
        }
        #expect(state.status?.text.contains("2 upstream, 2 downstream") == true)
        // Enter on the root or a heading does nothing; on an item, that item's lineage.
        #expect(Self.key(.enter, &state).isEmpty)
        _ = Self.key(.character("j"), &state)
        #expect(Self.key(.enter, &state).isEmpty, "a heading")
        _ = Self.key(.character("j"), &state)
        effects = Self.key(.enter, &state)
        #expect(effects == [.lineage(.load(generation: 2, .item(kind: .dataflow, id: "dataflow-id-Customers", name: "Customers")))])
        #expect(state.lineage?.target == .item(kind: .dataflow, id: "dataflow-id-Customers", name: "Customers"))
        // An answer for the view left behind is dropped; Esc comes back to it with its tree.
        _ = AppReducer.reduce(&state, .lineage(.loaded(generation: 1, .failure(StoreProblem(message: "late")))))
        #expect(state.lineage?.failure == nil)
        _ = Self.key(.escape, &state)
        #expect(state.lineage?.target == .text("Sales Model") && state.lineage?.tree != nil && state.route == .lineage)
        _ = Self.key(.escape, &state)
        #expect(state.route == .workspaces)
    }

    @Test func aNameSeveralItemsShareOffersThemAndLOnAListAsksForTheSelectedItem() {
        var state = Self.signedIn()
        _ = Self.type("lineage Customer Master", &state)
        let choices = (1...3).map { Self.node("dataflow", "Customer Master \($0)") }
        _ = AppReducer.reduce(&state, .lineage(.loaded(generation: 1, .success(.choices(choices)))))
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("3 items match"))
        #expect(state.lineage?.selection.selected == 1)
        _ = Self.key(.character("j"), &state)
        #expect(Self.key(.enter, &state) == [.lineage(.load(generation: 2, .item(kind: .dataflow, id: "dataflow-id-Customer Master 2", name: "Customer Master 2")))])
        // Help lists L where it applies.
        _ = Self.type("workspaces", &state)
        #expect(KeyScreen.workspace.table.action(for: .character("L")) == .lineage)
        #expect(KeyScreen.details.table.action(for: .character("L")) == .lineage)
        #expect(KeyScreen.workspaces.table.action(for: .character("L")) == nil, "a workspace has no lineage")
    }

    static func event(_ n: Int, activity: String, user: String, day: String, ok: Bool = true) -> ActivityEvent {
        ActivityEvent(id: "e\(n)", creationTime: "\(day)T0\(n % 10):00:00", activity: activity, user: user, workspaceName: "Sales",
                      itemName: "Report \(n)", isSuccess: ok, json: #"{"Id":"e\#(n)"}"#)
    }

    @Test func activityCountsTheFilteredEventsPerActivityUserAndDay() {
        var state = Self.signedIn()
        #expect(Self.type("activity", &state) == [ActivityScreen.effect(.load(generation: 1, limit: ActivityView.limit))])
        let events = [Self.event(1, activity: "ViewReport", user: "ana", day: "2026-11-30"), Self.event(2, activity: "ViewReport", user: "bo", day: "2026-11-30"),
                      Self.event(3, activity: "ExportReport", user: "ana", day: "2026-11-29", ok: false), Self.event(4, activity: "ViewReport", user: "ana", day: "2026-11-29")]
        _ = AppReducer.reduce(&state, ActivityScreen.event(.loaded(generation: 1, .success(events))))
        #expect(state.status?.text.contains("4 events over 2 days by 2 users") == true)
        _ = Self.key(.tab, &state)
        #expect(state.activity?.mode == .activity)
        #expect(state.activity?.counts.visibleRows.map { "\($0.key)=\($0.events)" } == ["ViewReport=3", "ExportReport=1"])
        _ = Self.key(.tab, &state)
        #expect(state.activity?.counts.visibleRows.map { "\($0.key)=\($0.events)" } == ["ana=3", "bo=1"])
        // The counts are of what the filter keeps.
        for key in [Key.character("/")] + "ViewReport".map({ Key.character($0) }) + [.enter] { _ = Self.key(key, &state) }
        #expect(state.activity?.counts.visibleRows.map { "\($0.key)=\($0.events)" } == ["ana=2", "bo=1"])
        _ = Self.key(.tab, &state)
        #expect(state.activity?.counts.visibleRows.map { "\($0.key)=\($0.events)" } == ["2026-11-30=2", "2026-11-29=1"], "days newest first")
        // Enter on a count: its events.
        _ = Self.key(.enter, &state)
        #expect(state.activity?.mode == .events && state.activity?.events.count == 2 && state.activity?.events.filter == "2026-11-30")
        let screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("Activity (2 of 4 events") && screen.contains(HumanTime.local(text: "2026-11-30T01:00:00")), "\(screen)")
        #expect(!screen.contains("T01:00"), "the README's time format, not the service's: \(screen)")
        #expect(ListExport.table(state, now: Self.now)?.objects.first == .object(JSONObject([("Id", "e1")])))
    }
}
