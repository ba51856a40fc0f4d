/// A value of a TOML document (https://toml.io/en/v1.0.0), as far as pbitui's config and theme files use
/// the language: strings, integers, floats, booleans, arrays and tables. Dates and arrays of tables are
/// refused with a clear error rather than half-read.
public enum TOMLValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    public var stringValue: String? { if case let .string(value) = self { value } else { nil } }
    public var integerValue: Int? { if case let .integer(value) = self { value } else { nil } }
    public var booleanValue: Bool? { if case let .boolean(value) = self { value } else { nil } }
    public var tableValue: TOMLTable? { if case let .table(value) = self { value } else { nil } }
    public var arrayValue: [TOMLValue]? { if case let .array(value) = self { value } else { nil } }

    /// The TOML type name, for error messages ("expected a string, found an integer").
    public var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A TOML table that keeps its keys in the order of the file, so that profiles and theme roles are listed
/// as their author wrote them.
public struct TOMLTable: Sendable, Hashable {
    public private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]
    /// The line (1-based) where each key was written, for messages about it.
    private var lines: [String: Int] = [:]

    public init() {}

    public subscript(key: String) -> TOMLValue? { values[key] }

    public var isEmpty: Bool { keys.isEmpty }

    /// The entries in file order.
    public var entries: [(key: String, value: TOMLValue)] { keys.map { ($0, values[$0]!) } }

    /// Sets a key, keeping its first position (and line) when it already exists.
    public mutating func set(_ key: String, _ value: TOMLValue, line: Int? = nil) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
        if let line, lines[key] == nil { lines[key] = line }
    }

    /// The line where `key` was written (for a table, its `[header]` or its first key), when known.
    public func line(of key: String) -> Int? { lines[key] }
}
