import TerminalSafety

/// A column of a ``TableView``.
public struct TableColumn: Sendable, Hashable {
    public enum Width: Sendable, Hashable {
        /// Exactly this many columns.
        case fixed(Int)
        /// A share of what the fixed columns leave, never less than `minimum`.
        case flexible(minimum: Int, weight: Int)
    }

    public let title: String
    public let width: Width
    public let alignRight: Bool
    /// Gives its room away when a flexible column cannot show what it holds (an id, which details and `c`
    /// show whole, before a status that would be cut).
    public let yieldsRoom: Bool

    /// An id's column: a fixed width of a GUID's length that yields its room.
    var isID: Bool {
        if yieldsRoom, case let .fixed(value) = width { return value >= 32 }
        return false
    }

    public init(_ title: String, width: Width, alignRight: Bool = false, yieldsRoom: Bool = false) {
        self.title = title
        self.width = width
        self.alignRight = alignRight
        self.yieldsRoom = yieldsRoom
    }
}

/// A scrolling table with a header row and one selected row, drawn by display width so that CJK and emoji
/// keep columns aligned; long cells end in an ellipsis.
public struct TableView: Sendable {
    public let columns: [TableColumn]
    public let rows: [[String]]
    public let state: ListState
    public let focused: Bool
    /// Per-row style roles for the text (for status colours); nil rows use `.text`. Indexed like ``rows``.
    public let rowRoles: [ColorRole?]
    /// The list position of `rows[0]`: a caller with a long list passes only the rows on screen
    /// (``window(_:visibleRows:count:)``) and where they start.
    public let firstRow: Int

    public static let gap = 2

    public init(columns: [TableColumn], rows: [[String]], state: ListState, focused: Bool = true,
                rowRoles: [ColorRole?] = [], firstRow: Int = 0) {
        self.columns = columns
        self.rows = rows
        self.state = state
        self.focused = focused
        self.rowRoles = rowRoles
        self.firstRow = firstRow
    }

    /// The list positions a table of `visibleRows` data rows shows for `state`.
    public static func window(_ state: ListState, visibleRows: Int, count: Int) -> Range<Int> {
        let start = min(max(0, state.offset), count)
        return start..<min(count, start + max(0, visibleRows))
    }

    /// Column widths for a total width, shared by content (the rows on screen):
    ///
    /// - a fixed column is as wide as its title or its widest cell, at most its fixed width;
    /// - a column with nothing in any row on screen shrinks away (the first column stays);
    /// - the first column (the name) gets room for its widest cell, up to ``nameRoom``, before the columns
    ///   on its right: those are dropped from the right until it has;
    /// - flexible columns then grow to their widest cell, and what is left over goes to them by weight.
    public func layout(width: Int, height: Int? = nil) -> [Int] {
        let shownRows = rowsOnScreen(height: height)
        var contentWidths = [Int](repeating: 0, count: columns.count)
        for row in shownRows {
            for index in 0..<min(row.count, columns.count) where !row[index].isEmpty {
                contentWidths[index] = max(contentWidths[index], DisplayWidth.of(row[index]))
            }
        }
        var widths = columns.enumerated().map { index, column -> Int in
            if index > 0, contentWidths[index] == 0, !shownRows.isEmpty { return 0 }
            switch column.width {
            case let .fixed(value):
                return shownRows.isEmpty ? value : min(value, max(DisplayWidth.of(column.title), contentWidths[index]))
            case let .flexible(minimum, _): return minimum
            }
        }
        var shown = columns.count
        func needed() -> Int {
            let present = widths.prefix(shown).filter { $0 > 0 }.count
            return widths.prefix(shown).reduce(0, +) + TableView.gap * max(0, present - 1)
        }
        // Ids give way first: at 8 characters and "…" before any column is dropped, so that a status, a time or
        // an error keeps its room (`c` copies an id whole, `y` and the details show it).
        if needed() > width {
            for index in widths.indices where columns[index].isID && widths[index] > TableView.shortID {
                widths[index] = TableView.shortID
            }
        }
        // The name first: room for what it holds (up to nameRoom), taken from the columns on its right.
        if case let .flexible(minimum, _) = columns.first?.width {
            let wanted = max(minimum, min(contentWidths[0], TableView.nameRoom))
            widths[0] = wanted
            while shown > 1, needed() > width { shown -= 1 }
            if needed() > width { widths[0] = max(minimum, width) }
        }
        while shown > 1, needed() > width { shown -= 1 }
        for index in shown..<widths.count { widths[index] = 0 }
        if needed() > width, shown == 1 { widths[0] = max(0, width); return widths }
        let weights = columns.enumerated().map { index, column -> Int in
            guard index < shown, widths[index] > 0, case let .flexible(_, weight) = column.width else { return 0 }
            return weight
        }
        var spare = width - needed()
        // A column that yields its room goes when a flexible column would otherwise be cut.
        let shortfall = weights.indices.filter { weights[$0] > 0 }.reduce(0) { $0 + max(0, contentWidths[$1] - widths[$1]) }
        if shortfall > spare, let yielding = (0..<shown).last(where: { columns[$0].yieldsRoom && widths[$0] > 0 }) {
            spare += widths[yielding] + TableView.gap
            widths[yielding] = 0
        }
        // Flexible columns first grow to what they hold, left to right; what is left goes by weight.
        for index in weights.indices where weights[index] > 0 && spare > 0 {
            let grow = min(spare, max(0, contentWidths[index] - widths[index]))
            widths[index] += grow
            spare -= grow
        }
        let totalWeight = weights.reduce(0, +)
        if spare > 0, totalWeight > 0 {
            var given = 0
            for index in weights.indices where weights[index] > 0 {
                let share = spare * weights[index] / totalWeight
                widths[index] += share
                given += share
            }
            if let last = weights.lastIndex(where: { $0 > 0 }) { widths[last] += spare - given }
        }
        return widths
    }

