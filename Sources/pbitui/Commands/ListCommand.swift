import ArgumentParser
import Foundation
import PowerBI
import TerminalUI
import Tokens
import EntraAuth
import ListOutput
import TerminalSafety

/// `pbitui ls KIND`: lists items as a table, CSV, or the service's JSON. The columns of a workspace's items
/// come from their kind's specification (``ItemKindSpec``), the same the workspace tabs show.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List workspaces, their items and users, a dataset's refreshes, apps or capacities.",
        discussion: """
            Items of a workspace need --workspace (an id, a name, or `me` for My workspace); without it, \
            pbitui lists the items (or users) of every workspace, four workspaces at a time. \
            --app APP (an id or a name) lists an installed app's reports or dashboards (user sign-ins). \
            Refreshes need --workspace and --dataset. --output json prints the service's own objects; \
            --output csv prints the table's columns as RFC 4180 CSV (UTF-8, CRLF line ends, one header row).
            """)

    /// What `ls` lists: workspaces, a dataset's refreshes, or any kind of workspace item.
    enum Kind: ExpressibleByArgument, Equatable, CustomStringConvertible {
        case workspaces
        case refreshes
        case items(ItemKind)
        case tenant(TenantKind)

        init?(argument: String) {
            switch argument.lowercased() {
            case "workspaces": self = .workspaces
            case "refreshes": self = .refreshes
            default:
                if let kind = ItemKind(named: argument) { self = .items(kind) }
                else if let kind = TenantKind(named: argument) { self = .tenant(kind) }
                else { return nil }
            }
        }

        static var allValueStrings: [String] {
            ["workspaces"] + ItemKind.allCases.map(\.rawValue) + ["refreshes"] + TenantKind.allCases.map(\.rawValue)
        }
        static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }

        var description: String {
            switch self {
            case .workspaces: "workspaces"
            case .refreshes: "refreshes"
            case let .items(kind): kind.rawValue
            case let .tenant(kind): kind.rawValue
            }
        }
    }

    enum Output: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @Argument(help: "What to list: \(Kind.allValueStrings.joined(separator: ", ")).")
    var kind: Kind

    @Option(help: "The workspace: its id, its name, or `me` for My workspace.")
    var workspace: String?

    @Option(help: "An app installed for you, by id or name: its reports or dashboards (user sign-ins only).")
    var app: String?

    @Option(help: "The dataset, by id or name (for refreshes).")
    var dataset: String?

    @Option(help: "Keep items whose name contains this text (case-insensitive).")
    var filter: String?

    @Option(help: "table, csv or json.")
    var output: Output = .table


    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        if kind == .refreshes, workspace == nil || dataset == nil {
            throw CLIError.usage("ls refreshes needs --workspace and --dataset")
        }
        if app != nil {
            guard workspace == nil else { throw CLIError.usage("--app and --workspace name two places: give one") }
            guard case let .items(itemKind) = kind, itemKind.spec.inApps else {
                throw CLIError.usage("--app lists an app's reports or dashboards: ls reports --app APP, ls dashboards --app APP")
            }
        }
        if kind == .workspaces, output == .json, filter == nil {
            // 10,000 workspaces pass through as the service wrote them, without a tree in between.
            let objects: JSONPassThrough = try await connection.withSession { session in
                do { return try await session.client.listAllPagesText("/groups") } catch { throw CLIError.failure(error) }
            }
            objects.writeArray { StandardStream.write($0, to: STDOUT_FILENO) }
            StandardStream.write([0x0A], to: STDOUT_FILENO)
            return
        }
        let rows: [ListedObject] = try await connection.withSession { session in
            var rows: [ListedObject]
            do {
                rows = try await fetch(session.client)
            } catch let error as CLIError {
                throw error
            } catch {
                throw CLIError.failure(error)
            }
            if let needle = filter {
                rows = rows.filter { TextMatch.contains(ItemText.name(of: $0.object, kind: kind), needle) }
            }
            if kind == .items(.datasets), output != .json {
                // What an administrator looks for first: each dataset's last refresh, four requests at a time.
                rows = await Self.withLastRefreshes(rows, client: session.client)
            }
            return rows
        }
        switch output {
        case .json:
            // The service's own objects: My workspace has none.
            StandardOutput.write(bytes: JSONValue.array(rows.filter { $0.scope != .my }.map(\.object)).serializedBytes(pretty: true))
        case .table:
            let table = ItemText.columns(kind, rows)
            StandardOutput.write(PlainTable.format(headers: table.headers, rows: table.rows))
        case .csv:
            let table = ItemText.columns(kind, rows)
            // Ends with the last record's CRLF: no newline after it.
            CSVOutput.bytes(headers: table.headers, rows: table.rows).withUnsafeBytes { StandardStream.write($0, to: STDOUT_FILENO) }
        }
    }

    /// Each refreshable dataset's newest history row (`$top=1`), at most four requests in flight.
    static func withLastRefreshes(_ rows: [ListedObject], client: PowerBIClient) async -> [ListedObject] {
        await BoundedConcurrency.map(rows, limit: 4) { row in
            var row = row
            guard let id = row.object["id"]?.stringValue, let scope = row.scope,
                  Dataset(json: row.object)?.isRefreshable != false else { return row }
            do throws(PowerBIError) {
                row.lastRefresh = .loaded(try await client.refreshHistory(of: id, in: scope, top: 1).first)
            } catch {
                let reason = if case let .service(service) = error { "HTTP \(service.status)" } else { "no answer" }
                row.lastRefresh = .unavailable(reason)
            }
            return row
        }
    }

    private func fetch(_ client: PowerBIClient) async throws -> [ListedObject] {
        switch kind {
        case .workspaces:
            let workspaces = try await client.workspaceObjects().map { ListedObject(object: $0) }
            // A user's My workspace comes first, as on the screen; it has no object of its own in the API.
            let user = (try? await client.currentToken())?.kind == .delegated
            return workspaces.withMyWorkspace(user: user)
        case .refreshes:
            let scope = try await WorkspaceArgument.resolve(workspace!, client: client)
            let dataset = try await DatasetArgument.resolve(dataset!, in: scope.scope, client: client)
            return try await client.refreshHistory(of: dataset, in: scope.scope).map { ListedObject(object: $0.raw) }
        case let .tenant(tenantKind):
            return try await client.list(tenantKind.spec.path).map { ListedObject(object: $0) }
        case let .items(itemKind):
            if let app {
                let scope = try await AppArgument.resolve(app, client: client)
                return try await client.itemObjects(itemKind, in: scope.scope).map { ListedObject(object: $0, scope: scope.scope) }
            }
            if let workspace {
                let scope = try await WorkspaceArgument.resolve(workspace, client: client)
                guard itemKind.spec.path(in: scope.scope) != nil else {
                    throw CLIError.usage("My workspace has no list of \(itemKind.rawValue)")
                }
                return try await client.itemObjects(itemKind, in: scope.scope).map { ListedObject(object: $0, scope: scope.scope) }
            }
            let workspaces = try await client.workspaces()
            var rows: [ListedObject] = []
            for (workspace, answers) in await client.itemsInEach([itemKind], of: workspaces, scope: { .group($0.id) }) {
                for (_, result) in answers {
                    switch result {
                    case let .success(objects): rows += objects.map { ListedObject(object: $0, workspace: workspace.name, scope: .group(workspace.id)) }
                    case let .failure(error): StandardError.write("pbitui: warning: \(TerminalSafety.escape(workspace.name)): \(error)")
                    }
                }
            }
            return rows
        }
    }
}

