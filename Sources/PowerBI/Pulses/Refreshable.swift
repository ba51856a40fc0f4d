public import Foundation
public import Tokens

/// A refreshable of the admin API (`GET admin/capacities/refreshables`): a dataset with seven days of
/// refresh statistics, its last refresh and its schedule (reference/workbench.md §4.1).
public struct Refreshable: Sendable, Hashable {
    public let id: String
    public let name: String
    public let kind: String?
    public let refreshCount: Int?
    public let refreshFailures: Int?
    /// Seconds, fractional.
    public let averageDuration: Double?
    public let medianDuration: Double?
    public let lastRefresh: Refresh?
    public let schedule: RefreshSchedule?
    /// An array here (a plain string on datasets); both are read.
    public let configuredBy: [String]
    public let capacityName: String?
    public let capacityId: String?
    public let workspaceId: String?
    public let workspaceName: String?

    public init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, !id.isEmpty else { return nil }
        self.id = id
        name = json["name"]?.stringValue ?? id
        kind = json["kind"]?.stringValue
        refreshCount = json["refreshCount"]?.intValue
        refreshFailures = json["refreshFailures"]?.intValue
        averageDuration = json["averageDuration"]?.doubleValue
        medianDuration = json["medianDuration"]?.doubleValue
        lastRefresh = json["lastRefresh"].flatMap { $0.objectValue == nil ? nil : Refresh(json: $0) }
        schedule = json["refreshSchedule"].flatMap { $0.objectValue == nil ? nil : RefreshSchedule(json: $0) }
        if let many = json["configuredBy"]?.arrayValue {
            configuredBy = many.compactMap(\.stringValue)
        } else {
            configuredBy = json["configuredBy"]?.stringValue.map { [$0] } ?? []
        }
        capacityName = json["capacity"]?["displayName"]?.stringValue
        capacityId = json["capacity"]?["id"]?.stringValue
        workspaceId = json["group"]?["id"]?.stringValue
        workspaceName = json["group"]?["name"]?.stringValue
    }

    /// The pulse the service's figures give: the last refresh, the median, the failure count of its seven
    /// days (`failures` holds the failed refreshes read from the history, when they were).
    public func pulse(now: Date, failures: [Refresh] = []) -> Pulse {
        Pulse(datasetId: id, datasetName: name, workspaceId: workspaceId, workspaceName: workspaceName ?? "?",
              capacity: capacityName ?? capacityId, last: lastRefresh,
              medianDuration: medianDuration.flatMap { $0 > 0 ? $0 : nil }, failures: failures, refreshCount: refreshCount ?? 0,
              nextRun: schedule.flatMap { Pulses.nextRun($0, after: now) }, failureCount: refreshFailures ?? failures.count,
              scheduleEnabled: schedule?.enabled, configuredBy: configuredBy, source: .refreshables)
    }
}
