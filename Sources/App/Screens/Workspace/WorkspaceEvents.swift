import Foundation
import PowerBI

/// One tab's items, or why they could not be read.
public enum WorkspaceEvent: Sendable {
    case itemsLoaded(WorkspaceScope, ItemKind, [ItemRow])
    case itemsFailed(WorkspaceScope, ItemKind, message: String, requestId: String?)
}

public enum WorkspaceEffect: Sendable, Hashable {
    case loadItems(WorkspaceScope, ItemKind)
}