/// `--app`: an installed app's id, or its name (matched without case).
enum AppArgument {
    static func resolve(_ text: String, client: PowerBIClient) async throws -> (scope: WorkspaceScope, name: String) {
        let apps: [JSONValue]
        do { apps = try await client.list(TenantListSpec.apps.path) } catch { throw CLIError.failure(error) }
        let spec = TenantListSpec.apps
        let named = apps.filter { spec.name(of: $0).caseInsensitiveCompare(text) == .orderedSame }
        let byId: JSONValue? = apps.first { spec.id(of: $0).map { ItemID.same($0, text) } == true }
        let match: JSONValue? = byId ?? (named.count == 1 ? named.first : Optional<JSONValue>.none)
        guard let match, let id = spec.id(of: match) else {
            if named.count > 1 { throw CLIError.usage("\(named.count) apps are named \(TerminalSafety.escape(text)); give the id") }
            throw CLIError.usage("no app \(TerminalSafety.escape(text)) is installed for this identity (pbitui ls apps lists them)")
        }
        return (TenantKind.apps.itemScope(id: id)!, spec.name(of: match))
    }
}

/// `--workspace`: an id, a name (matched without case), or `me`. An id is used as given: no list is asked
/// for (an administrator's list of 10,000 workspaces is three pages); a name is looked up.
enum WorkspaceArgument {
    static func resolve(_ text: String, client: PowerBIClient) async throws -> (scope: WorkspaceScope, name: String) {
        if ["me", "my", "my workspace"].contains(text.lowercased()) { return (.my, "My workspace") }
        if ItemID.isID(text) { return (.group(text), text) }
        let workspaces: [Workspace]
        do { workspaces = try await client.workspaces() } catch { throw CLIError.failure(error) }
        if let byId = workspaces.first(where: { ItemID.same($0.id, text) }) { return (.group(byId.id), byId.name) }
        let byName = workspaces.filter { $0.name.caseInsensitiveCompare(text) == .orderedSame }
        if byName.count == 1 { return (.group(byName[0].id), byName[0].name) }
        if byName.count > 1 { throw CLIError.usage("--workspace: \(byName.count) workspaces are named '\(text)'; give the id") }
        throw CLIError.usage("--workspace: no workspace with the id or name '\(TerminalSafety.escape(text))'" + DidYouMean.hint(text, among: workspaces.map(\.name)))
    }
}

