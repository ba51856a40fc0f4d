public import Foundation
public import PowerBI
import GRDB
import Tokens

/// A scan of the tenant into the store (reference/workbench.md §2): the modified list, then `getInfo` in
/// batches of at most 100, each polled with backoff until it succeeds, its result stored in the
/// transaction that marks the batch done. At most ``ScanLimits/maxInFlight`` scans are unfinished at once
/// and no more `getInfo` calls go out in a window than the budget allows (calls of earlier runs count:
/// the store remembers them). A 429 is waited out for as long as its `Retry-After` says.
///
/// Killed at any moment, the next run finds the unfinished run and continues it: stored batches stay
/// stored, a submitted batch whose scan is still known is polled again, anything else is submitted again.
public struct ScanJob: Sendable {
    public let store: TenantStore
    public let service: any ScannerService
    public let limits: ScanLimits
    public let options: ScanOptions
    public let mode: ScanMode
    public let clock: JobClock
    public let progress: @Sendable (ScanProgress) -> Void

    public init(store: TenantStore, service: any ScannerService, options: ScanOptions, mode: ScanMode = .incremental,
                limits: ScanLimits = ScanLimits(), clock: JobClock = .system, progress: @escaping @Sendable (ScanProgress) -> Void = { _ in }) {
        self.store = store
        self.clock = clock
        self.service = service
        self.options = options
        self.mode = mode
        self.limits = limits
        self.progress = progress
    }

    /// Errors that end a run early; the run stays unfinished in the store and the next one continues it.
    public typealias Failure = JobFailure

