import Foundation

/// Pasted text as it arrives from the terminal, scalar by scalar: line ends become `\n` (terminals send CR,
/// or CR LF), tabs stay, other control characters are left out (a paste is text, never keys or escapes).
/// Linear in the paste; at most ``limit`` scalars are kept.
public struct PasteCollector: Sendable, Hashable {
    public static let limit = 1 << 20
    public private(set) var text = ""
    private var count = 0
    private var afterCarriageReturn = false

    public init() {}

    public mutating func append(_ scalar: Unicode.Scalar) {
        guard count < Self.limit else { return }
        defer { afterCarriageReturn = scalar.value == 13 }
        switch scalar.value {
        case 13: text.unicodeScalars.append("\n")
        case 10: if afterCarriageReturn { return } else { text.unicodeScalars.append("\n") }
        case 9: text.unicodeScalars.append(scalar)
        case 0..<32, 127..<160: return
        default: text.unicodeScalars.append(scalar)
        }
        count += 1
    }

    /// The collector for a whole text (tests, and text that arrives another way).
    public static func collect(_ text: String) -> String {
        var collector = PasteCollector()
        for scalar in text.unicodeScalars { collector.append(scalar) }
        return collector.text
    }
}

/// How a paste lands in a field of one line (a filter, a path, a token, the palette): its ends trimmed,
/// line breaks inside it made spaces. One pass.
public enum PastedText {
    public static func singleLine(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(scalar == "\n" || scalar == "\r" || scalar == "\t" ? " " : scalar) }
        return String(result).trimmingCharacters(in: .whitespaces)
    }
}
