import Foundation
import Synchronization

/// One dataset refresh as the history shows it.
struct RefreshRecord: Sendable {
    let requestId: String
    let id: Int
    /// `Scheduled`, `ViaApi`, `ViaEnhancedApi`, …
    let refreshType: String
    let start: Date
    let duration: TimeInterval
    let fails: Bool
    let enhanced: Bool
    /// The enhanced request's options, echoed in the details.
    let type: String
    let commitMode: String
    var cancelledAt: Date?

    enum Status: String { case unknown = "Unknown", completed = "Completed", failed = "Failed", cancelled = "Cancelled" }

    func status(at now: Date) -> Status {
        if let cancelledAt, cancelledAt < start + duration { return .cancelled }
        if now < start + duration { return .unknown }
        return fails ? .failed : .completed
    }

    func end(at now: Date) -> Date? {
        if let cancelledAt, cancelledAt < start + duration { return cancelledAt }
        return now < start + duration ? nil : start + duration
    }

    func extendedStatus(at now: Date) -> String {
        switch status(at: now) {
        case .unknown: return now < start + min(0.5, duration / 4) ? "NotStarted" : "InProgress"
        case .completed: return "Completed"
        case .failed: return "Failed"
        case .cancelled: return "Cancelled"
        }
    }

    static let failureJSON = #"{"errorCode":"ModelRefreshFailed_CredentialsNotSpecified","errorDescription":"The credentials provided for the data source are invalid."}"#
}

/// Why a refresh request is refused, with the status and body the real service sends.
enum RefreshRefusal: Error {
    case alreadyRunning, dailyLimit, notRefreshable, enhancedOnShared, unknownRefresh, notCancellable
}

/// The refresh state of every dataset: what ran, what runs, what the history says. Status moves with the
/// clock (`Unknown` until `refreshSeconds` have passed, then `Completed` or `Failed`), so no timer is needed.
final class RefreshBook: Sendable {
    private struct State {
        var records: [String: [RefreshRecord]] = [:]
        var nextId = 1_277_491_253
        var postCount = 0
    }

    private let state = Mutex(State())
    let refreshSeconds: TimeInterval
    static let dailyLimitOnShared = 8

    init(refreshSeconds: TimeInterval) { self.refreshSeconds = refreshSeconds }

    /// How many refresh POSTs arrived, accepted or not.
    var postCount: Int { state.withLock { $0.postCount } }

    /// Every refresh started through the API in this run, by dataset id (lower case), oldest first.
    var started: [(datasetId: String, record: RefreshRecord)] {
        state.withLock { state in
            state.records.sorted { $0.key < $1.key }.flatMap { key, records in records.map { (key, $0) } }
        }
    }

    /// The history, newest first: API refreshes made here, then generated scheduled ones from days ago.
    func history(of dataset: DemoDataset) -> [RefreshRecord] {
        let recent = state.withLock { $0.records[dataset.id.lowercased()] ?? [] }
        return recent.reversed() + Self.pastRefreshes(of: dataset)
    }

    func record(_ requestId: String, of dataset: DemoDataset) -> RefreshRecord? {
        history(of: dataset).first { $0.requestId.caseInsensitiveCompare(requestId) == .orderedSame }
    }

    /// Starts a refresh, or says why not (one at a time per dataset; 8 a day on shared capacity;
    /// DirectQuery is not refreshable; enhanced refresh needs dedicated capacity).
    func start(_ dataset: DemoDataset, onDedicatedCapacity: Bool, enhanced: Bool, type: String, commitMode: String,
               now: Date = Date()) -> Result<RefreshRecord, RefreshRefusal> {
        state.withLock { state in
            state.postCount += 1
            let key = dataset.id.lowercased()
            let existing = state.records[key] ?? []
            if dataset.kind == .directQuery { return .failure(.notRefreshable) }
            if enhanced, !onDedicatedCapacity { return .failure(.enhancedOnShared) }
            if existing.contains(where: { $0.status(at: now) == .unknown }) { return .failure(.alreadyRunning) }
            if !onDedicatedCapacity,
               existing.filter({ now.timeIntervalSince($0.start) < 86_400 }).count >= Self.dailyLimitOnShared {
                return .failure(.dailyLimit)
            }
            let record = RefreshRecord(
                requestId: UUID().uuidString.lowercased(), id: state.nextId,
                refreshType: enhanced ? "ViaEnhancedApi" : "ViaApi", start: now, duration: refreshSeconds,
                fails: dataset.kind == .importFailing, enhanced: enhanced, type: type, commitMode: commitMode)
            state.nextId += 1
            state.records[key, default: []].append(record)
            return .success(record)
        }
    }

    /// Cancels a running enhanced refresh.
    func cancel(_ requestId: String, of dataset: DemoDataset, now: Date = Date()) -> Result<RefreshRecord, RefreshRefusal> {
        state.withLock { state in
            let key = dataset.id.lowercased()
            guard let index = state.records[key]?.firstIndex(where: { $0.requestId.caseInsensitiveCompare(requestId) == .orderedSame }),
                  var record = state.records[key]?[index] else {
                return .failure(.unknownRefresh)
            }
            guard record.enhanced else { return .failure(.notCancellable) }
            if record.status(at: now) == .unknown {
                record.cancelledAt = now
                state.records[key]?[index] = record
            }
            return .success(record)
        }
    }

    /// Three scheduled refreshes two to four days ago, with varied durations, the same every run.
    static func pastRefreshes(of dataset: DemoDataset) -> [RefreshRecord] {
        guard dataset.kind != .directQuery else { return [] }
        var random = SeededRandom(seed: StableHash.of(dataset.id))
        let anchor = Date(timeIntervalSince1970: floor(Date().timeIntervalSince1970 / 86_400) * 86_400)
        return (0..<5).map { day in
            let start = anchor.addingTimeInterval(-Double(day + 2) * 86_400 + 5 * 3600 + Double(random.next() % 1800))
            return RefreshRecord(
                requestId: random.guid(), id: 1_000_000_000 + Int(random.next() % 100_000_000), refreshType: "Scheduled",
                start: start, duration: 40 + Double(random.next() % 400), fails: dataset.kind == .importFailing || (day == 3),
                enhanced: false, type: "Full", commitMode: "Transactional")
        }
    }
}
