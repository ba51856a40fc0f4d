import Foundation
import GRDB
import Tokens

/// Read-only SQL over a tenant store, for `query_store` (`pbitui mcp`): the store is opened by a connection
/// that cannot write (SQLite's read-only mode, and `query_only` on top), one statement, at most `limit` rows.
public enum StoreQuery {
    public struct Answer: Sendable {
        public let columns: [String]
        /// Rows as objects keyed by column; numbers as SQLite holds them, blobs as base64.
        public let rows: [JSONValue]
        public let truncated: Bool
    }

    public static func run(_ sql: String, limit: Int, path: String) throws(StoreError) -> Answer {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.notFound("no tenant store at \(path): `pbitui scan` fills it") }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA query_only = 1") }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            return try queue.read { db in
                let statement = try db.makeStatement(sql: sql)
                let columns = statement.columnNames
                var rows: [JSONValue] = []
                var truncated = false
                let cursor = try Row.fetchCursor(statement)
                while let row = try cursor.next() {
                    if rows.count == limit { truncated = true; break }
                    rows.append(.object(JSONObject(columns.enumerated().map { index, name in (key: name, value: json(row[index] as DatabaseValue)) })))
                }
                return Answer(columns: columns, rows: rows, truncated: truncated)
            }
        } catch {
            throw StoreError(error, path: path)
        }
    }

    static func json(_ value: DatabaseValue) -> JSONValue {
        switch value.storage {
        case .null: .null
        case let .int64(number): .number(String(number))
        case let .double(number): .double(number)
        case let .string(text): .string(text)
        case let .blob(data): .string(data.base64EncodedString())
        }
    }
}
