import Foundation
import PowerBI
import MCP
import Tokens

/// The tools over one dataset: its refreshes, its model, DAX.
enum DatasetTools {
    /// `workspace` and `dataset` as the command line reads them: ids used as given, names looked up.
    static func target(_ arguments: [String: Value]?, _ client: PowerBIClient) async throws(ToolError) -> (scope: WorkspaceScope, id: String, rowLevelSecurity: Bool?) {
        guard let workspace = MCPValue.text(arguments, "workspace"), !workspace.isEmpty else { throw ToolError("workspace: an id or a name") }
        guard let dataset = MCPValue.text(arguments, "dataset"), !dataset.isEmpty else { throw ToolError("dataset: an id or a name") }
        let place = try await WorkspaceLookup.scope(workspace, client)
        if WorkspaceLookup.isGUID(dataset) { return (place.scope, dataset, nil) }
        let datasets: [Dataset]
        do throws(PowerBIError) { datasets = try await client.datasets(in: place.scope) } catch { throw ToolError(error) }
        let named = datasets.filter { $0.name.caseInsensitiveCompare(dataset) == .orderedSame }
        switch named.count {
        case 1: return (place.scope, named[0].id, named[0].raw["isEffectiveIdentityRequired"]?.boolValue)
        case 0: throw ToolError("no dataset named \"\(dataset)\" in \(place.name); list_items with kind datasets lists them")
        default: throw ToolError("\(named.count) datasets in \(place.name) are named \"\(dataset)\"; give the id of one: " + named.map(\.id).joined(separator: ", "))
        }
    }

    /// The newest refreshes, each failure with what its code means and what to do.
    static func refreshHistory(_ arguments: [String: Value]?, _ context: MCPContext) async throws(ToolError) -> JSONValue {
        let top = MCPValue.integer(arguments, "top") ?? 10
        guard (1...60).contains(top) else { throw ToolError("top: from 1 to 60 (the service keeps at most 60)") }
        let target = try await target(arguments, context.client)
        let refreshes: [Refresh]
        do throws(PowerBIError) { refreshes = try await context.client.refreshHistory(of: target.id, in: target.scope, top: top) } catch { throw ToolError(error) }
        return .object(JSONObject([("refreshes", .array(refreshes.map(explained)))]))
    }

    static func explained(_ refresh: Refresh) -> JSONValue {
        guard refresh.state == .failed, var object = refresh.raw.objectValue else { return refresh.raw }
        let entry = RefreshErrorCatalogue.entry(code: refresh.errorCode, description: refresh.errorDescription)
        object.insert("explanation", .object(JSONObject([("code", refresh.errorCode.map(JSONValue.string) ?? .null),
                                                         ("meaning", entry.map { .string($0.meaning) } ?? .null),
                                                         ("what_to_do", entry.map { .string($0.fix) } ?? .null)])))
        return .object(object)
    }

    static let defaultRows = 250
    static let maximumRows = 10_000

