import Foundation
import PowerBI

extension TerminalApp {
    /// The screen's effects, where ``TerminalApp/carryOut(_:)`` hands them.
    func carryOut(_ effect: PickerEffect) {
        switch effect {
        case let .searchTenant(generation, workspaces, query):
            background { client, gate, emit in await BackgroundWork.searchTenant(generation, workspaces, query: query, client, gate, emit) }
        }
    }
}

extension BackgroundWork {
    /// `:go!`: each workspace's datasets and reports, through the one fan-out; the names that match go back,
    /// one answer a workspace.
    static func searchTenant(_ generation: Int, _ workspaces: [Workspace], query: String, _ client: PowerBIClient, _ gate: RequestGate, _ emit: Emit) async {
        await client.itemsInEach([.datasets, .reports], of: workspaces.map(WorkspaceEntry.init), scope: \.scope, gate: gate, priority: .background) { entry, answers in
            let found = answers.flatMap { kind, result in
                ((try? result.get()).map { ItemRow.rows(kind, $0) } ?? []).filter { FuzzyMatch.score(query, in: $0.name) != nil }
                    .compactMap { Pin.item($0, in: entry, now: Date()) }
            }
            emit.yield(.picker(.tenantAnswered(generation: generation, found: found)))
        }
    }
}
