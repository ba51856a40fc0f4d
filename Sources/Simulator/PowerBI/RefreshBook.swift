import Foundation
import Synchronization
import Tokens

/// One dataset refresh as the history shows it.
struct RefreshRecord: Sendable {
    let requestId: String
    let id: Int
    /// `Scheduled`, `ViaApi`, `ViaEnhancedApi`, …
    let refreshType: String
    let start: Date
    let duration: TimeInterval
    /// Why it fails once it ends; nil when it completes.
    let failure: RefreshFailure?
    var fails: Bool { failure != nil }
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

}

/// A refresh failure as the service reports it: `serviceExceptionJson`'s code and description, and the engine
/// message the refresh's details carry. The demo's failures are the common ones of reference/workbench.md §4.3.
struct RefreshFailure: Sendable, Hashable {
    let code: String
    let description: String
    let engineCode: String

    /// `serviceExceptionJson`: JSON text inside a JSON string, parsed twice by its readers.
    var serviceExceptionJSON: String {
        JSONValue.object(JSONObject([("errorCode", .string(code)), ("errorDescription", .string(description))])).serialized()
    }

    static let credentials = RefreshFailure(code: "ModelRefreshFailed_CredentialsNotSpecified",
                                            description: "The credentials provided for the data source are invalid.", engineCode: "0xC112001A")
    static let gatewayOffline = RefreshFailure(code: "DM_GWPipeline_Client_GatewayUnreachable",
                                               description: "Unable to connect to the on-premises data gateway. The gateway is offline or could not be reached.",
                                               engineCode: "0xC1120016")
    /// What a scheduled refresh fails with now and then, drawn per refresh.
    static let occasional: [RefreshFailure] = [
        RefreshFailure(code: "DMTS_OAuthTokenRefreshFailedError",
                       description: "Failed to update data source credentials: AADSTS50173: The provided grant has expired due to it being revoked.",
                       engineCode: "0xC11C0015"),
        RefreshFailure(code: "DM_GWPipeline_Gateway_DataSourceAccessError",
                       description: "Login failed for user 'svc_powerbi'. The server was reached but refused the connection.", engineCode: "0xC1120016"),
        RefreshFailure(code: "ModelRefresh_ShortMessage_ProcessingError",
                       description: "Resource Governing: This operation was canceled because there wasn't enough memory to finish running it. "
                           + "Either reduce the memory footprint of your dataset or use a larger capacity.", engineCode: "0xC13E0006"),
        RefreshFailure(code: "ModelRefresh_ShortMessage_ProcessingError",
                       description: "The column 'Region' of the table wasn't found.", engineCode: "0xC112000B"),
        RefreshFailure(code: "DM_GWPipeline_Gateway_SpooledOperationMissing",
                       description: "The operation was not found on the gateway; the gateway may have restarted during the refresh.",
                       engineCode: "0xC1120016"),
        RefreshFailure(code: "DM_GWPipeline_Gateway_TimeoutError",
                       description: "The data source did not answer in time: Timeout expired. The timeout period elapsed prior to completion of the operation.",
                       engineCode: "0xC1120019"),
    ]
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
        /// The last time the API turned a schedule on or off, by dataset id (lower case).
        var scheduleChanges: [String: (enabled: Bool, at: Date)] = [:]
    }

    private let state = Mutex(State())
    let refreshSeconds: TimeInterval
    static let dailyLimitOnShared = 8
    /// The demo's compressed schedule: every refreshable dataset runs a scheduled refresh once in each such
    /// period (0: none), the first a whole period after the tenant started, so that a session sees refreshes
    /// start, end and sometimes fail while it watches.
    let scheduleSeconds: TimeInterval
    let startedAt: Date
    /// The gateway that is offline: scheduled refreshes through it fail with `GatewayUnreachable`.
    let offlineGateway: String?
    /// Of every hundred scheduled refreshes, how many fail (datasets without credentials always fail).
    static let scheduledFailurePercent: UInt64 = 15
    /// The service turns a schedule off after four consecutive failures.
    static let failuresBeforeDisabling = 4

    init(refreshSeconds: TimeInterval, scheduleSeconds: TimeInterval = 0, startedAt: Date = Date(), offlineGateway: String? = nil) {
        self.refreshSeconds = refreshSeconds
        self.scheduleSeconds = scheduleSeconds
        self.startedAt = startedAt
        self.offlineGateway = offlineGateway
    }

    /// How many refresh POSTs arrived, accepted or not.
    var postCount: Int { state.withLock { $0.postCount } }

    /// Every refresh started through the API in this run, by dataset id (lower case), oldest first.
    var started: [(datasetId: String, record: RefreshRecord)] {
        state.withLock { state in
            state.records.sorted { $0.key < $1.key }.flatMap { key, records in records.map { (key, $0) } }
        }
    }

    /// The history, newest first: API refreshes and the compressed schedule's refreshes of this run, then
    /// generated scheduled ones from days ago; at most 60, as the service keeps.
    func history(of dataset: DemoDataset, now: Date = Date()) -> [RefreshRecord] {
        let recent = state.withLock { $0.records[dataset.id.lowercased()] ?? [] }
        let live = scheduled(dataset, now: now).records
        let merged = (recent + live).sorted { $0.start > $1.start }
        return Array((merged + Self.pastRefreshes(of: dataset, now: now)).prefix(60))
    }

    /// Whether the service has turned the dataset's schedule off (four scheduled failures in a row).
    func scheduleDisabled(_ dataset: DemoDataset, now: Date = Date()) -> Bool { scheduled(dataset, now: now).disabled }

    /// A schedule turned on or off through the API. Turned on, failures before `now` no longer count;
    /// turned off, it fires no more.
    func setScheduleEnabled(_ enabled: Bool, of dataset: DemoDataset, now: Date = Date()) {
        state.withLock { $0.scheduleChanges[dataset.id.lowercased()] = (enabled, now) }
    }

    /// The compressed schedule's refreshes of `dataset` that have started by `now`, oldest first, and whether
    /// four failures in a row (the history's included) have turned its schedule off.
    func scheduled(_ dataset: DemoDataset, now: Date) -> (records: [RefreshRecord], disabled: Bool) {
        guard dataset.kind != .directQuery else { return ([], false) }
        let change = state.withLock { $0.scheduleChanges[dataset.id.lowercased()] }
        let reenabled = change.flatMap { $0.enabled ? $0.at : nil }
        let turnedOff = change.flatMap { $0.enabled ? nil : $0.at }
        var consecutive = 0
        if reenabled == nil {
            for past in Self.pastRefreshes(of: dataset, now: now) {   // newest first
                guard past.fails else { break }
                consecutive += 1
            }
        }
        guard scheduleSeconds > 0 else { return ([], consecutive >= Self.failuresBeforeDisabling) }
        let hash = StableHash.of(dataset.id + "#schedule")
        let offset = Double(hash % 1_000) / 1_000 * scheduleSeconds
        let duration = min(max(1, refreshSeconds) * (0.5 + Double((hash >> 32) % 100) / 100), scheduleSeconds * 0.8)
        var records: [RefreshRecord] = []
        var slot = 0
        while slot < 100_000 {
            let start = startedAt.addingTimeInterval(scheduleSeconds * Double(slot + 1) + offset)
            guard start <= now, start < turnedOff ?? .distantFuture else { break }
            defer { slot += 1 }
            if let reenabled, start < reenabled { continue }
            if consecutive >= Self.failuresBeforeDisabling { break }
            let fails = dataset.kind == .importFailing || StableHash.of(dataset.id + "#" + String(slot)) % 100 < Self.scheduledFailurePercent
            let failure = !fails ? nil : dataset.kind == .importFailing ? RefreshFailure.credentials
                : Self.occasionalFailure(of: dataset, slot: slot, offlineGateway: offlineGateway)
            var random = SeededRandom(seed: hash &+ UInt64(slot))
            let record = RefreshRecord(requestId: random.guid(), id: 2_000_000_000 + Int(hash % 1_000_000) * 100 + slot % 100,
                                       refreshType: "Scheduled", start: start, duration: duration, failure: failure,
                                       enhanced: false, type: "Full", commitMode: "Transactional")
            records.append(record)
            // Only finished refreshes count toward turning the schedule off.
            if record.status(at: now) == .failed { consecutive += 1 } else if record.status(at: now) == .completed { consecutive = 0 }
        }
        return (Array(records.suffix(60)), consecutive >= Self.failuresBeforeDisabling)
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
                failure: dataset.kind == .importFailing ? .credentials : nil, enhanced: enhanced, type: type, commitMode: commitMode)
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

    /// A scheduled refresh's failure: the offline gateway's for a dataset behind it, else one of the
    /// occasional ones, drawn from the dataset and the slot.
    static func occasionalFailure(of dataset: DemoDataset, slot: Int, offlineGateway: String? = nil) -> RefreshFailure {
        if let offlineGateway, dataset.gatewayId == offlineGateway { return .gatewayOffline }
        let draw = StableHash.of(dataset.id + "#" + String(slot))
        return RefreshFailure.occasional[Int(draw % UInt64(RefreshFailure.occasional.count))]
    }

    /// Five scheduled refreshes two to six days before `now`, with varied durations, the same every run.
    static func pastRefreshes(of dataset: DemoDataset, now: Date) -> [RefreshRecord] {
        guard dataset.kind != .directQuery else { return [] }
        var random = SeededRandom(seed: StableHash.of(dataset.id))
        let anchor = Date(timeIntervalSince1970: floor(now.timeIntervalSince1970 / 86_400) * 86_400)
        return (0..<5).map { day in
            let start = anchor.addingTimeInterval(-Double(day + 2) * 86_400 + 5 * 3600 + Double(random.next() % 1800))
            return RefreshRecord(
                requestId: random.guid(), id: 1_000_000_000 + Int(random.next() % 100_000_000), refreshType: "Scheduled",
                start: start, duration: 40 + Double(random.next() % 400),
                failure: dataset.kind == .importFailing ? .credentials : (day == 3 ? occasionalFailure(of: dataset, slot: -1) : nil),
                enhanced: false, type: "Full", commitMode: "Transactional")
        }
    }
}
