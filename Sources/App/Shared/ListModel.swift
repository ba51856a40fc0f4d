import Foundation
import TerminalUI

/// Which column a list is sorted by, and which way.
public struct SortOrder: Sendable, Hashable {
    public var column: Int
    public var ascending: Bool

    public init(column: Int, ascending: Bool = true) {
        self.column = column
        self.ascending = ascending
    }

    /// The arrow the column header shows.
    public var arrow: String { ascending ? "▲" : "▼" }

    /// `s`: the next sortable column, ascending; after the last one, the service's own order again.
    public static func next(after order: SortOrder?, sortable: [Int]) -> SortOrder? {
        guard let order else { return sortable.first.map { SortOrder(column: $0) } }
        guard let index = sortable.firstIndex(of: order.column), index + 1 < sortable.count else { return nil }
        return SortOrder(column: sortable[index + 1])
    }

    /// `S`: the other direction (sorting by the first column when nothing was sorted).
    public static func reversed(_ order: SortOrder?, sortable: [Int]) -> SortOrder? {
        guard var order else { return sortable.first.map { SortOrder(column: $0, ascending: false) } }
        order.ascending.toggle()
        return order
    }

    /// A column title with the arrow when the list is sorted by it.
    public static func title(_ title: String, column: Int, order: SortOrder?) -> String {
        guard let order, order.column == column else { return title }
        return title + " " + order.arrow
    }
}

/// The rows of a list with its `/` filter and its sort applied, kept ready: drawing a frame costs the rows
/// on screen, a filter keystroke one pass over prepared bytes, and only a new sort sorts.
///
/// The filter is a substring of a row's search text (its name and id), compared without case or accents
/// (``TextMatch``); a leading `!` keeps the rows that do not match. Rows keep the service's order until a sort is chosen.
public struct ListModel<Row: Sendable>: Sendable {
    public private(set) var rows: [Row] = []
    /// Every row's search text, folded (``TextMatch/fold(_:)``) UTF-8, one after the other; `starts[i]..<starts[i + 1]`.
    private var haystack: [UInt8] = []
    private var starts: [Int] = [0]
    /// The sort column's cells, lower-cased, per row: made when a sort is chosen, extended by appends.
    private var sortKeys: [String] = []
    private var sortKeysColumn: Int?
    /// All rows in sort order (indices into ``rows``).
    private var ordered: [Int] = []
    public private(set) var filter = ""
    public private(set) var sort: SortOrder?
    /// The rows shown, in order (indices into ``rows``).
    public private(set) var visible: [Int] = []
    private let searchText: @Sendable (Row) -> String
    /// Appends a row's search text already folded, for lists that can do it faster than ``TextMatch/fold(_:)``.
    private let foldedSearch: (@Sendable (Row, inout [UInt8]) -> Void)?
    /// A row's value in a column, as sorting compares it.
    private let sortKey: @Sendable (Row, Int) -> String

    /// - Parameters:
    ///   - search: the text `/` matches against (name and id).
    ///   - cells: the values sorting compares, one per sortable column.
    public init(_ rows: [Row] = [], search: @escaping @Sendable (Row) -> String, cells: @escaping @Sendable (Row) -> [String]) {
        self.init(rows, search: search, sortKey: { row, column in
            let values = cells(row)
            return column < values.count ? values[column] : ""
        })
    }

    /// A list whose rows give the value of one column at a time, for rows whose columns cost something to
    /// write (sorting needs only the sorted column's).
    public init(_ rows: [Row] = [], search: @escaping @Sendable (Row) -> String, sortKey: @escaping @Sendable (Row, Int) -> String) {
        searchText = search
        foldedSearch = nil
        self.sortKey = sortKey
        append(rows)
    }

    /// A list whose rows write their own folded search text (lower case, accents and width folded, as
    /// ``TextMatch/fold(_:)`` does) into the haystack.
    public init(_ rows: [Row], foldedSearch: @escaping @Sendable (Row, inout [UInt8]) -> Void, cells: @escaping @Sendable (Row) -> [String]) {
        searchText = { _ in "" }
        self.foldedSearch = foldedSearch
        sortKey = { row, column in
            let values = cells(row)
            return column < values.count ? values[column] : ""
        }
        append(rows)
    }

    public var count: Int { visible.count }
    public var isEmpty: Bool { visible.isEmpty }
    public var totalCount: Int { rows.count }
    public subscript(position: Int) -> Row { rows[visible[position]] }
    public func row(at position: Int) -> Row? { visible.indices.contains(position) ? rows[visible[position]] : nil }
    /// The rows shown, as an array (for small lists and tests).
    public var visibleRows: [Row] { visible.map { rows[$0] } }

