import TerminalSafety

/// One screen cell: a grapheme cluster and its style. A wide character occupies its cell and the next,
/// which holds an empty ``text`` as a continuation.
public struct Cell: Sendable, Hashable {
    public var text: String
    public var style: TextStyle

    public init(text: String = " ", style: TextStyle = .plain) {
        self.text = text
        self.style = style
    }

    public var isContinuation: Bool { text.isEmpty }
}

/// A rectangle on the screen, in cells.
public struct Rect: Sendable, Hashable {
    public var row: Int
    public var column: Int
    public var height: Int
    public var width: Int

    public init(row: Int, column: Int, height: Int, width: Int) {
        self.row = row
        self.column = column
        self.height = max(0, height)
        self.width = max(0, width)
    }

    public var bottom: Int { row + height }
    public var right: Int { column + width }
}

/// The in-memory screen that every frame is drawn into. Rendering is a pure function into this buffer;
/// the terminal backend only paints it, and tests read it back as text.
public struct CellBuffer: Sendable, Hashable {
    public let rows: Int
    public let columns: Int
    public private(set) var cells: [Cell]

    public init(rows: Int, columns: Int, fill: Cell = Cell()) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        cells = Array(repeating: fill, count: self.rows * self.columns)
    }

    public subscript(row: Int, column: Int) -> Cell {
        get { cells[row * columns + column] }
        set { cells[row * columns + column] = newValue }
    }

    public var bounds: Rect { Rect(row: 0, column: 0, height: rows, width: columns) }

    /// Fills a rectangle (clipped to the buffer) with spaces of `style`.
    public mutating func fill(_ rect: Rect, style: TextStyle) {
        let top = max(0, rect.row), bottom = min(rows, rect.bottom)
        let left = max(0, rect.column), right = min(columns, rect.right)
        guard top < bottom, left < right else { return }
        for row in top..<bottom {
            // A wide character cut by either edge is repaired (a space), never left as half a glyph.
            clearCell(row: row, column: left, style: style)
            clearCell(row: row, column: right - 1, style: style)
            for column in left..<right { self[row, column] = Cell(text: " ", style: style) }
        }
    }

    /// Writes `text` from (`row`, `column`) in `style`, stopping at `limit` columns (default: the buffer's
    /// right edge). Control characters are written as visible escapes. A wide character that would not fit
    /// is replaced by a space. Returns the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, style: TextStyle, limit: Int? = nil) -> Int {
        guard row >= 0, row < rows, column < columns else { return 0 }
        let end = min(columns, limit.map { column + max(0, $0) } ?? columns)
        var x = column
        if DisplayWidth.isPrintableASCII(text) {
            // One byte, one cell: no grapheme breaking, nothing to escape.
            for byte in text.utf8 {
                if x >= end { break }
                if x >= 0 {
                    clearCell(row: row, column: x, style: style)
                    self[row, x] = Cell(text: Self.asciiCells[Int(byte) - 0x20], style: style)
                }
                x += 1
            }
            return max(0, x - column)
        }
        for character in TerminalSafety.escape(text) {
            let width = DisplayWidth.of(character)
            if width == 0 {
                // A lone combining mark or format character joins the previous cell's cluster.
                if x > 0, x - 1 < columns, x - 1 >= 0, !self[row, x - 1].isContinuation, x - 1 >= column {
                    self[row, x - 1].text.append(character)
                }
                continue
            }
            if x + width > end {
                if width == 2, x < end, x >= 0 { clearCell(row: row, column: x, style: style) }
                break
            }
            if x >= 0 {
                clearCell(row: row, column: x, style: style)
                self[row, x] = Cell(text: String(character), style: style)
                if width == 2 {
                    clearCell(row: row, column: x + 1, style: style)
                    self[row, x + 1] = Cell(text: "", style: style)
                }
            }
            x += width
        }
        return max(0, x - column)
    }

    /// The printable ASCII characters as one-character strings, made once.
    static let asciiCells: [String] = (0x20..<0x7F).map { String(UnicodeScalar(UInt8($0))) }

    /// Before overwriting a cell, repairs a wide character it would cut in half.
    private mutating func clearCell(row: Int, column: Int, style: TextStyle) {
        guard column >= 0, column < columns else { return }
        let cell = self[row, column]
        if cell.isContinuation, column > 0 {
            self[row, column - 1] = Cell(text: " ", style: self[row, column - 1].style)
        } else if DisplayWidth.of(cell.text) == 2, column + 1 < columns {
            self[row, column + 1] = Cell(text: " ", style: self[row, column + 1].style)
        }
        self[row, column] = Cell(text: " ", style: style)
    }

    /// The text of one row as a terminal would show it, trailing spaces removed.
    public func text(ofRow row: Int) -> String {
        guard row >= 0, row < rows else { return "" }
        var line = ""
        for column in 0..<columns { line += self[row, column].text }
        while line.last == " " { line.removeLast() }
        return line
    }

    /// The whole buffer as lines of text, for tests and snapshots.
    public var text: String { (0..<rows).map(text(ofRow:)).joined(separator: "\n") }

    /// The style of the cell where `needle` first appears in `row`, for tests.
    public func style(of needle: String, inRow row: Int) -> TextStyle? {
        guard row >= 0, row < rows else { return nil }
        let starts = (0..<columns).filter { !self[row, $0].isContinuation }
        let graphemes = starts.map { Character(self[row, $0].text) }
        let target = Array(needle)
        guard !target.isEmpty, graphemes.count >= target.count else { return nil }
        for index in 0...(graphemes.count - target.count) where Array(graphemes[index..<index + target.count]) == target {
            return self[row, starts[index]].style
        }
        return nil
    }
}
