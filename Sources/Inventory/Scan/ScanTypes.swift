public import Foundation
public import PowerBI
import GRDB
import Tokens

/// The scanner calls a scan makes; ``PowerBIClient`` is the real one, tests count calls on their own.
public protocol ScannerService: Sendable {
    func modifiedWorkspaces(since: Date?, excludePersonal: Bool) async throws(PowerBIError) -> [String]
    func startScan(of workspaces: [String], options: ScanOptions) async throws(PowerBIError) -> ScanRequest
    func scanStatus(_ id: String) async throws(PowerBIError) -> ScanRequest
    func scanResult(_ id: String) async throws(PowerBIError) -> Data
    /// The names of the gateways the identity can see, by id (lowercased).
    func gatewayNames() async throws(PowerBIError) -> [String: String]
}

extension ScannerService {
    /// The names of the gateways the identity can see, by id: the scanner's result names a datasource's
    /// gateway by id only. None by default (a service that cannot say).
    public func gatewayNames() async throws(PowerBIError) -> [String: String] { [:] }
}

extension PowerBIClient: ScannerService {
    /// `GET /gateways` (Gateways_GetGateways): the gateways the identity administers.
    public func gatewayNames() async throws(PowerBIError) -> [String: String] {
        var names: [String: String] = [:]
        for gateway in try await list("/gateways") {
            if let id = gateway["id"]?.stringValue, let name = gateway["name"]?.stringValue, !name.isEmpty { names[id.lowercased()] = name }
        }
        return names
    }
}

/// The service's rules for scans (reference/powerbi.md §2.9), and how often to ask how a scan is doing.
public struct ScanLimits: Sendable, Hashable {
    /// Scans submitted and not yet stored, at most (16).
    public var maxInFlight: Int
    /// `getInfo` calls per window (500 an hour).
    public var budget: Int
    public var window: Duration
    /// Workspaces per `getInfo` (at most 100).
    public var batchSize: Int
    /// The first wait before asking a scan's status; it doubles up to ``maxPoll``.
    public var firstPoll: Duration
    public var maxPoll: Duration
    /// How many times a batch is submitted before it is given up as failed.
    public var attempts: Int
    /// Results fetched, read and stored at once: the others wait for their turn after their scan succeeded,
    /// so that memory holds this many results, not ``maxInFlight`` (the store has one writer anyway).
    public var resultsAtOnce: Int

    public init(maxInFlight: Int = 16, budget: Int = 500, window: Duration = .seconds(3600), batchSize: Int = 100,
                firstPoll: Duration = .milliseconds(500), maxPoll: Duration = .seconds(30), attempts: Int = 3, resultsAtOnce: Int = 2) {
        self.maxInFlight = max(1, maxInFlight)
        self.budget = max(1, budget)
        self.window = window
        self.batchSize = min(100, max(1, batchSize))
        self.firstPoll = firstPoll
        self.maxPoll = maxPoll
        self.attempts = max(1, attempts)
        self.resultsAtOnce = max(1, resultsAtOnce)
    }
}

/// What a scan asks for: everything, what changed since a date, or what changed since the last scan.
public enum ScanMode: Sendable, Hashable {
    case full
    case modifiedSince(Date)
    /// Since the last finished scan's start; a full scan when there was none or it is older than 30 days.
    case incremental
}

/// How far a scan is, for the progress bar.
public struct ScanProgress: Sendable, Hashable {
    public var workspaces: Int
    public var storedWorkspaces: Int
    public var batches: Int
    public var storedBatches: Int
    public var failedBatches: Int
    public var inFlight: Int
    /// `getInfo` calls the budget has left in the current window.
    public var callsLeft: Int
    /// Set while the job waits for the service (a 429's `Retry-After`) or for the budget.
    public var waitingUntil: Date?
    public var waitingFor: String?
    public var started: Date
    /// The run continues one a crash or a kill interrupted.
    public var resumed: Bool

    /// Seconds left at the pace so far, nil before the first batch is stored.
    public func secondsLeft(now: Date = Date()) -> Double? {
        guard storedWorkspaces > 0, workspaces > storedWorkspaces else { return storedWorkspaces >= workspaces ? 0 : nil }
        let pace = now.timeIntervalSince(started) / Double(storedWorkspaces)
        return pace * Double(workspaces - storedWorkspaces)
    }
}

/// How a scan ended.
public struct ScanOutcome: Sendable, Hashable {
    public let runId: Int64
    public let workspaces: Int
    public let storedWorkspaces: Int
    public let failedBatches: Int
    public let resumed: Bool
    /// `modifiedSince` the run asked with; nil for a full scan.
    public let modifiedSince: Date?
    public let getInfoCalls: Int
}
