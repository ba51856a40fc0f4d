import Foundation
import GRDB
import Tokens

/// One stored event, for output and the screen.
public struct ActivityEvent: Sendable, Hashable {
    public let id: String
    public let creationTime: String
    public let activity: String
    public let user: String
    public let workspaceName: String?
    public let itemName: String?
    public let isSuccess: Bool?
    /// The event as the service sent it.
    public let json: String

    public init(id: String, creationTime: String, activity: String, user: String, workspaceName: String?, itemName: String?,
                isSuccess: Bool?, json: String) {
        self.id = id
        self.creationTime = creationTime
        self.activity = activity
        self.user = user
        self.workspaceName = workspaceName
        self.itemName = itemName
        self.isSuccess = isSuccess
        self.json = json
    }
}

/// Reading the stored activity log.
public enum ActivityLog {
    public enum Grouping: String, Sendable, CaseIterable { case activity, user, day }

    /// Events of the days `from`…`to` (UTC dates, `YYYY-MM-DD`), oldest first, optionally of one activity or user.
    public static func events(from: String, to: String, activity: String? = nil, user: String? = nil, limit: Int? = nil,
                              in db: Database) throws -> [ActivityEvent] {
        var sql = "SELECT id, creation_time, activity, user_id, workspace_name, item_name, is_success, json FROM activity_event WHERE day BETWEEN ? AND ?"
        var arguments: StatementArguments = [from, to]
        if let activity { sql += " AND activity = ? COLLATE NOCASE"; arguments += [activity] }
        if let user { sql += " AND user_id = ? COLLATE NOCASE"; arguments += [user] }
        sql += " ORDER BY creation_time, id"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            ActivityEvent(id: row["id"], creationTime: row["creation_time"], activity: row["activity"], user: row["user_id"],
                          workspaceName: row["workspace_name"], itemName: row["item_name"], isSuccess: row["is_success"], json: row["json"])
        }
    }

    /// Events per activity, user or day over the same range, most first (days in order).
    public static func counts(by grouping: Grouping, from: String, to: String, activity: String? = nil, user: String? = nil,
                              in db: Database) throws -> [(key: String, count: Int)] {
        let column = switch grouping { case .activity: "activity"; case .user: "user_id"; case .day: "day" }
        var sql = "SELECT \(column) AS key, COUNT(*) AS count FROM activity_event WHERE day BETWEEN ? AND ?"
        var arguments: StatementArguments = [from, to]
        if let activity { sql += " AND activity = ? COLLATE NOCASE"; arguments += [activity] }
        if let user { sql += " AND user_id = ? COLLATE NOCASE"; arguments += [user] }
        sql += " GROUP BY \(column) ORDER BY " + (grouping == .day ? "key" : "count DESC, key")
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { ($0["key"] ?? "", $0["count"]) }
    }
}
