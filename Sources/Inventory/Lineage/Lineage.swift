public import Foundation
import GRDB
import Tokens
import TerminalSafety

/// An item in the lineage graph: a report, dashboard, dataset, dataflow, datamart, datasource or gateway.
public struct LineageNode: Sendable, Hashable {
    public let kind: String
    public let id: String
    public let name: String
    public let workspaceId: String?
    public let workspaceName: String?
    /// False when an edge names an item the store has not seen (in a workspace not scanned yet).
    public let known: Bool

    public init(kind: String, id: String, name: String, workspaceId: String?, workspaceName: String?, known: Bool = true) {
        self.kind = kind
        self.id = id
        self.name = name
        self.workspaceId = workspaceId
        self.workspaceName = workspaceName
        self.known = known
    }
}

/// One node of a lineage tree and what hangs under it. A node met before in the same direction is shown
/// once more without its children (`repeated`), so a graph with shared parts or a cycle stays finite.
public struct LineageBranch: Sendable, Hashable {
    public let node: LineageNode
    public let children: [LineageBranch]
    public let repeated: Bool

    public init(node: LineageNode, children: [LineageBranch], repeated: Bool) {
        self.node = node
        self.children = children
        self.repeated = repeated
    }
}

/// Upstream (what the item reads from: dataset → dataflow → datasource → gateway) and downstream (what
/// reads from it: dataset → report → dashboard) of one item.
public struct LineageTree: Sendable, Hashable {
    public let root: LineageNode
    public let upstream: [LineageBranch]
    public let downstream: [LineageBranch]
    /// True when the tree was cut at ``Lineage/nodeLimit`` nodes.
    public let truncated: Bool

    public init(root: LineageNode, upstream: [LineageBranch], downstream: [LineageBranch], truncated: Bool) {
        self.root = root
        self.upstream = upstream
        self.downstream = downstream
        self.truncated = truncated
    }
}

/// Lineage from the store (docs/STORE.md, table `edge`).
public enum Lineage {
    /// The most nodes a tree shows; a datasource shared by thousands of datasets stops there.
    public static let nodeLimit = 5000
    static let kinds = ["report", "dashboard", "dataset", "dataflow", "datamart", "datasource", "gateway"]

    /// The item named by `text`: an id (of any kind), else a name (without case; `kind:name` narrows the
    /// kind). Several matches are an error listing them.
    public static func resolve(_ text: String, in db: Database) throws -> LineageNode {
        let found = try matches(text, in: db)
        guard !found.isEmpty else {
            throw StoreError.notFound("no item named or with the id \"\(TerminalSafety.escape(text))\" in the store (run `pbitui scan` first?)")
        }
        guard found.count == 1 else {
            throw StoreError.ambiguous("\"\(TerminalSafety.escape(text))\" names \(found.count > 20 ? "more than 20" : String(found.count)) items; give an id or kind:name",
                                       candidates: found.prefix(20).map(describe))
        }
        return found[0]
    }

