import Foundation
import GRDB
import PowerBI
import Tokens
import TerminalSafety

/// An item in the lineage graph: a report, dashboard, dataset, dataflow, datamart, datasource or gateway.
public struct LineageNode: Sendable, Hashable {
    public let kind: ArtifactKind
    public let id: String
    public let name: String
    public let workspaceId: String?
    public let workspaceName: String?
    /// False when an edge names an item the store has not seen (in a workspace not scanned yet).
    public let known: Bool

    public init(kind: ArtifactKind, id: String, name: String, workspaceId: String?, workspaceName: String?, known: Bool = true) {
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
        var kind: ArtifactKind?
        if let colon = query.firstIndex(of: ":"), let named = ArtifactKind(rawValue: String(query[..<colon]).lowercased()), ArtifactKind.stored.contains(named) {
            kind = named
            query = String(query[query.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        let kindClause = kind == nil ? "" : " AND i.kind = ?"
        func fetch(_ condition: String, _ value: String) throws -> [LineageNode] {
            var arguments: StatementArguments = [value]
            if let kind { arguments += [kind.rawValue] }
            return try Row.fetchAll(db, sql: """
                SELECT i.kind, i.id, i.name, i.workspace_id, w.name AS workspace_name FROM item i
                LEFT JOIN workspace w ON w.id = i.workspace_id WHERE \(condition)\(kindClause) ORDER BY i.kind, i.name LIMIT 21
                """, arguments: arguments).compactMap(node)
        }
        var found = try fetch("i.id = ?", query)
        if found.isEmpty { found = try fetch("i.name = ? COLLATE NOCASE", query) }
        if found.isEmpty {
            let escaped = query.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            found = try fetch("i.name LIKE ? ESCAPE '\\'", "%" + escaped + "%")
        }
        return found
    }

    /// A row of `item` as a node; nil for a kind this build does not know (a store a newer pbitui wrote).
    static func node(_ row: Row) -> LineageNode? {
        guard let kind = ArtifactKind(rawValue: row["kind"] ?? "") else { return nil }
        return LineageNode(kind: kind, id: row["id"], name: row["name"] ?? "", workspaceId: row["workspace_id"], workspaceName: row["workspace_name"])
    }

    /// `kind  name  (workspace)  id`, escaped for a terminal.
    public static func describe(_ node: LineageNode) -> String {
        var text = node.kind.rawValue + "  " + TerminalSafety.escape(node.name)
        if let workspace = node.workspaceName { text += "  (" + TerminalSafety.escape(workspace) + ")" }
        if !node.known { text += "  [not in the store]" }
        return text + "  " + TerminalSafety.escape(node.id)
    }

    /// The item's tree, `depth` levels each way at most. Read level by level: one query for each kind of
    /// item at a level (in chunks of 500 ids), the items' names and workspaces joined in, so a datasource
    /// read by a thousand datasets costs a handful of queries, not one per item. An item met again (at the
    /// same or a deeper level) is shown without its children, so shared parts and cycles end.
    public static func tree(of root: LineageNode, depth: Int = 12, in db: Database) throws -> LineageTree {
        var budget = nodeLimit
        var truncated = false
        func key(_ kind: ArtifactKind, _ id: String) -> String { kind.rawValue + ":" + id.lowercased() }
        func expand(upstream: Bool) throws -> [LineageBranch] {
            var nodes: [String: LineageNode] = [key(root.kind, root.id): root]
            var children: [String: [(key: String, repeated: Bool)]] = [:]
            var seen: Set<String> = [key(root.kind, root.id)]
            var frontier = [key(root.kind, root.id)]
            var level = 0
            while !frontier.isEmpty, level < depth, !truncated {
                var found: [String: [(key: String, node: LineageNode)]] = [:]
                var byKind: [ArtifactKind: [String]] = [:]
                for parent in frontier { byKind[nodes[parent]!.kind, default: []].append(nodes[parent]!.id) }
                for (kind, ids) in byKind.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    for start in stride(from: 0, to: ids.count, by: 500) {
                        let chunk = Array(ids[start..<min(ids.count, start + 500)])
                        for (parent, child) in try neighbours(of: kind, ids: chunk, upstream: upstream, in: db) {
                            found[key(kind, parent), default: []].append((key(child.kind, child.id), child))
                        }
                    }
                }
                var next: [String] = []
                for parent in frontier {
                    let list = (found[parent] ?? []).sorted { ($0.node.kind.rawValue, $0.node.id) < ($1.node.kind.rawValue, $1.node.id) }
                    var kept: [(key: String, repeated: Bool)] = []
                    for (childKey, child) in list {
                        guard budget > 0 else { truncated = true; break }
                        budget -= 1
                        if nodes[childKey] == nil { nodes[childKey] = child }
                        let fresh = seen.insert(childKey).inserted
                        kept.append((childKey, !fresh))
                        if fresh { next.append(childKey) }
                    }
                    children[parent] = kept
                }
                frontier = next
                level += 1
            }
            func build(_ parent: String) -> [LineageBranch] {
                (children[parent] ?? []).map { child in
                    LineageBranch(node: nodes[child.key]!, children: child.repeated ? [] : build(child.key), repeated: child.repeated)
                }
            }
            return build(key(root.kind, root.id))
        }
        let upstream = try expand(upstream: true)
        let downstream = try expand(upstream: false)
        return LineageTree(root: root, upstream: upstream, downstream: downstream, truncated: truncated)
    }

    /// The items next to `ids` (all of `kind`): what they read from (`upstream`) or what reads from them,
    /// each with its parent's id as the edge names it.
    static func neighbours(of kind: ArtifactKind, ids: [String], upstream: Bool, in db: Database) throws -> [(parent: String, node: LineageNode)] {
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        let (parent, childKind, childId, hint, near) = upstream
            ? ("e.from_id", "e.to_kind", "e.to_id", "e.to_workspace_id", "e.from_kind")
            : ("e.to_id", "e.from_kind", "e.from_id", "e.workspace_id", "e.to_kind")
        let sql = """
            SELECT \(parent) AS parent, \(childKind) AS kind, \(childId) AS id, i.name AS name, COALESCE(i.workspace_id, \(hint)) AS workspace_id,
                   COALESCE(w.name, hw.name) AS workspace_name, i.id IS NOT NULL AS known
            FROM edge e
            LEFT JOIN item i ON i.kind = \(childKind) AND i.id = \(childId)
            LEFT JOIN workspace w ON w.id = i.workspace_id
            LEFT JOIN workspace hw ON hw.id = \(hint)
            WHERE \(near) = ? AND \(parent) IN (\(marks))
            """
        let arguments = StatementArguments([kind.rawValue] + ids)
        // Columns by position: a name lookup per value would cost more than the query.
        var found: [(parent: String, node: LineageNode)] = []
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let row = try rows.next() {
            guard let childKind = ArtifactKind(rawValue: row[1] as String) else { continue }
            found.append((row[0], LineageNode(kind: childKind, id: row[2], name: row[3] ?? "", workspaceId: row[4], workspaceName: row[5], known: row[6])))
        }
        return found
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
            """).compactMap(node)
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
            (LineageNode(kind: .report, id: row["rid"], name: row["rname"] ?? "", workspaceId: row["rws"], workspaceName: row["rwsname"]),
             LineageNode(kind: .dataset, id: row["did"], name: row["dname"] ?? "", workspaceId: row["dws"], workspaceName: row["dwsname"],
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
            """, arguments: [minimum]).compactMap { row in node(row).map { ($0, row["datasets"] as Int) } }
    }
}
