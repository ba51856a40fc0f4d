public import Foundation
public import Tokens
import HTTPCore

/// What `getInfo` is asked to include (reference/workbench.md §2): each flag is a query parameter.
public struct ScanOptions: Sendable, Hashable, Codable {
    public var lineage: Bool
    public var datasourceDetails: Bool
    public var datasetSchema: Bool
    public var datasetExpressions: Bool
    public var artifactUsers: Bool

    public init(lineage: Bool = false, datasourceDetails: Bool = false, datasetSchema: Bool = false,
                datasetExpressions: Bool = false, artifactUsers: Bool = false) {
        self.lineage = lineage
        self.datasourceDetails = datasourceDetails
        self.datasetSchema = datasetSchema
        self.datasetExpressions = datasetExpressions
        self.artifactUsers = artifactUsers
    }

    var query: [(String, String)] {
        [("lineage", lineage), ("datasourceDetails", datasourceDetails), ("datasetSchema", datasetSchema),
         ("datasetExpressions", datasetExpressions), ("getArtifactUsers", artifactUsers)].map { ($0.0, $0.1 ? "True" : "False") }
    }
}

/// A scan the service accepted (`getInfo`'s 202 and every `scanStatus` answer).
public struct ScanRequest: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable { case notStarted = "NotStarted", running = "Running", succeeded = "Succeeded", failed = "Failed" }
    public let id: String
    public let status: Status
    /// `error.code: message` of a failed scan.
    public let error: String?

    public init(id: String, status: Status, error: String? = nil) {
        self.id = id
        self.status = status
        self.error = error
    }

    /// Reads `{"id", "status", "error"}`; the status compared without case, an unknown one read as running.
    public init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, !id.isEmpty else { return nil }
        let text = json["status"]?.stringValue ?? ""
        self.id = id
        status = [Status.notStarted, .running, .succeeded, .failed].first { $0.rawValue.caseInsensitiveCompare(text) == .orderedSame } ?? .running
        if let error = json["error"], error.objectValue != nil {
            let code = error["code"]?.stringValue ?? "Failed"
            self.error = error["message"]?.stringValue.map { code + ": " + $0 } ?? code
        } else {
            self.error = nil
        }
    }
}

/// One page of the activity log.
public struct ActivityPage: Sendable {
    /// Each event's JSON as the service sent it.
    public let events: [JSONValue]
    /// Where the next page is; nil on the last.
    public let continuationUri: URL?
    public let lastResultSet: Bool

    public init(events: [JSONValue], continuationUri: URL?, lastResultSet: Bool) {
        self.events = events
        self.continuationUri = continuationUri
        self.lastResultSet = lastResultSet
    }
}

/// The admin scanner (`admin/workspaces/…`) and the activity log (`admin/activityevents`).
extension PowerBIClient {
    /// `GET admin/workspaces/modified`: the ids of the workspaces changed since `since` (every workspace when
    /// nil). The answer is a bare array (`[{"id": …}]`); a `value` wrapper is read too.
    public func modifiedWorkspaces(since: Date?, excludePersonal: Bool = false) async throws(PowerBIError) -> [String] {
        var query: [(String, String)] = []
        if let since { query.append(("modifiedSince", since.ISO8601Format())) }
        if excludePersonal { query.append(("excludePersonalWorkspaces", "True")) }
        let json = try await getJSON("/admin/workspaces/modified", query: query)
        guard let array = json.arrayValue ?? json["value"]?.arrayValue else {
            throw .malformedResponse(method: "GET", path: "/admin/workspaces/modified", status: 200,
                                     detail: "neither an array nor a \"value\" array", requestId: nil)
        }
        var seen = Set<String>()
        return array.compactMap { $0["id"]?.stringValue }.filter { seen.insert($0.lowercased()).inserted }
    }

    /// `POST admin/workspaces/getInfo`: starts a scan of 1 to 100 workspaces.
    public func startScan(of workspaces: [String], options: ScanOptions) async throws(PowerBIError) -> ScanRequest {
        guard (1...100).contains(workspaces.count) else {
            throw .invalidArgument("a scan takes 1 to 100 workspaces, not \(workspaces.count)")
        }
        let body = JSONValue.object(JSONObject([("workspaces", .array(workspaces.map(JSONValue.string)))])).serializedBytes()
        let response = try await send("POST", "/admin/workspaces/getInfo", query: options.query, body: Data(body))
        return try scanRequest(response, path: "/admin/workspaces/getInfo")
    }

