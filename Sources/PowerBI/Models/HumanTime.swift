public import Foundation

/// Times and durations written one way everywhere, on the screen and on the command line: moments in the
/// machine's time zone with the zone named (`2026-11-27 14:05 CET`), durations as `4m 02s`, and ages as
/// `5 min ago`. JSON output keeps the service's own ISO 8601 UTC strings.
public enum HumanTime {
    public static func relative(_ date: Date, now: Date) -> String {
        let seconds = Int(now.timeIntervalSince(date).rounded())
        let magnitude = abs(seconds)
        let amount: String = switch magnitude {
        case ..<5: "now"
        case ..<60: "\(magnitude) s"
        case ..<3600: "\(magnitude / 60) min"
        case ..<86_400: "\(magnitude / 3600) h"
        default: "\(magnitude / 86_400) d"
        }
        if amount == "now" { return "just now" }
        return seconds >= 0 ? amount + " ago" : "in " + amount
    }

    /// `42s`, `4m 02s`, `1h 05m`.
    public static func duration(_ interval: TimeInterval) -> String {
        guard interval.isFinite else { return "—" }
        let total = Int(max(0, min(interval, 1e9)).rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m \(twoDigits(total % 60))s" }
        return "\(total / 3600)h \(twoDigits(total % 3600 / 60))m"
    }

    /// `2026-11-27 14:05 CET`: the machine's time zone (`TZ`), named by its abbreviation.
    public static func local(_ date: Date, zone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date) + " " + zoneName(zone, at: date)
    }

    /// A service's ISO 8601 time as ``local(_:zone:)`` writes it; text that is not one is kept as it is.
    public static func local(text: String, zone: TimeZone = .current) -> String {
        PowerBIDate.parse(text).map { local($0, zone: zone) } ?? text
    }

    /// `14:05:09`: the time of day in the machine's time zone, for "loaded at".
    public static func clock(_ date: Date, zone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: date)
    }

    /// The zone's abbreviation at `date` (`CET`, `CEST`, `UTC`), else its offset (`UTC+05:30`).
    public static func zoneName(_ zone: TimeZone = .current, at date: Date = Date()) -> String {
        if zone.secondsFromGMT(for: date) == 0 { return "UTC" }
        if let abbreviation = zone.abbreviation(for: date), abbreviation.first?.isLetter == true, !abbreviation.hasPrefix("GMT") {
            return abbreviation
        }
        let offset = zone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        return "UTC\(sign)\(twoDigits(abs(offset) / 3600)):\(twoDigits(abs(offset) % 3600 / 60))"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
