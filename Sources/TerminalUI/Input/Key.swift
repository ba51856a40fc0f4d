/// A key press as screens see it, decoded from whatever the terminal sent.
public enum Key: Sendable, Hashable, CustomStringConvertible {
    case character(Character)
    /// Ctrl + a letter, lower case (`.control("r")` for Ctrl-R).
    case control(Character)
    case up, down, left, right
    /// Shift with an arrow, Home or End: selection in text editors.
    case shiftUp, shiftDown, shiftLeft, shiftRight, shiftHome, shiftEnd
    case pageUp, pageDown, home, end
    case enter, escape, backspace, delete, tab, backTab
    case function(Int)

    /// A short name for hint lines and help (`↑`, `Ctrl-R`, `Enter`).
    public var description: String {
        switch self {
        case let .character(character): return character == " " ? "Space" : String(character)
        case let .control(character): return "Ctrl-" + String(character).uppercased()
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .shiftUp: return "Shift-↑"
        case .shiftDown: return "Shift-↓"
        case .shiftLeft: return "Shift-←"
        case .shiftRight: return "Shift-→"
        case .shiftHome: return "Shift-Home"
        case .shiftEnd: return "Shift-End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case let .function(number): return "F\(number)"
        }
    }
}

/// What the terminal reports to the application.
public enum TerminalEvent: Sendable, Hashable {
    case key(Key)
    /// The terminal now has this many rows and columns.
    case resize(rows: Int, columns: Int)
    /// A mouse event at a cell.
    case mouse(MouseEvent)
    /// SIGINT, SIGTERM or SIGHUP arrived; the application should restore the terminal and end.
    case terminate(signal: Int32)
    /// Text the person pasted (bracketed paste), whole: inserted as it is, never read as keys.
    case paste(String)
}

public struct MouseEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case click, doubleClick, wheelUp, wheelDown }
    public let kind: Kind
    public let row: Int
    public let column: Int

    public init(kind: Kind, row: Int, column: Int) {
        self.kind = kind
        self.row = row
        self.column = column
    }
}
