import Foundation
import GRDB

/// The hourly budget of `getInfo` calls, remembered in the store (`budget_call`) so that a run started
/// right after another, or after a crash, knows what the window has left. A call is written down before
/// it is sent: a crash between the two costs one call of the budget, never one more than it allows.
actor ScanBudget {
    static let api = "getInfo"
    let store: TenantStore
    let limit: Int
    let window: TimeInterval
    let clock: JobClock
    private var calls: [Date]
    /// Calls this run sent.
    private(set) var sent = 0

    private init(store: TenantStore, limit: Int, window: TimeInterval, clock: JobClock, calls: [Date]) {
        self.store = store
        self.clock = clock
        self.limit = limit
        self.window = window
        self.calls = calls
    }

    static func load(store: TenantStore, limit: Int, window: Duration, clock: JobClock) async throws(StoreError) -> ScanBudget {
        let seconds = window.seconds
        let since = clock.now.timeIntervalSince1970 - seconds
        let calls = try await store.write { db -> [Double] in
            try db.execute(sql: "DELETE FROM budget_call WHERE api = ? AND at < ?", arguments: [api, since])
            return try Double.fetchAll(db, sql: "SELECT at FROM budget_call WHERE api = ? ORDER BY at", arguments: [api])
        }
        return ScanBudget(store: store, limit: limit, window: seconds, clock: clock, calls: calls.map { Date(timeIntervalSince1970: $0) })
    }

    /// Takes one call of the budget and writes it down: nil when the call may go now, else when to ask again.
    func reserve() async throws(StoreError) -> Date? {
        let now = clock.now
        calls.removeAll { now.timeIntervalSince($0) >= window }
        if calls.count >= limit, let oldest = calls.first {
            // A margin of 2 % of the window (72 s of an hour): a call that left late must not meet the next in the service's window.
            return oldest.addingTimeInterval(window * 1.02 + 0.01)
        }
        calls.append(now)
        sent += 1
        let at = now.timeIntervalSince1970
        try await store.write { db in
            try db.execute(sql: "INSERT INTO budget_call (api, at) VALUES (?, ?)", arguments: [Self.api, at])
        }
        return nil
    }

    func left() -> Int {
        let now = clock.now
        return max(0, limit - calls.filter { now.timeIntervalSince($0) < window }.count)
    }
}