    public func run() async throws(Failure) -> ScanOutcome {
        let started = clock.now
        let budget: ScanBudget
        do { budget = try await ScanBudget.load(store: store, limit: limits.budget, window: limits.window, clock: clock) } catch { throw .store(error) }
        let (run, resumed) = try await prepareRun(started: started)
        let batches: [Batch]
        do { batches = try await store.read { db in try Batch.unfinished(run: run.id, in: db) } } catch { throw .store(error) }
        let results = TurnGate(limit: limits.resultsAtOnce)
        let counters = ScanCounters(ScanProgress(
            workspaces: run.workspaces, storedWorkspaces: run.storedWorkspaces, batches: run.batches, storedBatches: run.storedBatches,
            failedBatches: run.failedBatches, inFlight: 0, callsLeft: await budget.left(), waitingUntil: nil, waitingFor: nil,
            started: started, resumed: resumed), report: progress)
        await counters.publish()
        let job = self
        let failure: Failure? = await withTaskGroup(of: Failure?.self) { group in
            var next = 0
            var firstFailure: Failure?
            func add() {
                guard next < batches.count else { return }
                let batch = batches[next]
                next += 1
                group.addTask {
                    do throws(Failure) {
                        try await job.process(batch, run: run, budget: budget, results: results, counters: counters)
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            for _ in 0..<min(limits.maxInFlight, batches.count) { add() }
            for await result in group {
                if let result {
                    if firstFailure == nil { firstFailure = result }
                    group.cancelAll()
                } else if firstFailure == nil {
                    add()
                }
            }
            return firstFailure
        }
        if let failure { throw failure }
        try await nameGateways()
        let final = await counters.snapshot()
        let runId = run.id
        let state = final.failedBatches > 0 ? "failed" : "done"
        do {
            try await store.write { db in
                try db.execute(sql: "UPDATE scan_run SET state = ?, finished_at = ? WHERE id = ?",
                               arguments: [state, clock.now.ISO8601Format(), runId])
            }
        } catch { throw .store(error) }
        return ScanOutcome(runId: run.id, workspaces: final.workspaces, storedWorkspaces: final.storedWorkspaces,
                           failedBatches: final.failedBatches, resumed: resumed, modifiedSince: run.modifiedSince,
                           getInfoCalls: await budget.sent)
    }

    /// Gives the store's gateways their names when the service lists them (`GET /gateways`); a gateway it
    /// does not list, or a refusal (the identity administers none), keeps "gateway ID". One call a run,
    /// and only when a gateway still has no name.
    func nameGateways() async throws(Failure) {
        let unnamed: [String]
        do {
            unnamed = try await store.read { db in
                try String.fetchAll(db, sql: "SELECT id FROM item WHERE kind = 'gateway' AND name = 'gateway ' || id")
            }
        } catch { throw .store(error) }
        guard !unnamed.isEmpty else { return }
        let names: [String: String]
        do throws(PowerBIError) { names = try await service.gatewayNames() } catch { return }
        let found = unnamed.compactMap { id in names[id.lowercased()].map { (id, $0) } }
        guard !found.isEmpty else { return }
        do {
            try await store.write { db in
                for (id, name) in found {
                    try db.execute(sql: "UPDATE item SET name = ? WHERE kind = 'gateway' AND id = ?", arguments: [name, id])
                }
            }
        } catch { throw .store(error) }
    }

    struct Run: Sendable {
        let id: Int64
        let options: ScanOptions
        let modifiedSince: Date?
        let workspaces: Int
        let storedWorkspaces: Int
        let batches: Int
        let storedBatches: Int
        let failedBatches: Int
    }

    struct Batch: Sendable {
        let number: Int
        let workspaces: [String]
        let scanId: String?
        let submittedAt: Date?
        let attempts: Int

        static func unfinished(run: Int64, in db: Database) throws -> [Batch] {
            try Row.fetchAll(db, sql: """
                SELECT number, workspaces, scan_id, submitted_at, attempts FROM scan_batch
                WHERE run_id = ? AND state IN ('pending', 'submitted') ORDER BY number
                """, arguments: [run]).map { row in
                let ids = (try? JSONValue.parse(Data((row["workspaces"] as String? ?? "[]").utf8)))?.arrayValue?.compactMap(\.stringValue) ?? []
                let submitted = (row["submitted_at"] as String?).flatMap { PowerBIDate.parse($0) }
                return Batch(number: row["number"], workspaces: ids, scanId: row["scan_id"], submittedAt: submitted, attempts: row["attempts"])
            }
        }
    }

    /// The unfinished run, or a new one: the modified list cut into batches, all written in one transaction.
    func prepareRun(started: Date) async throws(Failure) -> (Run, resumed: Bool) {
        do {
            if let existing = try await store.read({ db in try Self.loadRun(state: "running", in: db) }) {
                return (existing, true)
            }
        } catch { throw .store(error) }
        var since: Date?
        switch mode {
        case .full: since = nil
        case let .modifiedSince(date): since = date
        case .incremental:
            let last: Date?
            do {
                last = try await store.read { db in
                    try String.fetchOne(db, sql: "SELECT started_at FROM scan_run WHERE state = 'done' ORDER BY id DESC LIMIT 1")
                }.flatMap { PowerBIDate.parse($0) }
            } catch { throw .store(error) }
            since = last.flatMap { Self.modifiedSince(lastScan: $0, now: started) }
        }
        let ids: [String]
        do { ids = try await service.modifiedWorkspaces(since: since, excludePersonal: false) } catch { throw .service(error) }
        let size = limits.batchSize
        let options = self.options
        let modeText = since == nil ? "full" : "modified-since"
        let optionsText = (try? JSONEncoder().encode(options)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let sinceText = since?.ISO8601Format()
        let startedText = started.ISO8601Format()
        do {
            let run = try await store.write { db -> Run in
                try db.execute(sql: """
                    INSERT INTO scan_run (started_at, mode, modified_since, options, workspaces, state) VALUES (?, ?, ?, ?, ?, 'running')
                    """, arguments: [startedText, modeText, sinceText, optionsText, ids.count])
                let runId = db.lastInsertedRowID
                for (number, start) in stride(from: 0, to: ids.count, by: size).enumerated() {
                    let slice = Array(ids[start..<min(ids.count, start + size)])
                    try db.execute(sql: """
                        INSERT INTO scan_batch (run_id, number, workspaces, size, state) VALUES (?, ?, ?, ?, 'pending')
                        """, arguments: [runId, number, JSONValue.array(slice.map(JSONValue.string)).serialized(), slice.count])
                }
                return try Self.loadRun(id: runId, in: db)!
            }
            return (run, false)
        } catch { throw .store(error) }
    }

    /// `modifiedSince` for a scan after one that started at `lastScan`: a minute earlier (clocks differ),
    /// at least 30 minutes back (the service's lower bound), nil (a full scan) when more than 30 days back.
    public static func modifiedSince(lastScan: Date, now: Date) -> Date? {
        let since = lastScan.addingTimeInterval(-60)
        if now.timeIntervalSince(since) > 30 * 86_400 - 3600 { return nil }
        return min(since, now.addingTimeInterval(-30 * 60))
    }

    static func loadRun(state: String? = nil, id: Int64? = nil, in db: Database) throws -> Run? {
        let row: Row?
        if let id {
            row = try Row.fetchOne(db, sql: "SELECT * FROM scan_run WHERE id = ?", arguments: [id])
        } else {
            row = try Row.fetchOne(db, sql: "SELECT * FROM scan_run WHERE state = ? ORDER BY id DESC LIMIT 1", arguments: [state])
        }
        guard let row else { return nil }
        let runId: Int64 = row["id"]
        let counts = try Row.fetchOne(db, sql: """
            SELECT COUNT(*) AS batches,
                   COALESCE(SUM(state = 'stored'), 0) AS stored, COALESCE(SUM(CASE WHEN state = 'stored' THEN size ELSE 0 END), 0) AS storedWorkspaces,
                   COALESCE(SUM(state = 'failed'), 0) AS failed
            FROM scan_batch WHERE run_id = ?
            """, arguments: [runId])
        let options = (row["options"] as String?).flatMap { try? JSONDecoder().decode(ScanOptions.self, from: Data($0.utf8)) } ?? ScanOptions()
        return Run(id: runId, options: options, modifiedSince: (row["modified_since"] as String?).flatMap { PowerBIDate.parse($0) },
                   workspaces: row["workspaces"], storedWorkspaces: counts?["storedWorkspaces"] ?? 0, batches: counts?["batches"] ?? 0,
                   storedBatches: counts?["stored"] ?? 0, failedBatches: counts?["failed"] ?? 0)
    }

    /// One batch from where the store says it is to stored (or failed after ``ScanLimits/attempts`` tries).
    func process(_ batch: Batch, run: Run, budget: ScanBudget, results: TurnGate, counters: ScanCounters) async throws(Failure) {
        var scanId = batch.scanId
        var attempts = batch.attempts
        // A scan result is kept 24 hours; an older scan is submitted again.
        if let submitted = batch.submittedAt, clock.now.timeIntervalSince(submitted) > 23 * 3600 { scanId = nil }
        await counters.change { $0.inFlight += 1 }
        defer { Task { await counters.change { $0.inFlight -= 1 } } }
        while true {
            try Self.checkCancellation()
            if scanId == nil {
                guard attempts < limits.attempts else {
                    try await markFailed(batch, run: run, error: "the scan failed \(attempts) times", counters: counters)
                    return
                }
                scanId = try await submit(batch, run: run, budget: budget, counters: counters)
                attempts += 1
            }
            guard let id = scanId else { continue }
            switch try await waitForScan(id) {
            case .succeeded:
                await results.enter()
                let outcome: Result<Bool, Failure> = await {
                    do throws(Failure) { return .success(try await fetchAndStore(id, batch: batch, run: run)) } catch { return .failure(error) }
                }()
                await results.leave()
                switch outcome {
                case .success(true):
                    await counters.change {
                        $0.storedBatches += 1
                        $0.storedWorkspaces += batch.workspaces.count
                    }
                    return
                case .success(false):
                    // Gone (expired) or cut short on the way: ask for the scan again.
                    scanId = nil
                case let .failure(failure):
                    throw failure
                }
            case .failed, .gone:
                scanId = nil
            }
        }
    }

    /// The result of a succeeded scan read and stored; false when it is gone or came cut short.
    func fetchAndStore(_ id: String, batch: Batch, run: Run) async throws(Failure) -> Bool {
        try Self.checkCancellation()
        let data: Data
        do { data = try await service.scanResult(id) } catch {
            if case let .service(service) = error, service.status == 404 { return false }
            throw .service(error)
        }
        guard let result = try? JSONValue.parse(data), result.objectValue != nil else { return false }
        _ = try await storeResult(result, batch: batch, run: run)
        return true
    }

    static func checkCancellation() throws(Failure) {
        if Task.isCancelled { throw .service(.transport(.cancelled)) }
    }

    /// `getInfo` within the budget; a 429 waited out. Records the scan id before returning.
    func submit(_ batch: Batch, run: Run, budget: ScanBudget, counters: ScanCounters) async throws(Failure) -> String {
        var transportFailures = 0
        while true {
            try Self.checkCancellation()
            let wait: Date?
            do { wait = try await budget.reserve() } catch { throw .store(error) }
            if let wait {
                await counters.change { $0.waitingUntil = wait; $0.waitingFor = "the hourly budget of \(limits.budget) getInfo calls" }
                try await sleep(until: wait)
                await counters.change { $0.waitingUntil = nil; $0.waitingFor = nil }
                continue
            }
            let left = await budget.left()
            await counters.change { $0.callsLeft = left }
            do {
                let request = try await service.startScan(of: batch.workspaces, options: run.options)
                let runId = run.id
                let number = batch.number
                let submitted = clock.now.ISO8601Format()
                do {
                    try await store.write { db in
                        try db.execute(sql: """
                            UPDATE scan_batch SET scan_id = ?, submitted_at = ?, state = 'submitted', attempts = attempts + 1
                            WHERE run_id = ? AND number = ?
                            """, arguments: [request.id, submitted, runId, number])
                    }
                } catch { throw Failure.store(error) }
                return request.id
            } catch let failure as Failure {
                throw failure
            } catch let error as PowerBIError {
                if case let .service(service) = error, service.status == 429 || service.status == 503 {
                    let until = clock.now.addingTimeInterval(TimeInterval(max(1, service.retryAfter ?? 60)))
                    await counters.change { $0.waitingUntil = until; $0.waitingFor = "the service (429, Retry-After)" }
                    try await sleep(until: until)
                    await counters.change { $0.waitingUntil = nil; $0.waitingFor = nil }
                    continue
                }
                if case .transport = error, transportFailures < 2 {
                    transportFailures += 1
                    try await sleep(until: clock.now.addingTimeInterval(Double(transportFailures)))
                    continue
                }
                throw .service(error)
            } catch {
                throw .service(.invalidArgument(String(describing: error)))
            }
        }
    }

    enum ScanState { case succeeded, failed, gone }

    /// Polls `scanStatus` with a doubling wait until the scan succeeds, fails or is unknown (expired).
    func waitForScan(_ id: String) async throws(Failure) -> ScanState {
        var pause = limits.firstPoll
        while true {
            try Self.checkCancellation()
            do { try await clock.sleep(for: pause) } catch { throw .service(.transport(.cancelled)) }
            pause = min(pause * 2, limits.maxPoll)
            do {
                let status = try await service.scanStatus(id)
                switch status.status {
                case .succeeded: return .succeeded
                case .failed: return .failed
                case .notStarted, .running: continue
                }
            } catch {
                if case let .service(service) = error {
                    if service.status == 404 { return .gone }
                    if service.status == 429, let after = service.retryAfter {
                        pause = max(pause, .seconds(after))
                        continue
                    }
                }
                throw .service(error)
            }
        }
    }

    /// The result and the batch's new state, in one transaction.
    func storeResult(_ result: JSONValue, batch: Batch, run: Run) async throws(Failure) -> Int {
        let runId = run.id
        let number = batch.number
        let asked = batch.workspaces
        let scannedAt = clock.now.ISO8601Format()
        do {
            return try await store.write { db in
                let stored = try ScanResultWriter.write(result, asked: asked, scannedAt: scannedAt, in: db)
                try db.execute(sql: "UPDATE scan_batch SET state = 'stored', error = NULL WHERE run_id = ? AND number = ?",
                               arguments: [runId, number])
                return stored
            }
        } catch { throw .store(error) }
    }

    func markFailed(_ batch: Batch, run: Run, error: String, counters: ScanCounters) async throws(Failure) {
        let runId = run.id
        let number = batch.number
        do {
            try await store.write { db in
                try db.execute(sql: "UPDATE scan_batch SET state = 'failed', error = ? WHERE run_id = ? AND number = ?",
                               arguments: [error, runId, number])
            }
        } catch { throw .store(error) }
        await counters.change { $0.failedBatches += 1 }
    }

    func sleep(until date: Date) async throws(Failure) {
        do { try await clock.sleep(until: date) } catch { throw .service(.transport(.cancelled)) }
    }
}
