import Foundation
import Inventory
import MCP
import PowerBI
import Tokens

/// The tools over the tenant store (what `pbitui scan` and `pbitui activity` filled): no call to the service.
enum StoreTools {
    /// The signed-in tenant's store.
    static func path(_ context: MCPContext) async throws(ToolError) -> String {
        guard let folder = context.storeFolder else { throw ToolError("no place for tenant stores: set XDG_DATA_HOME or HOME") }
        let tenant: String?
        do throws(PowerBIError) { tenant = try await context.client.currentToken().tenantId } catch { throw ToolError(error) }
        guard let tenant, let path = StoreLocation.path(tenantId: tenant, folder: folder) else {
            throw ToolError("the token names no tenant, so there is no tenant store to read")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ToolError("no tenant store for this tenant yet: `pbitui scan --lineage` (and `pbitui activity`) fill it")
        }
        return path
    }

    /// Upstream and downstream of an item (an id, a name, or `kind:name`), `depth` levels (default 4, at most 12).
    static func lineage(_ arguments: [String: Value]?, _ context: MCPContext) async throws(ToolError) -> JSONValue {
        guard let item = MCPValue.text(arguments, "item"), !item.isEmpty else { throw ToolError("item: an id, a name, or kind:name") }
        let depth = MCPValue.integer(arguments, "depth") ?? 4
        guard (1...12).contains(depth) else { throw ToolError("depth: from 1 to 12") }
        let path = try await path(context)
        do throws(StoreError) {
            let store = try TenantStore(path: path)
            return try await store.read { db in try Lineage.tree(of: Lineage.resolve(item, in: db), depth: depth, in: db) }.json
        } catch {
            if case let .ambiguous(message, candidates) = error { throw ToolError(message + ": " + candidates.joined(separator: "; ")) }
            throw ToolError(error.description)
        }
    }

    static let maximumRows = 1_000

    /// One SQL statement over the store, on a connection that cannot write; at most `max_rows` (default 200).
    static func query(_ arguments: [String: Value]?, _ context: MCPContext) async throws(ToolError) -> JSONValue {
        guard let sql = MCPValue.text(arguments, "sql"), !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ToolError("sql: one SELECT over the store (docs/STORE.md has the tables)")
        }
        let limit = MCPValue.integer(arguments, "max_rows") ?? 200
        guard (1...maximumRows).contains(limit) else { throw ToolError("max_rows: from 1 to \(maximumRows)") }
        let path = try await path(context)
        let answer: StoreQuery.Answer
        do throws(StoreError) { answer = try StoreQuery.run(sql, limit: limit, path: path) } catch { throw ToolError(error.description) }
        return .object(JSONObject([("columns", .array(answer.columns.map(JSONValue.string))), ("rows", .array(answer.rows)),
                                   ("truncated", .bool(answer.truncated))]))
    }
}
