import TerminalSafety

/// A table as plain text for the command line (`--output table`): columns aligned by display width,
/// control characters escaped.
public enum PlainTable {
    public static func format(headers: [String], rows: [[String]], maximumColumnWidth: Int = 60) -> String {
        let safeRows = rows.map { $0.map { TerminalSafety.escape($0) } }
        var widths = headers.map(DisplayWidth.of)
        for row in safeRows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = min(maximumColumnWidth, max(widths[index], DisplayWidth.of(cell)))
            }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, width) in widths.enumerated() {
                let cell = index < cells.count ? cells[index] : ""
                text += index == widths.count - 1 ? TextFit.truncate(cell, to: width) : TextFit.pad(cell, to: width) + "  "
            }
            while text.last == " " { text.removeLast() }
            return text
        }
        return ([line(headers)] + safeRows.map(line)).joined(separator: "\n")
    }
}
