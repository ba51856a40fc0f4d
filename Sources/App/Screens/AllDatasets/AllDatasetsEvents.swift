import Foundation

/// One workspace's datasets for `:datasets`, or why they could not be read.
public enum AllDatasetsEvent: Sendable {
    case arrived(WorkspaceEntry, [ItemRow])
    case failed(WorkspaceEntry, message: String)
}

public enum AllDatasetsEffect: Sendable, Hashable {
    /// The datasets of these workspaces through the one fan-out, each answer an event of its own.
    case load([WorkspaceEntry])
}
