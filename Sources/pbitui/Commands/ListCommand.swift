import ArgumentParser
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// `pbitui ls KIND`: lists items as a table or as the service's JSON.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List workspaces, reports, datasets, dashboards, dataflows or refreshes.")

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case workspaces, reports, datasets, dashboards, dataflows, refreshes
    }

    enum Output: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: "What to list: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: Kind

    @Option(help: "The workspace id.")
    var workspace: String?

    @Option(help: "The dataset id (for refreshes).")
    var dataset: String?

    @Option(help: "Keep items whose name contains this text (case-insensitive).")
    var filter: String?

    @Option(help: "table or json.")
    var output: Output = .table

    @Flag(help: "Use the built-in demo tenant.")
    var demo = false

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard kind == .workspaces else {
            throw CLIError.usage("ls \(kind.rawValue) is not available yet in this build; `ls workspaces` is")
        }
        let session = demo ? try await Session.demo() : try await Session.connect(connection)
        let objects: [JSONValue]
        do {
            objects = try await session.client.workspaceObjects()
        } catch {
            await session.close()
            throw CLIError.refused(error.description)
        }
        await session.close()
        let kept = filter.map { needle in
            objects.filter { ($0["name"]?.stringValue ?? "").localizedCaseInsensitiveContains(needle) }
        } ?? objects
        switch output {
        case .json:
            StandardOutput.write(JSONValue.array(kept).serialized(pretty: true))
        case .table:
            let workspaces = kept.compactMap(Workspace.init(json:))
            let rows = workspaces.map { [$0.id, $0.name, $0.isOnDedicatedCapacity == true ? "Dedicated" : "Shared"] }
            StandardOutput.write(PlainTable.format(headers: ["ID", "NAME", "CAPACITY"], rows: rows))
        }
    }
}
