import Foundation
import TerminalSafety

extension JSONValue {
    /// JSON text for this value: compact by default, or indented by two spaces. Keys keep their order.
    /// Non-ASCII text is written as UTF-8; control characters and the line separators are escaped.
    public func serialized(pretty: Bool = false) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// The JSON text as UTF-8 bytes (what `serialized` decodes), for writing out without a copy.
    public func serializedBytes(pretty: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(into: &output, pretty: pretty, indent: 0)
        return output
    }

    private static func newline(_ output: inout [UInt8], indent: Int) {
        output.append(0x0A)
        output.append(contentsOf: repeatElement(0x20, count: indent * 2))
    }

    private func write(into output: inout [UInt8], pretty: Bool, indent: Int) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case let .bool(value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case let .number(text): output.append(contentsOf: text.utf8)
        case let .string(text): JSONValue.writeString(text, into: &output)
        case let .array(values):
            if values.isEmpty { output.append(contentsOf: "[]".utf8); return }
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                if pretty { Self.newline(&output, indent: indent + 1) }
                value.write(into: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&output, indent: indent) }
            output.append(UInt8(ascii: "]"))
        case let .object(object):
            if object.isEmpty { output.append(contentsOf: "{}".utf8); return }
            output.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                if pretty { Self.newline(&output, indent: indent + 1) }
                JSONValue.writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(0x20) }
                member.value.write(into: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&output, indent: indent) }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Writes a JSON string: runs of bytes that need no escape are copied whole. Control characters,
    /// DEL and the line separators U+2028/U+2029 are escaped.
    static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            func flush(_ end: Int) {
                if end > runStart { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<end])) }
            }
            while index < bytes.count {
                let byte = bytes[index]
                guard needsEscapeCheck[Int(byte)] else { index += 1; continue }
                var escape: String?
                var width = 1
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x08: escape = "\\b"
                case 0x0C: escape = "\\f"
                case 0x00..<0x20, 0x7F: escape = "\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                default:
                    if let (scalar, length) = terminalUnsafe(bytes, at: index) {
                        escape = String(format: "\\u%04x", scalar)
                        width = length
                    }
                }
                if let escape {
                    flush(index)
                    output.append(contentsOf: escape.utf8)
                    index += width
                    runStart = index
                } else {
                    index += 1
                }
            }
            flush(index)
        }
        output.append(UInt8(ascii: "\""))
    }
}

/// Bytes that may need an escape in a JSON string: controls, `"`, `\\`, DEL, and the lead bytes of the
/// characters ``terminalUnsafe(_:at:)`` finds (0xC2, 0xD8, 0xE2). Everything else is copied as it is.
private let needsEscapeCheck: [Bool] = (0..<256).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }

/// Characters that are valid raw in a JSON string but would act on a terminal that prints them (the C1
/// controls and the bidirectional marks and overrides: ``TerminalSafety``'s non-ASCII members). pbitui
/// writes them as `\uXXXX`, which reads back as the same string. Returns the code point and its UTF-8 length.
@inline(__always)
func terminalUnsafe<Bytes: RandomAccessCollection>(_ bytes: Bytes, at index: Bytes.Index) -> (UInt32, Int)? where Bytes.Element == UInt8, Bytes.Index == Int {
    TerminalSafety.unsafeScalar(inUTF8: bytes, at: index)
}

extension JSONValue {
    /// JSON text with the characters of ``terminalUnsafe(_:at:)`` written as `\uXXXX` escapes: for JSON
    /// passed on as the service sent it. Those characters can only stand inside strings in valid JSON, so
    /// the text means the same afterwards.
    ///
    /// Costs one scan when there is nothing to escape (the common case): the bytes come back as they are,
    /// without a copy; otherwise runs between escapes are copied whole.
    public static func terminalSafe(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let escaped: [UInt8]? = bytes.withUnsafeBufferPointer { buffer in
            // Only the lead bytes 0xC2, 0xD8 and 0xE2 can start a character to escape.
            var index = 0
            let count = buffer.count
            var first: Int?
            while index < count {
                let byte = buffer[index]
                if byte >= 0xC2, TerminalSafety.mayStartUnsafe(byte), terminalUnsafe(buffer, at: index) != nil {
                    first = index
                    break
                }
                index += 1
            }
            guard let first else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(count + 16)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<first]))
            index = first
            var runStart = first
            while index < count {
                let byte = buffer[index]
                if byte >= 0xC2, let (scalar, length) = terminalUnsafe(buffer, at: index) {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index]))
                    appendUnicodeEscape(scalar, to: &output)
                    index += length
                    runStart = index
                } else {
                    index += 1
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<count]))
            return output
        }
        return escaped.map { ArraySlice($0) } ?? bytes
    }

    /// `\uXXXX` with four lower-case hex digits (every scalar escaped here is below U+10000).
    private static func appendUnicodeEscape(_ scalar: UInt32, to output: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) { output.append(digits[Int((scalar >> UInt32(shift)) & 0xF)]) }
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Int.self) { self = .int(value); return }
        if let value = try? container.decode(Double.self) { self = .double(value); return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        if let value = try? container.decode([JSONValue].self) { self = .array(value); return }
        let text = try container.decode([String: JSONValue].self)
        self = .object(JSONObject(text.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .number(text):
            if let int = Int(text) { try container.encode(int) } else { try container.encode(Double(text) ?? 0) }
        case let .string(value): try container.encode(value)
        case let .array(values): try container.encode(values)
        case let .object(object):
            try container.encode(Dictionary(object.members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }))
        }
    }
}
