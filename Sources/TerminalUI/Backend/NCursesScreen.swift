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

    /// Takes over the terminal. Throws when stdin or stdout is not a terminal ncurses can use.
    /// - Parameters:
    ///   - colors: false draws in monochrome (`NO_COLOR`).
    ///   - mouse: clicks and the wheel become events (the config file's `mouse = false` leaves the mouse to
    ///     the terminal, for selecting text).
    public init(colors: Bool = ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true, mouse: Bool = true) throws {
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
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
            source.setEventHandler { [continuation] in continuation.yield(.terminate(signal: signalNumber)) }
            source.resume()
            sources.append(source)
        }
    }

    private func drainInput() {
        var character: wint_t = 0
        var read = 0
        while read < 512 {
            let result = wget_wch(window, &character)
            if result == ERR { break }
            read += 1
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

    public func copy(_ text: String) {
        let sequence = OSC52.sequence(text, insideTmux: ProcessInfo.processInfo.environment["TMUX"] != nil)
        FileHandle.standardOutput.write(Data(sequence.utf8))
    }

    public func restore() {
        guard !isRestored else { return }
        isRestored = true
        for source in sources { source.cancel() }
        sources.removeAll()
        curs_set(1)
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
