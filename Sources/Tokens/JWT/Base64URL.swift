import Foundation

/// base64url without padding (RFC 4648 §5), as JOSE uses it.
///
/// Decoding is strict about the alphabet so that a bad token gets a precise message: the error names the
/// offending character and its position. Trailing `=` padding is tolerated, as every mainstream decoder does.
public enum Base64URL {
    /// Why a base64url string could not be decoded.
    public enum DecodingError: Error, Equatable, Sendable, CustomStringConvertible {
        /// A character outside `A–Z a–z 0–9 - _` at a zero-based offset.
        case invalidCharacter(Character, offset: Int)
        /// A length that no byte sequence encodes to (one character left over).
        case invalidLength(Int)

        public var description: String {
            switch self {
            case let .invalidCharacter(character, offset):
                let shown = character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F })
                    ? "'\(character)'" : character.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined()
                return "invalid base64url character \(shown) at offset \(offset)"
            case let .invalidLength(length):
                return "invalid base64url length \(length) (one character too many or too few)"
            }
        }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// Encodes bytes without padding.
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let input = Array(bytes)
        var output = [UInt8]()
        output.reserveCapacity((input.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= input.count {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(alphabet[Int(chunk >> 6 & 63)])
            output.append(alphabet[Int(chunk & 63)])
            index += 3
        }
        let rest = input.count - index
        if rest == 1 {
            let chunk = UInt32(input[index]) << 16
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
        } else if rest == 2 {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(alphabet[Int(chunk >> 6 & 63)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Encodes a string's UTF-8 bytes.
    public static func encode(_ string: String) -> String { encode(Array(string.utf8)) }

    /// Decodes base64url, rejecting `+`, `/`, whitespace and any other foreign character.
    public static func decode(_ string: String) throws(DecodingError) -> [UInt8] {
        var text = Array(string.utf8)
        while text.last == UInt8(ascii: "=") { text.removeLast() }
        var values = [UInt8]()
        values.reserveCapacity(text.count)
        var offset = 0
        for scalar in String(decoding: text, as: UTF8.self).unicodeScalars {
            let value = scalar.value < 256 ? reverse[Int(scalar.value)] : 0xFF
            if value == 0xFF { throw .invalidCharacter(Character(scalar), offset: offset) }
            values.append(value)
            offset += 1
        }
        if values.count % 4 == 1 { throw .invalidLength(values.count) }
        var output = [UInt8]()
        output.reserveCapacity(values.count * 3 / 4)
        var index = 0
        while index + 4 <= values.count {
            let chunk = UInt32(values[index]) << 18 | UInt32(values[index + 1]) << 12
                | UInt32(values[index + 2]) << 6 | UInt32(values[index + 3])
            output.append(UInt8(chunk >> 16 & 0xFF))
            output.append(UInt8(chunk >> 8 & 0xFF))
            output.append(UInt8(chunk & 0xFF))
            index += 4
        }
        let rest = values.count - index
        if rest >= 2 {
            var chunk = UInt32(values[index]) << 18 | UInt32(values[index + 1]) << 12
            if rest == 3 { chunk |= UInt32(values[index + 2]) << 6 }
            output.append(UInt8(chunk >> 16 & 0xFF))
            if rest == 3 { output.append(UInt8(chunk >> 8 & 0xFF)) }
        }
        return output
    }
}
