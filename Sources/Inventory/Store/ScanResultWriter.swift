import Foundation
import GRDB
import Tokens

/// Reads a `scanResult` (reference/workbench.md §2.1) into the store's tables, replacing what the store held
/// for those workspaces. Tolerant of the service's shapes: keys compared without case where the service
/// varies them (datamarts' `UpstreamDataflows`, `Users`), dataflows named by `objectId`, dashboards by
/// `displayName`, missing arrays and fields read as empty.
enum ScanResultWriter {
    /// Writes `result` for the workspaces `asked` (those missing from the result are gone from the tenant and
    /// leave the store too). Runs inside the caller's transaction.
    static func write(_ result: JSONValue, asked: [String], scannedAt: String, in db: Database) throws -> Int {
        let workspaces = field(result, "workspaces")?.arrayValue ?? []
        var seen = Set<String>()
        for workspace in workspaces {
            if let id = field(workspace, "id")?.stringValue { seen.insert(id.lowercased()) }
        }
        for id in Set(asked.map { $0.lowercased() }).union(seen) {
            try run(db, "DELETE FROM item WHERE workspace_id = ?", [id])
            try run(db, "DELETE FROM edge WHERE workspace_id = ?", [id])
            try run(db, "DELETE FROM access WHERE workspace_id = ?", [id])
            if !seen.contains(id) { try run(db, "DELETE FROM workspace WHERE id = ?", [id]) }
        }
        let instances = (field(result, "datasourceInstances")?.arrayValue ?? []) + (field(result, "misconfiguredDatasourceInstances")?.arrayValue ?? [])
        for instance in instances { try writeDatasource(instance, in: db) }
        var stored = 0
        for workspace in workspaces {
            guard let id = field(workspace, "id")?.stringValue, !id.isEmpty else { continue }
            try writeWorkspace(workspace, id: id, scannedAt: scannedAt, in: db)
            stored += 1
        }
        return stored
    }

    static let itemArrays = ["reports", "dashboards", "datasets", "dataflows", "datamarts"]

    static func writeWorkspace(_ workspace: JSONValue, id: String, scannedAt: String, in db: Database) throws {
        var bare = JSONObject()
        for (key, value) in workspace.objectValue ?? JSONObject() where !itemArrays.contains(key.lowercased()) && key.lowercased() != "users" {
            bare[key] = value
        }
        try run(db, """
            INSERT INTO workspace (id, name, type, state, capacity_id, on_dedicated_capacity, scanned_at, json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, state = excluded.state,
                capacity_id = excluded.capacity_id, on_dedicated_capacity = excluded.on_dedicated_capacity,
                scanned_at = excluded.scanned_at, json = excluded.json
            """, [id, text(workspace, "name") ?? "", text(workspace, "type"), text(workspace, "state"),
                             text(workspace, "capacityId"), field(workspace, "isOnDedicatedCapacity")?.boolValue ?? false ? 1 : 0,
                             scannedAt, JSONValue.object(bare).serialized()])
        try writeUsers(field(workspace, "users"), kind: "workspace", itemId: id, workspaceId: id, in: db)
        for report in field(workspace, "reports")?.arrayValue ?? [] {
            guard let reportId = text(report, "id") else { continue }
            try writeItem(report, kind: "report", id: reportId, name: text(report, "name"), subtype: text(report, "reportType"), workspaceId: id, in: db)
            if let dataset = text(report, "datasetId"), !dataset.isEmpty {
                try writeEdge(from: ("report", reportId), to: ("dataset", dataset), toWorkspace: text(report, "datasetWorkspaceId") ?? id,
                              workspaceId: id, in: db)
            }
        }
        for dashboard in field(workspace, "dashboards")?.arrayValue ?? [] {
            guard let dashboardId = text(dashboard, "id") else { continue }
            try writeItem(dashboard, kind: "dashboard", id: dashboardId, name: text(dashboard, "displayName") ?? text(dashboard, "name"),
                          subtype: nil, workspaceId: id, in: db)
            for tile in field(dashboard, "tiles")?.arrayValue ?? [] {
                if let report = text(tile, "reportId"), !report.isEmpty {
                    try writeEdge(from: ("dashboard", dashboardId), to: ("report", report), toWorkspace: nil, workspaceId: id, in: db)
                }
                if let dataset = text(tile, "datasetId"), !dataset.isEmpty {
                    try writeEdge(from: ("dashboard", dashboardId), to: ("dataset", dataset), toWorkspace: nil, workspaceId: id, in: db)
                }
            }
        }
        for dataset in field(workspace, "datasets")?.arrayValue ?? [] {
            guard let datasetId = text(dataset, "id") else { continue }
            try writeItem(dataset, kind: "dataset", id: datasetId, name: text(dataset, "name"), subtype: text(dataset, "targetStorageMode"),
                          workspaceId: id, in: db)
            try writeUpstream(dataset, from: ("dataset", datasetId), workspaceId: id, in: db)
        }
        for dataflow in field(workspace, "dataflows")?.arrayValue ?? [] {
            guard let dataflowId = text(dataflow, "objectId") ?? text(dataflow, "id") else { continue }
            try writeItem(dataflow, kind: "dataflow", id: dataflowId, name: text(dataflow, "name"), subtype: nil, workspaceId: id, in: db)
            try writeUpstream(dataflow, from: ("dataflow", dataflowId), workspaceId: id, in: db)
        }
        for datamart in field(workspace, "datamarts")?.arrayValue ?? [] {
            guard let datamartId = text(datamart, "id") else { continue }
            try writeItem(datamart, kind: "datamart", id: datamartId, name: text(datamart, "name"), subtype: text(datamart, "type"), workspaceId: id, in: db)
            try writeUpstream(datamart, from: ("datamart", datamartId), workspaceId: id, in: db)
        }
    }

