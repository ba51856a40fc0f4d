/// The one definition of the characters that would act on a terminal if printed raw, and the one way to
/// write them visibly: the screen (`CellBuffer`), messages and logs, tables and CSV, and JSON passed through
/// unchanged (`JSONValue.terminalSafe`) all use it.
///
/// Unsafe: the C0 controls (U+0000–U+001F, ESC among them), DEL and the C1 controls (U+007F–U+009F, U+009B
/// is CSI), and the bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F,
/// U+202A–U+202E, U+2066–U+2069), which reorder what a person reads.
public enum TerminalSafety {
    @inline(__always)
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        guard value >= 0x061C else { return false }
        return value == 0x061C || value == 0x200E || value == 0x200F || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    /// The text with every unsafe character written as `\u{1B}` (upper-case hex), so that it can be shown
    /// and still read. With `keepingLineBreaks`, tab, line feed and carriage return stay (for CSV, which
    /// quotes them). Text without an unsafe character comes back as it is.
    public static func escape(_ text: String, keepingLineBreaks: Bool = false) -> String {
        func escapes(_ scalar: Unicode.Scalar) -> Bool {
            isUnsafe(scalar) && !(keepingLineBreaks && (scalar == "\t" || scalar == "\n" || scalar == "\r"))
        }
        // Printable ASCII is the common case: one pass over the bytes, no scalars decoded.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        guard text.unicodeScalars.contains(where: escapes) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if escapes(scalar) {
                output += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// The unsafe non-ASCII character starting at `index` of UTF-8 bytes, with its code point and its
    /// length, for byte scanners (the JSON pass-through); nil otherwise. ASCII controls are not looked for
    /// here: JSON escapes them anyway. Only the lead bytes 0xC2, 0xD8 and 0xE2 can start one.
    @inline(__always)
    public static func unsafeScalar<Bytes: RandomAccessCollection>(inUTF8 bytes: Bytes, at index: Bytes.Index) -> (UInt32, Int)?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        let byte = bytes[index]
        if byte == 0xC2, index + 1 < bytes.endIndex, (0x80...0x9F).contains(bytes[index + 1]) { return (UInt32(bytes[index + 1]), 2) }
        if byte == 0xD8, index + 1 < bytes.endIndex, bytes[index + 1] == 0x9C { return (0x061C, 2) }
        guard byte == 0xE2, index + 2 < bytes.endIndex else { return nil }
        let second = bytes[index + 1], third = bytes[index + 2]
        guard second & 0xC0 == 0x80, third & 0xC0 == 0x80 else { return nil }
        let scalar = (UInt32(byte & 0x0F) << 12) | (UInt32(second & 0x3F) << 6) | UInt32(third & 0x3F)
        guard let unicode = Unicode.Scalar(scalar), isUnsafe(unicode) else { return nil }
        return (scalar, 3)
    }

    /// The lead bytes that can start what ``unsafeScalar(inUTF8:at:)`` finds.
    @inline(__always)
    public static func mayStartUnsafe(_ byte: UInt8) -> Bool { byte == 0xC2 || byte == 0xD8 || byte == 0xE2 }
}
