public import Foundation

/// One refreshable's health: its last refresh, how long refreshes take, how often they failed in a window,
/// and when it runs next (`pbitui pulses`, `:pulses`).
public struct Pulse: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case dataset = "Dataset", dataflow = "Dataflow" }
    /// Where the figures come from: the item's own history, or the admin API's refreshables (seven days of
    /// statistics and the last refresh).
    public enum Source: String, Sendable, Hashable { case history, refreshables }

    public var kind: Kind = .dataset
    public let datasetId: String
    public let datasetName: String
    public let workspaceId: String?
    public let workspaceName: String
    public let capacity: String?
    public let last: Refresh?
    /// The median duration of the finished refreshes of the history read.
    public let medianDuration: TimeInterval?
    /// The refreshes of the window known to have failed, newest first.
    public let failures: [Refresh]
    /// How many refreshes started in the window.
    public let refreshCount: Int
    public let nextRun: Date?
    /// How many failed in the window (the service's count from refreshables; else `failures.count`).
    public var failureCount: Int
    /// False when the schedule is off (the service turns it off after four failures in a row).
    public var scheduleEnabled: Bool?
    public var configuredBy: [String] = []
    public var source: Source = .history

    public init(kind: Kind = .dataset, datasetId: String, datasetName: String, workspaceId: String?, workspaceName: String, capacity: String?,
                last: Refresh?, medianDuration: TimeInterval?, failures: [Refresh], refreshCount: Int, nextRun: Date?,
                failureCount: Int? = nil, scheduleEnabled: Bool? = nil, configuredBy: [String] = [], source: Source = .history) {
        self.kind = kind
        self.datasetId = datasetId
        self.datasetName = datasetName
        self.workspaceId = workspaceId
        self.workspaceName = workspaceName
        self.capacity = capacity
        self.last = last
        self.medianDuration = medianDuration
        self.failures = failures
        self.refreshCount = refreshCount
        self.nextRun = nextRun
        self.failureCount = failureCount ?? failures.count
        self.scheduleEnabled = scheduleEnabled
        self.configuredBy = configuredBy
        self.source = source
    }

    public var lastDuration: TimeInterval? {
        guard let start = last?.startTime, let end = last?.endTime else { return nil }
        return end.timeIntervalSince(start)
    }

    /// The last refresh's duration over the median: 1.0 is usual, 3.0 three times as long.
    public var deviation: Double? {
        guard let lastDuration, let medianDuration, medianDuration > 0 else { return nil }
        return lastDuration / medianDuration
    }

    public var lastFailed: Bool { last?.state == .failed }

    /// Identifies the row across reloads.
    public var key: String { kind.rawValue + ":" + datasetId.lowercased() }
}

public enum Pulses {
    /// A pulse from a dataset's refresh history (newest first, as the service sends it) and its schedule.
    public static func pulse(kind: Pulse.Kind = .dataset, datasetId: String, datasetName: String, workspaceId: String?, workspaceName: String,
                             capacity: String?, history: [Refresh], schedule: RefreshSchedule?, now: Date, window: TimeInterval) -> Pulse {
        let ordered = history.sorted { ($0.startTime ?? .distantPast) > ($1.startTime ?? .distantPast) }
        let since = now.addingTimeInterval(-window)
        let inWindow = ordered.filter { ($0.startTime ?? .distantPast) >= since }
        let durations = ordered.compactMap { refresh -> TimeInterval? in
            guard refresh.state == .completed, let start = refresh.startTime, let end = refresh.endTime else { return nil }
            return end.timeIntervalSince(start)
        }
        return Pulse(kind: kind, datasetId: datasetId, datasetName: datasetName, workspaceId: workspaceId, workspaceName: workspaceName,
                     capacity: capacity, last: ordered.first, medianDuration: median(durations), failures: inWindow.filter { $0.state == .failed },
                     refreshCount: inWindow.count, nextRun: schedule.flatMap { nextRun($0, after: now) }, scheduleEnabled: schedule?.enabled)
    }

