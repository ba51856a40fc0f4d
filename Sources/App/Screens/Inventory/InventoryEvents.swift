import Foundation
import Inventory

/// A batch of `:inventory` rows; `done` with the last, `failure` when the store could not be read.
public enum InventoryEvent: Sendable {
    case arrived(generation: Int, [InventoryItem], done: Bool, failure: String?)
}

public enum InventoryEffect: Sendable, Hashable {
    /// Every item of the tenant store, in batches.
    case load(generation: Int, finding: InventoryFinding?)
}
