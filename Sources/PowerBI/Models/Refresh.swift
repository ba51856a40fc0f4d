public import Foundation
public import Tokens

/// Where a refresh stands, from a history row's `status`/`extendedStatus` or a detail's `extendedStatus`.
/// `Unknown` on the wire means "in progress" (reference/powerbi.md §2.6).
public enum RefreshState: Sendable, Hashable, CustomStringConvertible {
    case notStarted, inProgress, completed, failed, cancelled, disabled, timedOut
    /// A value the service added after this was written.
    case other(String)

    public init(status: String?, extendedStatus: String?) {
        let text = (extendedStatus ?? status ?? "Unknown").lowercased()
        switch text {
        case "notstarted": self = .notStarted
        case "inprogress", "unknown": self = status?.lowercased() == "completed" ? .completed : .inProgress
        case "completed": self = .completed
        case "failed": self = .failed
        case "cancelled", "canceled": self = .cancelled
        case "disabled": self = .disabled
        case "timedout": self = .timedOut
        default:
            // An extendedStatus we do not know: the plain status may still be readable.
            if let status, extendedStatus != nil { self = RefreshState(status: status, extendedStatus: nil) } else { self = .other(extendedStatus ?? status ?? "") }
        }
    }

    /// True once the refresh will not change any more.
    public var isFinal: Bool {
        switch self {
        case .notStarted, .inProgress, .other: false
        case .completed, .failed, .cancelled, .disabled, .timedOut: true
        }
    }

    public var description: String {
        switch self {
        case .notStarted: "NotStarted"
        case .inProgress: "InProgress"
        case .completed: "Completed"
        case .failed: "Failed"
        case .cancelled: "Cancelled"
        case .disabled: "Disabled"
        case .timedOut: "TimedOut"
        case let .other(text): text
        }
    }
}

/// A row of a dataset's refresh history (`GET …/refreshes`).
public struct Refresh: Sendable, Hashable, Identifiable {
    public var id: String { requestId ?? String(numericId ?? 0) }
    public let requestId: String?
    /// The undocumented integer `id` some rows carry.
    public let numericId: Int?
    /// `Scheduled`, `OnDemand`, `ViaApi`, `ViaEnhancedApi`, `ReliableProcessing`, …
    public let refreshType: OpenEnum<RefreshTypeTag>?
    public let startTime: Date?
    /// Absent while the refresh runs.
    public let endTime: Date?
    /// The wire `status` as sent: `Unknown` (running), `Completed`, `Failed`, `Disabled`, `Cancelled`.
    public let status: String?
    public let extendedStatus: String?
    /// `errorCode` from `serviceExceptionJson`, a string that holds JSON (parsed a second time).
    public let errorCode: String?
    public let errorDescription: String?
    public let raw: JSONValue

    public init(json: JSONValue) {
        requestId = json["requestId"]?.stringValue
        numericId = json["id"]?.intValue
        refreshType = json["refreshType"]?.stringValue.map(OpenEnum.init)
        startTime = json["startTime"]?.stringValue.flatMap(PowerBIDate.parse)
        endTime = json["endTime"]?.stringValue.flatMap(PowerBIDate.parse)
        status = json["status"]?.stringValue
        extendedStatus = json["extendedStatus"]?.stringValue
        let exception = json["serviceExceptionJson"]?.stringValue.flatMap { try? JSONValue.parse(Data($0.utf8)) }
        errorCode = exception?["errorCode"]?.stringValue ?? exception?["error"]?["code"]?.stringValue
        errorDescription = exception?["errorDescription"]?.stringValue ?? exception?["error"]?["message"]?.stringValue
        raw = json
    }

    public var state: RefreshState { RefreshState(status: status, extendedStatus: extendedStatus) }

    /// How long it ran (or has run, when `now` is given and it is still running).
    public func duration(now: Date? = nil) -> TimeInterval? {
        guard let startTime else { return nil }
        guard let end = endTime ?? now else { return nil }
        return max(0, end.timeIntervalSince(startTime))
    }
}

/// What `GET …/refreshes/{id}` says about an enhanced refresh (200 when finished, 202 while running).
public struct RefreshDetail: Sendable, Hashable {
    public let status: String?
    public let extendedStatus: String?
    public let type: String?
    public let commitMode: String?
    public let startTime: Date?
    public let endTime: Date?
    public let numberOfAttempts: Int?
    /// `(table, partition, status)` of each object refreshed.
    public let objects: [(table: String, partition: String?, status: String?)]
    /// Error and warning messages (`code` is hexadecimal, such as `0xC112001A`).
    public let messages: [(code: String?, message: String, type: String?)]
    public let raw: JSONValue