    /// The upstream arrays of a dataset, dataflow or datamart, and the datasources it uses.
    static func writeUpstream(_ item: JSONValue, from: (String, String), workspaceId: String, in db: Database) throws {
        let upstream: [(array: String, key: String, kind: String)] = [
            ("upstreamDataflows", "targetDataflowId", "dataflow"), ("upstreamDatasets", "targetDatasetId", "dataset"),
            ("upstreamDatamarts", "targetDatamartId", "datamart"),
        ]
        for (array, key, kind) in upstream {
            for link in field(item, array)?.arrayValue ?? [] {
                guard let target = text(link, key), !target.isEmpty else { continue }
                try writeEdge(from: from, to: (kind, target), toWorkspace: text(link, "groupId"), workspaceId: workspaceId, in: db)
            }
        }
        for array in ["datasourceUsages", "misconfiguredDatasourceUsages"] {
            for usage in field(item, array)?.arrayValue ?? [] {
                guard let instance = text(usage, "datasourceInstanceId"), !instance.isEmpty else { continue }
                try run(db, """
                    INSERT INTO item (kind, id, name, json) VALUES ('datasource', ?, ?, '{}') ON CONFLICT DO NOTHING
                    """, [instance, instance])
                try writeEdge(from: from, to: ("datasource", instance), toWorkspace: nil, workspaceId: workspaceId, in: db)
            }
        }
    }

    static func writeItem(_ item: JSONValue, kind: String, id: String, name: String?, subtype: String?, workspaceId: String, in db: Database) throws {
        let endorsement = field(item, "endorsementDetails")
        let configuredBy: String? = {
            guard let value = field(item, "configuredBy") else { return nil }
            if let text = value.stringValue { return text }
            return value.arrayValue?.compactMap(\.stringValue).joined(separator: ", ")
        }()
        try run(db, """
            INSERT INTO item (kind, id, workspace_id, name, subtype, configured_by, endorsement, certified_by, sensitivity_label,
                              created_at, modified_at, modified_by, json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (kind, id) DO UPDATE SET workspace_id = excluded.workspace_id, name = excluded.name, subtype = excluded.subtype,
                configured_by = excluded.configured_by, endorsement = excluded.endorsement, certified_by = excluded.certified_by,
                sensitivity_label = excluded.sensitivity_label, created_at = excluded.created_at, modified_at = excluded.modified_at,
                modified_by = excluded.modified_by, json = excluded.json
            """, [kind, id, workspaceId, name ?? "", subtype, configuredBy,
                             endorsement.flatMap { text($0, "endorsement") }, endorsement.flatMap { text($0, "certifiedBy") },
                             field(item, "sensitivityLabel").flatMap { text($0, "labelId") },
                             text(item, "createdDateTime") ?? text(item, "createdDate"), text(item, "modifiedDateTime"), text(item, "modifiedBy"),
                             withoutUsers(item).serialized()])
        try writeUsers(field(item, "users"), kind: kind, itemId: id, workspaceId: workspaceId, in: db)
    }