    static func median(_ values: [TimeInterval]) -> TimeInterval? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Failing first, then the most recently started.
    public static func ordered(_ pulses: [Pulse]) -> [Pulse] {
        pulses.sorted { a, b in
            if a.lastFailed != b.lastFailed { return a.lastFailed }
            if (a.failureCount > 0) != (b.failureCount > 0) { return a.failureCount > 0 }
            return (a.last?.startTime ?? .distantPast) > (b.last?.startTime ?? .distantPast)
        }
    }

    /// The next time a schedule fires after `now`: its days and `HH:mm` times in its Windows time zone.
    /// Nil when it is disabled, empty, or its zone is one pbitui does not know.
    public static func nextRun(_ schedule: RefreshSchedule, after now: Date) -> Date? {
        guard schedule.enabled != false, !schedule.times.isEmpty, let zone = timeZone(windowsId: schedule.localTimeZoneId ?? "UTC") else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let days = Set(schedule.days.compactMap { day in weekdays.firstIndex { $0.caseInsensitiveCompare(day) == .orderedSame }.map { $0 + 1 } })
        let times = schedule.times.compactMap { text -> (Int, Int)? in
            let parts = text.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else { return nil }
            return (parts[0], parts[1])
        }.sorted { $0 < $1 }
        guard !times.isEmpty else { return nil }
        let today = calendar.startOfDay(for: now)
        for offset in 0..<8 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: today) else { continue }
            // No days listed means every day, as the service treats a daily schedule.
            if !days.isEmpty, !days.contains(calendar.component(.weekday, from: day)) { continue }
            for (hour, minute) in times {
                if let run = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day), run > now { return run }
            }
        }
        return nil
    }

    /// The IANA zone of the Windows time-zone ids refresh schedules use (the common ones).
    public static func timeZone(windowsId: String) -> TimeZone? {
        let known: [String: String] = [
            "UTC": "UTC", "Coordinated Universal Time": "UTC", "GMT Standard Time": "Europe/London", "Greenwich Standard Time": "Atlantic/Reykjavik",
            "W. Europe Standard Time": "Europe/Berlin", "Romance Standard Time": "Europe/Paris", "Central Europe Standard Time": "Europe/Budapest",
            "Central European Standard Time": "Europe/Warsaw", "E. Europe Standard Time": "Europe/Chisinau", "FLE Standard Time": "Europe/Kiev",
            "GTB Standard Time": "Europe/Bucharest", "Russian Standard Time": "Europe/Moscow", "Eastern Standard Time": "America/New_York",
            "Central Standard Time": "America/Chicago", "Mountain Standard Time": "America/Denver", "Pacific Standard Time": "America/Los_Angeles",
            "US Mountain Standard Time": "America/Phoenix", "Alaskan Standard Time": "America/Anchorage", "Hawaiian Standard Time": "Pacific/Honolulu",
            "Atlantic Standard Time": "America/Halifax", "E. South America Standard Time": "America/Sao_Paulo", "India Standard Time": "Asia/Kolkata",
            "China Standard Time": "Asia/Shanghai", "Tokyo Standard Time": "Asia/Tokyo", "Korea Standard Time": "Asia/Seoul",
            "Singapore Standard Time": "Asia/Singapore", "AUS Eastern Standard Time": "Australia/Sydney", "New Zealand Standard Time": "Pacific/Auckland",
            "Arabian Standard Time": "Asia/Dubai", "South Africa Standard Time": "Africa/Johannesburg", "Israel Standard Time": "Asia/Jerusalem",
        ]
        return known[windowsId].flatMap(TimeZone.init(identifier:))
    }

    /// `90m`, `24h`, `7d`, `30s`: a window length in seconds; nil when the text is not one.
    public static func window(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let value = Double(text.dropLast()), value > 0, value.isFinite else { return nil }
        switch unit {
        case "s": return value
        case "m": return value * 60
        case "h": return value * 3_600
        case "d": return value * 86_400
        default: return nil
        }
    }
}
