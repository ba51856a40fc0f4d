import Foundation
import Tokens

/// One answer of executeQueries as pbitui keeps it: the columns (the union of the rows' keys in the order they
/// first appear, since a blank value is left out of its row), the rows as values per column (`.null` where the
/// service left the key out), and whether a limit cut the result, in the service's own words.
public struct DAXResult: Sendable {
    public let columns: [String]
    public let rows: [[JSONValue]]
    /// The service's message when it sent part of the result and an error object next to the rows
    /// (100,000 rows, 1,000,000 values, 15 MB, or a second table).
    public let truncation: String?
    /// The dataset's sensitivity label, when it has one.
    public let label: String?
    /// The answer as it came, for the JSON view.
    public let body: Data

    public init(columns: [String], rows: [[JSONValue]], truncation: String?, label: String?, body: Data) {
        self.columns = columns
        self.rows = rows
        self.truncation = truncation
        self.label = label
        self.body = body
    }

    public enum ParseError: Error, Sendable, CustomStringConvertible {
        case notJSON(String)
        case unexpected(String)
        /// An error object and no rows at all.
        case refused(code: String?, message: String)

        public var description: String {
            switch self {
            case let .notJSON(detail): return "the answer is not JSON (\(detail))"
            case let .unexpected(detail): return "the answer does not have the shape of an executeQueries result: \(detail)"
            case let .refused(code, message): return (code.map { $0 + ": " } ?? "") + message
            }
        }
    }

    /// Reads an answer: a byte-order mark is skipped, the three error slots of the description are all
    /// looked at (the whole answer, the result, the table), and an error next to rows means a cut result.
    public static func parse(_ body: Data) throws(ParseError) -> DAXResult {
        let read: DAXAnswerReader.Output
        do { read = try DAXAnswerReader.read(body) } catch {
            throw .notJSON("\(error.message) at byte \(error.offset)")
        }
        let errors = [read.tableError, read.resultError, read.topError].compactMap { $0 }.filter { $0.objectValue != nil }
        func describe(_ error: JSONValue) -> String {
            error["message"]?.stringValue ?? error["pbi.error"]?["details"]?.arrayValue?.first?["detail"]?["value"]?.stringValue
                ?? error["code"]?.stringValue ?? "an error without a message"
        }
        guard read.sawRows else {
            if let error = errors.first { throw .refused(code: error["code"]?.stringValue, message: describe(error)) }
            if read.sawTable { return DAXResult(columns: [], rows: [], truncation: nil, label: nil, body: body) }
            throw .unexpected("no results[0].tables[0]")
        }
        return DAXResult(columns: read.columns, rows: read.rows, truncation: errors.first.map(describe),
                         label: read.label?["name"]?.stringValue, body: body)
    }

    /// A value as text for the grid and for CSV: text as sent, numbers as the service wrote them (never through
    /// a Double), booleans `true`/`false`, dates as sent, blank for null.
    public static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case let .string(text), let .number(text): return text
        case let .bool(flag): return flag ? "true" : "false"
        case .array, .object: return String(decoding: value.serializedBytes(), as: UTF8.self)
        }
    }

    public var isTruncated: Bool { truncation != nil }

    /// The rows as JSON objects with every column (null where blank), for `--output json` and `:export json`.
    public func jsonRows() -> JSONValue {
        .array(rows.map { row in .object(JSONObject(zip(columns, row).map { (key: $0, value: $1) })) })
    }
}