/// `--dataset`: an id, or a name in the workspace (matched without case).
enum DatasetArgument {
    static func resolve(_ text: String, in scope: WorkspaceScope, client: PowerBIClient) async throws -> String {
        if ItemID.isID(text) { return text }
        let datasets: [Dataset]
        do { datasets = try await client.datasets(in: scope) } catch { throw CLIError.failure(error) }
        if let byId = datasets.first(where: { ItemID.same($0.id, text) }) { return byId.id }
        let byName = datasets.filter { $0.name.caseInsensitiveCompare(text) == .orderedSame }
        if byName.count == 1 { return byName[0].id }
        if byName.count > 1 { throw CLIError.usage("--dataset: \(byName.count) datasets are named '\(TerminalSafety.escape(text))'; give the id") }
        throw CLIError.usage("--dataset: no dataset with the id or name '\(TerminalSafety.escape(text))' in this workspace" + DidYouMean.hint(text, among: datasets.map(\.name)))
    }
}

/// One object `ls` lists, with where it came from and, for datasets in a table, its last refresh.
struct ListedObject: Sendable {
    enum LastRefresh: Sendable {
        case loaded(Refresh?)
        case unavailable(String)
    }

    var object: JSONValue
    /// The workspace's name when items of every workspace are listed.
    var workspace: String?
    var scope: WorkspaceScope?
    var lastRefresh: LastRefresh?
}

extension [ListedObject] {
    /// My workspace first for a user's token (`me`, as `--workspace me` names it).
    func withMyWorkspace(user: Bool) -> [ListedObject] {
        user ? [ListedObject(object: .object(JSONObject([("name", .string("My workspace"))])), scope: .my)] + self : self
    }
}

/// The columns `ls` prints, as a table or as CSV: the id first (for scripts: `awk '{print $1}'`), the name,
/// the kind's own columns, a dataset's last refresh, and the workspace when items of every workspace are
/// listed.
enum ItemText {
    static func name(of object: JSONValue, kind: ListCommand.Kind) -> String {
        switch kind {
        case .workspaces: object["name"]?.stringValue ?? ""
        case .refreshes: object["refreshType"]?.stringValue ?? ""
        case let .items(itemKind): itemKind.spec.name(of: object)
        case let .tenant(tenantKind): tenantKind.spec.name(of: object)
        }
    }

    static func columns(_ kind: ListCommand.Kind, _ rows: [ListedObject], now: Date = Date()) -> (headers: [String], rows: [[String]]) {
        switch kind {
        case .workspaces:
            return (["ID", "NAME", "CAPACITY"], rows.compactMap { row in
                if row.scope == .my { return ["me", "My workspace", "Shared"] }
                return Workspace(json: row.object).map { [$0.id, $0.name, $0.isOnDedicatedCapacity == true ? "Dedicated" : "Shared"] }
            })
        case .refreshes:
            return (["REQUEST ID", "TYPE", "STATUS", "STARTED", "DURATION", "ERROR"], rows.map { row in
                let refresh = Refresh(json: row.object)
                return [refresh.requestId ?? "", refresh.refreshType?.rawValue ?? "", refresh.state.description,
                        refresh.startTime.map { HumanTime.local($0) } ?? "", refresh.duration().map(HumanTime.duration) ?? "running",
                        refresh.errorCode ?? ""]
            })
        case let .tenant(tenantKind):
            let spec = tenantKind.spec
            return ([spec.idHeader, "NAME"] + spec.columns.map(\.header), rows.compactMap { row in
                spec.id(of: row.object).map { [$0, spec.name(of: row.object)] + spec.cells(of: row.object) }
            })
        case let .items(itemKind):
            let spec = itemKind.spec
            let showWorkspace = rows.contains { $0.workspace != nil }
            var headers = [spec.idHeader, "NAME"] + spec.columns.map(\.header)
            if spec.refreshable { headers += ["LAST REFRESH", "ENDED", "DURATION"] }
            if showWorkspace { headers.append("WORKSPACE") }
            return (headers, rows.compactMap { row in
                guard let id = spec.id(of: row.object) else { return nil }
                var cells = [id, spec.name(of: row.object)] + spec.cells(of: row.object)
                if spec.refreshable { cells += lastRefreshCells(row.lastRefresh, now: now) }
                if showWorkspace { cells.append(row.workspace ?? "") }
                return cells
            })
        }
    }

    /// LAST REFRESH, ENDED, DURATION of a dataset: the status (with the error code of a failure), when it
    /// ended in local time with the zone named, and how long it took, as the UI writes them.
    static func lastRefreshCells(_ last: ListedObject.LastRefresh?, now: Date) -> [String] {
        switch last {
        case nil: return ["", "", ""]
        case let .unavailable(reason)?: return ["? (\(reason))", "", ""]
        case .loaded(nil)?: return ["never", "", ""]
        case let .loaded(refresh?)?:
            var status = refresh.state.description
            if let code = refresh.errorCode { status += " " + code }
            guard refresh.state.isFinal else {
                return [status, "", refresh.startTime.map { "running " + HumanTime.duration(now.timeIntervalSince($0)) } ?? "running"]
            }
            return [status, (refresh.endTime ?? refresh.startTime).map { HumanTime.local($0) } ?? "",
                    refresh.duration().map(HumanTime.duration) ?? ""]
        }
    }
}
