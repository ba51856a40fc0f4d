import Config
import Foundation
import TerminalUI
import Tokens
import TerminalSafety

/// One line of a pretty-printed JSON document.
public struct JSONLine: Sendable, Hashable {
    public let depth: Int
    /// The key as JSON writes it (`"name"`), for members of objects.
    public let key: String?
    /// The value's text: a scalar as JSON writes it, or `{`, `[`, `}`, `]`.
    public let value: String
    public let role: ColorRole
    public let comma: Bool
    /// For a line that opens an object or array: the index of the line that closes it.
    public let closing: Int?
    /// For a line that opens an object or array: "3 keys", "12 items".
    public let summary: String?

    /// The line as plain text (what search looks in).
    public var text: String { (key.map { $0 + ": " } ?? "") + value }
}

/// A JSON document to read: syntax colours from the theme, folding, search (`y`, the details' JSON tab and
/// the API console).
///
/// Its keys are ``KeyTable/jsonViewer``: `j`/`k` move, `Space`/`Enter` fold or unfold the object or array
/// under the cursor, `f`/`F` fold and unfold all, `/` searches (case-insensitive), `n`/`N` go to the next
/// and previous match.
public struct JSONViewer: Sendable {
    public let lines: [JSONLine]
    /// Opening lines whose contents are hidden.
    public private(set) var folded: Set<Int> = []
    /// The cursor, as an index into ``lines`` (always a visible line).
    public private(set) var cursor = 0
    public private(set) var scroll = 0
    public var search = ""
    public var searching = false
    /// Lines shown: those not inside a folded object or array.
    public private(set) var visible: [Int] = []

    public init(_ value: JSONValue) {
        var lines: [JSONLine] = []
        Self.flatten(value, key: nil, depth: 0, comma: false, into: &lines)
        self.lines = lines
        recompute()
    }

    static func flatten(_ value: JSONValue, key: String?, depth: Int, comma: Bool, into lines: inout [JSONLine]) {
        let quotedKey = key.map { JSONValue.string($0).serialized() }
        switch value {
        case let .object(object) where !object.isEmpty:
            let open = lines.count
            lines.append(JSONLine(depth: depth, key: quotedKey, value: "{", role: .text, comma: false, closing: nil, summary: nil))
            for (index, member) in object.members.enumerated() {
                flatten(member.value, key: member.key, depth: depth + 1, comma: index + 1 < object.count, into: &lines)
            }
            lines.append(JSONLine(depth: depth, key: nil, value: "}", role: .text, comma: comma, closing: nil, summary: nil))
            lines[open] = JSONLine(depth: depth, key: quotedKey, value: "{", role: .text, comma: false, closing: lines.count - 1,
                                   summary: object.count == 1 ? "1 key" : "\(object.count) keys")
        case let .array(items) where !items.isEmpty:
            let open = lines.count
            lines.append(JSONLine(depth: depth, key: quotedKey, value: "[", role: .text, comma: false, closing: nil, summary: nil))
            for (index, item) in items.enumerated() {
                flatten(item, key: nil, depth: depth + 1, comma: index + 1 < items.count, into: &lines)
            }
            lines.append(JSONLine(depth: depth, key: nil, value: "]", role: .text, comma: comma, closing: nil, summary: nil))
            lines[open] = JSONLine(depth: depth, key: quotedKey, value: "[", role: .text, comma: false, closing: lines.count - 1,
                                   summary: items.count == 1 ? "1 item" : "\(items.count) items")
        default:
            let text = value.serialized()
            let role: ColorRole = switch value {
            case .string: .jsonString
            case .number: .jsonNumber
            case .bool, .null: .jsonLiteral
            default: .text
            }
            lines.append(JSONLine(depth: depth, key: quotedKey, value: text, role: role, comma: comma, closing: nil, summary: nil))
        }
    }

