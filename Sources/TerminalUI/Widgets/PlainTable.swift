import TerminalSafety

/// A table as plain text for the command line (`--output table`): columns aligned by display width,
/// control characters escaped.
public enum PlainTable {
    public static func format(headers: [String], rows: [[String]], maximumColumnWidth: Int = 60) -> String {
        let safeRows = rows.map { $0.map { TerminalSafety.escape($0) } }
        var widths = headers.map(DisplayWidth.of)
        for row in safeRows { widen(&widths, row: row, maximumColumnWidth: maximumColumnWidth) }
        return ([line(headers, widths: widths)] + safeRows.map { line($0, widths: widths) }).joined(separator: "\n")
    }

    /// Widens the columns to a row's cells (escaped already), each at most `maximumColumnWidth`: for tables
    /// written in two passes (the widths first, then the lines), so that the rows need not be kept.
    public static func widen(_ widths: inout [Int], row: [String], maximumColumnWidth: Int = 60) {
        for (index, cell) in row.enumerated() where index < widths.count {
            widths[index] = min(maximumColumnWidth, max(widths[index], DisplayWidth.of(cell)))
        }
    }

    /// One line of the table: each cell (escaped already) padded to its column, the last one cut to it.
    public static func line(_ cells: [String], widths: [Int]) -> String {
        var text = ""
        for (index, width) in widths.enumerated() {
            let cell = index < cells.count ? cells[index] : ""
            text += index == widths.count - 1 ? TextFit.truncate(cell, to: width) : TextFit.pad(cell, to: width) + "  "
        }
        while text.last == " " { text.removeLast() }
        return text
    }
}
