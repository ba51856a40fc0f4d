import Foundation
import Tokens

/// A value of the demo tenant's DAX evaluator. Currency is kept as an integer of ten-thousandths, as the
/// engine's fixed decimal type is, so that sums print exactly; dates are zone-less text, as the service sends them.
enum DAXValue: Hashable, Sendable {
    case blank
    case integer(Int64)
    case currency(Int64)
    case decimal(Double)
    case text(String)
    case bool(Bool)
    case date(String)

    var isBlank: Bool { if case .blank = self { return true } else { return false } }

    /// The value as a number, for arithmetic and aggregation (blank counts as zero, as in DAX arithmetic).
    var number: Double? {
        switch self {
        case .blank: return 0
        case let .integer(value): return Double(value)
        case let .currency(value): return Double(value) / 10_000
        case let .decimal(value): return value
        case let .bool(value): return value ? 1 : 0
        case .text, .date: return nil
        }
    }

    var text: String {
        switch self {
        case .blank: return ""
        case let .integer(value): return String(value)
        case let .currency(value): return Self.currencyText(value)
        case let .decimal(value): return Self.decimalText(value)
        case let .text(value), let .date(value): return value
        case let .bool(value): return value ? "True" : "False"
        }
    }

    /// DAX truthiness: blank is false, numbers are true when not zero.
    var truth: Bool {
        switch self {
        case let .bool(value): return value
        case .blank: return false
        case let .text(value): return !value.isEmpty
        case .date: return true
        default: return (number ?? 0) != 0
        }
    }

    var json: JSONValue {
        switch self {
        case .blank: return .null
        case let .integer(value): return .number(String(value))
        case let .currency(value): return .number(Self.currencyText(value))
        case let .decimal(value): return value.isFinite ? .number(Self.decimalText(value)) : .null
        case let .text(value), let .date(value): return .string(value)
        case let .bool(value): return .bool(value)
        }
    }

    static func currencyText(_ scaled: Int64) -> String {
        let negative = scaled < 0
        let magnitude = scaled.magnitude
        var text = String(magnitude / 10_000)
        var fraction = String(magnitude % 10_000)
        if fraction != "0" {
            fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return negative ? "-" + text : text
    }

    static func decimalText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let text = String(value)
        return text
    }

    /// The order DAX sorts by: blank first, then numbers, text (case-insensitive), booleans.
    static func compare(_ lhs: DAXValue, _ rhs: DAXValue) -> ComparisonResult {
        switch (lhs, rhs) {
        case (.blank, .blank): return .orderedSame
        case (.blank, _): return rhs.number.map { 0 < $0 ? .orderedAscending : (0 == $0 ? .orderedSame : .orderedDescending) } ?? .orderedAscending
        case (_, .blank): return compare(rhs, lhs).reversed
        case let (.integer(a), .integer(b)): return a < b ? .orderedAscending : (a == b ? .orderedSame : .orderedDescending)
        case let (.currency(a), .currency(b)): return a < b ? .orderedAscending : (a == b ? .orderedSame : .orderedDescending)
        case let (.text(a), .text(b)), let (.date(a), .date(b)), let (.text(a), .date(b)), let (.date(a), .text(b)):
            return a.lowercased() < b.lowercased() ? .orderedAscending : (a.lowercased() == b.lowercased() ? .orderedSame : .orderedDescending)
        default:
            if let a = lhs.number, let b = rhs.number { return a < b ? .orderedAscending : (a == b ? .orderedSame : .orderedDescending) }
            return lhs.text < rhs.text ? .orderedAscending : (lhs.text == rhs.text ? .orderedSame : .orderedDescending)
        }
    }

    /// Equality as DAX's `=` sees it (text case-insensitive, numbers across types, blank equal to 0 and "").
    static func equal(_ lhs: DAXValue, _ rhs: DAXValue) -> Bool {
        switch (lhs, rhs) {
        case (.blank, .text(let text)), (.text(let text), .blank): return text.isEmpty
        default: return compare(lhs, rhs) == .orderedSame
        }
    }

    /// The key a value is grouped and filtered by: numbers of any type by value, text without case.
    var groupKey: DAXValue {
        switch self {
        case let .text(value): return .text(value.lowercased())
        case .currency, .integer, .decimal: return number.map { .decimal($0) } ?? self
        default: return self
        }
    }
}

extension ComparisonResult {
    var reversed: ComparisonResult {
        switch self {
        case .orderedAscending: return .orderedDescending
        case .orderedDescending: return .orderedAscending
        case .orderedSame: return .orderedSame
        }
    }
}
