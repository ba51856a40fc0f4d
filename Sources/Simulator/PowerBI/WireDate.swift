import Foundation

/// Dates as the Power BI service writes them: ISO 8601 with 0 to 7 fractional digits, with or without
/// a zone designator (reference/powerbi.md §1, quirk 6).
enum WireDate {
    static func format(_ date: Date, fractionDigits: Int = 3, zone: Bool = true) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = floor(seconds)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: whole))
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year!, parts.month!, parts.day!,
                          parts.hour!, parts.minute!, parts.second!)
        let digits = min(7, max(0, fractionDigits))
        if digits > 0 {
            let fraction = Int(((seconds - whole) * 10_000_000).rounded()) % 10_000_000
            text += "." + String(String(format: "%07d", fraction).prefix(digits))
        }
        return zone ? text + "Z" : text
    }
}

/// A stable 64-bit hash (FNV-1a) of a string, for deriving per-item randomness: Swift's `hashValue` changes
/// from run to run.
enum StableHash {
    static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
