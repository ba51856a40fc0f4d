import Foundation
import PowerBI
import Tokens

/// A Power BI call that failed, kept so that `d` can diagnose it.
public struct FailedCall: Sendable, Hashable {
    public let method: String
    public let path: String
    public let status: Int
    public let code: String?
    public let requestId: String?

    public init(method: String, path: String, status: Int, code: String?, requestId: String?) {
        self.method = method
        self.path = path
        self.status = status
        self.code = code
        self.requestId = requestId
    }
}

/// The token inspector (`t`), and the diagnosis of a failed call (`d`).
public struct InspectorView: Sendable {
    public var token: Loadable<JWT> = .idle
    public var verification: VerificationReport?
    public var diagnosed: FailedCall?
    /// The raw token is shown only after `v`.
    public var revealed = false
    public var scroll = 0
    /// `/`: only the claims whose name, value or meaning hold this (a leading `!` inverts).
    public var claimFilter = ""

    public init() {}
}
