import ArgumentParser
import Foundation
import Inventory
import TerminalSafety
import TerminalUI
import Tokens

/// `pbitui lineage`: what an item reads from and what reads from it, from the tenant store (no sign-in).
struct LineageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lineage", abstract: "Upstream and downstream of an item, from the tenant store.",
        discussion: """
            ITEM is an id of any kind, a name (exact, else the only name containing it), or KIND:NAME (report, \
            dashboard, dataset, dataflow, datamart, datasource, gateway). Upstream: report → dataset → dataflow → \
            datasource → gateway; downstream the reverse. Read from the store `pbitui scan --lineage` fills (no \
            sign-in): --tenant names the tenant when there are several stores. Without ITEM: --unused (datasets \
            no report reads), --cross-workspace (reports on datasets in other workspaces), --shared-datasources \
            (datasources read by several datasets).
            """)

    enum Output: String, ExpressibleByArgument, CaseIterable { case tree, json, dot }

    @Argument(help: "The item: an id, a name, or KIND:NAME.")
    var item: String?

    @Option(help: "tree, json or dot (Graphviz).")
    var output: Output = .tree

    @Option(help: "Levels to follow each way.")
    var depth = 12

    @Flag(help: "Datasets no report reads from.")
    var unused = false

    @Flag(help: "Reports whose dataset is in another workspace.")
    var crossWorkspace = false

    @Flag(help: "Datasources read by several datasets, most shared first.")
    var sharedDatasources = false


    @OptionGroup var storeOptions: StoreOptions

    /// The options every command that signs in takes, accepted so one set of flags serves every command.
    /// Nothing signs in: --tenant (or the profile's tenant) picks the store, the others are not used.
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        let findings = [unused, crossWorkspace, sharedDatasources].filter { $0 }.count
        if item == nil, findings == 0 { throw ValidationError("name an ITEM, or ask for --unused, --cross-workspace or --shared-datasources") }
        if item != nil, findings > 0 { throw ValidationError("ITEM and --unused, --cross-workspace, --shared-datasources exclude each other") }
        if findings > 1 { throw ValidationError("one of --unused, --cross-workspace, --shared-datasources at a time") }
        guard (1...50).contains(depth) else { throw ValidationError("--depth: between 1 and 50") }
    }

    func run() throws {
        let tenant = try connection.demo ? StoreOptions.demoTenantId : connection.tenant ?? connection.selectedProfile()?.tenant
        let path = try storeOptions.path(tenantId: tenant)
        guard storeOptions.store != nil || FileManager.default.fileExists(atPath: path) else {
            let byDomain = tenant?.contains(".") == true ? " (stores are named by tenant id, not domain: give the id, or --store PATH)" : ""
            throw CLIError.usage("no tenant store at \(TerminalSafety.escape(path)): run `pbitui scan --lineage` first" + byDomain)
        }
        let store = try StoreOptions.open(path)
        if let item {
            let depth = self.depth
            let result: Result<LineageTree, StoreError>
            do throws(StoreError) {
                result = .success(try store.read { db in try Lineage.tree(of: Lineage.resolve(item, in: db), depth: depth, in: db) })
            } catch {
                result = .failure(error)
            }
            let tree: LineageTree
            switch result {
            case let .success(found): tree = found
            case let .failure(error):
                if case .database = error { throw CLIError.refused(TerminalSafety.escape(error.description)) }
                throw CLIError.usage(error.description)
            }
            switch output {
            case .tree: StandardOutput.write(tree.text)
            case .json: StandardStream.write(Array(JSONValue.terminalSafe(tree.json.serializedBytes(pretty: true)[...])) + [0x0A], to: STDOUT_FILENO)
            case .dot: StandardOutput.write(tree.dot)
            }
            return
        }
        do { try findings(store) } catch {
            throw CLIError.refused(TerminalSafety.escape(String(describing: error)))
        }
    }

    private func findings(_ store: TenantStore) throws {
        func node(_ node: LineageNode) -> JSONValue {
            .object(JSONObject([("kind", .string(node.kind.rawValue)), ("id", .string(node.id)), ("name", .string(node.name)),
                                ("workspaceId", node.workspaceId.map(JSONValue.string) ?? .null),
                                ("workspaceName", node.workspaceName.map(JSONValue.string) ?? .null)]))
        }
        let headers: [String]
        let rows: [[String]]
        let json: JSONValue
        if unused {
            let found = try store.read { db in try Lineage.unusedDatasets(in: db) }
            headers = ["DATASET", "WORKSPACE", "ID"]
            rows = found.map { [$0.name, $0.workspaceName ?? "", $0.id] }
            json = .array(found.map(node))
        } else if crossWorkspace {
            let found = try store.read { db in try Lineage.crossWorkspaceReports(in: db) }
            headers = ["REPORT", "WORKSPACE", "DATASET", "DATASET WORKSPACE", "REPORT ID"]
            rows = found.map { [$0.report.name, $0.report.workspaceName ?? "", $0.dataset.name.isEmpty ? $0.dataset.id : $0.dataset.name,
                                $0.dataset.workspaceName ?? $0.dataset.workspaceId ?? "", $0.report.id] }
            json = .array(found.map { .object(JSONObject([("report", node($0.report)), ("dataset", node($0.dataset))])) })
        } else {
            let found = try store.read { db in try Lineage.sharedDatasources(in: db) }
            headers = ["DATASOURCE", "DATASETS", "ID"]
            rows = found.map { [$0.datasource.name, String($0.datasets), $0.datasource.id] }
            json = .array(found.map { .object(JSONObject([("datasource", node($0.datasource)), ("datasets", .int($0.datasets))])) })
        }
        if output == .json {
            StandardStream.write(Array(JSONValue.terminalSafe(json.serializedBytes(pretty: true)[...])) + [0x0A], to: STDOUT_FILENO)
        } else {
            StandardOutput.write(PlainTable.format(headers: headers, rows: rows))
        }
    }
}
