import ArgumentParser
import Foundation
import PowerBI
import TerminalUI
import Tokens
import EntraAuth

/// `pbitui ls KIND`: lists items as a table or as the service's JSON.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List workspaces, reports, datasets, dashboards, dataflows or refreshes.",
        discussion: """
            Items of a workspace need --workspace (an id, a name, or `me` for My workspace); without it,
            pbitui lists the items of every workspace, four workspaces at a time. Refreshes need --workspace
            and --dataset. --output json prints the service's own objects.
            """)

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case workspaces, reports, datasets, dashboards, dataflows, refreshes
    }

    enum Output: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: "What to list: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: Kind

    @Option(help: "The workspace: its id, its name, or `me` for My workspace.")
    var workspace: String?

    @Option(help: "The dataset, by id or name (for refreshes).")
    var dataset: String?

    @Option(help: "Keep items whose name contains this text (case-insensitive).")
    var filter: String?

    @Option(help: "table or json.")
    var output: Output = .table

    @Flag(help: "Use the built-in demo tenant.")
    var demo = false

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        if kind == .refreshes, workspace == nil || dataset == nil {
            throw CLIError.usage("ls refreshes needs --workspace and --dataset")
        }
        let session = demo ? try await Session.demo() : try await Session.connect(connection)
        if kind == .workspaces, output == .json, filter == nil {
            // 10,000 workspaces pass through as the service wrote them, without a tree in between.
            let texts: [ArraySlice<UInt8>]
            do { texts = try await session.client.listAllPagesText("/groups") } catch {
                await session.close()
                throw CLIError.refused(error.description)
            }
            await session.close()
            StandardOutput.write(bytes: Self.jsonArray(texts))
            return
        }
        let rows: [(object: JSONValue, workspace: String?)]
        do {
            rows = try await fetch(session.client)
        } catch let error as CLIError {
            await session.close()
            throw error
        } catch {
            await session.close()
            throw CLIError.refused(String(describing: error))
        }
        await session.close()
        let kept = filter.map { needle in
            rows.filter { ItemText.name(of: $0.object, kind: kind).localizedCaseInsensitiveContains(needle) }
        } ?? rows
        switch output {
        case .json:
            StandardOutput.write(bytes: JSONValue.array(kept.map(\.object)).serializedBytes(pretty: true))
        case .table:
            StandardOutput.write(ItemText.table(kind, kept))
        }
    }

    /// `[` the objects, one per line, `]`.
    static func jsonArray(_ texts: [ArraySlice<UInt8>]) -> [UInt8] {
        guard !texts.isEmpty else { return Array("[]".utf8) }
        var output: [UInt8] = []
        output.reserveCapacity(texts.reduce(4) { $0 + $1.count + 4 })
        output.append(contentsOf: "[\n  ".utf8)
        for (index, text) in texts.enumerated() {
            if index > 0 { output.append(contentsOf: ",\n  ".utf8) }
            output.append(contentsOf: text)
        }
        output.append(contentsOf: "\n]".utf8)
        return output
    }

    private func fetch(_ client: PowerBIClient) async throws -> [(object: JSONValue, workspace: String?)] {
        switch kind {
        case .workspaces:
            return try await client.workspaceObjects().map { ($0, nil) }
        case .refreshes:
            let scope = try await WorkspaceArgument.resolve(workspace!, client: client)
            let dataset = try await DatasetArgument.resolve(dataset!, in: scope.scope, client: client)
            return try await client.refreshHistory(of: dataset, in: scope.scope).map { ($0.raw, nil) }
        case .reports, .datasets, .dashboards, .dataflows:
            let itemKind = ItemKind(rawValue: kind.rawValue)!
            if let workspace {
                let scope = try await WorkspaceArgument.resolve(workspace, client: client)
                return try await client.itemObjects(itemKind, in: scope.scope).map { ($0, nil) }
            }
            let workspaces = try await client.workspaces()
            let results = await BoundedConcurrency.map(workspaces, limit: 4) { workspace in
                do throws(PowerBIError) {
                    return (workspace, Result<[JSONValue], PowerBIError>.success(try await client.itemObjects(itemKind, in: .group(workspace.id))))
                } catch {
                    return (workspace, Result<[JSONValue], PowerBIError>.failure(error))
                }
            }
            var rows: [(object: JSONValue, workspace: String?)] = []
            for (workspace, result) in results {
                switch result {
                case let .success(objects): rows += objects.map { ($0, workspace.name) }
                case let .failure(error): StandardError.write("pbitui: warning: \(workspace.name): \(error)")
                }
            }
            return rows
        }
    }
}

