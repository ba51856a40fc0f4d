import Foundation
import PowerBI
import TerminalUI

/// Draws the DAX workbench: the schema pane, the editor (line numbers, cursor, selection, the bracket's
/// partner, the error's place), a line about the result, and the grid (or the answer's JSON, or a comparison).
enum DAXRenderer {
    static func render(_ state: AppState, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        guard let view = state.dax else { return }
        let panes = DAXReducer.panes(state)
        let layout = AppLayout(size: state.size)
        var title = "DAX · \(view.target.datasetName) · \(view.target.workspaceName)"
        if let upn = view.impersonate { title += " · as \(upn)" }
        if view.includeNulls { title += " · nulls kept" }
        if let name = view.savedName { title += " · \(name).dax" }
        if view.engine != .auto { title += " · engine: \(view.engine.rawValue)" }
        buffer.put(TextFit.truncate(title, to: state.size.columns - 2), row: layout.titleRow, column: 1, style: theme[.title])
        if let rect = panes.schema { schema(view, rect: rect, state: state, theme: theme, into: &buffer) }
        editor(view, rect: panes.editor, theme: theme, into: &buffer)
        info(view, row: panes.info, rect: panes.grid, state: state, theme: theme, now: now, into: &buffer)
        grid(view, rect: panes.grid, state: state, theme: theme, into: &buffer)
        if !view.completions.isEmpty { completions(view, editor: panes.editor, theme: theme, into: &buffer) }
    }

    // MARK: Schema