    private mutating func recompute() {
        var shown: [Int] = []
        shown.reserveCapacity(lines.count)
        var index = 0
        while index < lines.count {
            shown.append(index)
            if folded.contains(index), let closing = lines[index].closing { index = closing + 1 } else { index += 1 }
        }
        visible = shown
        if !visible.contains(cursor) {
            cursor = visible.last { $0 <= cursor } ?? visible.first ?? 0
        }
    }

    /// The cursor's position among the visible lines.
    public var cursorRow: Int { visible.firstIndex(of: cursor) ?? 0 }

    public var matches: [Int] {
        guard !search.isEmpty else { return [] }
        let needle = TextMatch.fold(search)
        return lines.indices.filter { TextMatch.fold(lines[$0].text).contains(needle) }
    }

    public func isMatch(_ index: Int) -> Bool {
        !search.isEmpty && TextMatch.contains(lines[index].text, search)
    }

    public mutating func move(by delta: Int) {
        guard !visible.isEmpty else { return }
        let row = min(max(0, cursorRow + delta), visible.count - 1)
        cursor = visible[row]
    }

    public mutating func moveToTop() { cursor = visible.first ?? 0 }
    public mutating func moveToBottom() { cursor = visible.last ?? 0 }

    /// Folds or unfolds the object or array the cursor is on (or inside, from its closing line).
    public mutating func toggleFold() {
        var target = cursor
        if lines.indices.contains(target), lines[target].closing == nil,
           let opener = lines.indices.last(where: { $0 < target && (lines[$0].closing ?? -1) == target }) {
            target = opener
        }
        guard lines.indices.contains(target), lines[target].closing != nil else { return }
        if folded.contains(target) { folded.remove(target) } else { folded.insert(target) }
        cursor = target
        recompute()
    }

    /// Folds every object and array below the top level.
    public mutating func foldAll() {
        folded = Set(lines.indices.filter { lines[$0].closing != nil && lines[$0].depth == 1 })
        recompute()
    }

    public mutating func unfoldAll() {
        folded = []
        recompute()
    }

    /// Goes to the next (or previous) line that matches the search, unfolding what hides it.
    @discardableResult
    public mutating func nextMatch(forward: Bool = true) -> Bool {
        let found = matches
        guard !found.isEmpty else { return false }
        let next = forward ? (found.first { $0 > cursor } ?? found[0]) : (found.last { $0 < cursor } ?? found[found.count - 1])
        // Unfold every container that hides the match.
        for opener in folded where opener < next && (lines[opener].closing ?? 0) > next { folded.remove(opener) }
        cursor = next
        recompute()
        return true
    }

    /// Keeps the cursor on screen for `height` rows.
    public mutating func scrollToCursor(height: Int) {
        let row = cursorRow
        if row < scroll { scroll = row }
        if height > 0, row >= scroll + height { scroll = row - height + 1 }
        scroll = max(0, min(scroll, max(0, visible.count - height)))
    }

    /// Handles a key with the viewer's key table (``KeyTable/jsonViewer``, as the person remapped it); false
    /// when the key is not the viewer's, so that the screen handles it. While a search is typed, printable
    /// keys go into it.
    public mutating func handle(_ key: Key, height: Int, keys: KeyTable = .jsonViewer) -> Bool {
        if searching {
            switch key {
            case .enter: searching = false; nextMatch()
            case .escape: searching = false; search = ""
            case .backspace: if search.isEmpty { searching = false } else { search.removeLast() }
            case let .character(character): search.append(character)
            default: return true
            }
            scrollToCursor(height: height)
            return true
        }
        guard let action = keys.action(for: key) else { return false }
        return perform(action, height: height)
    }

