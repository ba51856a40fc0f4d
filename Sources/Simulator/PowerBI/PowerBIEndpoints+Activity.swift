import Foundation
import Tokens

/// `GET admin/activityevents` (reference/workbench.md §3): one UTC day a call with quoted datetimes, a page
/// per hour of the window (an hour without events is an empty page that still carries a continuation), the
/// continuation token URL-encoded in quotes inside `continuationUri`, `lastResultSet` on the last page,
/// `eq`/`and` filters on `Activity` and `UserId`, 28 days of history and 200 calls an hour.
extension PowerBIEndpoints {
    static let activityHistoryDays = 28

    func activityEvents(_ request: SimRequest, caller: Caller, requestId: String) -> SimResponse {
        guard readOnlyAdminAllowed(caller) else { return PowerBIErrors.unauthorized(requestId) }
        if let wait = scannerBook.admitActivity() {
            return .json(429, ["message": .string("You have exceeded the amount of requests allowed in the current time frame and further requests will fail. Retry in \(wait) seconds.")],
                         headers: [("Retry-After", String(wait)), ("RequestId", requestId)])
        }
        let now = Date()
        var window: (day: Int, firstHour: Int, start: Date, end: Date)
        var filterText = request.queryValue("$filter")
        if let quotedToken = request.queryValue("continuationToken") {
            guard let token = Self.unquote(quotedToken), let position = ActivityToken(text: token) else {
                return PowerBIErrors.invalidRequest("Invalid continuationToken.", requestId: requestId)
            }
            filterText = filterText ?? position.filter
            let dayStart = Date(timeIntervalSince1970: Double(position.day) * 86_400)
            window = (position.day, position.hour, dayStart.addingTimeInterval(Double(position.hour) * 3600), position.end)
        } else {
            guard let startText = request.queryValue("startDateTime"), let endText = request.queryValue("endDateTime") else {
                return PowerBIErrors.invalidRequest("Either startDateTime and endDateTime, or continuationToken, are required.", requestId: requestId)
            }
            guard let startInner = Self.unquote(startText), let endInner = Self.unquote(endText) else {
                return PowerBIErrors.invalidRequest("startDateTime and endDateTime must be in single quotes, such as '2026-11-30T00:00:00'.",
                                                    requestId: requestId)
            }
            guard let start = Self.isoDate(startInner) ?? Self.isoDate(startInner + "Z"), let end = Self.isoDate(endInner) ?? Self.isoDate(endInner + "Z") else {
                return PowerBIErrors.invalidRequest("Invalid startDateTime or endDateTime: expected ISO 8601, such as '2026-11-30T00:00:00'.",
                                                    requestId: requestId)
            }
            let day = Int(floor(start.timeIntervalSince1970 / 86_400))
            guard Int(floor(end.timeIntervalSince1970 / 86_400)) == day, end >= start else {
                // The service answers this one with an octet-stream content type (microsoft/semantic-link-labs#211).
                let body = #"{"error":{"code":"InvalidRequest","message":"Invalid query: startDateTime and endDateTime must be in the same UTC day."}}"#
                return SimResponse(status: 400, headers: [("Content-Type", "application/octet-stream"), ("RequestId", requestId)], body: Data(body.utf8))
            }
            let today = Int(floor(now.timeIntervalSince1970 / 86_400))
            guard today - day < Self.activityHistoryDays else {
                return PowerBIErrors.invalidRequest("Activity events are kept for \(Self.activityHistoryDays) days: \(startInner) is older.", requestId: requestId)
            }
            window = (day, Int(start.timeIntervalSince1970 - Double(day) * 86_400) / 3600, start, end)
        }
        var filter: (activity: String?, user: String?) = (nil, nil)
        if let filterText {
            guard let parsed = Self.activityFilter(filterText) else {
                return PowerBIErrors.invalidRequest("Invalid $filter '\(filterText)': only Activity eq '…' and UserId eq '…', joined by and.", requestId: requestId)
            }
            filter = parsed
        }
        let hourStart = Date(timeIntervalSince1970: Double(window.day) * 86_400 + Double(window.firstHour) * 3600)
        let hourEnd = hourStart.addingTimeInterval(3600)
        let events = activityDay(window.day, now: now).filter { event in
            event.time >= max(hourStart, window.start) && event.time < hourEnd && event.time <= window.end
                && filter.activity.map { event.activity.caseInsensitiveCompare($0) == .orderedSame } ?? true
                && filter.user.map { event.user.caseInsensitiveCompare($0) == .orderedSame } ?? true
        }
        let last = hourEnd > window.end
        var members: [(String, JSONValue)] = [("activityEventEntities", .array(events.map(\.json)))]
        if last {
            // The last page: no continuation (the description types both as strings, so they are left out).
            members += [("lastResultSet", true)]
        } else {
            let token = ActivityToken(day: window.day, hour: window.firstHour + 1, end: window.end, filter: filterText).text
            let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
            var uri = "\(scheme)://\(request.header("host") ?? "127.0.0.1")/v1.0/myorg/admin/activityevents?continuationToken='\(encoded)'"
            if let filterText { uri += "&$filter=" + (filterText.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }
            members += [("continuationUri", .string(uri)), ("lastResultSet", false), ("continuationToken", .string(token))]
        }
        return .json(200, .object(JSONObject(members)), headers: [("RequestId", requestId)])
    }

    static func unquote(_ text: String) -> String? {
        guard text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") else { return nil }
        return String(text.dropFirst().dropLast())
    }

    /// `Activity eq 'x' and UserId eq 'y'` (either or both, any case for names and keywords).
    static func activityFilter(_ text: String) -> (activity: String?, user: String?)? {
        var result: (activity: String?, user: String?) = (nil, nil)
        let pattern = /(?i)^\s*(activity|userid)\s+eq\s+'((?:[^']|'')*)'\s*$/
        for part in text.split(separator: /(?i)\s+and\s+/) {
            guard let match = try? pattern.wholeMatch(in: String(part)) else { return nil }
            let value = String(match.2).replacingOccurrences(of: "''", with: "'")
            if match.1.lowercased() == "activity" { result.activity = value } else { result.user = value }
        }
        return result.activity == nil && result.user == nil ? nil : result
    }

    struct ActivityEvent {
        let time: Date
        let activity: String
        let user: String
        let json: JSONValue
    }

    static let activities = ["ViewReport", "ViewReport", "ViewReport", "ViewDashboard", "ExportReport", "RefreshDataset",
                             "CreateReport", "ShareReport", "ExportArtifact", "UpdateDatasetParameters"]
    static let activityUsers = ["li.wei@pbitui-demo.onmicrosoft.com", "ana.souza@pbitui-demo.onmicrosoft.com",
                                "o'brien@pbitui-demo.onmicrosoft.com", "jürgen.groß@pbitui-demo.onmicrosoft.com"]
    /// A report name some events carry, with a comma, quotes and a line break (for CSV and table output).
    static let awkwardItemName = "Board pack, \"final\"\nv2"

    /// The events of one UTC day (days since 1970), in time order: 40 to 120, mostly in working hours, none
    /// after `now`; drawn from the seed and the day, so each call sees the same ones.
    func activityDay(_ day: Int, now: Date) -> [ActivityEvent] {
        var random = SeededRandom(seed: tenant.seed ^ (UInt64(bitPattern: Int64(day)) &* 0x9E37_79B9))
        let count = 40 + Int(random.next() % 81)
        let users = tenant.users.map(\.username) + Self.activityUsers
        var events: [ActivityEvent] = []
        events.reserveCapacity(count)
        let dayStart = Double(day) * 86_400
        var seconds: [Double] = (0..<count).map { _ in
            let hour = random.chance(0.85) ? 7 + Double(random.next() % 11) : Double(random.next() % 24)
            return hour * 3600 + Double(random.next() % 3600)
        }
        seconds.sort()
        for (number, offset) in seconds.enumerated() {
            let time = Date(timeIntervalSince1970: dayStart + offset)
            let activity = random.pick(Self.activities)
            let user = random.pick(users)
            guard time <= now, !tenant.workspaces.isEmpty else { continue }
            let position = Int(random.next() % UInt64(tenant.workspaces.count))
            let workspace = tenant.workspaces[position]
            let content = DemoContent.generate(seed: tenant.seed, workspaceIndex: position, count: tenant.itemsPerWorkspace,
                                               owner: tenant.users.first?.username ?? "admin")
            let id = Self.guid(StableHash.of("activity:\(day):\(number)"))
            var members: [(String, JSONValue)] = [
                ("Id", .string(id)), ("RecordType", 20), ("CreationTime", .string(WireDate.format(time, fractionDigits: 0, zone: false))),
                ("Operation", .string(activity)), ("OrganizationId", .string(tenant.tenantId)), ("UserType", 0),
                ("UserKey", .string(String(format: "1003%012llX", StableHash.of(user) & 0xFFFF_FFFF_FFFF))), ("Workload", "PowerBI"),
                ("UserId", .string(user)), ("ClientIP", .string("203.0.113.\(1 + random.next() % 254)")),
                ("UserAgent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"),
                ("Activity", .string(activity)), ("IsSuccess", .bool(!random.chance(0.03))),
                ("RequestId", .string(Self.guid(StableHash.of("request:" + id)))), ("ActivityId", .string(Self.guid(StableHash.of("activityid:" + id)))),
                ("WorkSpaceName", .string(workspace.name)), ("WorkspaceId", .string(workspace.id)),
            ]
            if let report = content.reports.first(where: { !$0.isPaginated }), let dataset = content.datasets.first(where: { $0.id == report.datasetId }),
               activity != "RefreshDataset" && activity != "UpdateDatasetParameters" {
                let name = number % 17 == 5 ? Self.awkwardItemName : report.name
                members += [("ItemName", .string(name)), ("ReportName", .string(name)), ("ReportId", .string(report.id)),
                            ("ReportType", "PowerBIReport"), ("DatasetName", .string(dataset.name)), ("DatasetId", .string(dataset.id)),
                            ("ArtifactId", .string(report.id)), ("ArtifactName", .string(name)), ("ArtifactKind", "Report")]
            } else if let dataset = content.datasets.first {
                members += [("ItemName", .string(dataset.name)), ("DatasetName", .string(dataset.name)), ("DatasetId", .string(dataset.id)),
                            ("ArtifactId", .string(dataset.id)), ("ArtifactName", .string(dataset.name)), ("ArtifactKind", "Dataset")]
            }
            if let capacity = workspace.capacityId { members.append(("CapacityId", .string(capacity))) }
            members += [("DistributionMethod", "Workspace"), ("ConsumptionMethod", "Power BI Web")]
            events.append(ActivityEvent(time: time, activity: activity, user: user, json: .object(JSONObject(members))))
        }
        return events
    }
}

/// Where a page of the activity log starts: the day, the hour, the window's end and the filter, as an opaque
/// text with `+`, `/` and `=` in it, as the service's tokens have (they must be URL-encoded in a query).
struct ActivityToken {
    let day: Int
    let hour: Int
    let end: Date
    let filter: String?

    init(day: Int, hour: Int, end: Date, filter: String?) {
        self.day = day
        self.hour = hour
        self.end = end
        self.filter = filter
    }

    var text: String {
        let plain = "\(day)|\(hour)|\(Int(end.timeIntervalSince1970))|\(filter ?? "")"
        return "+RID:~" + Data(plain.utf8).base64EncodedString()
    }

    init?(text: String) {
        guard text.hasPrefix("+RID:~"), let data = Data(base64Encoded: String(text.dropFirst(6))) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, let day = Int(parts[0]), let hour = Int(parts[1]), (0..<24).contains(hour), let end = Int(parts[2]) else { return nil }
        self.init(day: day, hour: hour, end: Date(timeIntervalSince1970: Double(end)), filter: parts[3].isEmpty ? nil : String(parts[3]))
    }
}
