public import Foundation
public import PowerBI
import GRDB
import Tokens

/// The activity log calls a download makes; ``PowerBIClient`` is the real one.
public protocol ActivityService: Sendable {
    func activityEvents(day: Date, activity: String?, user: String?) async throws(PowerBIError) -> ActivityPage
    func activityEvents(continuation: URL) async throws(PowerBIError) -> ActivityPage
}

extension PowerBIClient: ActivityService {}

/// How far a download is.
public struct ActivityProgress: Sendable, Hashable {
    public var days: Int
    public var doneDays: Int
    public var day: String?
    public var pages: Int
    public var newEvents: Int
    public var waitingUntil: Date?
}

/// How a download ended.
public struct ActivityOutcome: Sendable, Hashable {
    public let days: Int
    public let skippedDays: Int
    public let pages: Int
    public let newEvents: Int
}

/// Downloads the activity log (reference/workbench.md §3) into the store: one UTC day a call, every page
/// followed through `continuationUri` until `lastResultSet` (empty pages included), each page's events and
/// the continuation after it written in one transaction, events deduplicated by `Id`.
///
/// A day finished more than two days ago is not asked again (events arrive up to an hour late, so the last
/// two days are). With `resume`, a day a crash interrupted continues from its stored continuation; without,
/// it starts again from its first page; either way the events stored are the same.
public struct ActivityJob: Sendable {
    public let store: TenantStore
    public let service: any ActivityService
    public let from: Date
    public let to: Date
    public let activity: String?
    public let user: String?
    public let resume: Bool
    public let clock: JobClock
    public let progress: @Sendable (ActivityProgress) -> Void

    public init(store: TenantStore, service: any ActivityService, from: Date, to: Date, activity: String? = nil, user: String? = nil,
                resume: Bool = false, clock: JobClock = .system, progress: @escaping @Sendable (ActivityProgress) -> Void = { _ in }) {
        self.store = store
        self.clock = clock
        self.service = service
        self.from = from
        self.to = to
        self.activity = activity
        self.user = user
        self.resume = resume
        self.progress = progress
    }

    /// The key of a filter in `activity_day` (empty for none).
    public var filterKey: String { ActivityWindow.filter(activity: activity, user: user) ?? "" }

    public typealias Failure = JobFailure

    public func run() async throws(Failure) -> ActivityOutcome {
        let now = clock.now
        let days = ActivityWindow.days(from: from, to: to)
        var state = ActivityProgress(days: days.count, doneDays: 0, day: nil, pages: 0, newEvents: 0, waitingUntil: nil)
        var skipped = 0
        let recent = ActivityWindow.dayText(now.addingTimeInterval(-2 * 86_400))
        let filter = filterKey
        for day in days {
            let dayText = ActivityWindow.dayText(day)
            state.day = dayText
            progress(state)
            let saved: Row?
            do {
                saved = try store.read { db in
                    try Row.fetchOne(db, sql: "SELECT next_uri, done FROM activity_day WHERE day = ? AND filter = ?", arguments: [dayText, filter])
                }
            } catch { throw .store(error) }
            if let saved, saved["done"] as Bool? == true, dayText < recent {
                skipped += 1
                state.doneDays += 1
                continue
            }
            var next: URL? = resume ? (saved?["next_uri"] as String?).flatMap(URL.init(string:)) : nil
            var restarted = false
            while true {
                let page: ActivityPage
                do {
                    page = try await fetch(day: day, continuation: next, state: &state)
                } catch {
                    // A continuation the service no longer takes: the day again from its first page (duplicates are ignored).
                    if next != nil, !restarted, case let .service(service) = error, case let .service(refusal) = service, refusal.status == 400 {
                        restarted = true
                        next = nil
                        continue
                    }
                    throw error
                }
                let inserted = try await storePage(page, day: dayText, filter: filter)
                state.pages += 1
                state.newEvents += inserted
                progress(state)
                guard !page.lastResultSet, let continuation = page.continuationUri else { break }
                next = continuation
            }
            state.doneDays += 1
            progress(state)
        }
        return ActivityOutcome(days: days.count, skippedDays: skipped, pages: state.pages, newEvents: state.newEvents)
    }

