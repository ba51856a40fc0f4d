import APIDescriptions
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// Draws the explorer's list and an operation with its form.
enum OperationsRenderer {
    static func renderList(_ state: AppState, layout: AppLayout, theme: Theme, into buffer: inout CellBuffer) {
        guard let view = state.operations else { return }
        var title = "Operations (\(view.rows.totalCount))"
        if !view.rows.filter.isEmpty { title = "Operations (\(view.rows.count) of \(view.rows.totalCount) · /\(view.rows.filter))" }
        if let origin = view.context.origin { title += " · from \(origin)" }
        buffer.put(TextFit.truncate(title, to: max(0, state.size.columns - 2)), row: layout.titleRow, column: 1, style: theme[.title])
        let several = view.descriptions.count > 1
        var columns = [TableColumn("", width: .fixed(1))]
        // With other APIs (`--spec`), each row says which API it is of.
        if several { columns.append(TableColumn("API", width: .fixed(12))) }
        columns += [
            TableColumn("TAG", width: .fixed(14)),
            TableColumn("METHOD", width: .fixed(6)),
            TableColumn("OPERATION", width: .flexible(minimum: 20, weight: 2)),
            TableColumn("SP", width: .fixed(11), yieldsRoom: true),
            TableColumn("PATH", width: .flexible(minimum: 12, weight: 3), yieldsRoom: true),
        ]
        let window = TableView.window(view.selection, visibleRows: layout.visibleTableRows, count: view.rows.count)
        let rows = window.map { index -> [String] in
            let entry = view.rows[index]
            let operation = entry.operation
            return [view.context.fits(operation) ? "✓" : ""] + (several ? [view.descriptions[entry.api].title] : [])
                + [operation.tag, operation.method, operation.operationId, operation.servicePrincipal.word, operation.path]
        }
        TableView(columns: columns, rows: rows, state: view.selection, firstRow: window.lowerBound).render(into: &buffer, in: layout.table, theme: theme)
        if view.rows.count == 0, layout.table.height > 2 {
            buffer.put("No operation matches /\(view.rows.filter).", row: layout.table.row + 2, column: 1, style: theme[.muted])
        }
    }

    typealias Line = DetailsRenderer.Line

    static func renderOperation(_ state: AppState, layout: AppLayout, theme: Theme, into buffer: inout CellBuffer) {
        guard let view = state.operation else { return }
        let operation = view.operation
        let width = max(0, state.size.columns - 2)
        var title = operation.method + " " + operation.path
        if !view.description.isPowerBI { title += "  · " + view.description.title }
        if operation.isAdmin { title += "  (administrator)" }
        buffer.put(TextFit.truncate(title, to: width), row: layout.titleRow, column: 1, style: theme[.title])
        var lines: [Line] = []
        lines.append([(operation.operationId, .accent), ("  " + MarkdownText.plain(operation.summary), .text)])
        var support = operation.servicePrincipal.word
        if let condition = operation.servicePrincipal.condition { support += " (\(condition))" }
        lines.append([("scopes ", .muted), (operation.scopes.isEmpty ? "none stated" : operation.scopes.joined(separator: " or "), .text),
                      ("   service principals ", .muted), (support, .text)])
        // The permission table knows Power BI's operations; another API's token is a different one.
        if let kind = state.tokenKind, view.description.isPowerBI {
            if let problem = PermissionTable.check(operation, kind: kind, scopes: state.tokenScopes) {
                lines.append([("your token ", .muted), ("cannot call it: " + problem, .warn)])
            } else {
                lines.append([("your token ", .muted), ("can call it", .ok)])
            }
        }
        lines.append([])
        for (index, field) in view.fields.enumerated() {
            lines.append(fieldLine(field, focused: index == view.focus, width: width))
        }
        if view.hasBody {
            let focused = view.focus == view.fields.count
            let shown = focused ? TextFit.tail(view.body, to: max(10, width - 24)) + "▏" : TextFit.truncate(view.body, to: max(10, width - 24))
            lines.append([(focused ? "› " : "  ", .accent), (TextFit.pad("body" + (operation.body?.required == true ? "*" : ""), to: 18), focused ? .accent : .text),
                          (shown, .text)])
        }
        if let problem = view.problem { lines.append([(problem, .error)]) }
        lines.append([("Enter sends (through the API console) · Tab next field · ←/→ choices · PgDn description", .muted)])
        lines.append([])
        let form = lines.count
        for line in MarkdownText.lines(operation.description) {
            lines.append([(line.kind == .heading ? line.text.uppercased() : "  " + line.text, line.kind == .heading ? .header : .text)])
        }
        let top = layout.titleRow + 1
        let height = max(0, layout.statusRow - top)
        // The form stays; the description below it scrolls.
        let wrapped = lines.prefix(form).flatMap { DetailsRenderer.wrap($0, to: width) }
        let description = lines.dropFirst(form).flatMap { DetailsRenderer.wrap($0, to: width) }
        let start = min(view.scroll, max(0, description.count - max(0, height - wrapped.count)))
        for (offset, line) in (wrapped + description.dropFirst(start)).prefix(height).enumerated() {
            var column = 1
            for segment in line where column <= width {
                column += buffer.put(segment.text, row: top + offset, column: column, style: theme[segment.role], limit: width + 1 - column)
            }
        }
    }

    static func fieldLine(_ field: OperationView.Field, focused: Bool, width: Int) -> Line {
        let parameter = field.parameter
        let label = TextFit.pad(parameter.name + (parameter.required ? "*" : ""), to: 18)
        var value = field.value
        if let known = field.choices.first(where: { $0.id == field.value }), known.name != known.id { value += " (\(known.name))" }
        let room = max(8, width / 2)
        let shown = focused ? TextFit.tail(value, to: room) + "▏" : TextFit.truncate(value.isEmpty ? "—" : value, to: room)
        var about = parameter.location.rawValue + " · " + parameter.type
        if !field.choices.isEmpty { about += " · ←/→ \(field.choices.count) choices" }
        return [(focused ? "› " : "  ", .accent), (label, focused ? .accent : .text), (TextFit.pad(shown, to: room + 1), field.value.isEmpty ? .muted : .text),
                ("  " + about, .muted)]
    }
}
