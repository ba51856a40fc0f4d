import Foundation
import GRDB

/// One item of the inventory as the `:inventory` screen lists it.
public struct InventoryItem: Sendable, Hashable {
    public let kind: String
    public let id: String
    public let name: String
    public let workspaceId: String?
    public let workspaceName: String
    public let owner: String
    public let endorsement: String
    public let sensitivityLabel: String
    public let capacity: String
    /// As the service wrote it (ISO 8601), or empty.
    public let modified: String

    public init(kind: String, id: String, name: String, workspaceId: String?, workspaceName: String, owner: String, endorsement: String,
                sensitivityLabel: String, capacity: String, modified: String) {
        self.kind = kind
        self.id = id
        self.name = name
        self.workspaceId = workspaceId
        self.workspaceName = workspaceName
        self.owner = owner
        self.endorsement = endorsement
        self.sensitivityLabel = sensitivityLabel
        self.capacity = capacity
        self.modified = modified
    }
}

extension InventoryItem {
    /// Every item of the store's workspaces, in batches of `batch` (workspace by workspace, kinds in order), so
    /// a screen shows the first rows of a tenant of 10,000 workspaces at once. Texts that repeat (workspace
    /// names, owners, labels, capacities) share one copy.
    public static func all(in db: Database, batch: Int = 20_000, deliver: ([InventoryItem]) throws -> Void) throws {
        var shared: [String: String] = [:]
        func once(_ text: String?) -> String {
            guard let text, !text.isEmpty else { return "" }
            if let known = shared[text] { return known }
            shared[text] = text
            return text
        }
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT i.kind, i.id, i.name, i.workspace_id, w.name AS workspace_name, i.configured_by, i.endorsement, i.sensitivity_label,
                   w.capacity_id, i.modified_at
            FROM item i LEFT JOIN workspace w ON w.id = i.workspace_id
            ORDER BY i.workspace_id IS NULL, w.name, i.workspace_id, i.kind, i.name
            """)
        var rows: [InventoryItem] = []
        rows.reserveCapacity(batch)
        while let row = try cursor.next() {
            rows.append(InventoryItem(kind: once(row["kind"]), id: row["id"], name: row["name"] ?? "", workspaceId: row["workspace_id"],
                                      workspaceName: once(row["workspace_name"]), owner: once(row["configured_by"]),
                                      endorsement: once(row["endorsement"]), sensitivityLabel: once(row["sensitivity_label"]),
                                      capacity: once(row["capacity_id"]), modified: row["modified_at"] ?? ""))
            if rows.count >= batch {
                try deliver(rows)
                rows.removeAll(keepingCapacity: true)
            }
        }
        try deliver(rows)
    }
}

extension ActivityLog {
    /// The newest `limit` events of the store, newest first.
    public static func latest(limit: Int, in db: Database) throws -> [ActivityEvent] {
        try Row.fetchAll(db, sql: """
            SELECT id, creation_time, activity, user_id, workspace_name, item_name, is_success, json FROM activity_event
            ORDER BY creation_time DESC, id LIMIT ?
            """, arguments: [max(0, limit)]).map { row in
            ActivityEvent(id: row["id"], creationTime: row["creation_time"], activity: row["activity"], user: row["user_id"],
                          workspaceName: row["workspace_name"], itemName: row["item_name"], isSuccess: row["is_success"], json: row["json"])
        }
    }
}
