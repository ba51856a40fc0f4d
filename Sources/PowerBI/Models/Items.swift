public import Foundation
public import Tokens
import APIDescriptions
import HTTPCore

/// Where items live: a workspace, or the signed-in user's own My workspace (user tokens only).
public enum WorkspaceScope: Sendable, Hashable {
    case my
    case group(String)
    /// An app installed for the signed-in user: its reports and dashboards (`/apps/{appId}/reports`).
    case app(String)

    /// The path prefix: empty for My workspace, `/groups/{id}` or `/apps/{id}` otherwise.
    public var prefix: String {
        switch self {
        case .my: ""
        case let .group(id): "/groups/" + FormEncodingPath.segment(id)
        case let .app(id): "/apps/" + FormEncodingPath.segment(id)
        }
    }
}

/// Anything listed on a workspace tab: an id, a name, and the object exactly as the service sent it.
public protocol PowerBIItem: Sendable, Hashable, Identifiable where ID == String {
    static var kind: ItemKind { get }
    var id: String { get }
    var name: String { get }
    var raw: JSONValue { get }
    init?(json: JSONValue)
}

/// A string-backed value of an enumeration the service extends without notice (reference/powerbi.md §1,
/// quirk 4): known values compare as usual, anything new is kept as it came instead of failing to decode.
public struct OpenEnum<Tag>: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Case-insensitive comparison with a known value.
    public func `is`(_ value: String) -> Bool { rawValue.caseInsensitiveCompare(value) == .orderedSame }
}

public enum ReportTypeTag {}
public enum RefreshTypeTag {}

/// A report (`GET /groups/{id}/reports`). `datasetId` is absent for paginated (RDL) reports.
public struct Report: PowerBIItem {
    public static let kind = ItemKind.reports
    public let id: String
    public let name: String
    public let datasetId: String?
    /// `PowerBIReport`, `PaginatedReport`, or whatever comes next.
    public let reportType: OpenEnum<ReportTypeTag>?
    public let webUrl: String?
    public let raw: JSONValue

    public init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, !id.isEmpty else { return nil }
        self.id = id
        name = json["name"]?.stringValue ?? id
        datasetId = json["datasetId"]?.stringValue
        reportType = json["reportType"]?.stringValue.map(OpenEnum.init)
        webUrl = json["webUrl"]?.stringValue
        raw = json
    }

    public var isPaginated: Bool { reportType?.is("PaginatedReport") == true || (datasetId == nil && reportType == nil) }
}

/// A dataset (semantic model). The wire keys are camelCase although the spec writes several in PascalCase.
public struct Dataset: PowerBIItem {
    public static let kind = ItemKind.datasets
    public let id: String
    public let name: String
    public let configuredBy: String?
    public let createdDate: Date?
    /// False for DirectQuery and live-connection datasets, which cannot be refreshed.
    public let isRefreshable: Bool?
    public let isOnPremGatewayRequired: Bool?
    public let targetStorageMode: String?
    public let webUrl: String?
    public let raw: JSONValue

    public init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, !id.isEmpty else { return nil }
        self.id = id
        name = json["name"]?.stringValue ?? id
        configuredBy = json["configuredBy"]?.stringValue
        createdDate = json["createdDate"]?.stringValue.flatMap(PowerBIDate.parse)
        isRefreshable = json["isRefreshable"]?.boolValue
        isOnPremGatewayRequired = json["isOnPremGatewayRequired"]?.boolValue
        targetStorageMode = json["targetStorageMode"]?.stringValue
        webUrl = json["webUrl"]?.stringValue
        raw = json
    }
}

/// A dashboard. Its name is `displayName` on the wire.
public struct Dashboard: PowerBIItem {
    public static let kind = ItemKind.dashboards
    public let id: String
    public let name: String
    public let isReadOnly: Bool?
    public let webUrl: String?
    public let raw: JSONValue

    public init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, !id.isEmpty else { return nil }
        self.id = id
        name = json["displayName"]?.stringValue ?? json["name"]?.stringValue ?? id
        isReadOnly = json["isReadOnly"]?.boolValue
        webUrl = json["webUrl"]?.stringValue
        raw = json
    }
}

/// A dataflow. Its id is `objectId` on the wire.
public struct Dataflow: PowerBIItem {
    public static let kind = ItemKind.dataflows
    public let id: String
    public let name: String
    public let description: String?
    public let configuredBy: String?
    public let raw: JSONValue

    public init?(json: JSONValue) {
        guard let id = json["objectId"]?.stringValue ?? json["id"]?.stringValue, !id.isEmpty else { return nil }
        self.id = id
        name = json["name"]?.stringValue ?? id
        description = json["description"]?.stringValue
        configuredBy = json["configuredBy"]?.stringValue
        raw = json
    }
}

/// A data source of a dataset.
public struct Datasource: Sendable, Hashable {
    public let datasourceType: String?
    /// `server/database`, a URL or a path: whatever `connectionDetails` holds, in one line.
    public let connection: String
    public let gatewayId: String?
    public let datasourceId: String?
    public let raw: JSONValue

    public init(json: JSONValue) {
        datasourceType = json["datasourceType"]?.stringValue
        let details = json["connectionDetails"]
        let parts = ["server", "database", "url", "path", "kind", "account", "domain", "emailAddress", "loginServer"]
            .compactMap { key in details?[key]?.stringValue.map { "\(key)=\($0)" } }
        connection = parts.isEmpty ? (json["connectionString"]?.stringValue ?? "") : parts.joined(separator: " ")
        gatewayId = json["gatewayId"]?.stringValue
        datasourceId = json["datasourceId"]?.stringValue
        raw = json
    }
}

/// A Power Query (mashup) parameter of a dataset. `currentValue` is always a string on the wire.
public struct DatasetParameter: Sendable, Hashable {
    public let name: String
    public let type: String?
    public let currentValue: String?
    public let isRequired: Bool?

    public init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue else { return nil }
        self.name = name
        type = json["type"]?.stringValue
        currentValue = json["currentValue"]?.stringValue ?? json["currentValue"].map { $0.serialized() }
        isRequired = json["isRequired"]?.boolValue
    }
}

/// When a dataset refreshes by itself.
public struct RefreshSchedule: Sendable, Hashable {
    public let enabled: Bool?
    public let days: [String]
    public let times: [String]
    /// A Windows time-zone id (`UTC`, `W. Europe Standard Time`).
    public let localTimeZoneId: String?
    public let notifyOption: String?

    public init(json: JSONValue) {
        enabled = json["enabled"]?.boolValue
        days = json["days"]?.arrayValue?.compactMap(\.stringValue) ?? []
        times = json["times"]?.arrayValue?.compactMap(\.stringValue) ?? []
        localTimeZoneId = json["localTimeZoneId"]?.stringValue
        notifyOption = json["notifyOption"]?.stringValue
    }

    /// "Mon, Fri at 05:00, 17:30 (UTC)", or "off".
    public var summary: String {
        guard enabled == true else { return "off" }
        let dayText = days.isEmpty ? "every day" : days.map { String($0.prefix(3)) }.joined(separator: ", ")
        return "\(dayText) at \(times.isEmpty ? "—" : times.joined(separator: ", "))" + (localTimeZoneId.map { " (\($0))" } ?? "")
    }
}

