import Foundation
import PowerBI

/// `:go!`: one workspace's datasets and reports (those that match are kept), for search `generation`.
public enum PickerEvent: Sendable {
    case tenantAnswered(generation: Int, found: [Pin])
}

public enum PickerEffect: Sendable, Hashable {
    /// `:go!`: every workspace's datasets and reports, through the one fan-out.
    case searchTenant(generation: Int, workspaces: [Workspace], query: String)
}