    /// How wide the first column may ask to be before the columns on its right give way.
    public static let nameRoom = 32
    /// An id's width when the table is short of room: 8 characters and "…".
    public static let shortID = 9

    /// The rows drawn: those of the window the list shows (all of them when no height is known).
    func rowsOnScreen(height: Int?) -> ArraySlice<[String]> {
        let start = max(0, min(rows.count, state.offset - firstRow))
        let end = height.map { min(rows.count, start + $0) } ?? min(rows.count, start + 200)
        return rows[start..<end]
    }

    /// Rows of data that fit under the header in `rect`.
    public static func visibleRows(in rect: Rect) -> Int { max(0, rect.height - 1) }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard rect.height > 0, rect.width > 0 else { return }
        let widths = layout(width: rect.width, height: TableView.visibleRows(in: rect))
        buffer.fill(Rect(row: rect.row, column: rect.column, height: 1, width: rect.width), style: theme[.header])
        draw(cells: columns.map(\.title), widths: widths, row: rect.row, left: rect.column,
             style: theme[.header], buffer: &buffer)
        let visible = TableView.visibleRows(in: rect)
        for line in 0..<visible {
            let position = state.offset + line
            let index = position - firstRow
            let y = rect.row + 1 + line
            guard index >= 0, index < rows.count else { break }
            let selected = position == state.selected
            var style = theme[rowRoles.indices.contains(index) ? (rowRoles[index] ?? .text) : .text]
            if selected {
                style = focused ? theme[.selection] : theme[.selectionInactive]
                buffer.fill(Rect(row: y, column: rect.column, height: 1, width: rect.width), style: style)
            }
            draw(cells: rows[index], widths: widths, row: y, left: rect.column, style: style, buffer: &buffer)
        }
    }

    private func draw(cells: [String], widths: [Int], row: Int, left: Int, style: TextStyle, buffer: inout CellBuffer) {
        var x = left
        for (index, width) in widths.enumerated() where width > 0 {
            let text = index < cells.count ? cells[index] : ""
            buffer.put(TextFit.pad(TerminalSafety.escape(text), to: width, alignRight: columns[index].alignRight),
                       row: row, column: x, style: style, limit: width)
            x += width + TableView.gap
        }
    }
}

/// The key-hint line: `key label` pairs, keys highlighted, cut to the width.
public struct HintBar: Sendable {
    public let hints: [(key: String, label: String)]

    public init(hints: [(key: String, label: String)]) { self.hints = hints }

    /// Hints that stay when the line is short (the way to help and out), whatever else is dropped.
    public static let essentialLabels: Set<String> = ["help", "quit"]

    /// The hints that fit in `width`: the essential ones always (when they fit at all), the others in order
    /// while room is left; the order on the line stays the table's.
    public func fitting(_ width: Int) -> [(key: String, label: String)] {
        func cost(_ hint: (key: String, label: String)) -> Int { DisplayWidth.of(hint.key) + 1 + DisplayWidth.of(hint.label) + 2 }
        var room = width - 1
        var kept = [Bool](repeating: false, count: hints.count)
        for (index, hint) in hints.enumerated() where Self.essentialLabels.contains(hint.label) && cost(hint) <= room {
            kept[index] = true
            room -= cost(hint)
        }
        for (index, hint) in hints.enumerated() where !kept[index] {
            guard cost(hint) <= room else { break }
            kept[index] = true
            room -= cost(hint)
        }
        return hints.enumerated().filter { kept[$0.offset] }.map(\.element)
    }

    public func render(into buffer: inout CellBuffer, row: Int, width: Int, theme: Theme) {
        buffer.fill(Rect(row: row, column: 0, height: 1, width: width), style: theme[.keyHint])
        var x = 1
        for hint in fitting(width) {
            let needed = DisplayWidth.of(hint.key) + 1 + DisplayWidth.of(hint.label)
            if x + needed > width { break }
            x += buffer.put(hint.key, row: row, column: x, style: theme[.keyHintKey])
            x += 1
            x += buffer.put(hint.label, row: row, column: x, style: theme[.keyHint])
            x += 2
        }
    }
}
