import Foundation
import PowerBI

extension TerminalApp {
    /// The screen's effects, where ``TerminalApp/carryOut(_:)`` hands them.
    func carryOut(_ effect: LineageEffect) {
        switch effect {
        case let .load(generation, target):
            let folder = environment.storeFolder
            background { client, _, emit in await StoreWork.lineage(generation, target, folder: folder, client, emit) }
        }
    }
}