/// `--workspace`: an id, a name (matched without case), or `me`.
enum WorkspaceArgument {
    static func resolve(_ text: String, client: PowerBIClient) async throws -> (scope: WorkspaceScope, name: String) {
        if ["me", "my", "my workspace"].contains(text.lowercased()) { return (.my, "My workspace") }
        let workspaces: [Workspace]
        do { workspaces = try await client.workspaces() } catch { throw CLIError.refused(error.description) }
        if let byId = workspaces.first(where: { ItemID.same($0.id, text) }) { return (.group(byId.id), byId.name) }
        let byName = workspaces.filter { $0.name.caseInsensitiveCompare(text) == .orderedSame }
        if byName.count == 1 { return (.group(byName[0].id), byName[0].name) }
        if byName.count > 1 { throw CLIError.usage("--workspace: \(byName.count) workspaces are named '\(text)'; give the id") }
        // An id the list does not show may still be reachable (an admin's view, a stale list): try it.
        if text.count == 36, text.filter({ $0 == "-" }).count == 4 { return (.group(text), text) }
        throw CLIError.usage("--workspace: no workspace with the id or name '\(ControlCharacters.escape(text))'")
    }
}

/// `--dataset`: an id, or a name in the workspace (matched without case).
enum DatasetArgument {
    static func resolve(_ text: String, in scope: WorkspaceScope, client: PowerBIClient) async throws -> String {
        if text.count == 36, text.filter({ $0 == "-" }).count == 4 { return text }
        let datasets: [Dataset]
        do { datasets = try await client.datasets(in: scope) } catch { throw CLIError.refused(error.description) }
        if let byId = datasets.first(where: { ItemID.same($0.id, text) }) { return byId.id }
        let byName = datasets.filter { $0.name.caseInsensitiveCompare(text) == .orderedSame }
        if byName.count == 1 { return byName[0].id }
        if byName.count > 1 { throw CLIError.usage("--dataset: \(byName.count) datasets are named '\(ControlCharacters.escape(text))'; give the id") }
        throw CLIError.usage("--dataset: no dataset with the id or name '\(ControlCharacters.escape(text))' in this workspace")
    }
}

/// How `ls` shows objects in a table.
enum ItemText {
    static func name(of object: JSONValue, kind: ListCommand.Kind) -> String {
        switch kind {
        case .dashboards: object["displayName"]?.stringValue ?? ""
        case .refreshes: object["refreshType"]?.stringValue ?? ""
        default: object["name"]?.stringValue ?? ""
        }
    }

    static func table(_ kind: ListCommand.Kind, _ rows: [(object: JSONValue, workspace: String?)]) -> String {
        let showWorkspace = rows.contains { $0.workspace != nil }
        func withWorkspace(_ headers: [String]) -> [String] { showWorkspace ? headers + ["WORKSPACE"] : headers }
        func cells(_ values: [String], _ row: (object: JSONValue, workspace: String?)) -> [String] {
            showWorkspace ? values + [row.workspace ?? ""] : values
        }
        switch kind {
        case .workspaces:
            let workspaces = rows.compactMap { Workspace(json: $0.object) }
            return PlainTable.format(headers: ["ID", "NAME", "CAPACITY"],
                                     rows: workspaces.map { [$0.id, $0.name, $0.isOnDedicatedCapacity == true ? "Dedicated" : "Shared"] })
        case .reports:
            return PlainTable.format(headers: withWorkspace(["ID", "NAME", "TYPE", "DATASET"]), rows: rows.compactMap { row in
                Report(json: row.object).map { cells([$0.id, $0.name, $0.isPaginated ? "Paginated" : "Power BI", $0.datasetId ?? ""], row) }
            })
        case .datasets:
            return PlainTable.format(headers: withWorkspace(["ID", "NAME", "REFRESHABLE", "CONFIGURED BY"]), rows: rows.compactMap { row in
                Dataset(json: row.object).map { cells([$0.id, $0.name, $0.isRefreshable == false ? "no" : "yes", $0.configuredBy ?? ""], row) }
            })
        case .dashboards:
            return PlainTable.format(headers: withWorkspace(["ID", "NAME"]), rows: rows.compactMap { row in
                Dashboard(json: row.object).map { cells([$0.id, $0.name], row) }
            })
        case .dataflows:
            return PlainTable.format(headers: withWorkspace(["ID", "NAME", "CONFIGURED BY"]), rows: rows.compactMap { row in
                Dataflow(json: row.object).map { cells([$0.id, $0.name, $0.configuredBy ?? ""], row) }
            })
        case .refreshes:
            return PlainTable.format(headers: ["REQUEST ID", "TYPE", "STATUS", "STARTED (UTC)", "DURATION", "ERROR"], rows: rows.map { row in
                let refresh = Refresh(json: row.object)
                return [refresh.requestId ?? "", refresh.refreshType?.rawValue ?? "", refresh.status ?? "",
                        refresh.startTime.map(Self.utc) ?? "", refresh.duration().map { "\(Int($0))s" } ?? "running", refresh.errorCode ?? ""]
            })
        }
    }

    static func utc(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