    /// One page; a 429 waited out for as long as its `Retry-After` says, a dropped connection or a page that is
    /// not JSON (an HTML error page, a body cut short) asked for again twice.
    func fetch(day: Date, continuation: URL?, state: inout ActivityProgress) async throws(Failure) -> ActivityPage {
        var failures = 0
        while true {
            if Task.isCancelled { throw .service(.transport(.cancelled)) }
            do {
                if let continuation { return try await service.activityEvents(continuation: continuation) }
                return try await service.activityEvents(day: day, activity: activity, user: user)
            } catch {
                if case let .service(refusal) = error, refusal.status == 429 || refusal.status == 503 {
                    let until = clock.now.addingTimeInterval(TimeInterval(max(1, refusal.retryAfter ?? 60)))
                    state.waitingUntil = until
                    progress(state)
                    do { try await clock.sleep(until: until) } catch {
                        throw .service(.transport(.cancelled))
                    }
                    state.waitingUntil = nil
                    continue
                }
                var again = false
                switch error {
                case .transport, .malformedResponse: again = failures < 2
                default: break
                }
                if again {
                    failures += 1
                    do { try await clock.sleep(for: .seconds(failures)) } catch { throw .service(.transport(.cancelled)) }
                    continue
                }
                throw .service(error)
            }
        }
    }

    /// The page's events and where the day goes on from, in one transaction. Returns the events new to the store.
    func storePage(_ page: ActivityPage, day: String, filter: String) async throws(Failure) -> Int {
        let rows = page.events.map { ActivityRow(event: $0, day: day) }
        let next = page.lastResultSet ? nil : page.continuationUri?.absoluteString
        let done = page.lastResultSet
        let finished = clock.now.ISO8601Format()
        do {
            return try await store.write { db in
                var inserted = 0
                let statement = try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO activity_event (id, day, creation_time, activity, user_id, workspace_id, workspace_name, item_name, is_success, json)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for row in rows {
                    try statement.execute(arguments: [row.id, row.day, row.creationTime, row.activity, row.user, row.workspaceId,
                                                      row.workspaceName, row.itemName, row.isSuccess, row.json])
                    inserted += db.changesCount
                }
                try db.execute(sql: """
                    INSERT INTO activity_day (day, filter, next_uri, pages, events, done, finished_at) VALUES (?, ?, ?, 1, ?, ?, ?)
                    ON CONFLICT (day, filter) DO UPDATE SET next_uri = excluded.next_uri, pages = pages + 1, events = events + excluded.events,
                        done = excluded.done, finished_at = excluded.finished_at
                    """, arguments: [day, filter, next, inserted, done, done ? finished : nil])
                return inserted
            }
        } catch { throw .store(error) }
    }
}

/// The columns of one event (reference/workbench.md §3: `WorkSpaceName` with a capital S, `CreationTime`
/// without a zone, keys read without case).
struct ActivityRow: Sendable {
    let id: String
    let day: String
    let creationTime: String
    let activity: String
    let user: String
    let workspaceId: String?
    let workspaceName: String?
    let itemName: String?
    let isSuccess: Bool?
    let json: String

    init(event: JSONValue, day fallback: String) {
        func text(_ key: String) -> String? { ScanResultWriter.text(event, key) }
        json = event.serialized()
        // An event without an Id (none seen) gets one from its content, so a repeat is still recognised.
        id = text("Id") ?? "content-" + String(StableText.hash(json), radix: 16)
        creationTime = text("CreationTime") ?? ""
        day = creationTime.count >= 10 ? String(creationTime.prefix(10)) : fallback
        activity = text("Activity") ?? text("Operation") ?? ""
        user = text("UserId") ?? text("UserKey") ?? ""
        workspaceId = text("WorkspaceId")
        workspaceName = text("WorkSpaceName")
        itemName = text("ItemName") ?? text("ArtifactName")
        isSuccess = ScanResultWriter.field(event, "IsSuccess")?.boolValue
    }
}

/// FNV-1a over the UTF-8 of a text: stable from run to run, unlike `hashValue`.
enum StableText {
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
