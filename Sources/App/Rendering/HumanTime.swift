import Foundation

/// Times and durations as people read them: "5 min ago", "in 42 min", "1m 12s".
enum HumanTime {
    static func relative(_ date: Date, now: Date) -> String {
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

    static func duration(_ interval: TimeInterval) -> String {
        let total = Int(interval.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m \(String(format: "%02d", total % 60))s" }
        return "\(total / 3600)h \(String(format: "%02d", total % 3600 / 60))m"
    }

    /// `2026-11-27 14:05` in the machine's time zone.
    static func local(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
