import CNCurses
import CTerminalGuard
import Dispatch
import Foundation

/// The ncurses backend: the only code in pbitui that calls ncurses.
///
/// All calls happen on the main actor. Input is read when stdin becomes readable (a dispatch source), so
/// the main thread never blocks inside ncurses; SIGWINCH, SIGINT, SIGTERM and SIGHUP are owned by dispatch
/// sources too, and become ``TerminalEvent``s.
@MainActor
public final class NCursesScreen: Screen {
    public private(set) var size: (rows: Int, columns: Int)
    public let events: AsyncStream<TerminalEvent>
    private let continuation: AsyncStream<TerminalEvent>.Continuation
    private let window: UnsafeMutablePointer<WINDOW>
    private var sources: [any DispatchSourceProtocol] = []
    private var palette: ColorPalette
    private var previous: CellBuffer?
    private var isRestored = false
    /// The paste being received, between the terminal's ESC[200~ and ESC[201~.
    private var paste: PasteCollector?
    /// Inside tmux, OSC 52 is wrapped for tmux to pass on.
    private let insideTmux: Bool

    /// Takes over the terminal. Throws when stdin or stdout is not a terminal ncurses can use.
    /// - Parameters:
    ///   - colors: false draws in monochrome (`NO_COLOR`).
    ///   - mouse: clicks and the wheel become events (the config file's `mouse = false` leaves the mouse to
    ///     the terminal, for selecting text).
    ///   - insideTmux: the program runs inside tmux (`TMUX` is set).
    public init(colors: Bool, mouse: Bool = true, insideTmux: Bool = false) throws {
        self.insideTmux = insideTmux
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else { throw TerminalError.notATerminal }
        setlocale(LC_ALL, "")
        for signalNumber in [SIGWINCH, SIGINT, SIGTERM, SIGHUP] { signal(signalNumber, SIG_IGN) }
        // Before initscr: a crash (SIGSEGV, SIGILL from a Swift trap, SIGABRT, …) puts the terminal back
        // as it is now, then dies with its signal.
        terminal_guard_install()
        guard let screen = initscr() else { throw TerminalError.cannotInitialise }
        window = screen
        tui_register_atexit()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(25)
        curs_set(0)
        if mouse { tui_enable_mouse() }
        tui_enable_bracketed_paste()
        var useColors = false
        if colors, has_colors() {
            start_color()
            use_default_colors()
            useColors = true
        }
        palette = ColorPalette(colors: useColors ? Int(tui_colors()) : 0)
        size = (Int(tui_lines()), Int(tui_cols()))
        (events, continuation) = AsyncStream.makeStream(of: TerminalEvent.self)
        startSources()
    }

    public enum TerminalError: Error, CustomStringConvertible {
        case notATerminal, cannotInitialise
        public var description: String {
            switch self {
            case .notATerminal: return "the full-screen UI needs a terminal (stdin and stdout must be a TTY); use a subcommand such as `pbitui ls` in scripts"
            case .cannotInitialise: return "ncurses could not start on this terminal (check TERM)"
            }
        }
    }

