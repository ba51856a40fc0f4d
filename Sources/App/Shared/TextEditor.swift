import Foundation

/// A place in a ``TextEditor``'s text: a line and a column, both counted from 0 in characters.
public struct TextPosition: Sendable, Hashable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: TextPosition, rhs: TextPosition) -> Bool {
        lhs.line != rhs.line ? lhs.line < rhs.line : lhs.column < rhs.column
    }
}

/// Multi-line text being edited: lines of characters, a cursor, a selection (from an anchor to the cursor),
/// undo and redo. Every operation costs the lines it touches (a paste: its length plus the line it lands in).
public struct TextEditor: Sendable, Hashable {
    public private(set) var lines: [[Character]]
    public private(set) var cursor = TextPosition(line: 0, column: 0)
    /// The other end of the selection; nil when nothing is selected.
    public private(set) var anchor: TextPosition?
    /// The column up and down keep aiming for (where the cursor was before it met a shorter line).
    private var goalColumn: Int?
    private var undoStack: [Snapshot] = []
    private var redoStack: [Snapshot] = []
    /// Consecutive typing is undone as one step.
    private var typing = false
    static let undoDepth = 200

    struct Snapshot: Sendable, Hashable {
        let lines: [[Character]]
        let cursor: TextPosition
    }

    public init(_ text: String = "") {
        lines = Self.split(text)
        cursor = TextPosition(line: lines.count - 1, column: lines[lines.count - 1].count)
    }

    static func split(_ text: String) -> [[Character]] {
        var result: [[Character]] = [[]]
        for character in text {
            if character == "\n" || character == "\r\n" || character == "\r" { result.append([]) } else { result[result.count - 1].append(character) }
        }
        return result
    }

    public var text: String { lines.map { String($0) }.joined(separator: "\n") }
    public var isEmpty: Bool { lines.count == 1 && lines[0].isEmpty }

    /// The selection in text order, when there is one.
    public var selection: Range<TextPosition>? {
        guard let anchor, anchor != cursor else { return nil }
        return min(anchor, cursor)..<max(anchor, cursor)
    }

    public var selectedText: String? {
        guard let range = selection else { return nil }
        return text(in: range)
    }

    func text(in range: Range<TextPosition>) -> String {
        if range.lowerBound.line == range.upperBound.line {
            return String(lines[range.lowerBound.line][range.lowerBound.column..<range.upperBound.column])
        }
        var parts = [String(lines[range.lowerBound.line][range.lowerBound.column...])]
        for line in (range.lowerBound.line + 1)..<range.upperBound.line { parts.append(String(lines[line])) }
        parts.append(String(lines[range.upperBound.line][..<range.upperBound.column]))
        return parts.joined(separator: "\n")
    }

    // MARK: Editing

    private mutating func remember(typing isTyping: Bool) {
        if isTyping && typing { return }
        undoStack.append(Snapshot(lines: lines, cursor: cursor))
        if undoStack.count > Self.undoDepth { undoStack.removeFirst(undoStack.count - Self.undoDepth) }
        redoStack.removeAll()
        typing = isTyping
    }

    /// Removes the selection's text; the cursor ends where it began.
    private mutating func deleteSelection() {
        guard let range = selection else { anchor = nil; return }
        let head = lines[range.lowerBound.line][..<range.lowerBound.column]
        let tail = lines[range.upperBound.line][range.upperBound.column...]
        lines.replaceSubrange(range.lowerBound.line...range.upperBound.line, with: [Array(head) + Array(tail)])
        cursor = range.lowerBound
        anchor = nil
    }

