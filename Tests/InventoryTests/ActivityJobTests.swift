import Foundation
import GRDB
import Synchronization
import Testing
@testable import Inventory
import PowerBI
import Tokens
import TestSupport

/// The activity download against a fake log: empty pages before the last, repeats across pages, throttling,
/// and a crash in the middle of a day.
final class FakeActivityLog: ActivityService, @unchecked Sendable {
    struct State {
        var calls: [String] = []
        var failAt: Int?
        var throttles = 0
        var malformed = 0
    }
    let state = Mutex(State())
    /// Events per page of a day: pages 2 and 3 empty; page 4 repeats an event of page 1.
    static func page(_ day: String, _ number: Int) -> [JSONValue] {
        switch number {
        case 1: return (0..<3).map { event(day, $0) }
        case 2, 3: return []
        case 4: return [event(day, 2), event(day, 3)]
        default: return [event(day, number)]
        }
    }
    static let pagesPerDay = 6

    static func event(_ day: String, _ number: Int) -> JSONValue {
        .object(JSONObject([("Id", .string("\(day)-\(number)")), ("CreationTime", .string("\(day)T0\(number % 10):00:00")),
                            ("Activity", "ViewReport"), ("UserId", "ana@contoso.example"), ("WorkSpaceName", "Sales, \"EMEA\"\nnorth"),
                            ("ItemName", "Q3 \u{1B}[31m")]))
    }

    func record(_ call: String) throws(PowerBIError) {
        let (fail, throttle, broken): (Bool, Bool, Bool) = state.withLock { state in
            state.calls.append(call)
            if state.throttles > 0 { state.throttles -= 1; return (false, true, false) }
            if state.malformed > 0 { state.malformed -= 1; return (false, false, true) }
            return (state.failAt == state.calls.count, false, false)
        }
        if broken {
            throw .malformedResponse(method: "GET", path: "/admin/activityevents", status: 200, detail: "<html>proxy error</html>", requestId: nil)
        }
        if throttle {
            throw .service(ServiceError(status: 429, code: nil, detail: "Retry in 1 seconds.", requestId: nil, retryAfter: 1,
                                        method: "GET", path: "/admin/activityevents"))
        }
        if fail { throw .transport(.cancelled) }
    }

    func activityEvents(day: Date, activity: String?, user: String?) async throws(PowerBIError) -> ActivityPage {
        let text = ActivityWindow.dayText(day)
        try record("\(text)#1")
        return Self.answer(text, 1)
    }

    func activityEvents(continuation: URL) async throws(PowerBIError) -> ActivityPage {
        let parts = continuation.lastPathComponent.split(separator: "#")
        let day = String(parts[0])
        let number = Int(parts[1])!
        try record("\(day)#\(number)")
        return Self.answer(day, number)
    }

    static func answer(_ day: String, _ number: Int) -> ActivityPage {
        let last = number == pagesPerDay
        return ActivityPage(events: page(day, number), continuationUri: last ? nil : URL(string: "https://api.example/\(day)%23\(number + 1)"),
                            lastResultSet: last)
    }
}

@Suite struct ActivityJobTests {
    static let from = PowerBIDate.parse("2026-11-27T00:00:00Z")!
    static let to = PowerBIDate.parse("2026-11-29T00:00:00Z")!
    static let now = PowerBIDate.parse("2026-12-10T12:00:00Z")!

    /// A virtual clock that starts at ``now``: waits cost nothing and are checked as asked.
    static func virtualTime() -> (VirtualClock, JobClock) {
        let virtual = VirtualClock()
        return (virtual, JobClock(virtual, startingAt: now))
    }
    static var clock: JobClock { virtualTime().1 }

    static func count(_ store: TenantStore) async throws -> Int {
        try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activity_event")! }
    }

    @Test func everyPageOfEveryDayIsFollowedThroughEmptyPagesAndRepeatsAreStoredOnce() async throws {
        let store = try ScanJobTests.temporaryStore()
        let log = FakeActivityLog()
        let outcome = try await ActivityJob(store: store, service: log, from: Self.from, to: Self.to, clock: Self.clock).run()
        #expect(outcome.days == 3 && outcome.pages == 18)
        // Per day: 3 + 0 + 0 + (1 new of 2) + 1 + 1 = 6 events.
        #expect(try await Self.count(store) == 18 && outcome.newEvents == 18)
        let days = try store.read { db in try Row.fetchAll(db, sql: "SELECT day, done, next_uri, pages FROM activity_day ORDER BY day") }
        #expect(days.map { $0["day"] as String } == ["2026-11-27", "2026-11-28", "2026-11-29"])
        #expect(days.allSatisfy { $0["done"] as Bool && ($0["next_uri"] as String?) == nil && $0["pages"] as Int == 6 })
        // Done days are not asked again.
        let again = try await ActivityJob(store: store, service: log, from: Self.from, to: Self.to, clock: Self.clock).run()
        #expect(again.skippedDays == 3 && again.pages == 0)
        // The stored event keeps the service's JSON, keys and text as sent.
        let json = try await store.read { db in try String.fetchOne(db, sql: "SELECT json FROM activity_event WHERE id = '2026-11-27-0'")! }
        #expect(try JSONValue.parse(Data(json.utf8))["WorkSpaceName"]?.stringValue == "Sales, \"EMEA\"\nnorth")
        let events = try await store.read { db in try ActivityLog.events(from: "2026-11-27", to: "2026-11-27", in: db) }
        #expect(events.count == 6 && events.first?.workspaceName == "Sales, \"EMEA\"\nnorth")
        let counts = try await store.read { db in try ActivityLog.counts(by: .day, from: "2026-11-01", to: "2026-11-30", in: db) }
        #expect(counts.map(\.count) == [6, 6, 6])
    }