    /// The item without its `users` array, which goes to `access` (kept once, not twice).
    static func withoutUsers(_ item: JSONValue) -> JSONValue {
        guard let object = item.objectValue, object.contains(where: { $0.key.lowercased() == "users" }) else { return item }
        return .object(JSONObject(object.members.filter { $0.key.lowercased() != "users" }))
    }

    static func writeUsers(_ users: JSONValue?, kind: String, itemId: String, workspaceId: String, in db: Database) throws {
        for user in users?.arrayValue ?? [] {
            guard let principal = text(user, "identifier") ?? text(user, "emailAddress") ?? text(user, "graphId") else { continue }
            let right = (user.objectValue ?? JSONObject()).first { $0.key.lowercased().hasSuffix("useraccessright") }?.value.stringValue
            try run(db, """
                INSERT OR REPLACE INTO access (kind, item_id, workspace_id, principal, display_name, principal_type, access_right)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [kind, itemId, workspaceId, principal, text(user, "displayName"), text(user, "principalType"), right])
        }
    }

    /// A datasource instance, and the gateway it goes through.
    static func writeDatasource(_ instance: JSONValue, in db: Database) throws {
        guard let id = text(instance, "datasourceId"), !id.isEmpty else { return }
        let details = field(instance, "connectionDetails")
        let type = text(instance, "datasourceType")
        let target = [text(details, "server"), text(details, "database")].compactMap { $0 }.joined(separator: "/")
        let place = target.isEmpty ? (text(details, "url") ?? text(details, "path") ?? text(details, "kind") ?? id) : target
        let name = type.map { "\($0): \(place)" } ?? place
        try run(db, """
            INSERT INTO item (kind, id, name, subtype, json) VALUES ('datasource', ?, ?, ?, ?)
            ON CONFLICT (kind, id) DO UPDATE SET name = excluded.name, subtype = excluded.subtype, json = excluded.json
            """, [id, name, type, instance.serialized()])
        try run(db, "DELETE FROM edge WHERE from_kind = 'datasource' AND from_id = ?", [id])
        if let gateway = text(instance, "gatewayId"), !gateway.isEmpty {
            try run(db, "INSERT INTO item (kind, id, name, json) VALUES ('gateway', ?, ?, '{}') ON CONFLICT DO NOTHING",
                    [gateway, "gateway " + gateway])
            try writeEdge(from: ("datasource", id), to: ("gateway", gateway), toWorkspace: nil, workspaceId: nil, in: db)
        }
    }

    static func writeEdge(from: (String, String), to: (String, String), toWorkspace: String?, workspaceId: String?, in db: Database) throws {
        try run(db, """
            INSERT OR REPLACE INTO edge (from_kind, from_id, to_kind, to_id, to_workspace_id, workspace_id) VALUES (?, ?, ?, ?, ?, ?)
            """, [from.0, from.1, to.0, to.1, toWorkspace, workspaceId])
    }

    /// A statement compiled once per connection and kept (a batch runs thousands of the same few).
    static func run(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    /// `object[key]`, else the first member whose key matches without case.
    static func field(_ value: JSONValue?, _ key: String) -> JSONValue? {
        guard let object = value?.objectValue else { return nil }
        if let exact = object[key] { return exact }
        return object.first { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.value
    }

    static func text(_ value: JSONValue?, _ key: String) -> String? {
        guard let member = field(value, key) else { return nil }
        if let text = member.stringValue { return text }
        if case let .number(number) = member { return number }
        return nil
    }
}