    /// Types or pastes `text` at the cursor, replacing the selection.
    public mutating func insert(_ text: String) {
        guard !text.isEmpty else { return }
        let single = text.count == 1 && text != "\n" && text != " "
        remember(typing: single && selection == nil)
        deleteSelection()
        let pieces = Self.split(text)
        let line = lines[cursor.line]
        let head = Array(line[..<cursor.column]), tail = Array(line[cursor.column...])
        if pieces.count == 1 {
            lines[cursor.line] = head + pieces[0] + tail
            cursor.column += pieces[0].count
        } else {
            var replacement = [head + pieces[0]]
            replacement += pieces[1..<(pieces.count - 1)]
            replacement.append(pieces[pieces.count - 1] + tail)
            lines.replaceSubrange(cursor.line...cursor.line, with: replacement)
            cursor = TextPosition(line: cursor.line + pieces.count - 1, column: pieces[pieces.count - 1].count)
        }
        goalColumn = nil
    }

    /// Enter: a new line indented as the current one.
    public mutating func newline() {
        let indent = String(lines[cursor.line].prefix { $0 == " " })
        insert("\n" + indent)
    }

    public mutating func backspace() {
        if selection != nil {
            remember(typing: false)
            deleteSelection()
            return
        }
        anchor = nil
        guard cursor.column > 0 || cursor.line > 0 else { return }
        remember(typing: true)
        if cursor.column > 0 {
            lines[cursor.line].remove(at: cursor.column - 1)
            cursor.column -= 1
        } else {
            let previous = lines[cursor.line - 1].count
            lines[cursor.line - 1] += lines[cursor.line]
            lines.remove(at: cursor.line)
            cursor = TextPosition(line: cursor.line - 1, column: previous)
        }
        goalColumn = nil
    }

    public mutating func deleteForward() {
        if selection != nil {
            remember(typing: false)
            deleteSelection()
            return
        }
        anchor = nil
        guard cursor.column < lines[cursor.line].count || cursor.line + 1 < lines.count else { return }
        remember(typing: true)
        if cursor.column < lines[cursor.line].count {
            lines[cursor.line].remove(at: cursor.column)
        } else {
            lines[cursor.line] += lines[cursor.line + 1]
            lines.remove(at: cursor.line + 1)
        }
    }

    /// Replaces the `count` characters before the cursor (on its line) with `text`: completion.
    public mutating func replaceBeforeCursor(_ count: Int, with text: String) {
        remember(typing: false)
        anchor = nil
        let start = max(0, cursor.column - count)
        lines[cursor.line].removeSubrange(start..<cursor.column)
        cursor.column = start
        typing = false
        let saved = undoStack
        insert(text)
        undoStack = saved
    }

    public mutating func setText(_ text: String) {
        remember(typing: false)
        lines = Self.split(text)
        cursor = TextPosition(line: lines.count - 1, column: lines[lines.count - 1].count)
        anchor = nil
    }

    public mutating func undo() { travel(undoing: true) }

    public mutating func redo() { travel(undoing: false) }

    /// Back to the last snapshot of one stack, the current text going onto the other.
    private mutating func travel(undoing: Bool) {
        guard let snapshot = undoing ? undoStack.popLast() : redoStack.popLast() else { return }
        let current = Snapshot(lines: lines, cursor: cursor)
        if undoing { redoStack.append(current) } else { undoStack.append(current) }
        lines = snapshot.lines
        cursor = snapshot.cursor
        anchor = nil
        typing = false
    }

    public var canUndo: Bool { !undoStack.isEmpty }

    // MARK: Moving

    public enum Motion: Sendable { case left, right, up, down, home, end, pageUp(Int), pageDown(Int), start, finish }

    /// Moves the cursor; with `selecting`, the selection grows from where it was (or from here).
    public mutating func move(_ motion: Motion, selecting: Bool = false) {
        if selecting { if anchor == nil { anchor = cursor } } else { anchor = nil }
        typing = false
        switch motion {
        case .left:
            if cursor.column > 0 { cursor.column -= 1 } else if cursor.line > 0 { cursor = TextPosition(line: cursor.line - 1, column: lines[cursor.line - 1].count) }
            goalColumn = nil
        case .right:
            if cursor.column < lines[cursor.line].count { cursor.column += 1 } else if cursor.line + 1 < lines.count { cursor = TextPosition(line: cursor.line + 1, column: 0) }
            goalColumn = nil
        case .up: vertical(-1)
        case .down: vertical(1)
        case let .pageUp(rows): vertical(-max(1, rows))
        case let .pageDown(rows): vertical(max(1, rows))
        case .home:
            // Home goes to the first non-blank character, then to the start of the line.
            let indent = lines[cursor.line].prefix { $0 == " " }.count
            cursor.column = cursor.column == indent ? 0 : indent
            goalColumn = nil
        case .end:
            cursor.column = lines[cursor.line].count
            goalColumn = nil
        case .start:
            cursor = TextPosition(line: 0, column: 0)
        case .finish:
            cursor = TextPosition(line: lines.count - 1, column: lines[lines.count - 1].count)
        }
    }