    public init(json: JSONValue) {
        status = json["status"]?.stringValue
        extendedStatus = json["extendedStatus"]?.stringValue
        type = json["type"]?.stringValue
        commitMode = json["commitMode"]?.stringValue
        startTime = json["startTime"]?.stringValue.flatMap(PowerBIDate.parse)
        endTime = json["endTime"]?.stringValue.flatMap(PowerBIDate.parse)
        numberOfAttempts = json["numberOfAttempts"]?.intValue
        objects = (json["objects"]?.arrayValue ?? []).compactMap { object in
            object["table"]?.stringValue.map { ($0, object["partition"]?.stringValue, object["status"]?.stringValue) }
        }
        messages = (json["messages"]?.arrayValue ?? []).compactMap { message in
            message["message"]?.stringValue.map { (message["code"]?.stringValue, $0, message["type"]?.stringValue) }
        }
        raw = json
    }

    public var state: RefreshState { RefreshState(status: status, extendedStatus: extendedStatus) }

    public static func == (lhs: RefreshDetail, rhs: RefreshDetail) -> Bool { lhs.raw == rhs.raw }
    public func hash(into hasher: inout Hasher) { hasher.combine(raw) }
}

/// A refresh to ask for. With nothing but `notifyOption` it is a standard refresh; any other field makes
/// it an enhanced refresh (Premium, PPU or Embedded capacity only), which must not carry `notifyOption`.
public struct RefreshRequest: Sendable, Hashable {
    public enum RefreshType: String, Sendable, CaseIterable { case full = "Full", clearValues = "ClearValues", calculate = "Calculate", dataOnly = "DataOnly", automatic = "Automatic", defragment = "Defragment" }
    public enum CommitMode: String, Sendable, CaseIterable { case transactional = "Transactional", partialBatch = "PartialBatch" }

    /// Standard refreshes only; service principals may only use `NoNotification`.
    public var notifyOption: String?
    public var type: RefreshType?
    public var commitMode: CommitMode?
    public var maxParallelism: Int?
    public var retryCount: Int?
    /// `(table, partition?)`; empty refreshes the whole model.
    public var objects: [(table: String, partition: String?)] = []
    public var applyRefreshPolicy: Bool?
    /// `hh:mm:ss`, per attempt.
    public var timeout: String?

    public init(notifyOption: String? = "NoNotification") { self.notifyOption = notifyOption }

    /// An enhanced request with the service's defaults spelled out.
    public static func enhanced(type: RefreshType = .full, commitMode: CommitMode = .transactional) -> RefreshRequest {
        var request = RefreshRequest(notifyOption: nil)
        request.type = type
        request.commitMode = commitMode
        return request
    }

    public var isEnhanced: Bool {
        type != nil || commitMode != nil || maxParallelism != nil || retryCount != nil || !objects.isEmpty
            || applyRefreshPolicy != nil || timeout != nil
    }

    /// The JSON body. `notifyOption` is left out of enhanced requests, as the service demands.
    public var body: JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        if isEnhanced {
            if let type { members.append(("type", .string(type.rawValue))) }
            if let commitMode { members.append(("commitMode", .string(commitMode.rawValue))) }
            if let maxParallelism { members.append(("maxParallelism", .int(maxParallelism))) }
            if let retryCount { members.append(("retryCount", .int(retryCount))) }
            if !objects.isEmpty {
                members.append(("objects", .array(objects.map { object in
                    var fields: [(key: String, value: JSONValue)] = [("table", .string(object.table))]
                    if let partition = object.partition { fields.append(("partition", .string(partition))) }
                    return .object(JSONObject(fields))
                })))
            }
            if let applyRefreshPolicy { members.append(("applyRefreshPolicy", .bool(applyRefreshPolicy))) }
            if let timeout { members.append(("timeout", .string(timeout))) }
        } else if let notifyOption {
            members.append(("notifyOption", .string(notifyOption)))
        }
        return .object(JSONObject(members))
    }

    public static func == (lhs: RefreshRequest, rhs: RefreshRequest) -> Bool { lhs.body == rhs.body }
    public func hash(into hasher: inout Hasher) { hasher.combine(body) }
}

/// The answer to a refresh POST (202 Accepted, empty body).
public struct RefreshTicket: Sendable, Hashable {
    /// From `Location`'s last segment, else `x-ms-request-id`, else `RequestId` (reference/powerbi.md §2.5).
    public let requestId: String?
    public let location: String?
    public let enhanced: Bool
    /// When the POST was answered, to find a standard refresh in the history when no id matches.
    public let acceptedAt: Date
    public let scope: WorkspaceScope
    public let datasetId: String

    public init(requestId: String?, location: String?, enhanced: Bool, acceptedAt: Date, scope: WorkspaceScope, datasetId: String) {
        self.requestId = requestId
        self.location = location
        self.enhanced = enhanced
        self.acceptedAt = acceptedAt
        self.scope = scope
        self.datasetId = datasetId
    }
}
