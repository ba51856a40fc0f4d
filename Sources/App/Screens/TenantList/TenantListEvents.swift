import Foundation
import PowerBI
import Tokens

/// A tenant list's objects, or why it could not be read.
public enum TenantListEvent: Sendable {
    case loaded(TenantKind, Result<[JSONValue], LastRefreshFailure>, requestId: String?)
}

public enum TenantListEffect: Sendable, Hashable {
    /// `GET /apps`, `GET /capacities`.
    case load(TenantKind)
}
