import TerminalUI

/// Where each part of the screen goes for a terminal size.
public struct AppLayout: Sendable {
    public let size: (rows: Int, columns: Int)

    public init(size: (rows: Int, columns: Int)) { self.size = size }

    public var headerRow: Int { 0 }
    public var titleRow: Int { 1 }
    /// The table: its header row plus the data rows.
    public var table: Rect { Rect(row: 2, column: 0, height: max(0, size.rows - 4), width: size.columns) }
    public var statusRow: Int { size.rows - 2 }
    public var hintRow: Int { size.rows - 1 }
    public var visibleTableRows: Int { TableView.visibleRows(in: table) }
}
