import Foundation
import PowerBI

extension TerminalApp {
    /// The screen's effects, where ``TerminalApp/carryOut(_:)`` hands them.
    func carryOut(_ effect: InventoryEffect) {
        switch effect {
        case let .load(generation, finding):
            let folder = environment.storeFolder
            background { client, _, emit in await StoreWork.inventory(generation, finding: finding, folder: folder, client, emit) }
        }
    }
}
