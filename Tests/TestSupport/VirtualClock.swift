import Synchronization

/// A clock whose sleeps return at once and move its time forward to their deadline, never back: tests of
/// jobs that wait (a budget's window, a `Retry-After`, polling) run in no time and check the times the job
/// saw, whatever else the machine is doing.
///
/// Why not swift-clocks: its `ImmediateClock` sets the time to each sleeper's deadline, so when sleeps
/// overlap (a scan's sixteen pollers) time goes back; its `TestClock` needs the test to know when every
/// task is suspended, which work done off the cooperative pool (SQLite) hides.
public final class VirtualClock: Clock, Sendable {
    public struct Instant: InstantProtocol, Sendable {
        public var offset: Duration
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let current = Mutex(Instant(offset: .zero))
    /// Every sleep asked for, in the order asked.
    private let asked = Mutex<[Duration]>([])

    public init() {}

    public var now: Instant { current.withLock { $0 } }
    public var minimumResolution: Duration { .zero }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        current.withLock { now in
            asked.withLock { $0.append(deadline.offset - now.offset) }
            if now < deadline { now = deadline }
        }
        await Task.yield()
    }

    /// The sleeps asked for so far.
    public var sleeps: [Duration] { asked.withLock { $0 } }

    /// Time since the clock was made.
    public var elapsed: Duration { now.offset }
}