    @Test func aThrottledPageIsWaitedOutAndAskedAgain() async throws {
        let store = try ScanJobTests.temporaryStore()
        let log = FakeActivityLog()
        log.state.withLock { $0.throttles = 2 }
        let waits = Mutex(0)
        let (virtual, clock) = Self.virtualTime()
        let outcome = try await ActivityJob(store: store, service: log, from: Self.from, to: Self.from, clock: clock) { progress in
            if progress.waitingUntil != nil { waits.withLock { $0 += 1 } }
        }.run()
        #expect(outcome.pages == 6 && outcome.newEvents == 6)
        #expect(virtual.sleeps == [.seconds(1), .seconds(1)], "two Retry-After: 1 waited out")
        #expect(waits.withLock { $0 } == 2)
        #expect(log.state.withLock { $0.calls.count } == 8, "six pages and the two refused tries")
    }

    @Test func aPageThatIsNotJSONIsAskedForAgain() async throws {
        let store = try ScanJobTests.temporaryStore()
        let log = FakeActivityLog()
        log.state.withLock { $0.malformed = 2 }
        let outcome = try await ActivityJob(store: store, service: log, from: Self.from, to: Self.from, clock: Self.clock).run()
        #expect(outcome.pages == 6 && outcome.newEvents == 6 && log.state.withLock { $0.calls.count } == 8)
        // A third in a row is an error, and what was stored stays.
        let again = FakeActivityLog()
        again.state.withLock { $0.malformed = 3 }
        await #expect(throws: JobFailure.self) {
            _ = try await ActivityJob(store: try ScanJobTests.temporaryStore(), service: again, from: Self.from, to: Self.from, clock: Self.clock).run()
        }
    }

    @Test(arguments: [2, 5, 9, 14])
    func aCrashMidwayThenResumeEndsWithWhatAnUninterruptedRunStores(failAt: Int) async throws {
        let reference = try ScanJobTests.temporaryStore()
        _ = try await ActivityJob(store: reference, service: FakeActivityLog(), from: Self.from, to: Self.to, clock: Self.clock).run()
        let expected = try await reference.read { db in try String.fetchAll(db, sql: "SELECT id FROM activity_event ORDER BY id") }

        let store = try ScanJobTests.temporaryStore()
        let log = FakeActivityLog()
        log.state.withLock { $0.failAt = failAt }
        // The fake's failure is a transport error tried again twice; make it stick by failing those tries too.
        await #expect(throws: (any Error).self) {
            let sticky = StickyFailure(inner: log, after: failAt)
            _ = try await ActivityJob(store: store, service: sticky, from: Self.from, to: Self.to, clock: Self.clock).run()
        }
        let partial = try await Self.count(store)
        #expect(partial < expected.count)
        let resumed = FakeActivityLog()
        _ = try await ActivityJob(store: store, service: resumed, from: Self.from, to: Self.to, resume: true, clock: Self.clock).run()
        let final = try await store.read { db in try String.fetchAll(db, sql: "SELECT id FROM activity_event ORDER BY id") }
        #expect(final == expected)
        // Resuming did not start the interrupted day from its first page.
        let firstPages = resumed.state.withLock { $0.calls }.filter { $0.hasSuffix("#1") }.count
        let finishedDays = (failAt - 1) / FakeActivityLog.pagesPerDay
        #expect(firstPages == 3 - finishedDays - (((failAt - 1) % FakeActivityLog.pagesPerDay) > 0 ? 1 : 0))
    }
}

/// Passes calls through until the `after`-th, then fails every call (a connection that is gone).
final class StickyFailure: ActivityService, @unchecked Sendable {
    let inner: FakeActivityLog
    let after: Int
    let calls = Mutex(0)

    init(inner: FakeActivityLog, after: Int) {
        self.inner = inner
        self.after = after
    }

    func pass() throws(PowerBIError) {
        let number = calls.withLock { $0 += 1; return $0 }
        if number >= after { throw .service(ServiceError(status: 500, code: nil, detail: nil, requestId: nil, retryAfter: nil, method: "GET", path: "/")) }
    }

    func activityEvents(day: Date, activity: String?, user: String?) async throws(PowerBIError) -> ActivityPage {
        try pass()
        inner.state.withLock { $0.failAt = nil }
        return try await inner.activityEvents(day: day, activity: activity, user: user)
    }

    func activityEvents(continuation: URL) async throws(PowerBIError) -> ActivityPage {
        try pass()
        inner.state.withLock { $0.failAt = nil }
        return try await inner.activityEvents(continuation: continuation)
    }
}