    /// Does what an action means to the viewer (from a key or the mouse wheel); false when it is not the
    /// viewer's, so that the screen handles it.
    public mutating func perform(_ action: Action, height: Int) -> Bool {
        guard !searching else { return false }
        switch action {
        case .moveDown: move(by: 1)
        case .moveUp: move(by: -1)
        case .pageDown: move(by: max(1, height - 1))
        case .pageUp: move(by: -max(1, height - 1))
        case .top: moveToTop()
        case .bottom: moveToBottom()
        case .toggleFold: toggleFold()
        case .foldAll: foldAll()
        case .unfoldAll: unfoldAll()
        case .search: searching = true; search = ""
        case .nextMatch: nextMatch()
        case .previousMatch: nextMatch(forward: false)
        default: return false
        }
        scrollToCursor(height: height)
        return true
    }

    /// Draws the visible lines into `rect`; the cursor line is highlighted when `focused`. A value under the
    /// cursor too long for its line (a long string, a URL) is shown whole, wrapped, at the bottom.
    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, focused: Bool) {
        guard rect.height > 0, rect.width > 0 else { return }
        var rect = rect
        if focused, lines.indices.contains(cursor), !folded.contains(cursor), rect.height >= 6 {
            let line = lines[cursor]
            let room = rect.width - 2 * line.depth - (line.key.map { DisplayWidth.of($0) + 2 } ?? 0) - (line.comma ? 1 : 0)
            if DisplayWidth.of(line.value) > room {
                let wrapped = TextFit.wrap(TerminalSafety.escape(line.value), to: rect.width - 2)
                let shown = Array(wrapped.prefix(max(1, rect.height / 3)))
                let top = rect.row + rect.height - shown.count
                buffer.fill(Rect(row: top - 1, column: rect.column, height: 1, width: rect.width), style: theme[.border])
                buffer.put("── \(line.key ?? "value") (whole) ", row: top - 1, column: rect.column, style: theme[.muted], limit: rect.width)
                for (offset, text) in shown.enumerated() {
                    buffer.put(text, row: top + offset, column: rect.column + 1, style: theme[line.role], limit: rect.width - 1)
                }
                rect = Rect(row: rect.row, column: rect.column, height: rect.height - shown.count - 1, width: rect.width)
            }
        }
        // The cursor stays on screen even when the screen is smaller than the viewer last thought.
        var start = scroll
        let cursorRow = self.cursorRow
        if cursorRow < start { start = cursorRow }
        if cursorRow >= start + rect.height { start = cursorRow - rect.height + 1 }
        for row in 0..<rect.height {
            let position = start + row
            guard position < visible.count else { break }
            let index = visible[position]
            let line = lines[index]
            let y = rect.row + row
            let isCursor = index == cursor && focused
            if isCursor { buffer.fill(Rect(row: y, column: rect.column, height: 1, width: rect.width), style: theme[.selectionInactive]) }
            func style(_ role: ColorRole) -> TextStyle {
                var style = isCursor ? theme[.selectionInactive] : theme[role]
                if isCursor { style.foreground = theme[role].foreground == .default ? style.foreground : theme[role].foreground }
                if isMatch(index) { style.underline = true; style.bold = true }
                return style
            }
            var x = rect.column
            let limit = rect.right
            x += buffer.put(String(repeating: "  ", count: line.depth), row: y, column: x, style: style(.text), limit: limit - x)
            if let key = line.key {
                x += buffer.put(key, row: y, column: x, style: style(.jsonKey), limit: limit - x)
                x += buffer.put(": ", row: y, column: x, style: style(.text), limit: limit - x)
            }
            if folded.contains(index), let closing = line.closing {
                x += buffer.put(line.value + " … " + lines[closing].value, row: y, column: x, style: style(.text), limit: limit - x)
                x += buffer.put("  " + (line.summary ?? ""), row: y, column: x, style: style(.muted), limit: limit - x)
                if lines[closing].comma { x += buffer.put(",", row: y, column: x, style: style(.text), limit: limit - x) }
            } else {
                x += buffer.put(TextFit.truncate(line.value, to: max(1, limit - x - (line.comma ? 1 : 0))), row: y, column: x,
                                style: style(line.role), limit: limit - x)
                if line.comma { x += buffer.put(",", row: y, column: x, style: style(.text), limit: limit - x) }
            }
        }
    }
}
