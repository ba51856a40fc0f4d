import Foundation
import PowerBI

/// A section of an item's details, or why it could not be read.
public enum DetailsEvent: Sendable {
    case loaded(WorkspaceScope, datasetId: String, DetailsPayload)
    case failed(WorkspaceScope, datasetId: String, DetailsSection, message: String, requestId: String?)
}

public enum DetailsEffect: Sendable, Hashable {
    case load(WorkspaceScope, datasetId: String, DetailsSection)
}