    /// Adds rows at the end (in service order), keeping filter and sort. With a sort, only the new rows are
    /// sorted and then merged into the order: a list that grows a few rows at a time while thousands are
    /// shown costs the new rows' sort and one pass, not a sort of everything.
    public mutating func append(_ newRows: [Row]) {
        guard !newRows.isEmpty else { return }
        let first = rows.count
        haystack.reserveCapacity(haystack.count + newRows.count * 48)
        for row in newRows {
            rows.append(row)
            if let foldedSearch { foldedSearch(row, &haystack) } else { haystack.append(contentsOf: TextMatch.fold(searchText(row)).utf8) }
            starts.append(haystack.count)
            if let column = sortKeysColumn { sortKeys.append(key(row, column)) }
        }
        guard let sort, sortKeysColumn == sort.column, ordered.count == first else { reorder(); return }
        let keys = sortKeys
        func before(_ left: Int, _ right: Int) -> Bool {
            let a = keys[left], b = keys[right]
            if a == b { return left < right }
            return sort.ascending ? a < b : a > b
        }
        let added = (first..<rows.count).sorted(by: before)
        var merged: [Int] = []
        merged.reserveCapacity(rows.count)
        var i = 0, j = 0
        while i < ordered.count, j < added.count {
            if before(added[j], ordered[i]) { merged.append(added[j]); j += 1 } else { merged.append(ordered[i]); i += 1 }
        }
        merged.append(contentsOf: ordered[i...])
        merged.append(contentsOf: added[j...])
        ordered = merged
        applyFilter()
    }

    public mutating func setFilter(_ text: String) {
        guard text != filter else { return }
        // Typing one more character only narrows: rows that did not hold the shorter text cannot hold the
        // longer one, so only the rows shown now are searched.
        let narrows = !filter.isEmpty && !filter.hasPrefix("!") && !text.hasPrefix("!") && text.hasPrefix(filter)
        filter = text
        applyFilter(within: narrows ? visible : nil)
    }

    public mutating func setSort(_ order: SortOrder?) {
        guard order != sort else { return }
        sort = order
        reorder()
    }

    private func key(_ row: Row, _ column: Int) -> String { sortKey(row, column).lowercased() }

    private mutating func reorder() {
        ordered = Array(rows.indices)
        if let sort {
            if sortKeysColumn != sort.column {
                sortKeysColumn = sort.column
                sortKeys = rows.map { key($0, sort.column) }
            }
            let keys = sortKeys
            ordered.sort { left, right in
                let a = keys[left], b = keys[right]
                if a == b { return left < right }
                return sort.ascending ? a < b : a > b
            }
        }
        applyFilter()
    }

    private mutating func applyFilter(within candidates: [Int]? = nil) {
        let inverted = filter.hasPrefix("!")
        let needle = Array(TextMatch.fold(inverted ? String(filter.dropFirst()) : filter).utf8)
        guard !needle.isEmpty else { visible = ordered; return }
        let rows = candidates ?? ordered
        var kept: [Int] = []
        kept.reserveCapacity(rows.count)
        haystack.withUnsafeBufferPointer { bytes in
            needle.withUnsafeBufferPointer { pattern in
                for index in rows {
                    let start = starts[index], length = starts[index + 1] - start
                    let found = length >= pattern.count && Self.contains(bytes.baseAddress! + start, length, pattern)
                    if found != inverted { kept.append(index) }
                }
            }
        }
        visible = kept
    }

    /// Whether `length` bytes at `base` hold `pattern`: memchr finds candidates for the first byte,
    /// memcmp checks the rest.
    @inline(__always)
    static func contains(_ base: UnsafePointer<UInt8>, _ length: Int, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = Int32(pattern[0])
        let last = length - pattern.count
        var offset = 0
        while offset <= last {
            guard let hit = memchr(base + offset, first, last - offset + 1) else { return false }
            let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if pattern.count == 1 || memcmp(base + position + 1, pattern.baseAddress! + 1, pattern.count - 1) == 0 { return true }
            offset = position + 1
        }
        return false
    }
}

extension ListModel {
    /// The `/` filter of a list screen: the rows that match, the first of them selected and in view.
    mutating func setFilter(_ text: String, selection: inout ListState, visibleRows: Int? = nil) {
        setFilter(text)
        selection.select(0, count: count)
        if let visibleRows { selection.scrollToSelection(visibleRows: visibleRows, count: count) }
    }
}