    /// The items `text` may name, as ``resolve(_:in:)`` reads it: at most 21 (more than 20 means "many").
    public static func matches(_ text: String, in db: Database) throws -> [LineageNode] {
        var query = text.trimmingCharacters(in: .whitespaces)
        var kind: String?
        if let colon = query.firstIndex(of: ":"), kinds.contains(String(query[..<colon]).lowercased()) {
            kind = String(query[..<colon]).lowercased()
            query = String(query[query.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        let kindClause = kind == nil ? "" : " AND i.kind = ?"
        func fetch(_ condition: String, _ value: String) throws -> [LineageNode] {
            var arguments: StatementArguments = [value]
            if let kind { arguments += [kind] }
            return try Row.fetchAll(db, sql: """
                SELECT i.kind, i.id, i.name, i.workspace_id, w.name AS workspace_name FROM item i
                LEFT JOIN workspace w ON w.id = i.workspace_id WHERE \(condition)\(kindClause) ORDER BY i.kind, i.name LIMIT 21
                """, arguments: arguments).map(node)
        }
        var found = try fetch("i.id = ?", query)
        if found.isEmpty { found = try fetch("i.name = ? COLLATE NOCASE", query) }
        if found.isEmpty {
            let escaped = query.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            found = try fetch("i.name LIKE ? ESCAPE '\\'", "%" + escaped + "%")
        }
        return found
    }

    static func node(_ row: Row) -> LineageNode {
        LineageNode(kind: row["kind"], id: row["id"], name: row["name"] ?? "", workspaceId: row["workspace_id"], workspaceName: row["workspace_name"])
    }

    /// `kind  name  (workspace)  id`, escaped for a terminal.
    public static func describe(_ node: LineageNode) -> String {
        var text = node.kind + "  " + TerminalSafety.escape(node.name)
        if let workspace = node.workspaceName { text += "  (" + TerminalSafety.escape(workspace) + ")" }
        if !node.known { text += "  [not in the store]" }
        return text + "  " + TerminalSafety.escape(node.id)
    }

    /// The item's tree, `depth` levels each way at most.
    public static func tree(of root: LineageNode, depth: Int = 12, in db: Database) throws -> LineageTree {
        var budget = nodeLimit
        var truncated = false
        func expand(_ node: LineageNode, upstream: Bool, level: Int, seen: inout Set<String>) throws -> [LineageBranch] {
            guard level < depth else { return [] }
            let sql = upstream
                ? "SELECT to_kind AS kind, to_id AS id, to_workspace_id AS hint FROM edge WHERE from_kind = ? AND from_id = ? ORDER BY to_kind, to_id"
                : "SELECT from_kind AS kind, from_id AS id, workspace_id AS hint FROM edge WHERE to_kind = ? AND to_id = ? ORDER BY from_kind, from_id"
            let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [node.kind, node.id])
            var branches: [LineageBranch] = []
            for row in rows {
                guard budget > 0 else { truncated = true; break }
                budget -= 1
                let next = try lookup(kind: row["kind"], id: row["id"], workspaceHint: row["hint"], in: db)
                let key = next.kind + ":" + next.id.lowercased()
                if !seen.insert(key).inserted {
                    branches.append(LineageBranch(node: next, children: [], repeated: true))
                    continue
                }
                let children = try expand(next, upstream: upstream, level: level + 1, seen: &seen)
                branches.append(LineageBranch(node: next, children: children, repeated: false))
            }
            return branches
        }
        var seenUp: Set<String> = [root.kind + ":" + root.id.lowercased()]
        var seenDown = seenUp
        let upstream = try expand(root, upstream: true, level: 0, seen: &seenUp)
        let downstream = try expand(root, upstream: false, level: 0, seen: &seenDown)
        return LineageTree(root: root, upstream: upstream, downstream: downstream, truncated: truncated)
    }

    static func lookup(kind: String, id: String, workspaceHint: String?, in db: Database) throws -> LineageNode {
        let statement = try db.cachedStatement(sql: """
            SELECT i.kind, i.id, i.name, i.workspace_id, w.name AS workspace_name FROM item i
            LEFT JOIN workspace w ON w.id = i.workspace_id WHERE i.kind = ? AND i.id = ?
            """)
        if let row = try Row.fetchOne(statement, arguments: [kind, id]) { return node(row) }
        let workspaceName = try workspaceHint.flatMap { try String.fetchOne(db, sql: "SELECT name FROM workspace WHERE id = ?", arguments: [$0]) }
        return LineageNode(kind: kind, id: id, name: "", workspaceId: workspaceHint, workspaceName: workspaceName, known: false)
    }

    // MARK: Findings

    /// Datasets no report reads from.
    public static func unusedDatasets(in db: Database) throws -> [LineageNode] {
        try Row.fetchAll(db, sql: """
            SELECT i.kind, i.id, i.name, i.workspace_id, w.name AS workspace_name FROM item i
            LEFT JOIN workspace w ON w.id = i.workspace_id
            WHERE i.kind = 'dataset' AND NOT EXISTS (
                SELECT 1 FROM edge e WHERE e.to_kind = 'dataset' AND e.to_id = i.id AND e.from_kind = 'report')
            ORDER BY w.name, i.name
            """).map(node)
    }

    /// Reports whose dataset is in another workspace, with that dataset.
    public static func crossWorkspaceReports(in db: Database) throws -> [(report: LineageNode, dataset: LineageNode)] {
        try Row.fetchAll(db, sql: """
            SELECT r.id AS rid, r.name AS rname, r.workspace_id AS rws, rw.name AS rwsname,
                   e.to_id AS did, d.name AS dname, COALESCE(d.workspace_id, e.to_workspace_id) AS dws, dw.name AS dwsname, d.id IS NOT NULL AS known
            FROM edge e JOIN item r ON r.kind = 'report' AND r.id = e.from_id
            LEFT JOIN workspace rw ON rw.id = r.workspace_id
            LEFT JOIN item d ON d.kind = 'dataset' AND d.id = e.to_id
            LEFT JOIN workspace dw ON dw.id = COALESCE(d.workspace_id, e.to_workspace_id)
            WHERE e.from_kind = 'report' AND e.to_kind = 'dataset'
              AND COALESCE(d.workspace_id, e.to_workspace_id) IS NOT NULL
              AND COALESCE(d.workspace_id, e.to_workspace_id) != r.workspace_id COLLATE NOCASE
            ORDER BY rwsname, rname
            """).map { row in
            (LineageNode(kind: "report", id: row["rid"], name: row["rname"] ?? "", workspaceId: row["rws"], workspaceName: row["rwsname"]),
             LineageNode(kind: "dataset", id: row["did"], name: row["dname"] ?? "", workspaceId: row["dws"], workspaceName: row["dwsname"],
                         known: row["known"]))
        }
    }

    /// Datasources read by at least `minimum` datasets, most shared first.
    public static func sharedDatasources(minimum: Int = 2, in db: Database) throws -> [(datasource: LineageNode, datasets: Int)] {
        try Row.fetchAll(db, sql: """
            SELECT s.kind, s.id, s.name, NULL AS workspace_id, NULL AS workspace_name, COUNT(DISTINCT e.from_id) AS datasets
            FROM edge e JOIN item s ON s.kind = 'datasource' AND s.id = e.to_id
            WHERE e.to_kind = 'datasource' AND e.from_kind = 'dataset'
            GROUP BY s.id HAVING datasets >= ? ORDER BY datasets DESC, s.name
            """, arguments: [minimum]).map { (node($0), $0["datasets"] as Int) }
    }
}
