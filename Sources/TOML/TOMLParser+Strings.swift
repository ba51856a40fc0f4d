/// Basic, literal and multi-line strings with their escapes.
extension TOMLParser {
    // MARK: Strings

    mutating func basicString() throws(TOMLError) -> String {
        var scalars = String.UnicodeScalarView()
        while true {
            guard let byte = peek() else { throw fail("the string is not closed with '\"'") }
            if byte == UInt8(ascii: "\"") { position += 1; return String(scalars) }
            if byte == 0x0A || byte == 0x0D { throw fail("the string is not closed before the end of the line") }
            if byte == UInt8(ascii: "\\") {
                position += 1
                scalars.append(try escape())
            } else {
                try appendCharacter(to: &scalars)
            }
        }
    }

    mutating func multilineBasicString() throws(TOMLError) -> String {
        var scalars = String.UnicodeScalarView()
        skipOneNewline()
        while true {
            guard let byte = peek() else { throw fail("the string is not closed with '\"\"\"'") }
            if bytes[position...].starts(with: Array("\"\"\"".utf8)) {
                position += 3
                while peek() == UInt8(ascii: "\"") { scalars.append("\""); position += 1 }
                return String(scalars)
            }
            if byte == UInt8(ascii: "\\") {
                position += 1
                if let next = peek(), next == 0x0A || next == 0x0D || next == 0x20 || next == 0x09 {
                    skipWhitespaceAndNewlinesAndComments(comments: false)
                    continue
                }
                scalars.append(try escape())
            } else {
                try appendCharacter(to: &scalars, allowNewline: true)
            }
        }
    }

    mutating func literalString() throws(TOMLError) -> String {
        var scalars = String.UnicodeScalarView()
        while true {
            guard let byte = peek() else { throw fail("the string is not closed with \"'\"") }
            if byte == UInt8(ascii: "'") { position += 1; return String(scalars) }
            if byte == 0x0A || byte == 0x0D { throw fail("the string is not closed before the end of the line") }
            try appendCharacter(to: &scalars)
        }
    }

    mutating func multilineLiteralString() throws(TOMLError) -> String {
        var scalars = String.UnicodeScalarView()
        skipOneNewline()
        while true {
            guard peek() != nil else { throw fail("the string is not closed with \"'''\"") }
            if bytes[position...].starts(with: Array("'''".utf8)) {
                position += 3
                while peek() == UInt8(ascii: "'") { scalars.append("'"); position += 1 }
                return String(scalars)
            }
            try appendCharacter(to: &scalars, allowNewline: true)
        }
    }

    mutating func escape() throws(TOMLError) -> Unicode.Scalar {
        guard let byte = peek() else { throw fail("an escape sequence was cut off by the end of the file") }
        position += 1
        switch byte {
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "e"): return "\u{1B}"
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let length = byte == UInt8(ascii: "u") ? 4 : 8
            guard position + length <= bytes.count,
                  let value = UInt32(String(decoding: bytes[position..<position + length], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(value) else {
                throw fail("\\\(Character(Unicode.Scalar(byte))) needs \(length) hexadecimal digits naming a Unicode scalar")
            }
            position += length
            return scalar
        default:
            throw fail("unknown escape sequence \\\(describe(byte))", at: position - 1)
        }
    }

    /// Appends one UTF-8 encoded character, refusing control characters other than tab.
    mutating func appendCharacter(to scalars: inout String.UnicodeScalarView, allowNewline: Bool = false) throws(TOMLError) {
        let byte = bytes[position]
        if byte < 0x80 {
            if byte < 0x20 && byte != 0x09 && !(allowNewline && (byte == 0x0A || byte == 0x0D)) || byte == 0x7F {
                throw fail("control character \(describe(byte)) inside a string; write it as an escape")
            }
            scalars.append(Unicode.Scalar(byte))
            position += 1
            return
        }
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 0
        guard length > 0, position + length <= bytes.count else { throw fail("the file is not valid UTF-8") }
        let decoded = String(decoding: bytes[position..<position + length], as: UTF8.self)
        guard !decoded.unicodeScalars.contains("\u{FFFD}") else { throw fail("the file is not valid UTF-8") }
        scalars.append(contentsOf: decoded.unicodeScalars)
        position += length
    }
}
