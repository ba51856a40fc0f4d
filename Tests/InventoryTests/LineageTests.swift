import Foundation
import GRDB
import Testing
@testable import Inventory
import Tokens

/// Lineage from a store written from a crafted scan result: field-shaped (odd casing, missing fields,
/// names with commas, quotes, line breaks and escapes, cross-workspace links, a cycle).
@Suite struct LineageTests {
    static let crafted = #"""
    {"workspaces": [
      {"id": "W1", "name": "Sales, \"EMEA\"", "type": "Workspace", "state": "Active", "isOnDedicatedCapacity": true, "capacityId": "C1",
       "reports": [
         {"id": "R1", "name": "Revenue\nreport", "reportType": "PowerBIReport", "datasetId": "D1",
          "endorsementDetails": {"endorsement": "Certified", "certifiedBy": "ana"}, "sensitivityLabel": {"labelId": "L1"}},
         {"id": "R2", "name": "Paginated", "reportType": "PaginatedReport"},
         {"id": "R3", "name": "Borrowed", "datasetId": "D3", "datasetWorkspaceId": "W2"}],
       "dashboards": [{"id": "B1", "displayName": "Board \u001b[31mred", "tiles": [{"id": "T1", "reportId": "R1", "datasetId": "D1"}, {"id": "T2"}]}],
       "datasets": [
         {"id": "D1", "name": "Sales Model", "configuredBy": "ana@contoso.example",
          "upstreamDataflows": [{"targetDataflowId": "F1", "groupId": "W1"}],
          "datasourceUsages": [{"datasourceInstanceId": "S1"}]},
         {"id": "D2", "name": "Orphan", "datasourceUsages": [{"datasourceInstanceId": "S1"}]},
         {"id": "D4", "name": "Loop A", "upstreamDatasets": [{"targetDatasetId": "D5", "groupId": "W1"}]},
         {"id": "D5", "name": "Loop B", "upstreamDatasets": [{"targetDatasetId": "D4", "groupId": "W1"}]}],
       "dataflows": [{"objectId": "F1", "name": "Customers", "datasourceUsages": [{"datasourceInstanceId": "S2"}]}],
       "datamarts": [{"id": "M1", "name": "Mart", "UpstreamDataflows": [{"targetDataflowId": "F1", "groupId": "W1"}]}]},
      {"id": "W2", "name": "Shared models",
       "datasets": [{"id": "D3", "name": "Group Model", "datasourceUsages": [{"datasourceInstanceId": "S1"}]}]}
    ],
    "datasourceInstances": [
      {"datasourceType": "Sql", "connectionDetails": {"server": "sql,1", "database": "db"}, "datasourceId": "S1", "gatewayId": "G1"},
      {"datasourceType": "Web", "connectionDetails": {"url": "https://example.com/feed"}, "datasourceId": "S2"}]}
    """#

    static func store() async throws -> TenantStore {
        let store = try ScanJobTests.temporaryStore()
        let result = try JSONValue.parse(Data(crafted.utf8))
        let stored = try await store.write { db in try ScanResultWriter.write(result, asked: ["W1", "W2"], scannedAt: "2026-12-01T00:00:00Z", in: db) }
        #expect(stored == 2)
        return store
    }

    @Test func aReportsUpstreamReachesTheGatewayAndADatasetsDownstreamTheDashboard() async throws {
        let store = try await Self.store()
        let tree = try await store.read { db in try Lineage.tree(of: Lineage.resolve("r1", in: db), in: db) }
        #expect(tree.root.kind == .report && tree.root.name == "Revenue\nreport" && tree.root.workspaceName == "Sales, \"EMEA\"")
        let dataset = try #require(tree.upstream.first)
        #expect(dataset.node.kind == .dataset && dataset.node.id == "D1")
        let below = dataset.children.map { $0.node.kind.rawValue + ":" + $0.node.id }
        #expect(below == ["dataflow:F1", "datasource:S1"])
        let source = dataset.children[1]
        #expect(source.node.name == "Sql: sql,1/db" && source.children.map(\.node.kind) == [.gateway])
        #expect(dataset.children[0].children.first?.node.name == "Web: https://example.com/feed")
        #expect(tree.downstream.map { $0.node.id } == ["B1"])
        // The text escapes what would act on a terminal; the DOT quotes and escapes too.
        #expect(!tree.text.contains("\u{1B}") && tree.text.contains("Revenue\\u{A}report"))
        #expect(tree.dot.contains(#""report:r1" [label="report\nRevenue\nreport\n(Sales, \"EMEA\")", style=bold];"#))
        #expect(!tree.dot.contains("\u{1B}"))
        let json = tree.json
        #expect(json["upstream"]?.arrayValue?.first?["children"]?.arrayValue?.count == 2)
    }

    @Test func downstreamOfADataflowAndADatasourceAndACycleStaysFinite() async throws {
        let store = try await Self.store()
        let flow = try await store.read { db in try Lineage.tree(of: Lineage.resolve("dataflow:customers", in: db), in: db) }
        #expect(Set(flow.downstream.map { $0.node.id }) == ["D1", "M1"], "the datamart's capitalised key is read")
        let source = try await store.read { db in try Lineage.tree(of: Lineage.resolve("S1", in: db), in: db) }
        #expect(Set(source.downstream.map { $0.node.id }) == ["D1", "D2", "D3"])
        let loop = try await store.read { db in try Lineage.tree(of: Lineage.resolve("Loop A", in: db), in: db) }
        #expect(loop.upstream.count == 1 && loop.upstream[0].children.first?.repeated == true)
    }

    @Test func namesResolveByIdExactNameOrOnlyMatchAndAmbiguityListsCandidates() async throws {
        let store = try await Self.store()
        #expect(try await store.read { db in try Lineage.resolve("Group", in: db) }.id == "D3")
        await #expect(throws: StoreError.self) { try await store.read { db in try Lineage.resolve("Loop", in: db) } }
        await #expect(throws: StoreError.self) { try await store.read { db in try Lineage.resolve("nothing like it", in: db) } }
        // LIKE's wildcards in a name are plain characters.
        await #expect(throws: StoreError.self) { try await store.read { db in try Lineage.resolve("%", in: db) } }
    }

    @Test func findingsUnusedCrossWorkspaceAndSharedDatasources() async throws {
        let store = try await Self.store()
        let unused = try await store.read { db in try Lineage.unusedDatasets(in: db) }
        #expect(Set(unused.map(\.id)) == ["D2", "D4", "D5"])
        let crossing = try await store.read { db in try Lineage.crossWorkspaceReports(in: db) }
        #expect(crossing.count == 1 && crossing[0].report.id == "R3" && crossing[0].dataset.workspaceName == "Shared models")
        let shared = try await store.read { db in try Lineage.sharedDatasources(in: db) }
        #expect(shared.count == 1 && shared[0].datasource.id == "S1" && shared[0].datasets == 3)
    }

    @Test func theInventorysFindingsListTheSameItemsWithEveryColumn() async throws {
        let store = try await Self.store()
        func items(_ finding: InventoryFinding?) async throws -> [InventoryItem] {
            try await store.read { db in
                var all: [InventoryItem] = []
                try InventoryItem.all(in: db, finding: finding, batch: 2) { all += $0 }
                return all
            }
        }
        let everything = try await items(nil)
        #expect(everything.count == 14, "11 items in workspaces, 2 datasources, 1 gateway, in batches of 2: \(everything.map(\.id))")
        #expect(everything.first { $0.id == "R1" }?.endorsement == "Certified" && everything.first { $0.id == "R1" }?.sensitivityLabel == "L1")
        #expect(everything.first { $0.id == "D1" }?.owner == "ana@contoso.example" && everything.first { $0.id == "R1" }?.capacity == "C1")
        #expect(Set(try await items(.unused).map(\.id)) == ["D2", "D4", "D5"])
        #expect(try await items(.crossWorkspace).map(\.id) == ["R3"])
        let shared = try await items(.shared)
        #expect(shared.map(\.id) == ["S1"] && shared[0].name == "Sql: sql,1/db (read by 3 datasets)")
    }

    @Test func aRescanReplacesAWorkspacesItemsAndAWorkspaceGoneLeaves() async throws {
        let store = try await Self.store()
        let smaller = try JSONValue.parse(Data(#"{"workspaces": [{"id": "w1", "name": "Sales", "reports": [{"id": "R9", "name": "New"}]}]}"#.utf8))
        try await store.write { db in _ = try ScanResultWriter.write(smaller, asked: ["W1", "W2"], scannedAt: "2026-12-02T00:00:00Z", in: db) }
        let (items, workspaces, edges) = try await store.read { db in
            (try String.fetchAll(db, sql: "SELECT id FROM item WHERE workspace_id IS NOT NULL ORDER BY id"),
             try String.fetchAll(db, sql: "SELECT id FROM workspace"), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM edge WHERE workspace_id IS NOT NULL")!)
        }
        #expect(items == ["R9"] && workspaces.map { $0.lowercased() } == ["w1"] && edges == 0)
    }

    @Test func lineageOfAnyItemOfTenThousandWorkspacesIsQuick() async throws {
        // Not a timing assertion: the tree of any item touches a handful of rows through indexes. The
        // query plan must use them (a full scan of `edge` would be a regression that counts, not a time).
        let store = try await Self.store()
        let plans = try await store.read { db in
            try [("SELECT to_kind FROM edge WHERE from_kind = ? AND from_id = ?"), ("SELECT from_kind FROM edge WHERE to_kind = ? AND to_id = ?")].map { sql in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: ["dataset", "D1"]).map { $0["detail"] as String }.joined(separator: " ")
            }
        }
        #expect(plans.allSatisfy { $0.contains("USING INDEX") || $0.contains("USING PRIMARY KEY") || $0.contains("sqlite_autoindex") }, "\(plans)")
    }
}
