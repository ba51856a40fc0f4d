import Foundation
import GRDB
import Synchronization
import Testing
@testable import Inventory
import PowerBI
import Tokens
import TestSupport

/// The scan's batcher, limits and state machine against a counting fake service.
@Suite struct ScanJobTests {
    static func temporaryStore() throws -> TenantStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbitui-store-\(UUID().uuidString)").path
        return try TenantStore(path: folder + "/tenant.sqlite")
    }

    /// The service's limits and polling; the jobs run on virtual time, so waits cost nothing.
    static let limits = ScanLimits()
    /// When the tests' virtual clocks start.
    static let start = Date(timeIntervalSince1970: 1_796_000_000)

    static func virtualTime() -> (VirtualClock, JobClock) {
        let virtual = VirtualClock()
        return (virtual, JobClock(virtual, startingAt: start))
    }

    @Test func batchesOfAHundredNeverMoreThanSixteenUnfinishedAllStoredOnce() async throws {
        let store = try Self.temporaryStore()
        let (_, clock) = Self.virtualTime()
        let service = FakeScanner(workspaces: 2_050, clock: clock, overlap: 2)
        let job = ScanJob(store: store, service: service, options: ScanOptions(lineage: true), mode: .full, limits: Self.limits, clock: clock)
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
        let (virtual, clock) = Self.virtualTime()
        // A budget of 3 calls an hour: nine batches need three hours.
        let limits = ScanLimits(maxInFlight: 16, budget: 3, window: .seconds(3600), batchSize: 10)
        let service = FakeScanner(workspaces: 90, clock: clock)
        _ = try await ScanJob(store: store, service: service, options: ScanOptions(), mode: .full, limits: limits, clock: clock).run()
        #expect(service.snapshot.getInfoTimes.count == 9)
        // The job writes each call down before sending it, at the time it goes: no window holds more than three.
        let times = try await Self.budgetCalls(store)
        #expect(times.count == 9)
        for (index, time) in times.enumerated() {
            let inWindow = times[..<index].filter { time - $0 < 3600 }.count
            #expect(inWindow < 3, "call \(index): \(inWindow) others in its hour")
        }
        #expect(virtual.elapsed >= .seconds(7200), "three windows")
        #expect(virtual.elapsed < .seconds(3 * 3600), "and no more")
        // The next run starts with what the window has left: the calls are in the store.
        let again = FakeScanner(workspaces: 30, clock: clock)
        _ = try await ScanJob(store: store, service: again, options: ScanOptions(), mode: .full, limits: limits, clock: clock).run()
        let second = try await Self.budgetCalls(store).filter { $0 > times.last! }
        #expect(second.count == 3 && again.snapshot.getInfoTimes.count == 3)
        #expect(second.first! - times[6] >= 3600, "waited for the earlier run's calls to leave the window")
    }

    /// When the budget's calls were sent, in seconds since 1970, in order.
    static func budgetCalls(_ store: TenantStore) async throws -> [Double] {
        try await store.read { db in try Double.fetchAll(db, sql: "SELECT at FROM budget_call ORDER BY at") }
    }

    @Test func throttlingIsWaitedOutAndFailedScansAreSubmittedAgain() async throws {
        let store = try Self.temporaryStore()
        let (virtual, clock) = Self.virtualTime()
        let service = FakeScanner(workspaces: 250, throttles: 2, retryAfter: 120, failFirst: 2, clock: clock)
        let notices = Mutex<[String]>([])
        let outcome = try await ScanJob(store: store, service: service, options: ScanOptions(), mode: .full, limits: Self.limits, clock: clock) { progress in
            if let reason = progress.waitingFor { notices.withLock { $0.append(reason) } }
        }.run()
        #expect(outcome.storedWorkspaces == 250)
        #expect(virtual.sleeps.filter { $0 == .seconds(120) }.count == 2, "Retry-After: 120 was honoured twice")
        #expect(notices.withLock { $0.contains { $0.contains("429") } })
        #expect(service.snapshot.getInfoTimes.count == 3 + 2, "three batches, two of them again after failing")
        let attempts = try await store.read { db in try Int.fetchAll(db, sql: "SELECT attempts FROM scan_batch ORDER BY number") }
        #expect(attempts.reduce(0, +) == 5)
    }

    @Test func aBatchThatKeepsFailingIsMarkedFailedAndTheRunSaysSo() async throws {
        let store = try Self.temporaryStore()
        let (_, clock) = Self.virtualTime()
        let service = FakeScanner(workspaces: 100, failFirst: 10, clock: clock)
        let outcome = try await ScanJob(store: store, service: service, options: ScanOptions(), mode: .full, limits: Self.limits, clock: clock).run()
        #expect(outcome.failedBatches == 1 && outcome.storedWorkspaces == 0)
        #expect(service.snapshot.getInfoTimes.count == 3)
        let state = try await store.read { db in try String.fetchOne(db, sql: "SELECT state FROM scan_run") }
        #expect(state == "failed")
    }

    @Test func anUnfinishedRunIsContinuedPollingKnownScansAndResubmittingForgottenOnes() async throws {
        let store = try Self.temporaryStore()
        let (_, clock) = Self.virtualTime()
        let service = FakeScanner(workspaces: 300, clock: clock)
        // A run cut short: three batches, one stored, one submitted with a scan the service knows, one with a scan it forgot.
        let known = try await service.startScan(of: Array(service.workspaces[100..<200]), options: ScanOptions())
        let forgotten = try await service.startScan(of: Array(service.workspaces[200..<300]), options: ScanOptions())
        _ = service.state.withLock { $0.forget.insert(forgotten.id) }
        let result = FakeScanner.result(for: Array(service.workspaces[0..<100]))
        let ids = service.workspaces
        try await store.write { db in
            try db.execute(sql: "INSERT INTO scan_run (id, started_at, mode, options, workspaces, state) VALUES (1, '2026-12-01T00:00:00Z', 'full', '{}', 300, 'running')")
            for (number, scan) in [(0, nil), (1, known.id), (2, forgotten.id)] as [(Int, String?)] {
                let slice = ids[(number * 100)..<(number * 100 + 100)]
                try db.execute(sql: "INSERT INTO scan_batch (run_id, number, workspaces, size, scan_id, submitted_at, attempts, state) VALUES (1, ?, ?, 100, ?, ?, ?, ?)",
                               arguments: [number, JSONValue.array(slice.map(JSONValue.string)).serialized(), scan,
                                           scan == nil ? nil : Self.start.ISO8601Format(), scan == nil ? 1 : 1, number == 0 ? "stored" : "submitted"])
            }
            _ = try ScanResultWriter.write(result, asked: Array(ids[0..<100]), scannedAt: "2026-12-01T00:00:01Z", in: db)
        }
        let before = service.snapshot.getInfoTimes.count
        let outcome = try await ScanJob(store: store, service: service, options: ScanOptions(), mode: .full, limits: Self.limits, clock: clock).run()
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
        let now = Self.start
        #expect(ScanJob.modifiedSince(lastScan: now.addingTimeInterval(-3600), now: now) == now.addingTimeInterval(-3660))
        #expect(ScanJob.modifiedSince(lastScan: now.addingTimeInterval(-60), now: now) == now.addingTimeInterval(-1800), "at least 30 minutes back")
        #expect(ScanJob.modifiedSince(lastScan: now.addingTimeInterval(-31 * 86_400), now: now) == nil, "older than 30 days: a full scan")
    }
}
