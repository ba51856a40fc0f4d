import Foundation
import GRDB
import Synchronization
import Testing
@testable import Inventory
import PowerBI
import Tokens

/// The scan's batcher, limits and state machine against a counting fake service.
@Suite struct ScanJobTests {
    static func temporaryStore() throws -> TenantStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbitui-store-\(UUID().uuidString)").path
        return try TenantStore(path: folder + "/tenant.sqlite")
    }

    static let quick = ScanLimits(maxInFlight: 16, budget: 500, firstPoll: .milliseconds(5), maxPoll: .milliseconds(20))

    @Test func batchesOfAHundredNeverMoreThanSixteenUnfinishedAllStoredOnce() async throws {
        let store = try Self.temporaryStore()
        let service = FakeScanner(workspaces: 2_050)
        let job = ScanJob(store: store, service: service, options: ScanOptions(lineage: true), mode: .full, limits: Self.quick)
        let outcome = try await job.run()
        #expect(outcome.workspaces == 2_050 && outcome.storedWorkspaces == 2_050 && outcome.failedBatches == 0)
        let seen = service.snapshot
        #expect(seen.getInfoTimes.count == 21, "20 batches of 100 and one of 50")
        #expect(seen.peakUnfinished <= 16 && seen.peakUnfinished >= 2)
        #expect(seen.resultCalls == 21 && seen.unfinished == 0)
        let counts = try await store.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM workspace")!, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item WHERE kind = 'dataset'")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM edge")!, try Int.fetchOne(db, sql: "SELECT MAX(size) FROM scan_batch")!,
             try String.fetchAll(db, sql: "SELECT DISTINCT state FROM scan_batch"), try String.fetchOne(db, sql: "SELECT state FROM scan_run")!)
        }
        #expect(counts.0 == 2_050 && counts.1 == 2_050 && counts.2 == 4_100 && counts.3 == 100)
        #expect(counts.4 == ["stored"] && counts.5 == "done")
    }

    @Test func theHourlyBudgetIsNeverExceededEvenAcrossRuns() async throws {
        let store = try Self.temporaryStore()
        // A window of 1.5 s and a budget of 3: nine batches need three windows.
        let limits = ScanLimits(maxInFlight: 16, budget: 3, window: .milliseconds(1500), batchSize: 10, firstPoll: .milliseconds(5), maxPoll: .milliseconds(20))
        let service = FakeScanner(workspaces: 90)
        let started = Date()
        _ = try await ScanJob(store: store, service: service, options: ScanOptions(), mode: .full, limits: limits).run()
        let times = service.snapshot.getInfoTimes.sorted()
        #expect(times.count == 9)
        for (index, time) in times.enumerated() {
            // Times are when the fake received each call; 0.1 s of slack for a loaded machine's scheduling.
            let inWindow = times[..<index].filter { time.timeIntervalSince($0) < 1.4 }.count
            #expect(inWindow < 3, "call \(index): \(inWindow) others in its window")
        }
        #expect(Date().timeIntervalSince(started) >= 3.0)
        // The next run starts with what the window has left: the calls are in the store.
        let again = FakeScanner(workspaces: 30)
        let beforeSecond = Date()
        _ = try await ScanJob(store: store, service: again, options: ScanOptions(), mode: .full, limits: limits).run()
        let firstCall = try #require(again.snapshot.getInfoTimes.min())
        let lastThree = times.suffix(3)
        #expect(firstCall.timeIntervalSince(lastThree.first!) >= 1.49, "waited for the earlier run's calls to leave the window")
        _ = beforeSecond
    }

    @Test func throttlingIsWaitedOutAndFailedScansAreSubmittedAgain() async throws {
        let store = try Self.temporaryStore()
        let service = FakeScanner(workspaces: 250, throttles: 2, retryAfter: 1, failFirst: 2)
        let notices = Mutex<[String]>([])
        let started = Date()
        let outcome = try await ScanJob(store: store, service: service, options: ScanOptions(), mode: .full, limits: Self.quick) { progress in
            if let reason = progress.waitingFor { notices.withLock { $0.append(reason) } }
        }.run()
        #expect(outcome.storedWorkspaces == 250)
        #expect(Date().timeIntervalSince(started) >= 1, "Retry-After: 1 was honoured")
        #expect(notices.withLock { $0.contains { $0.contains("429") } })
        #expect(service.snapshot.getInfoTimes.count == 3 + 2, "three batches, two of them again after failing")
        let attempts = try await store.read { db in try Int.fetchAll(db, sql: "SELECT attempts FROM scan_batch ORDER BY number") }
        #expect(attempts.reduce(0, +) == 5)
    }

    @Test func aBatchThatKeepsFailingIsMarkedFailedAndTheRunSaysSo() async throws {
        let store = try Self.temporaryStore()
        let service = FakeScanner(workspaces: 100, failFirst: 10)
        let outcome = try await ScanJob(store: store, service: service, options: ScanOptions(), mode: .full, limits: Self.quick).run()
        #expect(outcome.failedBatches == 1 && outcome.storedWorkspaces == 0)
        #expect(service.snapshot.getInfoTimes.count == 3)
        let state = try await store.read { db in try String.fetchOne(db, sql: "SELECT state FROM scan_run") }
        #expect(state == "failed")
    }

    @Test func anUnfinishedRunIsContinuedPollingKnownScansAndResubmittingForgottenOnes() async throws {
        let store = try Self.temporaryStore()
        let service = FakeScanner(workspaces: 300)
        // A run cut short: three batches, one stored, one submitted with a scan the service knows, one with a scan it forgot.
        let known = try await service.startScan(of: Array(service.workspaces[100..<200]), options: ScanOptions())
        let forgotten = try await service.startScan(of: Array(service.workspaces[200..<300]), options: ScanOptions())
        service.state.withLock { $0.forget.insert(forgotten.id) }
        let result = FakeScanner.result(for: Array(service.workspaces[0..<100]))
        let ids = service.workspaces
        try await store.write { db in
            try db.execute(sql: "INSERT INTO scan_run (id, started_at, mode, options, workspaces, state) VALUES (1, '2026-12-01T00:00:00Z', 'full', '{}', 300, 'running')")
            for (number, scan) in [(0, nil), (1, known.id), (2, forgotten.id)] as [(Int, String?)] {
                let slice = ids[(number * 100)..<(number * 100 + 100)]
                try db.execute(sql: "INSERT INTO scan_batch (run_id, number, workspaces, size, scan_id, submitted_at, attempts, state) VALUES (1, ?, ?, 100, ?, ?, ?, ?)",
                               arguments: [number, JSONValue.array(slice.map(JSONValue.string)).serialized(), scan,
                                           scan == nil ? nil : Date().ISO8601Format(), scan == nil ? 1 : 1, number == 0 ? "stored" : "submitted"])
            }
            _ = try ScanResultWriter.write(result, asked: Array(ids[0..<100]), scannedAt: "2026-12-01T00:00:01Z", in: db)
        }
        let before = service.snapshot.getInfoTimes.count
        let outcome = try await ScanJob(store: store, service: service, options: ScanOptions(), mode: .full, limits: Self.quick).run()
        #expect(outcome.resumed && outcome.runId == 1 && outcome.storedWorkspaces == 300)
        #expect(service.snapshot.getInfoTimes.count - before == 1, "only the forgotten scan is submitted again")
        let count = try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM workspace") }
        #expect(count == 300)
    }

    @Test func theStoreAndItsWriteAheadLogAreTheOwnersOnly() async throws {
        let store = try Self.temporaryStore()
        try await store.write { db in try db.execute(sql: "INSERT INTO budget_call (api, at) VALUES ('x', 1)") }
        let modes = try [store.path, store.path + "-wal", store.path + "-shm"].map {
            try FileManager.default.attributesOfItem(atPath: $0)[.posixPermissions] as? Int
        }
        #expect(modes == [0o600, 0o600, 0o600])
        #expect(try store.appliedMigrations() == ["1-inventory-and-activity"])
        #expect(try await store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test func modifiedSinceFollowsTheLastScanWithinTheServicesWindow() {
        let now = Date()
        #expect(ScanJob.modifiedSince(lastScan: now.addingTimeInterval(-3600), now: now) == now.addingTimeInterval(-3660))
        #expect(ScanJob.modifiedSince(lastScan: now.addingTimeInterval(-60), now: now) == now.addingTimeInterval(-1800), "at least 30 minutes back")
        #expect(ScanJob.modifiedSince(lastScan: now.addingTimeInterval(-31 * 86_400), now: now) == nil, "older than 30 days: a full scan")
    }
}
