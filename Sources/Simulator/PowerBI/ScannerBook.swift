import Foundation
import Synchronization

/// The limits of the admin scanner and activity APIs the demo tenant enforces (reference/powerbi.md §2.9):
/// smaller in tests, so that a test can reach them.
public struct ScannerLimits: Sendable, Hashable {
    /// `getInfo` calls a window allows (500 an hour).
    public var getInfoPerWindow: Int
    /// Scans not yet finished at once (16).
    public var concurrentScans: Int
    /// `activityevents` calls a window allows (200 an hour).
    public var activityPerWindow: Int
    /// The window the counts above are over, in seconds (3,600).
    public var windowSeconds: Double
    /// A scan nobody polls finishes on its own after this many seconds.
    public var scanSeconds: Double

    public init(getInfoPerWindow: Int = 500, concurrentScans: Int = 16, activityPerWindow: Int = 200,
                windowSeconds: Double = 3600, scanSeconds: Double = 5) {
        self.getInfoPerWindow = getInfoPerWindow
        self.concurrentScans = concurrentScans
        self.activityPerWindow = activityPerWindow
        self.windowSeconds = windowSeconds
        self.scanSeconds = scanSeconds
    }
}

/// The scans the demo tenant was asked for, the admin calls in the current window, and when each workspace
/// last changed. A scan goes NotStarted → Running → Succeeded over its first three status polls (or on its
/// own after ``ScannerLimits/scanSeconds``) and is kept 24 hours.
final class ScannerBook: Sendable {
    struct Scan: Sendable {
        let id: String
        let workspaces: [String]
        let query: [String: Bool]
        let created: Date
        var polls = 0
        var result: Bool { polls >= 3 }
    }

    private struct State {
        var scans: [String: Scan] = [:]
        var getInfoCalls: [Date] = []
        var activityCalls: [Date] = []
        var touched: [String: Date] = [:]
        /// Highest number of unfinished scans seen at once (for tests of the client's limit).
        var peakConcurrent = 0
        var getInfoTotal = 0
    }

    let limits: ScannerLimits
    let started = Date()
    private let state = Mutex(State())

    init(limits: ScannerLimits) { self.limits = limits }

    func finished(_ scan: Scan, now: Date) -> Bool {
        scan.polls >= 2 || now.timeIntervalSince(scan.created) >= limits.scanSeconds
    }

    /// Admits a `getInfo` call: nil and the new scan, or the seconds to wait.
    func admitScan(workspaces: [String], query: [String: Bool], now: Date = Date()) -> Result<Scan, RetryLater> {
        state.withLock { state in
            state.getInfoCalls.removeAll { now.timeIntervalSince($0) >= limits.windowSeconds }
            state.scans = state.scans.filter { now.timeIntervalSince($0.value.created) < 86_400 }
            if state.getInfoCalls.count >= limits.getInfoPerWindow, let oldest = state.getInfoCalls.first {
                return .failure(RetryLater(seconds: max(1, Int((limits.windowSeconds - now.timeIntervalSince(oldest)).rounded(.up))),
                                           reason: .budget))
            }
            let running = state.scans.values.filter { !finished($0, now: now) }.count
            if running >= limits.concurrentScans {
                return .failure(RetryLater(seconds: 1, reason: .concurrency))
            }
            state.getInfoCalls.append(now)
            state.getInfoTotal += 1
            let scan = Scan(id: UUID().uuidString.lowercased(), workspaces: workspaces, query: query, created: now)
            state.scans[scan.id] = scan
            state.peakConcurrent = max(state.peakConcurrent, running + 1)
            return .success(scan)
        }
    }

    struct RetryLater: Error {
        enum Reason { case budget, concurrency }
        let seconds: Int
        let reason: Reason
    }

    /// A status poll: the scan after it, or nil when unknown or expired.
    func poll(_ id: String, now: Date = Date()) -> (scan: Scan, status: String)? {
        state.withLock { state in
            guard var scan = state.scans[id.lowercased()], now.timeIntervalSince(scan.created) < 86_400 else { return nil }
            let status = finished(scan, now: now) ? "Succeeded" : scan.polls == 0 ? "NotStarted" : "Running"
            scan.polls += 1
            state.scans[scan.id] = scan
            return (scan, status)
        }
    }

    /// The scan whose result is asked for: nil when unknown or expired, and whether it has finished.
    func result(_ id: String, now: Date = Date()) -> (scan: Scan, finished: Bool)? {
        state.withLock { state in
            guard let scan = state.scans[id.lowercased()], now.timeIntervalSince(scan.created) < 86_400 else { return nil }
            return (scan, finished(scan, now: now))
        }
    }

    /// Admits an `activityevents` call; the seconds to wait when the window is spent.
    func admitActivity(now: Date = Date()) -> Int? {
        state.withLock { state in
            state.activityCalls.removeAll { now.timeIntervalSince($0) >= limits.windowSeconds }
            if state.activityCalls.count >= limits.activityPerWindow, let oldest = state.activityCalls.first {
                return max(1, Int((limits.windowSeconds - now.timeIntervalSince(oldest)).rounded(.up)))
            }
            state.activityCalls.append(now)
            return nil
        }
    }

    /// Marks a workspace changed now (a write to it or its items).
    func touch(_ workspaceId: String, now: Date = Date()) { state.withLock { $0.touched[workspaceId.lowercased()] = now } }

    func touched(_ workspaceId: String) -> Date? { state.withLock { $0.touched[workspaceId.lowercased()] } }

    /// For `/_simulator/stats`: getInfo calls so far and the most scans unfinished at once.
    var counts: (getInfo: Int, peakConcurrent: Int) { state.withLock { ($0.getInfoTotal, $0.peakConcurrent) } }
}
