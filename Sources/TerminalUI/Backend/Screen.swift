/// A terminal the application draws on and hears keys from. The ncurses backend implements it; tests use
/// ``RecordingScreen``. Screens in the App module only ever see this protocol.
@MainActor
public protocol Screen: AnyObject {
    /// Rows and columns right now.
    var size: (rows: Int, columns: Int) { get }
    /// Keys, resizes, mouse events and termination signals, in order.
    var events: AsyncStream<TerminalEvent> { get }
    /// Paints a whole frame.
    func present(_ buffer: CellBuffer)
    /// Gives the terminal back as it was. Safe to call more than once.
    func restore()
    /// Puts text on the clipboard (OSC 52).
    func copy(_ text: String)
    /// Rings the terminal bell.
    func bell()
}

/// A screen in memory: keeps every presented frame and takes events from the test.
@MainActor
public final class RecordingScreen: Screen {
    public private(set) var size: (rows: Int, columns: Int)
    public private(set) var frames: [CellBuffer] = []
    public private(set) var restored = false
    /// What was put on the clipboard, in order.
    public private(set) var copied: [String] = []
    /// How many times the bell rang.
    public private(set) var bells = 0
    public let events: AsyncStream<TerminalEvent>
    private let continuation: AsyncStream<TerminalEvent>.Continuation

    public init(rows: Int, columns: Int) {
        size = (rows, columns)
        (events, continuation) = AsyncStream.makeStream(of: TerminalEvent.self)
    }

    public func present(_ buffer: CellBuffer) { frames.append(buffer) }
    public func restore() { restored = true; continuation.finish() }
    public func copy(_ text: String) { copied.append(text) }
    public func bell() { bells += 1 }

    /// Delivers an event as if the terminal had sent it.
    public func send(_ event: TerminalEvent) {
        if case let .resize(rows, columns) = event { size = (rows, columns) }
        continuation.yield(event)
    }

    public var lastFrame: CellBuffer? { frames.last }
}
