/// Why a TOML document could not be read: the line and column (1-based) and what was wrong there.
public struct TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let problem: String

    public var description: String { "line \(line), column \(column): \(problem)" }
}

/// Reads TOML documents into ``TOMLTable``s.
///
/// ```swift
/// let table = try TOMLParser.parse("[profiles.contoso]\ntenant = \"contoso.onmicrosoft.com\"")
/// table["profiles"]?.tableValue?["contoso"]?.tableValue?["tenant"]?.stringValue  // "contoso.onmicrosoft.com"
/// ```
public struct TOMLParser {
    let bytes: [UInt8]
    var position = 0
    /// Tables defined by a `[header]` or by assigning keys in them, to refuse defining one twice.
    private var definedTables: Set<[String]> = []

    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(bytes: Array(text.utf8))
        return try parser.document()
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        var newlines: [Int] = []
        for (index, byte) in bytes.enumerated() where byte == 0x0A { newlines.append(index) }
        self.newlines = newlines
    }

    /// Offsets of the newlines, for line numbers in one binary search.
    private let newlines: [Int]

    /// The 1-based line of a byte offset.
    func lineNumber(at offset: Int) -> Int {
        var low = 0, high = newlines.count
        while low < high {
            let middle = (low + high) / 2
            if newlines[middle] < offset { low = middle + 1 } else { high = middle }
        }
        return low + 1
    }

    // MARK: Document structure

    mutating func document() throws(TOMLError) -> TOMLTable {
        var root = TOMLTable()
        var current: [String] = []
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        while true {
            skipWhitespaceAndNewlinesAndComments()
            guard let byte = peek() else { return root }
            if byte == UInt8(ascii: "[") {
                position += 1
                if peek() == UInt8(ascii: "[") { throw fail("arrays of tables ([[…]]) are not supported in pbitui files") }
                skipSpaces()
                let path = try keyPath()
                skipSpaces()
                try expect("]", "a ']' to close the table header")
                try endOfLine()
                guard definedTables.insert(path).inserted else {
                    throw fail("the table [\(path.joined(separator: "."))] is defined twice", at: position - 1)
                }
                try Self.ensureTable(&root, path: path, parser: self, line: lineNumber(at: position - 1))
                current = path
            } else {
                let start = position
                let path = try keyPath()
                skipSpaces()
                try expect("=", "'=' after the key")
                skipSpaces()
                let value = try self.value()
                try endOfLine()
                try Self.assign(&root, path: current + path, value: value, parser: self, at: start)
            }
        }
    }

    static func ensureTable(_ table: inout TOMLTable, path: [String], parser: TOMLParser, line: Int) throws(TOMLError) {
        guard let first = path.first else { return }
        var child: TOMLTable
        switch table[first] {
        case nil: child = TOMLTable()
        case let .table(existing)?: child = existing
        case let other?: throw parser.fail("'\(first)' is already \(other.typeName), not a table")
        }
        try ensureTable(&child, path: Array(path.dropFirst()), parser: parser, line: line)
        table.set(first, .table(child), line: line)
    }

    static func assign(_ table: inout TOMLTable, path: [String], value: TOMLValue, parser: TOMLParser, at: Int) throws(TOMLError) {
        let key = path[0]
        if path.count == 1 {
            guard table[key] == nil else { throw parser.fail("the key '\(key)' is defined twice", at: at) }
            table.set(key, value, line: parser.lineNumber(at: at))
            return
        }
        var child: TOMLTable
        switch table[key] {
        case nil: child = TOMLTable()
        case let .table(existing)?: child = existing
        case let other?: throw parser.fail("'\(key)' is already \(other.typeName), not a table", at: at)
        }
        try assign(&child, path: Array(path.dropFirst()), value: value, parser: parser, at: at)
        table.set(key, .table(child), line: parser.lineNumber(at: at))
    }

    // MARK: Keys

    mutating func keyPath() throws(TOMLError) -> [String] {
        var path = [try simpleKey()]
        while true {
            skipSpaces()
            guard peek() == UInt8(ascii: ".") else { return path }
            position += 1
            skipSpaces()
            path.append(try simpleKey())
        }
    }

    mutating func simpleKey() throws(TOMLError) -> String {
        guard let byte = peek() else { throw fail("a key was expected, found the end of the file") }
        if byte == UInt8(ascii: "\"") { position += 1; return try basicString() }
        if byte == UInt8(ascii: "'") { position += 1; return try literalString() }
        let start = position
        while let c = peek(), Self.isBareKeyByte(c) { position += 1 }
        guard position > start else { throw fail("a key was expected, found \(describe(byte))") }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    static func isBareKeyByte(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D
    }

    // MARK: Values

    mutating func value() throws(TOMLError) -> TOMLValue {
        guard let byte = peek() else { throw fail("a value was expected, found the end of the file") }
        switch byte {
        case UInt8(ascii: "\""):
            if bytes[position...].starts(with: Array("\"\"\"".utf8)) { position += 3; return .string(try multilineBasicString()) }
            position += 1
            return .string(try basicString())
        case UInt8(ascii: "'"):
            if bytes[position...].starts(with: Array("'''".utf8)) { position += 3; return .string(try multilineLiteralString()) }
            position += 1
            return .string(try literalString())
        case UInt8(ascii: "["):
            position += 1
            return try array()
        case UInt8(ascii: "{"):
            position += 1
            return try inlineTable()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            if consume("true") { return .boolean(true) }
            if consume("false") { return .boolean(false) }
            throw fail("a value was expected; strings need quotes")
        default:
            return try number()
        }
    }

    mutating func array() throws(TOMLError) -> TOMLValue {
        var items: [TOMLValue] = []
        while true {
            skipWhitespaceAndNewlinesAndComments()
            guard let byte = peek() else { throw fail("the array is not closed with ']'") }
            if byte == UInt8(ascii: "]") { position += 1; return .array(items) }
            items.append(try value())
            skipWhitespaceAndNewlinesAndComments()
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            guard peek() != nil else { throw fail("the array is not closed with ']'") }
            guard peek() == UInt8(ascii: "]") else { throw fail("',' or ']' was expected in the array") }
        }
    }

    mutating func inlineTable() throws(TOMLError) -> TOMLValue {
        var table = TOMLTable()
        skipSpaces()
        if peek() == UInt8(ascii: "}") { position += 1; return .table(table) }
        while true {
            skipSpaces()
            let start = position
            let path = try keyPath()
            skipSpaces()
            try expect("=", "'=' after the key")
            skipSpaces()
            let value = try self.value()
            try Self.assign(&table, path: path, value: value, parser: self, at: start)
            skipSpaces()
            guard let byte = peek() else { throw fail("the inline table is not closed with '}'") }
            if byte == UInt8(ascii: "}") { position += 1; return .table(table) }
            guard byte == UInt8(ascii: ",") else { throw fail("',' or '}' was expected in the inline table") }
            position += 1
        }
    }

    mutating func number() throws(TOMLError) -> TOMLValue {
        let start = position
        while let c = peek(), !Self.endsValue(c) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard !text.isEmpty else { throw fail("a value was expected, found \(peek().map(describe) ?? "the end of the file")") }
        if text.contains(":") || (text.count >= 10 && text.dropFirst(4).first == "-") {
            throw fail("dates and times are not supported in pbitui files", at: start)
        }
        if text == "inf" || text == "+inf" { return .float(.infinity) }
        if text == "-inf" { return .float(-.infinity) }
        if text.hasSuffix("nan") { return .float(.nan) }
        if text.hasPrefix("_") || text.hasSuffix("_") || text.contains("__") {
            throw fail("'\(text)' is not a number", at: start)
        }
        let digits = text.replacingUnderscores()
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where digits.hasPrefix(prefix) {
            guard let value = Int(digits.dropFirst(2), radix: radix) else { throw fail("'\(text)' is not a number", at: start) }
            return .integer(value)
        }
        if let value = Int(digits) {
            let unsigned = digits.hasPrefix("+") || digits.hasPrefix("-") ? String(digits.dropFirst()) : digits
            if unsigned.count > 1, unsigned.hasPrefix("0") { throw fail("'\(text)': leading zeros are not allowed", at: start) }
            return .integer(value)
        }
        if digits.contains(where: { "eE.".contains($0) }), let value = Double(digits), digits.last?.isNumber == true {
            return .float(value)
        }
        throw fail("'\(text)' is not a value (strings need quotes)", at: start)
    }

    static func endsValue(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: ",") || c == UInt8(ascii: "]")
            || c == UInt8(ascii: "}") || c == UInt8(ascii: "#")
    }

    // MARK: Whitespace and helpers

    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipSpaces() {
        while let c = peek(), c == 0x20 || c == 0x09 { position += 1 }
    }

    mutating func skipOneNewline() {
        if peek() == 0x0D { position += 1 }
        if peek() == 0x0A { position += 1 }
    }

    mutating func skipWhitespaceAndNewlinesAndComments(comments: Bool = true) {
        while let c = peek() {
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                position += 1
            } else if comments, c == UInt8(ascii: "#") {
                while let d = peek(), d != 0x0A { position += 1 }
            } else {
                return
            }
        }
    }

    mutating func endOfLine() throws(TOMLError) {
        skipSpaces()
        if peek() == UInt8(ascii: "#") { while let d = peek(), d != 0x0A { position += 1 } }
        if peek() == 0x0D { position += 1 }
        guard let byte = peek() else { return }
        guard byte == 0x0A else { throw fail("the line goes on after the value: \(describe(byte))") }
        position += 1
    }

    mutating func consume(_ word: String) -> Bool {
        let expected = Array(word.utf8)
        guard bytes[position...].starts(with: expected) else { return false }
        let after = position + expected.count
        if after < bytes.count, !Self.endsValue(bytes[after]) { return false }
        position = after
        return true
    }

    mutating func expect(_ character: Character, _ what: String) throws(TOMLError) {
        guard let byte = peek(), byte == character.asciiValue else {
            throw fail("\(what) was expected, found \(peek().map(describe) ?? "the end of the file")")
        }
        position += 1
    }

    func describe(_ byte: UInt8) -> String {
        if byte == 0x0A { return "the end of the line" }
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    func fail(_ problem: String, at offset: Int? = nil) -> TOMLError {
        let end = min(offset ?? position, bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
        return TOMLError(line: line, column: column, problem: problem)
    }
}

private extension String {
    func replacingUnderscores() -> String { filter { $0 != "_" } }
}
