import Foundation
import PowerBI

/// The workspace list, or why it could not be read.
public enum WorkspacesEvent: Sendable {
    case loaded([Workspace])
    case failed(message: String, requestId: String?)
}

public enum WorkspacesEffect: Sendable, Hashable {
    case load
}
