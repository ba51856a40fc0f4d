import Foundation
import PowerBI
import Tokens

/// A call that failed, kept so that `d` can diagnose it: every failure, answered or not.
public struct FailedCall: Sendable, Hashable {
    public let method: String
    /// The path below `/v1.0/myorg` for Power BI calls.
    public let path: String
    /// nil when no answer came (a dropped connection, a name that does not resolve, a timeout).
    public let status: Int?
    public let code: String?
    public let requestId: String?
    /// What the service said and pbitui's explanation of it, or why no answer came.
    public let message: String?

    public init(method: String, path: String, status: Int?, code: String?, requestId: String?, message: String? = nil) {
        self.method = method
        self.path = path
        self.status = status
        self.code = code
        self.requestId = requestId
        self.message = message
    }

    /// The failure of a Power BI call as the client reported it; `method` and `path` say what was asked when
    /// the error itself does not (no answer came).
    public init(_ error: PowerBIError, method: String, path: String) {
        switch error {
        case let .service(service):
            self.init(method: service.method, path: service.path, status: service.status, code: service.code, requestId: service.requestId,
                      message: [service.detail, service.advice].compactMap { $0 }.joined(separator: " — "))
        case let .malformedResponse(method, path, status, detail, requestId):
            self.init(method: method, path: path, status: status, code: nil, requestId: requestId, message: "an answer pbitui cannot read: \(detail)")
        default:
            self.init(method: method, path: path, status: nil, code: nil, requestId: nil, message: error.description)
        }
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
