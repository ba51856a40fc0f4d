import Foundation
import GRDB
import Testing
@testable import Inventory
import PowerBI
import Simulator
import TestSupport
import Tokens

/// Scans and activity downloads against the demo tenant over loopback, through the real client.
@Suite(.serialized) struct DemoScanTests {
    @Test func aFullScanStoresTheTenantAndALaterOneOnlyWhatChanged() async throws {
        var options = SimulatorOptions(workspaces: 30, refreshSeconds: 1000, tokenLifetime: 10)
        options.scannerLimits = ScannerLimits(concurrentScans: 4)
        let demo = try await DemoClient.start(options)
        defer { Task { await demo.stop() } }
        var client = demo.client
        client.retryPolicy = RetryPolicy(maximumAutomaticWait: .zero, throttleAttempts: 0)
        let store = try ScanJobTests.temporaryStore()
        let limits = ScanLimits(maxInFlight: 6, batchSize: 7, firstPoll: .milliseconds(20), maxPoll: .milliseconds(200))
        let full = try await ScanJob(store: store, service: client, options: ScanOptions(lineage: true, datasourceDetails: true, artifactUsers: true),
                                     mode: .full, limits: limits).run()
        // Thirty workspaces and two personal ones, in five batches of seven; tokens of ten seconds (renewed before each call, as they are within five minutes of expiry);
        // more scans wanted at once than the tenant allows, the 429s waited out.
        #expect(full.workspaces == 32 && full.storedWorkspaces == 32 && full.failedBatches == 0 && full.modifiedSince == nil)
        let counts = try await store.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT kind, COUNT(*) AS n FROM item GROUP BY kind").map { ($0["kind"] as String, $0["n"] as Int) })
        }
        #expect(counts["dataset"] == 32 * 6 - 2 * 3 && counts["report"] != nil && counts["dataflow"] != nil, "six datasets a workspace, three in personal ones")
        #expect((counts["datasource"] ?? 0) > 0 && (counts["gateway"] ?? 0) > 0)
        let stats = try JSONValue.parse(try await client.send("GET", absolute: URL(string: demo.info.apiRoot + "/_simulator/stats")!).body)
        #expect((stats["peakConcurrentScans"]?.intValue ?? 99) <= 4)

        // One workspace changes; the next scan asks only for what changed since the last one.
        let workspace = try await client.workspaces()[3]
        _ = try await client.send("POST", "/groups/\(workspace.id)/users",
                                  body: Data(#"{"emailAddress":"new.person@pbitui-demo.onmicrosoft.com","groupUserAccessRight":"Viewer"}"#.utf8))
        let later = try await ScanJob(store: store, service: client, options: ScanOptions(lineage: true), mode: .incremental, limits: limits).run()
        #expect(later.workspaces == 1 && later.storedWorkspaces == 1 && later.modifiedSince != nil)
        let runs = try await store.read { db in try String.fetchAll(db, sql: "SELECT mode || ':' || state FROM scan_run ORDER BY id") }
        #expect(runs == ["full:done", "modified-since:done"])
    }

    @Test func theActivityLogOfThreeDaysIsStoredOnceAndFiltersWork() async throws {
        let demo = try await DemoClient.start(SimulatorOptions(refreshSeconds: 1000))
        defer { Task { await demo.stop() } }
        let store = try ScanJobTests.temporaryStore()
        let now = Date()
        let from = now.addingTimeInterval(-3 * 86_400)
        let to = now.addingTimeInterval(-86_400)
        let outcome = try await ActivityJob(store: store, service: demo.client, from: from, to: to).run()
        #expect(outcome.days == 3 && outcome.pages == 72 && outcome.newEvents >= 120)
        let stored = try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activity_event")! }
        #expect(stored == outcome.newEvents)
        // Again: the days are recent, so asked again; nothing new is stored.
        let again = try await ActivityJob(store: store, service: demo.client, from: from, to: to).run()
        #expect(again.newEvents == 0)
        // A filtered download keeps its own progress and finds a subset.
        let filtered = try await ActivityJob(store: store, service: demo.client, from: from, to: from, activity: "viewreport",
                                             user: "o'brien@pbitui-demo.onmicrosoft.com").run()
        #expect(filtered.newEvents == 0 && filtered.pages == 24)
        let keys = try await store.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT filter FROM activity_day ORDER BY filter") }
        #expect(keys == ["", "Activity eq 'viewreport' and UserId eq 'o''brien@pbitui-demo.onmicrosoft.com'"])
    }
}
