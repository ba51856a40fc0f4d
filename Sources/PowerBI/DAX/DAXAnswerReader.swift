import Foundation
import Tokens

/// Reads an executeQueries answer in one pass over its bytes, straight into columns and rows: the rows of
/// `results[0].tables[0]` become arrays of values by column (a key seen for the first time adds a column),
/// without building an object per row first. Everything else (errors, the label) is read by the general
/// parser from its own slice. Iterative (no recursion on nesting), linear in the answer.
///
/// Written by hand because a 100,000-row answer must be on screen within 300 ms of its last byte; the general
/// parser builds every row as an object, which took most of that budget alone (docs/BENCHMARKS.md).
struct DAXAnswerReader {
    struct Failure: Error { let message: String; let offset: Int }

    struct Output {
        var columns: [String] = []
        var rows: [[JSONValue]] = []
        var tableError: JSONValue?
        var resultError: JSONValue?
        var topError: JSONValue?
        var label: JSONValue?
        var sawTable = false
        var sawRows = false
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var output = Output()
    private var columnKeys: [[UInt8]] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    static func read(_ data: Data) throws(Failure) -> Output {
        let result: Result<Output, Failure> = data.withUnsafeBytes { raw in
            var reader = DAXAnswerReader(raw.bindMemory(to: UInt8.self))
            do throws(Failure) {
                try reader.readTop()
                return .success(reader.output)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    func failure(_ message: String) -> Failure { Failure(message: message, offset: index) }

    mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
    }

    mutating func expect(_ byte: UInt8) throws(Failure) {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else {
            throw failure(index < bytes.count ? "expected '\(Character(Unicode.Scalar(byte)))'" : "the answer ends too early")
        }
        index += 1
    }

    /// Steps over one object member separator or the end: true when another member follows.
    mutating func next(closing: UInt8) throws(Failure) -> Bool {
        skipSpace()
        guard index < bytes.count else { throw failure("the answer ends too early") }
        if bytes[index] == UInt8(ascii: ",") { index += 1; return true }
        if bytes[index] == closing { index += 1; return false }
        throw failure("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
    }

    /// The range of a string token's contents (after the quote), and whether it holds escapes.
    mutating func stringToken() throws(Failure) -> (Range<Int>, Bool) {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a string") }
        index += 1
        let start = index
        // The closing quote found with memchr; a backslash before it sends the scan the slow way.
        if let found = memchr(bytes.baseAddress! + start, Int32(UInt8(ascii: "\"")), bytes.count - start) {
            let end = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memchr(bytes.baseAddress! + start, Int32(UInt8(ascii: "\\")), end - start) == nil {
                index = end + 1
                return (start..<end, false)
            }
        }
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let range = start..<index
                index += 1
                return (range, escaped)
            }
            if byte == UInt8(ascii: "\\") { escaped = true; index += 2; continue }
            index += 1
        }
        throw failure("a string is not closed")
    }

    func text(_ range: Range<Int>, escaped: Bool) throws(Failure) -> String {
        guard escaped else { return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        // Escapes are rare in names and values: the general parser reads the token, quotes included.
        let token = UnsafeBufferPointer(rebasing: bytes[(range.lowerBound - 1)..<(range.upperBound + 1)])
        guard case let .string(text)? = try? JSONValue.parse(token) else { throw Failure(message: "a string with a bad escape", offset: range.lowerBound) }
        return text
    }

    mutating func key() throws(Failure) -> String {
        let (range, escaped) = try stringToken()
        let name = try text(range, escaped: escaped)
        try expect(UInt8(ascii: ":"))
        return name
    }

    /// Steps over any value, nesting counted without recursion.
    mutating func skipValue() throws(Failure) {
        skipSpace()
        var depth = 0
        repeat {
            guard index < bytes.count else { throw failure("the answer ends too early") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""): _ = try stringToken(); continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                guard depth >= 0 else { throw failure("unbalanced brackets") }
            default:
                if depth == 0 {
                    // A number or a literal: up to the next delimiter.
                    let start = index
                    while index < bytes.count, !Self.isDelimiter(bytes[index]) { index += 1 }
                    guard index > start else { throw failure("expected a value") }
                    return
                }
            }
            index += 1
        } while depth > 0
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Any value, through the general parser (errors, the label).
    mutating func generalValue() throws(Failure) -> JSONValue {
        skipSpace()
        let start = index
        try skipValue()
        do { return try JSONValue.parse(UnsafeBufferPointer(rebasing: bytes[start..<index])) } catch {
            throw Failure(message: String(describing: error), offset: start)
        }
    }

    /// A row's value: strings, numbers as written, literals; anything nested through the general parser.
    mutating func cell() throws(Failure) -> JSONValue {
        skipSpace()
        guard index < bytes.count else { throw failure("the answer ends too early") }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            let (range, escaped) = try stringToken()
            return .string(try text(range, escaped: escaped))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            while index < bytes.count, !Self.isDelimiter(bytes[index]) {
                let byte = bytes[index]
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                        || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") else {
                    throw failure("a malformed number")
                }
                index += 1
            }
            return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            for (word, value) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)] where matches(word) {
                index += word.utf8.count
                return value
            }
            throw failure("an unknown literal")
        default:
            return try generalValue()
        }
    }

    func matches(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= bytes.count else { return false }
        for (offset, byte) in utf8.enumerated() where bytes[index + offset] != byte { return false }
        return true
    }

    /// The column of a key: the one after the previous key's first (rows keep their order), else a search,
    /// else a new column.
    mutating func column(_ range: Range<Int>, escaped: Bool, after previous: Int) throws(Failure) -> Int {
        let length = range.count
        func same(_ column: Int) -> Bool {
            let key = columnKeys[column]
            guard key.count == length else { return false }
            return key.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress! + range.lowerBound, length) == 0 }
        }
        let guess = previous + 1
        if guess < columnKeys.count, same(guess) { return guess }
        for column in columnKeys.indices where same(column) { return column }
        // The same name written with escapes (`\u0061` for `a`) is the same column.
        let name = try text(range, escaped: escaped)
        if let column = output.columns.firstIndex(of: name) { return column }
        columnKeys.append(Array(UnsafeBufferPointer(rebasing: bytes[range])))
        output.columns.append(name)
        return columnKeys.count - 1
    }

    mutating func readRows() throws(Failure) {
        output.sawRows = true
        try expect(UInt8(ascii: "["))
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return }
        repeat {
            try expect(UInt8(ascii: "{"))
            var row = [JSONValue](repeating: .null, count: output.columns.count)
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
            } else {
                var previous = -1
                repeat {
                    let (range, escaped) = try stringToken()
                    try expect(UInt8(ascii: ":"))
                    let column = try self.column(range, escaped: escaped, after: previous)
                    if column >= row.count { row += [JSONValue](repeating: .null, count: column - row.count + 1) }
                    row[column] = try cell()
                    previous = column
                } while try next(closing: UInt8(ascii: "}"))
            }
            output.rows.append(row)
        } while try next(closing: UInt8(ascii: "]"))
        // Rows read before a column first appeared are short of it.
        let width = output.columns.count
        for position in output.rows.indices where output.rows[position].count < width {
            output.rows[position] += [JSONValue](repeating: .null, count: width - output.rows[position].count)
        }
    }

    /// Reads `[first, …]`: `first` for the first element, the others stepped over.
    mutating func firstOf(_ first: (inout DAXAnswerReader) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "["))
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return }
        try first(&self)
        while try next(closing: UInt8(ascii: "]")) { try skipValue() }
    }

    mutating func object(_ member: (inout DAXAnswerReader, String) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return }
        repeat {
            let name = try key()
            try member(&self, name)
        } while try next(closing: UInt8(ascii: "}"))
    }

    mutating func readTop() throws(Failure) {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { throw failure("not a JSON object") }
        try object { reader, name throws(Failure) in
            switch name {
            case "results":
                try reader.firstOf { reader throws(Failure) in
                    try reader.object { reader, name throws(Failure) in
                        switch name {
                        case "tables":
                            try reader.firstOf { reader throws(Failure) in
                                reader.output.sawTable = true
                                try reader.object { reader, name throws(Failure) in
                                    switch name {
                                    case "rows": try reader.readRows()
                                    case "error": reader.output.tableError = try reader.generalValue()
                                    default: try reader.skipValue()
                                    }
                                }
                            }
                        case "error": reader.output.resultError = try reader.generalValue()
                        default: try reader.skipValue()
                        }
                    }
                }
            case "error": reader.output.topError = try reader.generalValue()
            case "informationProtectionLabel": reader.output.label = try reader.generalValue()
            default: try reader.skipValue()
            }
        }
        skipSpace()
        guard index == bytes.count else { throw failure("text after the answer") }
    }
}
