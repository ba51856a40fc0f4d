import Foundation
import PowerBI

/// A long wait said at once: a job that must wait more than ``threshold`` (a 429's `Retry-After` of 50
/// minutes, an exhausted hourly budget) prints one line on stderr when the wait starts, at a terminal or
/// not, with how long, until when, why, and what the person can do instead of sitting it out.
struct WaitNotice: Sendable {
    /// Waits up to this long pass with the progress line alone.
    static let threshold: TimeInterval = 30

    /// What to do instead of waiting (`--resume` later, a smaller `--budget`), said after the wait.
    let advice: String

    /// The line for a wait until `until` for `reason`, or nil when it is short.
    func line(until: Date, reason: String, now: Date) -> String? {
        let seconds = until.timeIntervalSince(now)
        guard seconds > Self.threshold else { return nil }
        return "pbitui: waiting \(HumanTime.duration(seconds.rounded(.up))) for \(reason), until \(HumanTime.local(until)). \(advice)"
    }
}

/// Remembers which wait was announced, so that each is said once however often progress is reported.
final class WaitAnnouncer: @unchecked Sendable {
    private let notice: WaitNotice
    private let lock = NSLock()
    private var announced: Date?

    init(_ notice: WaitNotice) { self.notice = notice }

    /// The line to print for this progress report, once per wait: several tasks waiting for the same window
    /// (a scan's batches) are one wait; a wait that ends more than the threshold after the last one said is new.
    func announce(until: Date?, reason: String, now: Date = Date()) -> String? {
        lock.lock()
        defer { lock.unlock() }
        guard let until else { return nil }
        if let announced, until <= announced.addingTimeInterval(WaitNotice.threshold) { return nil }
        guard let line = notice.line(until: until, reason: reason, now: now) else { return nil }
        announced = until
        return line
    }
}