    /// `GET admin/workspaces/scanStatus/{id}`.
    public func scanStatus(_ id: String) async throws(PowerBIError) -> ScanRequest {
        let path = "/admin/workspaces/scanStatus/" + (id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-"))) ?? id)
        return try scanRequest(try await send("GET", path), path: path)
    }

    /// `GET admin/workspaces/scanResult/{id}`: the body as it came, for the store to read.
    public func scanResult(_ id: String) async throws(PowerBIError) -> Data {
        let path = "/admin/workspaces/scanResult/" + (id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-"))) ?? id)
        return try await send("GET", path).body
    }

    private func scanRequest(_ response: HTTPResponse, path: String) throws(PowerBIError) -> ScanRequest {
        guard let json = try? JSONValue.parse(response.body), let request = ScanRequest(json: json) else {
            throw .malformedResponse(method: "GET", path: path, status: response.status,
                                     detail: "not a scan request ({\"id\", \"status\"})", requestId: response.headers["RequestId"])
        }
        return request
    }

    /// The first page of one UTC day of the activity log: `startDateTime` and `endDateTime` in single quotes,
    /// from 00:00:00 to 23:59:59 of `day` (the service refuses a window over two days). `activity` and `user`
    /// become an `eq … and …` `$filter`.
    public func activityEvents(day: Date, activity: String? = nil, user: String? = nil) async throws(PowerBIError) -> ActivityPage {
        var query = ActivityWindow.query(day: day)
        if let filter = ActivityWindow.filter(activity: activity, user: user) { query.append(("$filter", filter)) }
        return try activityPage(try await send("GET", "/admin/activityevents", query: query), path: "/admin/activityevents")
    }

    /// The page at a `continuationUri`, followed as the service wrote it.
    public func activityEvents(continuation: URL) async throws(PowerBIError) -> ActivityPage {
        try activityPage(try await send("GET", absolute: continuation), path: "/admin/activityevents")
    }

    private func activityPage(_ response: HTTPResponse, path: String) throws(PowerBIError) -> ActivityPage {
        let json: JSONValue
        do { json = try JSONValue.parse(response.body) } catch {
            throw .malformedResponse(method: "GET", path: path, status: response.status, detail: "a body that is not JSON (\(error))",
                                     requestId: response.headers["RequestId"])
        }
        let events = json["activityEventEntities"]?.arrayValue ?? []
        let next = json["continuationUri"]?.stringValue.flatMap { $0.isEmpty ? nil : URL(string: $0) }
        let last = json["lastResultSet"]?.boolValue ?? (next == nil)
        return ActivityPage(events: events, continuationUri: last ? nil : next, lastResultSet: last || next == nil)
    }
}

/// The rules of the activity log's window (reference/workbench.md §3).
public enum ActivityWindow {
    /// `startDateTime='YYYY-MM-DDT00:00:00'` and `endDateTime='YYYY-MM-DDT23:59:59'` of `day`'s UTC date.
    public static func query(day: Date) -> [(String, String)] {
        let date = dayText(day)
        return [("startDateTime", "'\(date)T00:00:00'"), ("endDateTime", "'\(date)T23:59:59'")]
    }

    /// `2026-11-30` of `date` in UTC.
    public static func dayText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// Every UTC day from `from` to `to`, both included, as their midnights.
    public static func days(from: Date, to: Date) -> [Date] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var day = calendar.startOfDay(for: from)
        let last = calendar.startOfDay(for: to)
        var days: [Date] = []
        while day <= last {
            days.append(day)
            day = calendar.date(byAdding: .day, value: 1, to: day)!
        }
        return days
    }

    /// `Activity eq 'viewreport' and UserId eq 'ana@contoso.example'`, quotes in values doubled (OData).
    public static func filter(activity: String?, user: String?) -> String? {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        let parts = [activity.map { "Activity eq " + quoted($0) }, user.map { "UserId eq " + quoted($0) }].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " and ")
    }
}
