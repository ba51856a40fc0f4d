public import Foundation

/// How a refresh is followed to its end, in one place for the screen and `refresh --wait`: when to look,
/// how a look that finds no answer is tried again, and when to stop looking.
///
/// A refresh goes on in the service whether or not pbitui can see it, so a failed look is not the end:
/// the next comes ``afterFailedLook`` later, for up to ``giveUpAfter`` (the service's own limit for a
/// refresh on shared capacity is 2 hours; the history still tells the end). Only an answer that looking
/// again cannot change (a 4xx other than 408 and 429: no rights, no such dataset) stops it at once.
public struct RefreshPolling: Sendable, Hashable {
    /// The first look after the service accepted the refresh.
    public var firstLook: Duration = .milliseconds(500)
    /// The pause between looks starts here and doubles up to ``maximumInterval``.
    public var interval: Duration = .seconds(2)
    public var maximumInterval: Duration = .seconds(15)
    /// The look after a cancel was accepted.
    public var afterCancel: Duration = .milliseconds(300)
    /// One look is this many tries, ``retryPause`` × the try apart, before it counts as failed.
    public var triesPerLook = 4
    public var retryPause: Duration = .milliseconds(500)
    /// After a failed look, the next one comes this much later.
    public var afterFailedLook: Duration = .seconds(5)
    /// Failed looks go on for this long after the refresh was accepted.
    public var giveUpAfter: Duration = .seconds(2 * 3600)

    public init() {}

    /// `refresh --wait`: 2 s between looks at first, then less often (up to 15 s), as a script has no one
    /// watching and every look is a call against the tenant's limits.
    public static let command = RefreshPolling()

    /// The screen: every 2 s for as long as it runs, since a person is watching the state change.
    public static let screen: RefreshPolling = {
        var polling = RefreshPolling()
        polling.maximumInterval = polling.interval
        return polling
    }()

    /// The pause after `looks` looks (1 after the first): ``interval`` doubling up to ``maximumInterval``.
    public func pause(afterLooks looks: Int) -> Duration {
        var pause = interval
        var doublings = max(0, looks - 1)
        while doublings > 0, pause < maximumInterval {
            pause = pause * 2
            doublings -= 1
        }
        return min(pause, maximumInterval)
    }

    /// Whether looking again may help after this error: a dropped connection, a 5xx, 408 or 429, an
    /// unreadable page may pass; a 4xx that names the request (no rights, not found) will not.
    public static func worthLookingAgain(after error: PowerBIError) -> Bool {
        switch error {
        case let .service(service): !(400..<500).contains(service.status) || service.status == 408 || service.status == 429
        case .invalidArgument: false
        case .auth, .transport, .malformedResponse: true
        }
    }

    /// Whether failed looks should stop: the error says looking again will not help, or the refresh was
    /// accepted longer ago than ``giveUpAfter``.
    public func givesUp(after error: PowerBIError, acceptedAt: Date, now: Date) -> Bool {
        !Self.worthLookingAgain(after: error) || now.timeIntervalSince(acceptedAt) > Double(giveUpAfter.components.seconds)
    }
}