    static func schema(_ view: DAXView, rect: Rect, state: AppState, theme: Theme, into buffer: inout CellBuffer) {
        let focused = view.focus == .schema
        buffer.put("Schema", row: rect.row, column: rect.column + 1, style: theme[focused ? .accent : .header])
        var row = rect.row + 1
        let bottom = rect.row + rect.height
        let width = rect.width - 1
        switch view.schema {
        case .loading:
            buffer.put(AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count] + " INFO.VIEW…", row: row, column: rect.column + 1,
                       style: theme[.info], limit: width)
            return
        case let .failed(message, _):
            // The refusal whole, however many lines it takes (it says why and what to do); only a pane too
            // short for it ends in an ellipsis, keeping a line for the result's columns when there is one.
            let lines = TextFit.wrap(message, to: max(1, width - 1))
            let room = max(1, bottom - row - (view.result != nil ? 2 : 0))
            for (index, line) in lines.prefix(room).enumerated() where row < bottom {
                let cut = index == room - 1 && lines.count > room
                buffer.put(cut ? TextFit.truncate(line + " …", to: max(1, width - 1)) : line, row: row, column: rect.column + 1,
                           style: theme[.warn], limit: width)
                row += 1
            }
            if row < bottom, view.result != nil {
                buffer.put("Columns of the last result:", row: row, column: rect.column + 1, style: theme[.muted], limit: width)
                row += 1
            }
        default:
            break
        }
        let entries = DAXReducer.schemaEntries(view)
        let visible = max(0, bottom - row)
        let window = TableView.window(view.schemaList, visibleRows: visible, count: entries.count)
        for index in window {
            let entry = entries[index]
            let selected = focused && index == view.schemaList.selected
            let style = selected ? theme[.selection] : theme[entry.isTable ? .accent : .text]
            if selected { buffer.fill(Rect(row: row, column: rect.column, height: 1, width: width), style: style) }
            let detailWidth = min(9, DisplayWidth.of(entry.detail))
            buffer.put(entry.label, row: row, column: rect.column + 1, style: style, limit: max(1, width - detailWidth - 2))
            if !entry.isTable, width > 16 {
                buffer.put(TextFit.truncate(entry.detail, to: detailWidth), row: row, column: rect.column + width - detailWidth,
                           style: selected ? style : theme[.muted])
            }
            row += 1
        }
        for line in rect.row..<bottom { buffer.put("│", row: line, column: rect.column + rect.width, style: theme[.border]) }
    }

    // MARK: Editor

    static func editor(_ view: DAXView, rect: Rect, theme: Theme, into buffer: inout CellBuffer) {
        let editor = view.editor
        let focused = view.focus == .editor
        let gutter = 4
        let width = max(1, rect.width - gutter - 1)
        let bracket = focused ? editor.matchingBracket : nil
        let selection = editor.selection
        // One horizontal offset for every line, so that the cursor stays in view.
        let cursorColumn = displayColumn(editor.lines[editor.cursor.line], upTo: editor.cursor.column)
        let shift = max(0, cursorColumn - width + 1)
        for offset in 0..<rect.height {
            let number = view.editorTop + offset
            let row = rect.row + offset
            guard number < editor.lines.count else { break }
            let isErrorLine = view.errorAt?.line == number
            buffer.put(TextFit.pad(String(number + 1), to: gutter - 1, alignRight: true), row: row, column: rect.column,
                       style: theme[isErrorLine ? .error : .muted])
            let line = editor.lines[number]
            var x = 0
            for (index, character) in line.enumerated() {
                let cellWidth = max(1, DisplayWidth.of(character))
                defer { x += cellWidth }
                guard x >= shift else { continue }
                guard x - shift + cellWidth <= width else { break }
                let position = TextPosition(line: number, column: index)
                var style = theme[.text]
                if selection?.contains(position) == true { style = theme[.selectionInactive] }
                if let bracket, bracket.0 == position || bracket.1 == position { style = theme[.accent] }
                if view.errorAt == position { style = theme[.error] }
                if focused, editor.cursor == position { style = theme[.selection] }
                buffer.put(String(character), row: row, column: rect.column + gutter + x - shift, style: style)
            }
            if focused, editor.cursor.line == number, editor.cursor.column == line.count {
                let column = rect.column + gutter + cursorColumn - shift
                if column < rect.column + gutter + width + 1 { buffer.put(" ", row: row, column: column, style: theme[.selection]) }
            }
        }
        buffer.put(String(repeating: "─", count: max(0, rect.width)), row: rect.row + rect.height, column: rect.column, style: theme[.border])
    }

    static func displayColumn(_ line: [Character], upTo column: Int) -> Int {
        line.prefix(column).reduce(0) { $0 + max(1, DisplayWidth.of($1)) }
    }

    // MARK: The line about the result

    static func info(_ view: DAXView, row: Int, rect: Rect, state: AppState, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        guard row < AppLayout(size: state.size).statusRow else { return }
        var column = rect.column + 1
        var width = rect.width - 1
        if view.running == nil, view.failure == nil, view.comparison == nil, view.results.count > 1, width >= 12 {
            let used = tabs(view, row: row, column: column, width: width, theme: theme, into: &buffer)
            column += used
            width -= used
        }
        guard width > 0 else { return }
        var text: String
        var role: ColorRole
        if let started = view.running {
            text = AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count]
                + String(format: " running on %@… %.1f s", view.target.datasetName, now.timeIntervalSince(started))
            role = .info
        } else if let failure = view.failure {
            text = "✗ " + failure.message.replacingOccurrences(of: "\n", with: " ")
            if let line = failure.line, let column = failure.column { text += " (line \(line), column \(column))" }
            role = .error
        } else if let comparison = view.comparison {
            text = (comparison.identical ? "= " : "≠ ") + comparison.summary
            role = comparison.identical ? .ok : .warn
        } else if let result = view.result {
            let shown = result.model.count, total = result.result.rows.count
            text = result.title == "metrics" ? "execution metrics · " : ""
            text += "\(total) row\(total == 1 ? "" : "s") · \(result.result.columns.count) columns · \(result.milliseconds) ms"
            if let engine = view.answeredBy { text += " · " + engine.label + (view.engineNote != nil ? " (Arrow refused)" : "") }
            if shown != total { text += " · \(shown) match the filter" }
            let visible = result.shownColumns.count
            if result.firstColumn > 0 || visible < result.result.columns.count {
                text += " · from column \(result.firstColumn + 1) of \(visible) shown"
                    + (result.hidden.isEmpty ? "" : ", \(result.hidden.count) hidden (+ shows them)") + " · ←/→ columns"
            }
            if let label = result.result.label { text += " · label: \(label)" }
            role = .ok
            if let truncation = result.result.truncation {
                text = "CUT SHORT: \(truncation) · " + text
                role = .warn
            }
        } else {
            text = "F5 runs the query (a selection alone when there is one) · Tab completes · Shift-Tab: results, schema · Ctrl-K: :save :open :export"
            role = .muted
        }
        buffer.put(TextFit.truncate(text, to: width), row: row, column: column, style: theme[role])
    }

    /// The result sets' tabs (`[`/`]` switch): the shown one highlighted. Returns the columns they took.
    static func tabs(_ view: DAXView, row: Int, column: Int, width: Int, theme: Theme, into buffer: inout CellBuffer) -> Int {
        var x = 0
        for (index, result) in view.results.enumerated() {
            let label = " " + result.title + " "
            let cells = DisplayWidth.of(label)
            guard x + cells + 1 < width else { break }
            buffer.put(label, row: row, column: column + x, style: theme[index == view.tab ? .selection : .muted])
            x += cells + 1
        }
        buffer.put("│", row: row, column: column + x, style: theme[.border])
        return x + 2
    }

    // MARK: Grid

    static func grid(_ view: DAXView, rect: Rect, state: AppState, theme: Theme, into buffer: inout CellBuffer) {
        guard rect.height > 0 else { return }
        let focused = view.focus == .results
        if let failure = view.failure, view.running == nil {
            var row = rect.row
            for line in TextFit.wrap(failure.description, to: max(1, rect.width - 2)).prefix(rect.height) {
                buffer.put(line, row: row, column: rect.column + 1, style: theme[.error])
                row += 1
            }
            return
        }
        if let comparison = view.comparison {
            let columns = [TableColumn("IN", width: .fixed(24))] + comparison.columns.map { TableColumn($0, width: .flexible(minimum: 6, weight: 1)) }
            let rows = comparison.differences.map { [$0.side] + $0.values }
            let window = TableView.window(comparison.list, visibleRows: TableView.visibleRows(in: rect), count: rows.count)
            TableView(columns: columns, rows: Array(rows[window]), state: comparison.list, focused: focused, firstRow: window.lowerBound)
                .render(into: &buffer, in: rect, theme: theme)
            return
        }
        guard let result = view.result else { return }
        if view.showJSON, let viewer = view.viewer {
            viewer.render(into: &buffer, in: rect, theme: theme, focused: focused)
            return
        }
        let sort = result.model.sort
        // From the first shown column on (←/→ scroll), hidden columns left out, widths as set.
        let shown = Array(result.shownColumns.dropFirst(result.firstColumn))
        let columns = shown.map { index in
            TableColumn(SortOrder.title(result.result.columns[index], column: index, order: sort),
                        width: .fixed(result.width(of: index) + (sort?.column == index ? 2 : 0)), alignRight: result.numeric[index])
        }
        let window = TableView.window(result.list, visibleRows: TableView.visibleRows(in: rect), count: result.model.count)
        let rows = window.map { position in
            let values = result.result.rows[result.model[position]]
            return shown.map { DAXResult.text(values[$0]) }
        }
        TableView(columns: columns, rows: rows, state: result.list, focused: focused, firstRow: window.lowerBound)
            .render(into: &buffer, in: rect, theme: theme)
    }

    // MARK: Completion

    static func completions(_ view: DAXView, editor rect: Rect, theme: Theme, into buffer: inout CellBuffer) {
        // A snippet shows its first line.
        let labels = view.completions.map { $0.contains("\n") ? String($0.prefix { $0 != "\n" }) + " …" : $0 }
        let shown = min(8, labels.count)
        let first = max(0, min(view.completionChoice - shown + 1, labels.count - shown))
        let width = min(40, (labels.map(DisplayWidth.of).max() ?? 10) + 2)
        let cursorRow = rect.row + view.editor.cursor.line - view.editorTop + 1
        let column = min(max(rect.column + 4, rect.column + 4 + displayColumn(view.editor.lines[view.editor.cursor.line], upTo: view.editor.cursor.column) - 4),
                         max(0, rect.column + rect.width - width))
        for (offset, index) in (first..<(first + shown)).enumerated() {
            let row = cursorRow + offset
            let style = index == view.completionChoice ? theme[.selection] : theme[.selectionInactive]
            buffer.fill(Rect(row: row, column: column, height: 1, width: width), style: style)
            buffer.put(labels[index], row: row, column: column + 1, style: style, limit: width - 2)
        }
    }
}
