import Foundation
import PowerBI
import TerminalUI
import Tokens
import TerminalSafety

/// Draws an item's details: section tabs, a live refresh line, and the section's lines (scrollable).
enum DetailsRenderer {
    /// A line of the body: text segments with their roles.
    typealias Line = [(text: String, role: ColorRole)]

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        guard let details = state.details else { return }
        var x = 1
        for section in details.sections {
            let style = section == details.section ? theme[.selection] : theme[.muted]
            x += buffer.put(" \(section.rawValue) ", row: layout.titleRow, column: x, style: style)
            x += 1
        }
        var top = layout.titleRow + 1
        let heading = "\(details.item.kind.singular.capitalized): \(details.item.name)  ·  \(details.item.id)"
        buffer.put(TextFit.truncate(heading, to: state.size.columns - 2), row: top, column: 1, style: theme[.accent])
        top += 1
        let target = RefreshTarget(scope: details.workspace.scope, datasetId: details.item.id, datasetName: details.item.name, workspaceName: details.workspace.name)
        if let live = state.refreshes[target.key] {
            var text = WorkspaceRenderer.spinnerPrefix(live, state) + "Refresh: " + live.label
            if let start = live.observation?.startTime {
                text += " · started \(HumanTime.relative(start, now: now))"
                if let end = live.observation?.endTime { text += " · took \(HumanTime.duration(end.timeIntervalSince(start)))" }
            }
            if let id = live.ticket?.requestId { text += " · request \(id)" }
            if let message = live.observation?.errorMessage, live.observation?.state == .failed { text += " · " + message }
            buffer.put(TextFit.truncate(text, to: state.size.columns - 2), row: top, column: 1, style: theme[WorkspaceRenderer.role(for: live) ?? .info])
            top += 1
        }
        top += 1
        let height = max(0, layout.statusRow - top)
        if details.section == .json, let viewer = details.json {
            if viewer.searching || !viewer.search.isEmpty {
                let found = viewer.matches.count
                let line = "/" + viewer.search + (viewer.searching ? "▏" : "") + "  " + (viewer.search.isEmpty ? "" : "\(found) match\(found == 1 ? "" : "es")")
                buffer.put(TextFit.truncate(line, to: state.size.columns - 2), row: top - 1, column: 1, style: theme[.accent])
            }
            viewer.render(into: &buffer, in: Rect(row: top, column: 1, height: height, width: state.size.columns - 2), theme: theme, focused: true)
            return
        }
        var lines = body(details, state: state, width: state.size.columns - 2, now: now)
        // Long values (a connection string, a message) wrap instead of ending at the edge; the history is a
        // table, whose cells end in an ellipsis instead.
        let isTable = details.section == .history && details.openedRefresh == nil
        if !isTable { lines = lines.flatMap { wrap($0, to: state.size.columns - 2) } }
        var scroll = details.scroll
        if isTable {
            // The header stays; the selected row stays in view.
            let selected = details.historySelection.selected + 1
            scroll = max(0, selected - height + 1)
            if let header = lines.first, height > 1, scroll > 0 { lines = [header] + lines.dropFirst(scroll + 1); scroll = 0 }
        }
        let start = min(scroll, max(0, lines.count - height))
        for (offset, line) in lines.dropFirst(start).prefix(height).enumerated() {
            var column = 1
            for segment in line {
                column += buffer.put(segment.text, row: top + offset, column: column, style: theme[segment.role], limit: state.size.columns - 1 - column)
            }
        }
    }

    /// A line cut into lines of at most `width` columns, at spaces where it can: a label (the first of several
    /// segments, when it is short) stays on the first line and the value wraps under itself; one pass.
    static func wrap(_ line: Line, to width: Int) -> [Line] {
        guard width > 4 else { return [line] }
        let total = line.reduce(0) { $0 + DisplayWidth.of($1.text) }
        guard total > width else { return [line] }
        var label: (text: String, role: ColorRole)?
        var rest = line[...]
        if line.count > 1, DisplayWidth.of(line[0].text) < width / 2 {
            label = line[0]
            rest = line.dropFirst()
        }
        let indent = label.map { DisplayWidth.of($0.text) } ?? 2
        let role = rest.first?.role ?? .text
        let text = rest.map { TerminalSafety.escape($0.text) }.joined()
        let parts = TextFit.wrap(text, to: width - (label == nil ? 0 : indent))
        var lines: [Line] = []
        for (index, part) in parts.enumerated() {
            if index == 0 {
                lines.append((label.map { [$0] } ?? []) + [(part, role)])
            } else {
                let continuation = label == nil ? TextFit.wrap(part, to: width - indent) : [part]
                lines += continuation.map { [(String(repeating: " ", count: indent), .text), ($0, role)] }
            }
        }
        return lines
    }

    static func body(_ details: DetailsView, state: AppState, width: Int, now: Date) -> [Line] {
        switch details.section {
        case .properties: return properties(details, now: now)
        case .json: return json(details.item.raw)
        case .history:
            if let refresh = details.openedRefresh { return opened(refresh, detail: details.refreshDetail, now: now) }
            return loadable(details.history) { history($0, width: width, now: now, selected: details.historySelection.selected) }
        case .datasources:
            return loadable(details.datasources) { sources in
                sources.isEmpty ? [[("No data sources reported.", .muted)]] : sources.flatMap { source -> [Line] in
                    [[(source.datasourceType ?? "?", .accent), ("  " + source.connection, .text)],
                     [("  gateway " + (source.gatewayId ?? "none (cloud)") + "  ·  id " + (source.datasourceId ?? "?"), .muted)]]
                }
            }
        case .parameters:
            return loadable(details.parameters) { parameters in
                parameters.isEmpty ? [[("No parameters.", .muted)]] : parameters.map { parameter in
                    [(parameter.name, .jsonKey), (" (\(parameter.type ?? "?")\(parameter.isRequired == true ? ", required" : ""))", .muted),
                     (" = " + (parameter.currentValue ?? "—"), .text)]
                }
            }
        case .schedule:
            return loadable(details.schedule) { schedule in
                [[("Refresh schedule: ", .muted), (schedule.summary, schedule.enabled == true ? .ok : .warn)],
                 [("Days: ", .muted), (schedule.days.isEmpty ? "—" : schedule.days.joined(separator: ", "), .text)],
                 [("Times: ", .muted), (schedule.times.isEmpty ? "—" : schedule.times.joined(separator: ", ") + " in the schedule's own zone", .text)],
                 [("Time zone: ", .muted), ((schedule.localTimeZoneId ?? "—") + " (a Windows zone name, as the service keeps it)", .text)],
                 [("Notify: ", .muted), (schedule.notifyOption ?? "—", .text)]]
            }
        }
    }

    static func loadable<T>(_ value: Loadable<T>, _ lines: (T) -> [Line]) -> [Line] {
        switch value {
        case .idle, .loading: return [[("Loading…", .muted)]]
        case let .failed(message, requestId): return [[("Could not load: " + StatusMessage.withRequestId(message, requestId), .error)]]
        case let .loaded(value): return lines(value)
        }
    }

    static func properties(_ details: DetailsView, now: Date) -> [Line] {
        var lines: [Line] = []
        let members = details.item.raw.objectValue.map { $0.keys.map { key in (key, details.item.raw[key]!) } } ?? []
        for (key, value) in members where !key.hasPrefix("@odata") {
            let text: String
            switch value {
            case let .string(string): text = string
            case .array(let items) where items.isEmpty: text = "[]"
            case .array, .object: text = value.serialized()
            default: text = value.serialized()
            }
            lines.append([(key + ": ", .jsonKey), (text, .text)])
        }
        if details.item.kind == .datasets, case let .loaded(history) = details.history {
            lines.append([])
            if let last = history.first {
                var text = last.state.description
                if let start = last.startTime { text += " · started \(HumanTime.relative(start, now: now))" }
                if let duration = last.duration() { text += " · took \(HumanTime.duration(duration))" }
                if let code = last.errorCode { text += " · " + code }
                lines.append([("Last refresh: ", .muted), (text, statusRole(last.state))])
            } else {
                lines.append([("Last refresh: ", .muted), ("never", .text)])
            }
        }
        return lines
    }

    static func json(_ value: JSONValue) -> [Line] {
        value.serialized(pretty: true).split(separator: "\n", omittingEmptySubsequences: false).map { raw in
            let line = String(raw)
            let indent = String(line.prefix { $0 == " " })
            let rest = String(line.dropFirst(indent.count))
            if rest.hasPrefix("\""), let colon = rest.range(of: "\": ") {
                let key = String(rest[..<colon.upperBound].dropLast(1))
                let valueText = String(rest[colon.upperBound...])
                return [(indent, .text), (key, .jsonKey), (" ", .text), (valueText, valueRole(valueText))]
            }
            return [(indent, .text), (rest, valueRole(rest))]
        }
    }

    static func valueRole(_ text: String) -> ColorRole {
        guard let first = text.first else { return .text }
        if first == "\"" { return .jsonString }
        if first == "-" || first.isNumber { return .jsonNumber }
        if text.hasPrefix("true") || text.hasPrefix("false") || text.hasPrefix("null") { return .jsonLiteral }
        return .text
    }

    /// The history as a table with a bar per refresh, its length the duration, its colour the status; the
    /// selected row is marked, and the ERROR cell ends in an ellipsis when the code is longer than the room.
    static func history(_ rows: [Refresh], width: Int, now: Date, selected: Int = -1) -> [Line] {
        guard !rows.isEmpty else { return [[("No refreshes yet.", .muted)]] }
        let longest = rows.compactMap { $0.duration(now: now) }.max() ?? 1
        let startedWidth = 22, typeWidth = 16, statusWidth = 11, durationWidth = 9
        let fixed = 2 + startedWidth + typeWidth + statusWidth + durationWidth + 2
        // Below 100 columns the chart gives its room to the error code.
        let barWidth = width < 100 ? 0 : max(4, min(30, (width - fixed - 30) / 2)) & ~1   // even: half the longest is a whole bar
        let errorWidth = max(5, width - fixed - (barWidth > 0 ? barWidth + 2 : 0))
        var lines: [Line] = [[("  " + TextFit.pad("STARTED", to: startedWidth) + TextFit.pad("TYPE", to: typeWidth) + TextFit.pad("STATUS", to: statusWidth)
                               + TextFit.pad("DURATION", to: durationWidth, alignRight: true) + "  " + (barWidth > 0 ? TextFit.pad("", to: barWidth) + "  " : "")
                               + "ERROR", .header)]]
        for (index, row) in rows.enumerated() {
            let duration = row.duration(now: now)
            let started = row.startTime.map { HumanTime.local($0) } ?? "?"
            let mark = index == selected ? "▸ " : "  "
            let cells = mark + TextFit.pad(started, to: startedWidth) + TextFit.pad(row.refreshType?.rawValue ?? "?", to: typeWidth)
            let length = duration.map { max(1, Int((Double(barWidth) * $0 / max(longest, 1)).rounded())) } ?? 0
            let bar = String(repeating: "█", count: length) + String(repeating: " ", count: max(0, barWidth - length))
            lines.append([(cells, index == selected ? .accent : .text), (TextFit.pad(row.state.description, to: statusWidth), statusRole(row.state)),
                          (TextFit.pad(duration.map(HumanTime.duration) ?? "—", to: durationWidth, alignRight: true) + "  ", .text),
                          (barWidth > 0 ? bar + "  " : "", statusRole(row.state)), (TextFit.truncate(row.errorCode ?? "", to: errorWidth), .error)])
        }
        return lines
    }

    /// Everything about one refresh of the history: its times, its error explained, the service's message,
    /// and for an enhanced refresh every table and partition with its status.
    static func opened(_ refresh: Refresh, detail: Loadable<RefreshDetail>, now: Date) -> [Line] {
        var lines: [Line] = [[("Refresh ", .muted), (refresh.requestId ?? refresh.numericId.map(String.init) ?? "?", .accent),
                              ("   Esc back to the history", .muted)], []]
        func field(_ name: String, _ value: String?, _ role: ColorRole = .text) {
            guard let value, !value.isEmpty else { return }
            lines.append([(TextFit.pad(name, to: 16), .muted), (value, role)])
        }
        field("Status", refresh.state.description + (refresh.extendedStatus.map { $0 == refresh.status ? "" : " (\($0))" } ?? ""), statusRole(refresh.state))
        field("Type", refresh.refreshType?.rawValue)
        field("Started", refresh.startTime.map { HumanTime.local($0) + " (" + HumanTime.relative($0, now: now) + ")" })
        field("Ended", refresh.endTime.map { HumanTime.local($0) + " (" + HumanTime.relative($0, now: now) + ")" })
        field("Duration", refresh.duration(now: now).map(HumanTime.duration))
        if let code = refresh.errorCode {
            lines.append([])
            field("Error", code, .error)
            let entry = RefreshErrorCatalogue.entry(code: code, description: refresh.errorDescription)
            field("What it means", entry?.meaning)
            field("What to do", entry?.fix)
            field("Service said", refresh.errorDescription)
        }
        switch detail {
        case .idle: break
        case .loading: lines += [[], [("Loading the tables and partitions…", .muted)]]
        case let .failed(message, _): lines += [[], [("Could not load the refresh detail: " + message, .error)]]
        case let .loaded(detail):
            lines.append([])
            field("Commit mode", detail.commitMode)
            field("Attempts", detail.numberOfAttempts.map(String.init))
            if !detail.objects.isEmpty {
                lines.append([("TABLE / PARTITION", .header)])
                for object in detail.objects {
                    let state = RefreshState(status: object.status, extendedStatus: nil)
                    lines.append([("  " + object.table + (object.partition.map { " / " + $0 } ?? ""), .text),
                                  ("  " + (object.status ?? "?"), statusRole(state))])
                }
            }
            for message in detail.messages {
                lines.append([(message.type ?? "Message", message.type == "Error" ? .error : .warn), (" " + (message.code.map { $0 + " " } ?? "") + message.message, .text)])
            }
        }
        return lines
    }

    static func statusRole(_ state: RefreshState) -> ColorRole {
        switch state {
        case .completed: .ok
        case .failed, .timedOut: .error
        case .cancelled, .disabled: .warn
        default: .info
        }
    }
}
