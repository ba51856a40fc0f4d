public import Foundation

/// How ``PowerBIClient`` retries. Only what cannot do harm is retried: GETs after a server error or a
/// broken connection, and any request after a 429 (which proves it was not accepted).
public struct RetryPolicy: Sendable, Hashable {
    /// The longest `Retry-After` waited out without asking; longer ones come back as errors, because a
    /// person should decide whether to wait 56 minutes (reference/powerbi.md §3.4).
    public var maximumAutomaticWait: Duration
    /// How many 429s in a row are waited out before giving up.
    public var throttleAttempts: Int
    /// Tries of a GET in all, counting the first.
    public var idempotentAttempts: Int
    /// The first pause between GET tries; it doubles each time.
    public var backoff: Duration

    public init(maximumAutomaticWait: Duration = .seconds(30), throttleAttempts: Int = 5, idempotentAttempts: Int = 3,
                backoff: Duration = .milliseconds(300)) {
        self.maximumAutomaticWait = maximumAutomaticWait
        self.throttleAttempts = throttleAttempts
        self.idempotentAttempts = idempotentAttempts
        self.backoff = backoff
    }

    /// No retries at all, for tests that count requests.
    public static let none = RetryPolicy(maximumAutomaticWait: .zero, throttleAttempts: 0, idempotentAttempts: 1, backoff: .zero)
}

/// A wait for `Retry-After` that the client is sitting out.
public struct ThrottleNotice: Sendable, Hashable {
    public let method: String
    public let path: String
    public let seconds: Int
    public let until: Date
    public let requestId: String?

    public init(method: String, path: String, seconds: Int, until: Date, requestId: String?) {
        self.method = method
        self.path = path
        self.seconds = seconds
        self.until = until
        self.requestId = requestId
    }
}