    private func startSources() {
        let input = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main)
        input.setEventHandler { [weak self] in
            MainActor.assumeIsolated { self?.drainInput() }
        }
        input.resume()
        sources.append(input)
        let resize = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .main)
        resize.setEventHandler { [weak self] in
            MainActor.assumeIsolated { self?.handleResize() }
        }
        resize.resume()
        sources.append(resize)
        sources += Self.terminationSources(continuation)
    }

    /// SIGINT, SIGTERM and SIGHUP are taken on a queue of their own, not the main queue: a main loop that is
    /// busy must still end when the terminal goes away or a supervisor asks. The loop is told first and ends
    /// cleanly when it can; if it has not ended within ``terminationGrace``, or a second signal comes, the
    /// terminal is put back and the process ends with 128 + the signal number. Nonisolated, so that the
    /// handlers do not assert that they run on the main queue.
    nonisolated private static func terminationSources(_ continuation: AsyncStream<TerminalEvent>.Continuation) -> [any DispatchSourceProtocol] {
        let signals = DispatchQueue(label: "pbitui.signals")
        let pending = SignalCount()
        return [SIGINT, SIGTERM, SIGHUP].map { signalNumber in
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: signals)
            source.setEventHandler { @Sendable in
                if pending.increment() > 1 { terminal_guard_force_exit(signalNumber) }
                continuation.yield(.terminate(signal: signalNumber))
                signals.asyncAfter(deadline: .now() + terminationGrace) { @Sendable in terminal_guard_force_exit(signalNumber) }
            }
            source.resume()
            return source
        }
    }

    private func drainInput() {
        var character: wint_t = 0
        var read = 0
        while read < 512 {
            let result = wget_wch(window, &character)
            if result == ERR { break }
            read += 1
            // A paste is collected whole (over as many reads as it takes) and handed on as one event.
            if result == KEY_CODE_YES, Int32(character) == tui_paste_begin() { paste = PasteCollector(); continue }
            if result == KEY_CODE_YES, Int32(character) == tui_paste_end() {
                if let text = paste?.text { continuation.yield(.paste(text)) }
                paste = nil
                continue
            }
            if paste != nil {
                if result != KEY_CODE_YES, let scalar = Unicode.Scalar(UInt32(character)) { paste?.append(scalar) }
                continue
            }
            if result == KEY_CODE_YES {
                // ncurses has already resized when it reports KEY_RESIZE; calling resizeterm again here
                // queued another KEY_RESIZE and spun the loop forever after a resize.
                if Int32(character) == KEY_RESIZE { publishSize(); continue }
                if Int32(character) == KEY_MOUSE {
                    var buttons: mmask_t = 0
                    var row: Int32 = 0, column: Int32 = 0
                    if tui_get_mouse(&buttons, &row, &column) != 0,
                       let kind = Self.decodeMouse(buttons: UInt64(buttons), clicked: UInt64(tui_button1_clicked()),
                                                  doubleClicked: UInt64(tui_button1_double_clicked()),
                                                  wheelUp: UInt64(tui_button4_pressed()), wheelDown: UInt64(tui_button5_pressed())) {
                        continuation.yield(.mouse(MouseEvent(kind: kind, row: Int(row), column: Int(column))))
                    }
                    continue
                }
                if let key = Self.decodeFunctionKey(Int32(character)) { continuation.yield(.key(key)) }
            } else if let key = Self.decodeCharacter(UInt32(character)) {
                continuation.yield(.key(key))
            }
        }
        if read == 0 {
            // Readable but nothing to read: stdin closed (the terminal went away).
            continuation.yield(.terminate(signal: SIGHUP))
        }
    }

    private func handleResize() {
        var rows: Int32 = 0, columns: Int32 = 0
        if tui_winsize(STDOUT_FILENO, &rows, &columns) != 0, rows != tui_lines() || columns != tui_cols() {
            resizeterm(rows, columns)
        }
        publishSize()
    }

    /// Tells the app the size ncurses now has, once per change.
    private func publishSize() {
        let newSize = (Int(tui_lines()), Int(tui_cols()))
        guard newSize != size else { return }
        size = newSize
        previous = nil
        continuation.yield(.resize(rows: newSize.0, columns: newSize.1))
    }

    /// What a mouse report means, from ncurses' button bits (passed in so that tests need no terminal).
    nonisolated public static func decodeMouse(buttons: UInt64, clicked: UInt64, doubleClicked: UInt64, wheelUp: UInt64, wheelDown: UInt64) -> MouseEvent.Kind? {
        if buttons & doubleClicked != 0 { return .doubleClick }
        if buttons & clicked != 0 { return .click }
        if buttons & wheelUp != 0 { return .wheelUp }
        if buttons & wheelDown != 0 { return .wheelDown }
        return nil
    }

    nonisolated static func decodeCharacter(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        case 0, 28...31: return nil
        default: return Unicode.Scalar(value).map { .character(Character($0)) }
        }
    }

    nonisolated static func decodeFunctionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_SR: return .shiftUp
        case KEY_SF: return .shiftDown
        case KEY_SLEFT: return .shiftLeft
        case KEY_SRIGHT: return .shiftRight
        case KEY_SHOME: return .shiftHome
        case KEY_SEND: return .shiftEnd
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    public func present(_ buffer: CellBuffer) {
        guard !isRestored else { return }
        let full = previous == nil || previous?.rows != buffer.rows || previous?.columns != buffer.columns
        if full { werase(window) }
        let rows = min(buffer.rows, size.rows), columns = min(buffer.columns, size.columns)
        var wide = [wchar_t](repeating: 0, count: 8)
        for row in 0..<rows {
            for column in 0..<columns {
                let cell = buffer[row, column]
                if cell.isContinuation { continue }
                if !full, let previous, previous[row, column] == cell { continue }
                var count = 0
                for scalar in cell.text.unicodeScalars where count < 7 {
                    wide[count] = wchar_t(bitPattern: scalar.value)
                    count += 1
                }
                wide[count] = 0
                let (attributes, pair) = palette.attributes(for: cell.style)
                // The last cell of the screen cannot be written without scrolling; ncurses reports ERR there.
                _ = tui_put_cell(window, Int32(row), Int32(column), wide, attributes, pair)
            }
        }
        wnoutrefresh(window)
        doupdate()
        previous = buffer
    }

    public func bell() { _ = beep() }

    public func copy(_ text: String) {
        let sequence = OSC52.sequence(text, insideTmux: insideTmux)
        // write(2), not FileHandle.write: a terminal that went away must not trap the program.
        var bytes = Array(sequence.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// How long a signalled program may take to end by itself before it is ended (the session is closed in
    /// that time; a busy main loop is not waited for longer).
    nonisolated static let terminationGrace: DispatchTimeInterval = .milliseconds(1500)

    public func restore() {
        guard !isRestored else { return }
        isRestored = true
        for source in sources { source.cancel() }
        sources.removeAll()
        curs_set(1)
        tui_disable_bracketed_paste()
        endwin()
        continuation.finish()
    }
}

/// Turns styles into ncurses attributes and colour pairs, degrading colours to what the terminal has.
struct ColorPalette {
    let colors: Int
    private var pairs: [PairKey: Int32] = [:]

    struct PairKey: Hashable { let foreground: Int32; let background: Int32 }

    init(colors: Int) { self.colors = colors }

    mutating func attributes(for style: TextStyle) -> (attr_t, Int32) {
        var attributes = tui_a_normal()
        if style.bold { attributes |= tui_a_bold() }
        if style.dim { attributes |= tui_a_dim() }
        if style.underline { attributes |= tui_a_underline() }
        if style.italic { attributes |= tui_a_italic() }
        var reverse = style.reverse
        guard colors > 0 else {
            // Monochrome: a highlighted background becomes reverse video so that selection stays visible.
            if style.background != .default { reverse.toggle() }
            if reverse { attributes |= tui_a_reverse() }
            return (attributes, 0)
        }
        if reverse { attributes |= tui_a_reverse() }
        let key = PairKey(foreground: ColorDegrader.index(style.foreground, colors: colors),
                          background: ColorDegrader.index(style.background, colors: colors))
        if key.foreground == -1, key.background == -1 { return (attributes, 0) }
        if let pair = pairs[key] { return (attributes, pair) }
        let pair = alloc_pair(key.foreground, key.background)
        let number = pair < 0 ? 0 : pair
        pairs[key] = number
        return (attributes, number)
    }
}

/// Counts termination signals across the signal queue's handlers.
private final class SignalCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// The number of signals seen, this one included.
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}
