import Foundation
import Inventory
import PowerBI
import Testing
import TerminalUI
import Tokens
@testable import App

/// One list screen: filter, sort, click and `:export` on `:capacities`, `:inventory` and `:pulses` go
/// through the one implementation (``ListScreen``), configured by each screen.
@Suite struct ListScreenTests {
    static func export(_ state: AppState) -> ListExport.Table? { state.front.table(state, now: PulsesScreenTests.now) }
    static func click(_ line: Int, _ state: inout AppState) -> Bool { state.front.select(line: line, &state) }
    static func clear(_ state: inout AppState) { state.front.setFilter("", &state) }
    static func key(_ state: inout AppState, _ key: Key) { _ = AppReducer.reduce(&state, .terminal(.key(key)), now: PulsesScreenTests.now) }
    static func type(_ state: inout AppState, _ text: String) {
        key(&state, .character("/"))
        for character in text { key(&state, .character(character)) }
        key(&state, .enter)
    }

    /// The three screens, each with four rows named so that "b" matches two of them and sorting by NAME puts "Delta" last.
    static func screens() -> [(String, AppState)] {
        var capacities = AppState(size: (30, 140), identity: "app")
        capacities.stack.push(.tenantList(TenantListView(kind: .capacities)))
        let objects = ["Delta", "Bravo", "Alpha", "Bob"].map { name in
            JSONValue.object(JSONObject([("id", .string("C-" + name)), ("displayName", .string(name)), ("sku", .string("P1"))]))
        }
        _ = AppReducer.reduce(&capacities, .tenantList(.loaded(.capacities, .success(objects), requestId: nil)))

        var inventory = AppState(size: (30, 140), identity: "app")
        _ = InventoryReducer.open(nil, &inventory)
        let items = ["Delta", "Bravo", "Alpha", "Bob"].map { name in
            InventoryItem(kind: .dataset, id: "D-" + name, name: name, workspaceId: "W1", workspaceName: "Sales", owner: "", endorsement: "",
                          sensitivityLabel: "", capacity: "", modified: "")
        }
        _ = AppReducer.reduce(&inventory, .inventory(.arrived(generation: inventory.inventory!.generation, items, done: true, failure: nil)))

        var (pulses, _) = PulsesScreenTests.opened()
        let rows = ["Delta", "Bravo", "Alpha", "Bob"].map { PulsesScreenTests.pulse($0, PulsesScreenTests.refresh("Completed", minutesAgo: 10, id: "r-" + $0)) }
        _ = AppReducer.reduce(&pulses, .pulses(.arrived(generation: 1, [.workspacesToRead(1), .pulses(rows), .workspaceDone])), now: PulsesScreenTests.now)
        return [("capacities", capacities), ("inventory", inventory), ("pulses", pulses)]
    }

    @Test func theThreeScreensAreTheOneList() {
        for (name, state) in Self.screens() {
            #expect(state.front is any ListScreen.Type, "\(name) is a ListScreen")
            #expect(Self.export(state)?.rows.count == 4, "\(name)")
        }
    }

    @Test func filterSortClickAndExportWorkTheSameOnEach() throws {
        for (name, var state) in Self.screens() {
            Self.type(&state, "b")
            let filter = state.front.filter(state)
            #expect(filter == "b", "\(name)")
            var table = try #require(Self.export(state))
            let nameColumn = try #require(table.headers.firstIndex(of: "NAME"), "\(name): \(table.headers)")
            #expect(Set(table.rows.map { $0[nameColumn] }) == ["Bravo", "Bob"], "\(name): the filter narrows the export too")
            Self.clear(&state)
            #expect(Self.export(state)?.rows.count == 4, "\(name): the filter cleared")
            // Sort by NAME (the first sortable column on each of these), both ways.
            let unit = state.front as! any ListScreen.Type
            for _ in 0...unit.sortableColumns(state).count where unit.sortOrder(state) != App.SortOrder(column: nameColumn) { Self.key(&state, .character("s")) }
            #expect(unit.sortOrder(state) == App.SortOrder(column: nameColumn), "\(name): s reaches NAME")
            table = try #require(Self.export(state))
            #expect(table.rows.map { $0[nameColumn] } == ["Alpha", "Bob", "Bravo", "Delta"], "\(name) sorted")
            Self.key(&state, .character("S"))
            table = try #require(Self.export(state))
            #expect(table.rows.map { $0[nameColumn] } == ["Delta", "Bravo", "Bob", "Alpha"], "\(name) reversed")
            // A click on the third row selects it; j moves on to the fourth.
            #expect(Self.click(2, &state), "\(name)")
            #expect((state.front as! any ListScreen.Type).selectedIndex(state) == 2)
            Self.key(&state, .character("j"))
            #expect((state.front as! any ListScreen.Type).selectedIndex(state) == 3)
            #expect(!Self.click(9, &state), "\(name): no row there")
        }
    }
}

extension ListScreen {
    static func sortableColumns(_ state: AppState) -> [Int] { list(state).map(sortable) ?? [] }
    static func sortOrder(_ state: AppState) -> App.SortOrder? { list(state)?.rows.sort }
    static func selectedIndex(_ state: AppState) -> Int? { list(state)?.selection.selected }
}
