/// Selection and scroll position of a list: which row is selected and which row is at the top.
public struct ListState: Sendable, Hashable {
    public private(set) var selected: Int = 0
    public private(set) var offset: Int = 0

    public init(selected: Int = 0) { self.selected = max(0, selected) }

    /// Moves the selection by `delta` rows, clamped to `0..<count`.
    public mutating func move(by delta: Int, count: Int) {
        select(selected + delta, count: count)
    }

    public mutating func select(_ index: Int, count: Int) {
        selected = count == 0 ? 0 : min(max(0, index), count - 1)
    }

    /// Keeps the selection inside a window of `visibleRows` rows, scrolling as little as possible.
    public mutating func scrollToSelection(visibleRows: Int, count: Int) {
        select(selected, count: count)
        guard visibleRows > 0 else { offset = selected; return }
        if selected < offset { offset = selected }
        if selected >= offset + visibleRows { offset = selected - visibleRows + 1 }
        offset = max(0, min(offset, max(0, count - visibleRows)))
    }

    /// Selects `selected` with the list scrolled to `offset` as before (rows were replaced under it), scrolling
    /// only as far as needed to keep the selection in view.
    public mutating func keep(selected: Int, offset: Int, visibleRows: Int, count: Int) {
        select(selected, count: count)
        self.offset = max(0, offset)
        scrollToSelection(visibleRows: visibleRows, count: count)
    }
}
