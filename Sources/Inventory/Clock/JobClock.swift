public import Foundation

/// The time a long job reads and the waits it makes: the wall clock in use, a virtual one in tests.
///
/// Jobs keep wall-clock times in the store (a budget call's time, when a batch was submitted), so the
/// clock answers `now` as a `Date`; waits are a `Clock`'s sleeps, so a test hands in a clock whose sleeps
/// return at once and move its time forward, and nothing it checks depends on how busy the machine is.
///
/// ```swift
/// let job = ScanJob(store: store, service: client, options: ScanOptions())           // the wall clock
/// let test = ScanJob(store: store, service: fake, options: ScanOptions(),
///                    clock: JobClock(virtualClock, startingAt: someDate))             // virtual time
/// ```
public struct JobClock: Sendable {
    private let reading: @Sendable () -> Date
    private let pausing: @Sendable (Duration) async throws -> Void

    /// The wall clock and `Task.sleep`.
    public static let system = JobClock(reading: { Date() }, pausing: { try await Task.sleep(for: $0) })

    private init(reading: @escaping @Sendable () -> Date, pausing: @escaping @Sendable (Duration) async throws -> Void) {
        self.reading = reading
        self.pausing = pausing
    }

    /// Time as `clock` tells it, `origin` being the date at the moment of this call.
    public init<C: Clock>(_ clock: C, startingAt origin: Date) where C.Duration == Duration {
        let start = clock.now
        reading = { origin.addingTimeInterval(start.duration(to: clock.now).seconds) }
        pausing = { try await clock.sleep(for: $0) }
    }

    public var now: Date { reading() }

    /// Waits `duration`; a cancelled task ends its wait with `CancellationError`.
    public func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return try Task.checkCancellation() }
        try await pausing(duration)
    }

    /// Waits until `date` as this clock reads it.
    public func sleep(until date: Date) async throws {
        let seconds = date.timeIntervalSince(now)
        guard seconds > 0 else { return try Task.checkCancellation() }
        try await pausing(.milliseconds(Int64((seconds * 1000).rounded(.up))))
    }
}

extension Duration {
    /// The duration in seconds, fractions included.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
