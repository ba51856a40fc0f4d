import Foundation
import PowerBI
import TerminalUI

/// Draws the API console: the request form, then the answer (status, timing, headers, JSON).
enum ConsoleRenderer {
    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        guard let view = state.console else { return }
        let width = state.size.columns - 2
        var row = layout.titleRow
        buffer.put("API console" + (state.readOnly ? " (read-only: reads only)" : ""), row: row, column: 1, style: theme[.title])
        row += 1
        func field(_ field: ConsoleView.Field, _ value: String, hint: String) {
            let focused = view.focus == field
            let label = TextFit.pad(field.label, to: 10)
            var x = 1 + buffer.put(label, row: row, column: 1, style: theme[focused ? .accent : .muted])
            let style = focused ? theme[.selectionInactive] : theme[.text]
            let room = max(1, width - x - 1)
            // The end of a long path or body stays visible while typing.
            let shown = TextFit.tail(value, to: max(1, room - 1))
            buffer.fill(Rect(row: row, column: x, height: 1, width: room + 1), style: style)
            x += buffer.put(shown, row: row, column: x, style: style, limit: room)
            if focused, field == .path || field == .body { buffer.put("▏", row: row, column: x, style: theme[.accent]) }
            if !hint.isEmpty, x + 3 + DisplayWidth.of(hint) < width {
                buffer.put(hint, row: row, column: width - DisplayWidth.of(hint), style: theme[.muted])
            }
            row += 1
        }
        let methods = state.readOnly ? ConsoleRequest.readOnlyMethods : ConsoleRequest.methods
        field(.method, view.request.method, hint: methods.joined(separator: " "))
        field(.resource, view.request.apiName, hint: APIResource.allCases.map(\.rawValue).joined(separator: " "))
        field(.path, view.request.path, hint: "")
        field(.body, view.request.body, hint: view.request.method == "GET" ? "(not sent with GET)" : "JSON")
        row += 1
        let bottom = layout.statusRow
        switch view.response {
        case .idle:
            var lines = ["Enter sends the request with the signed-in identity; each resource gets its own token.",
                         "Paths are relative to the resource's API: /groups is /v1.0/myorg/groups for Power BI, /v1/workspaces for Fabric."]
            if !view.history.isEmpty { lines.append("↑ recalls the \(view.history.count) request(s) of this session.") }
            for line in lines.flatMap({ TextFit.wrap($0, to: width) }) where row < bottom {
                buffer.put(line, row: row, column: 1, style: theme[.muted])
                row += 1
            }
        case .loading:
            buffer.put(AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count] + " waiting for the answer…", row: row, column: 1, style: theme[.info])
        case let .failed(message, _):
            for line in TextFit.wrap(message, to: width).prefix(max(0, bottom - row)) {
                buffer.put(line, row: row, column: 1, style: theme[.error])
                row += 1
            }
        case let .loaded(response):
            let ok = (200..<300).contains(response.status)
            var line = "HTTP \(response.status) · \(response.milliseconds) ms · \(response.bodyText.utf8.count) bytes"
            if let id = response.requestId { line += " · RequestId \(id)" }
            buffer.put(TextFit.truncate(line, to: width), row: row, column: 1, style: theme[ok ? .ok : .error])
            row += 1
            buffer.put(TextFit.truncate(response.request.method + " " + response.url, to: width), row: row, column: 1, style: theme[.muted])
            row += 1
            if view.showHeaders {
                for header in response.headers.prefix(max(0, min(8, bottom - row - 2))) {
                    var x = 1 + buffer.put(header.name + ": ", row: row, column: 1, style: theme[.jsonKey], limit: width)
                    x += buffer.put(header.value, row: row, column: x, style: theme[.text], limit: width - x)
                    row += 1
                }
            }
            if let viewer = view.viewer {
                if viewer.searching || !viewer.search.isEmpty, row < bottom {
                    let found = viewer.matches.count
                    buffer.put("/" + viewer.search + (viewer.searching ? "▏" : "") + "  \(found) match\(found == 1 ? "" : "es")", row: row, column: 1, style: theme[.accent])
                    row += 1
                }
                viewer.render(into: &buffer, in: Rect(row: row, column: 1, height: bottom - row, width: width), theme: theme,
                              focused: view.focus == .response)
            } else {
                for text in response.bodyText.split(separator: "\n", omittingEmptySubsequences: false).prefix(max(0, bottom - row)) {
                    buffer.put(String(text), row: row, column: 1, style: theme[.text], limit: width)
                    row += 1
                }
            }
        }
    }
}