    /// One DAX query through executeQueries: the rows as objects keyed by column (a blank as null, numbers as
    /// sent), at most `max_rows`; `truncated` when the cap or the service cut it.
    static func runDAX(_ arguments: [String: Value]?, _ context: MCPContext) async throws(ToolError) -> JSONValue {
        guard let query = MCPValue.text(arguments, "query"), !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ToolError("query: a DAX query (EVALUATE …)")
        }
        let maxRows = MCPValue.integer(arguments, "max_rows") ?? defaultRows
        guard (1...maximumRows).contains(maxRows) else { throw ToolError("max_rows: from 1 to \(maximumRows)") }
        let target = try await target(arguments, context.client)
        // `auto`, as `pbitui dax`: the Arrow engine where it answers (its first result set), executeQueries otherwise;
        // a dataset it refused before goes to executeQueries straight away.
        let memory = context.daxEngines
        if memory.map({ !DAXEngineMemory.usesJSON(target.id, at: $0) }) ?? true {
            do throws(DAXFailure) {
                let answer = try await context.client.executeDaxQueries(DAXArrowRequest(query: query, rowLimit: maxRows + 1, impersonate: MCPValue.text(arguments, "impersonate")),
                                                                    dataset: target.id, in: target.scope)
                if let memory { DAXEngineMemory.remember(target.id, arrow: true, at: memory) }
                guard let set = answer.results.first else { throw DAXFailure(message: "the query gave no result set") }
                let rows = set.rows.prefix(maxRows).map { row in JSONValue.object(JSONObject(zip(set.columns, row).map { (key: $0, value: DAXResultSet.json($1)) })) }
                return .object(JSONObject([("columns", .array(set.columns.map(JSONValue.string))), ("rows", .array(rows)),
                                           ("truncated", .bool(set.rows.count > maxRows || answer.results.count > 1)), ("engine", "arrow")]))
            } catch where !error.meansArrowUnavailable {
                throw ToolError(failure: error)
            } catch {
                if let memory { DAXEngineMemory.remember(target.id, arrow: false, at: memory) }
            }
        }
        let result: DAXResult
        do throws(DAXFailure) {
            result = try await context.client.executeQuery(DAXRequest(query: query, impersonate: MCPValue.text(arguments, "impersonate"), includeNulls: true),
                                                           dataset: target.id, in: target.scope, rowLevelSecurity: target.rowLevelSecurity)
        } catch {
            throw ToolError(failure: error)
        }
        let rows = result.rows.prefix(maxRows).map { row in JSONValue.object(JSONObject(zip(result.columns, row).map { (key: $0, value: $1) })) }
        var members: [(key: String, value: JSONValue)] = [("columns", .array(result.columns.map(JSONValue.string))), ("rows", .array(rows)),
                                                          ("truncated", .bool(result.rows.count > maxRows || result.isTruncated)), ("engine", "json")]
        if let cut = result.truncation { members.append(("service_truncation", .string(cut))) }
        return .object(JSONObject(members))
    }

    /// The model: tables with their columns and measures, and the relationships (INFO.VIEW functions).
    static func modelSchema(_ arguments: [String: Value]?, _ context: MCPContext) async throws(ToolError) -> JSONValue {
        let target = try await target(arguments, context.client)
        func rows(_ function: String) async throws(ToolError) -> [[String: JSONValue]] {
            let result: DAXResult
            do throws(DAXFailure) {
                result = try await context.client.executeQuery(DAXRequest(query: "EVALUATE \(function)()", includeNulls: true), dataset: target.id,
                                                               in: target.scope, rowLevelSecurity: target.rowLevelSecurity)
            } catch {
                throw ToolError(failure: error)
            }
            // `[Name]` or `INFO.VIEW.TABLES()[Name]`: the part in brackets.
            let names = result.columns.map { $0.split(separator: "[").last.map { String($0.dropLast()) } ?? $0 }
            return result.rows.map { Dictionary(zip(names, $0), uniquingKeysWith: { first, _ in first }) }
        }
        let tables = try await rows("INFO.VIEW.TABLES")
        let columns = try await rows("INFO.VIEW.COLUMNS")
        let measures = try await rows("INFO.VIEW.MEASURES")
        let relationships = try await rows("INFO.VIEW.RELATIONSHIPS")
        func text(_ row: [String: JSONValue], _ key: String) -> JSONValue { row[key].map { $0 == .null ? .null : .string(DAXResult.text($0)) } ?? .null }
        let described = tables.compactMap { table -> JSONValue? in
            guard let name = table["Name"].map(DAXResult.text), !name.isEmpty else { return nil }
            let own = columns.filter { $0["Table"].map(DAXResult.text) == name && $0["Type"].map(DAXResult.text) != "RowNumber" }
            let ownMeasures = measures.filter { $0["Table"].map(DAXResult.text) == name }
            return .object(JSONObject([
                ("name", .string(name)),
                ("columns", .array(own.map { .object(JSONObject([("name", text($0, "Name")), ("data_type", text($0, "DataType"))])) })),
                ("measures", .array(ownMeasures.map { .object(JSONObject([("name", text($0, "Name")), ("expression", text($0, "Expression"))])) })),
            ]))
        }
        let links = relationships.map { row in
            JSONValue.object(JSONObject(["FromTable", "FromColumn", "ToTable", "ToColumn", "IsActive", "CrossFilteringBehavior"]
                .compactMap { key in row[key].map { (key: key, value: $0) } }))
        }
        return .object(JSONObject([("tables", .array(described)), ("relationships", .array(links))]))
    }

    /// The pulses: every refreshable in reach with its last refresh, failures in the window (`since`: 30m, 24h,
    /// 7d; default 24h) and next run, failing first; `failed_only` keeps those whose last refresh failed or that
    /// failed in the window. At most `top` (default 100), `truncated` when more; `problems` what could not be read.
    static func refreshHealth(_ arguments: [String: Value]?, _ context: MCPContext) async throws(ToolError) -> JSONValue {
        let since = MCPValue.text(arguments, "since") ?? "24h"
        guard let window = Pulses.window(since) else { throw ToolError("since: a window such as 30m, 24h or 7d, not '\(since)'") }
        let top = MCPValue.integer(arguments, "top") ?? 100
        guard (1...1000).contains(top) else { throw ToolError("top: from 1 to 1000") }
        let failedOnly: Bool
        if case let .bool(flag)? = arguments?["failed_only"] { failedOnly = flag } else { failedOnly = false }
        let workspaces: [Workspace]
        do throws(PowerBIError) { workspaces = try await context.client.workspaces() } catch { throw ToolError(error) }
        var (pulses, problems) = await context.client.pulses(of: workspaces, now: context.now(), window: window)
        if failedOnly { pulses = pulses.filter { $0.lastFailed || $0.failureCount > 0 } }
        return .object(JSONObject([("pulses", .array(pulses.prefix(top).map(\.json))), ("truncated", .bool(pulses.count > top)),
                                   ("problems", .array(problems.map(JSONValue.string)))]))
    }
}
