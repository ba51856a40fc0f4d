import Foundation
import GRDB
import PowerBI

/// One item of the inventory as the `:inventory` screen lists it.
public struct InventoryItem: Sendable, Hashable {
    public let kind: ArtifactKind
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

    public init(kind: ArtifactKind, id: String, name: String, workspaceId: String?, workspaceName: String, owner: String, endorsement: String,
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

/// The lists `:inventory` narrows to: datasets no report reads, reports on datasets of other workspaces,
/// datasources several datasets read.
public enum InventoryFinding: String, Sendable, Hashable, CaseIterable {
    case unused
    case crossWorkspace = "cross-workspace"
    case shared

    public var title: String {
        switch self {
        case .unused: "unused datasets"
        case .crossWorkspace: "reports on other workspaces' datasets"
        case .shared: "shared datasources"
        }
    }

    /// The condition on `item i` (and the order) that keeps the finding's items.
    var condition: (where: String, order: String?) {
        switch self {
        case .unused:
            ("i.kind = 'dataset' AND NOT EXISTS (SELECT 1 FROM edge e WHERE e.to_kind = 'dataset' AND e.to_id = i.id AND e.from_kind = 'report')", nil)
        case .crossWorkspace:
            ("""
             i.kind = 'report' AND EXISTS (SELECT 1 FROM edge e LEFT JOIN item d ON d.kind = 'dataset' AND d.id = e.to_id
                 WHERE e.from_kind = 'report' AND e.from_id = i.id AND e.to_kind = 'dataset'
                   AND COALESCE(d.workspace_id, e.to_workspace_id) IS NOT NULL
                   AND COALESCE(d.workspace_id, e.to_workspace_id) != i.workspace_id COLLATE NOCASE)
             """, nil)
        case .shared:
            ("i.kind = 'datasource' AND (SELECT COUNT(DISTINCT e.from_id) FROM edge e WHERE e.to_kind = 'datasource' AND e.to_id = i.id AND e.from_kind = 'dataset') >= 2",
             "(SELECT COUNT(DISTINCT e.from_id) FROM edge e WHERE e.to_kind = 'datasource' AND e.to_id = i.id AND e.from_kind = 'dataset') DESC, i.name")
        }
    }
}

extension InventoryItem {
    /// Every item of the store's workspaces, in batches of `batch` (workspace by workspace, kinds in order), so
    /// a screen shows the first rows of a tenant of 10,000 workspaces at once. Texts that repeat (workspace
    /// names, owners, labels, capacities) share one copy.
    public static func all(in db: Database, finding: InventoryFinding? = nil, batch: Int = 20_000,
                           deliver: ([InventoryItem]) throws -> Void) throws {
        var copies: [String: String] = [:]
        func once(_ text: String?) -> String {
            guard let text, !text.isEmpty else { return "" }
            if let known = copies[text] { return known }
            copies[text] = text
            return text
        }
        let condition = finding?.condition
        let counted = finding == .shared
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT i.kind, i.id, i.name, i.workspace_id, w.name AS workspace_name, i.configured_by, i.endorsement, i.sensitivity_label,
                   w.capacity_id, i.modified_at\(counted ? ", (SELECT COUNT(DISTINCT e.from_id) FROM edge e WHERE e.to_kind = 'datasource' AND e.to_id = i.id AND e.from_kind = 'dataset') AS readers" : "")
            FROM item i LEFT JOIN workspace w ON w.id = i.workspace_id
            \(condition.map { "WHERE " + $0.where } ?? "")
            ORDER BY \(condition?.order ?? "i.workspace_id IS NULL, w.name, i.workspace_id, i.kind, i.name")
            """)
        var rows: [InventoryItem] = []
        rows.reserveCapacity(batch)
        while let row = try cursor.next() {
            var name: String = row["name"] ?? ""
            if counted { name += " (read by \(row["readers"] as Int? ?? 0) datasets)" }
            // A kind this build does not know (a store a newer pbitui wrote) is left out.
            guard let kind = ArtifactKind(rawValue: row["kind"] ?? "") else { continue }
            rows.append(InventoryItem(kind: kind, id: row["id"], name: name, workspaceId: row["workspace_id"],
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