    private mutating func vertical(_ delta: Int) {
        let goal = goalColumn ?? cursor.column
        cursor.line = min(max(0, cursor.line + delta), lines.count - 1)
        cursor.column = min(goal, lines[cursor.line].count)
        goalColumn = goal
    }

    public mutating func selectAll() {
        anchor = TextPosition(line: 0, column: 0)
        cursor = TextPosition(line: lines.count - 1, column: lines[lines.count - 1].count)
    }

    /// Puts the cursor at a place (clamped to the text), with nothing selected.
    public mutating func go(to position: TextPosition) {
        anchor = nil
        cursor.line = min(max(0, position.line), lines.count - 1)
        cursor.column = min(max(0, position.column), lines[cursor.line].count)
        goalColumn = nil
    }

    // MARK: Reading

    /// The word being typed before the cursor: letters, digits, `_`, `.`, and a leading `[` or `'`.
    public var wordBeforeCursor: String {
        let line = lines[cursor.line]
        var start = cursor.column
        while start > 0 {
            let character = line[start - 1]
            if character.isLetter || character.isNumber || character == "_" || character == "." { start -= 1; continue }
            if character == "[" || character == "'" { start -= 1 }
            break
        }
        // `Sales[Am` is one word: the table before the bracket belongs to it.
        if start > 0, start < cursor.column, line[start] == "[" {
            var tableStart = start
            while tableStart > 0, line[tableStart - 1].isLetter || line[tableStart - 1].isNumber || line[tableStart - 1] == "_" { tableStart -= 1 }
            start = tableStart
        }
        return String(line[start..<cursor.column])
    }

    /// The bracket at the cursor (or just before it) and its partner, counting brackets of the same kind on
    /// the way (brackets inside strings count too). Linear in the text between them.
    public var matchingBracket: (TextPosition, TextPosition)? {
        let pairs: [Character: (Character, Bool)] = ["(": (")", true), ")": ("(", false), "{": ("}", true), "}": ("{", false),
                                                     "[": ("]", true), "]": ("[", false)]
        var candidates: [TextPosition] = []
        if cursor.column < lines[cursor.line].count { candidates.append(cursor) }
        if cursor.column > 0 { candidates.append(TextPosition(line: cursor.line, column: cursor.column - 1)) }
        for start in candidates {
            let character = lines[start.line][start.column]
            guard let (partner, forward) = pairs[character] else { continue }
            var depth = 0
            var position = start
            while true {
                guard let next = forward ? step(after: position) : step(before: position) else { return nil }
                position = next
                let current = lines[position.line][position.column]
                if current == character { depth += 1 } else if current == partner {
                    if depth == 0 { return (start, position) }
                    depth -= 1
                }
            }
        }
        return nil
    }

    private func step(after position: TextPosition) -> TextPosition? {
        var next = TextPosition(line: position.line, column: position.column + 1)
        while next.column >= lines[next.line].count {
            guard next.line + 1 < lines.count else { return nil }
            next = TextPosition(line: next.line + 1, column: 0)
        }
        return next
    }

    private func step(before position: TextPosition) -> TextPosition? {
        var next = TextPosition(line: position.line, column: position.column - 1)
        while next.column < 0 {
            guard next.line > 0 else { return nil }
            next = TextPosition(line: next.line - 1, column: lines[next.line - 1].count - 1)
        }
        return next
    }
}
