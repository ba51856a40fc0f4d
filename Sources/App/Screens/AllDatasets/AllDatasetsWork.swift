import Foundation
import PowerBI

extension TerminalApp {
    /// The screen's effects, where ``TerminalApp/carryOut(_:)`` hands them.
    func carryOut(_ effect: AllDatasetsEffect) {
        switch effect {
        case let .load(entries):
            background { client, gate, emit in await BackgroundWork.allDatasets(entries, client, gate, emit) }
        }
    }
}

extension BackgroundWork {
    /// `:datasets`: every workspace's datasets through the one fan-out; each answer is shown as it comes.
    static func allDatasets(_ entries: [WorkspaceEntry], _ client: PowerBIClient, _ gate: RequestGate, _ emit: Emit) async {
        await client.itemsInEach([.datasets], of: entries, scope: \.scope, gate: gate) { entry, answers in
            for (_, result) in answers {
                switch result {
                case let .success(objects): emit.yield(.allDatasets(.arrived(entry, ItemRow.rows(.datasets, objects))))
                case let .failure(error): emit.yield(.allDatasets(.failed(entry, message: error.description)))
                }
            }
        }
    }
}
