import Config
import Foundation
import PowerBI
import TerminalUI

/// Draws the state into a cell buffer: a pure function, so every screen is testable as text.
public enum AppRenderer {
    static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    /// Below this the screen says so instead of drawing a broken layout.
    public static let minimumSize = (rows: 10, columns: 40)

    /// A frame drawn with the state's theme.
    public static func render(_ state: AppState, now: Date = Date()) -> CellBuffer { render(state, theme: state.theme, now: now) }

    /// A frame drawn with `theme` (tests draw one state with several themes).
    public static func render(_ state: AppState, theme: Theme, now: Date = Date()) -> CellBuffer {
        var buffer = CellBuffer(rows: state.size.rows, columns: state.size.columns, fill: Cell(text: " ", style: theme[.text]))
        let layout = AppLayout(size: state.size)
        guard state.size.rows >= minimumSize.rows, state.size.columns >= minimumSize.columns else {
            // Nothing is lost: the state is kept and the screen comes back when the terminal grows.
            let lines = ["Terminal too small", "\(state.size.columns)x\(state.size.rows); pbitui needs \(minimumSize.columns)x\(minimumSize.rows)", "q quits"]
            let top = max(0, (state.size.rows - lines.count) / 2)
            for (index, line) in lines.enumerated() where top + index < state.size.rows {
                let text = TextFit.truncate(line, to: state.size.columns)
                buffer.put(text, row: top + index, column: max(0, (state.size.columns - DisplayWidth.of(text)) / 2),
                           style: theme[index == 0 ? .warn : .muted])
            }
            return buffer
        }
        renderHeader(state, layout: layout, theme: theme, into: &buffer)
        state.front.render(state, layout: layout, theme: theme, now: now, into: &buffer)
        if let overlay = state.jsonOverlay {
            let area = Rect(row: layout.titleRow, column: 0, height: max(0, layout.statusRow - layout.titleRow), width: state.size.columns)
            buffer.fill(area, style: theme[.text])
            buffer.put(TextFit.truncate(overlay.title + " · JSON", to: state.size.columns - 2), row: area.row, column: 1, style: theme[.title])
            overlay.viewer.render(into: &buffer, in: Rect(row: area.row + 1, column: 1, height: max(0, area.height - 1), width: state.size.columns - 2),
                                  theme: theme, focused: true)
        }
        OverlayRenderer.render(state, theme: theme, now: now, into: &buffer)
        if state.helpVisible { renderHelp(state, theme: theme, into: &buffer) }
        if state.commandPrompt != nil { renderPaletteSuggestions(state, layout: layout, theme: theme, into: &buffer) }
        renderStatus(state, layout: layout, theme: theme, now: now, into: &buffer)
        HintBar(hints: hints(for: state, now: now)).render(into: &buffer, row: layout.hintRow, width: state.size.columns, theme: theme)
        return buffer
    }

    /// The key hints of what is on screen, from the same tables that dispatch the keys.
    static func hints(for state: AppState, now: Date = Date()) -> [(key: String, label: String)] {
        var hints = screenHints(for: state)
        if state.commandPrompt == nil, !state.filterEditing, !state.helpVisible, state.jsonOverlay == nil,
           rowScreens.contains(state.keyScreen) {
            let rowActions: Set<Action> = [.dax, .operations, .automate, .pin, .lineage]
            let rowKeys = Set(state.shownKeys(state.keyScreen).bindings.filter { rowActions.contains($0.action) }.map(\.keyLabel))
            // g/G gives its room to the row's keys (help still lists it).
            hints.removeAll { rowKeys.contains($0.key) || $0.label == "top/bottom" }
            // A refresh is the first thing done to a dataset's row: it comes first among them.
            let refresh = state.shownKeys(state.keyScreen).bindings.first { $0.action == .refresh }.flatMap { binding in
                hints.firstIndex { $0.key == binding.keyLabel && $0.label == binding.label }
            }
            let row = (refresh.map { [hints.remove(at: $0)] } ?? []) + rowHints(for: state, now: now)
            // After the way into the row (Enter) and the filter: what else acts on it.
            let at = (hints.lastIndex { $0.label == "filter" || $0.key == "Enter" }).map { $0 + 1 } ?? min(1, hints.count)
            hints.insert(contentsOf: row, at: at)
        }
        if state.route == .workspaces, !state.workspaceFilter.isEmpty, !state.filterEditing, state.commandPrompt == nil, !state.helpVisible,
           let clear = state.keys(.workspaces).bindings.first(where: { $0.action == .back }) {
            hints.insert((clear.keyLabel, clear.label), at: 0)
        }
        // After a failed call, the way to its diagnosis comes first.
        if state.lastFailure != nil, state.status?.level == .error, [.workspaces, .workspace, .details, .allDatasets, .console].contains(state.route),
           state.dialog == nil, state.enhancedForm == nil, state.commandPrompt == nil {
            hints.insert(("d", "why it failed"), at: 0)
        }
        return hints
    }

    /// The keys that act on the selected row, named on the hint line where they apply to it: `e` on a
    /// dataset, `o` and `A` where the row has a call, `p` where it can be pinned, `L` where it has a lineage.
    /// `d` comes first on its own after a failure (``hints(for:now:)``).
    /// The screens whose keys act on a selected row (lists and an item's details).
    static let rowScreens: Set<KeyScreen> = [.workspaces, .workspace, .allDatasets, .details, .tenantList, .pulses, .picker, .lineage, .inventory]

    static func rowHints(for state: AppState, now: Date) -> [(key: String, label: String)] {
        let table = state.shownKeys(state.keyScreen)
        let front = state.front
        let selection = front.selection(state)
        let hasCall = OperationContext.$askingOnly.withValue(true) { selection?.operationContext(state) != nil }
        var applies: [Action: Bool] = [
            .dax: selection?.daxTarget != nil,
            .operations: hasCall,
            .automate: hasCall,
            .pin: selection?.pin(now: now) != nil,
            .lineage: selection?.lineageTarget != nil && state.route != .lineage && state.route != .inventory,
        ]
        if state.route == .dax { applies[.dax] = false }
        let order: [Action] = [.dax, .operations, .automate, .pin, .lineage]
        let short: [Action: String] = [.dax: "DAX", .operations: "ops", .automate: "automate", .pin: "pin", .lineage: "lineage"]
        return order.compactMap { action in
            guard applies[action] == true, let binding = table.bindings.first(where: { $0.action == action }),
                  let key = binding.keys.first else { return nil }
            return (binding.showInHints ? binding.keyLabel : key.description, short[action] ?? binding.label)
        }
    }

    static func screenHints(for state: AppState) -> [(key: String, label: String)] {
        if state.commandPrompt != nil { return [("Enter", "run"), ("Tab", "complete"), ("↑/↓", "history"), ("Esc", "close")] }
        if state.filterEditing { return [("Enter", "keep filter"), ("Esc", "clear"), ("!", "invert")] }
        if state.helpVisible { return [("Esc", "close help")] }
        if state.jsonOverlay != nil { return state.shownKeys(.jsonViewer).hints + [("Esc", "close")] }
        let screen = state.keyScreen
        var table = state.shownKeys(screen)
        switch screen {
        case .workspace where state.workspace?.tab != .datasets, .details where state.details?.item.kind != .datasets:
            table = KeyTable(table.bindings.filter { ![.refresh, .enhancedRefresh].contains($0.action) })
        case .details where state.details?.section == .json:
            return state.shownKeys(.jsonViewer).hints + table.hints.filter { $0.label != "scroll" }
        case .console where state.console?.focus == .response:
            return state.shownKeys(.jsonViewer).hints + table.hints.filter { $0.label != "history" && $0.label != "method/resource" }
        case .inspector where state.inspector?.revealed == true:
            return table.hints.map { $0.label == "reveal token" ? ($0.key, "hide token") : $0 }
        case .signInForm where state.signIn.failure?.offersDeviceCode == true:
            var hints = table.hints
            hints.insert(("Ctrl-D", "device code instead"), at: min(1, hints.count))
            return hints
        default:
            break
        }
        return table.hints
    }

    static func renderHeader(_ state: AppState, layout: AppLayout, theme: Theme, into buffer: inout CellBuffer) {
        let width = state.size.columns
        buffer.fill(Rect(row: layout.headerRow, column: 0, height: 1, width: width), style: theme[.statusBar])
        var x = 1
        x += buffer.put("pbitui", row: layout.headerRow, column: x, style: theme[.keyHintKey])
        x += buffer.put("  ▸ " + breadcrumb(state).joined(separator: " ▸ "), row: layout.headerRow, column: x, style: theme[.statusBar])
        let identity = TextFit.truncate((state.context.map { "ctx \($0) · " } ?? "") + (state.identity ?? "not signed in"), to: max(0, width - x - 3))
        let identityWidth = DisplayWidth.of(identity)
        if identityWidth > 0 {
            buffer.put(identity, row: layout.headerRow, column: width - identityWidth - 1, style: theme[.statusBar])
        }
    }

    /// The key table of what is on screen (help lists it; dispatch uses the same tables).
    static func keyTable(for state: AppState) -> KeyTable { state.shownKeys(state.keyScreen) }

    /// Every line of the `?` overlay: the JSON viewer's keys first where it takes keys, then the screen's
    /// (without the ones the viewer shadows).
    static func helpLines(_ state: AppState) -> [(String, ColorRole)] {
        let viewerActive = (state.route == .details && state.details?.section == .json) || (state.route == .console && state.console?.viewer != nil)
        let viewer = viewerActive ? state.shownKeys(.jsonViewer).bindings : []
        let shadowed = Set(viewer.flatMap(\.keys))
        let bindings = keyTable(for: state).bindings.filter { binding in
            state.route == .console || binding.keys.contains { !shadowed.contains($0) }
        }
        let keyWidth = min(24, max(8, state.size.columns / 4), (bindings + viewer).map { DisplayWidth.of($0.keys.map(\.description).joined(separator: " ")) }.max() ?? 8)
        // The overlay's inner width: descriptions wrap under themselves instead of ending at the edge.
        let descriptionWidth = max(10, state.size.columns - 6 - keyWidth - 2)
        func line(_ binding: KeyBinding) -> [(String, ColorRole)] {
            let keys = binding.keys.map(\.description).joined(separator: " ")
            let text = binding.description + (binding.dangerous ? "  (changes the tenant)" : "")
            let role: ColorRole = binding.dangerous ? .warn : .text
            return TextFit.wrap(text, to: descriptionWidth).enumerated().map { index, part in
                ((index == 0 ? TextFit.pad(keys, to: keyWidth) : String(repeating: " ", count: keyWidth)) + "  " + part, role)
            }
        }
        var lines: [(String, ColorRole)] = []
        if !viewer.isEmpty {
            lines.append(("JSON viewer" + (state.route == .console ? " (when the response has the focus)" : ""), .accent))
            lines += viewer.flatMap(line)
            lines.append(("", .text))
            lines.append((state.route == .console ? "Console" : "Details", .accent))
        }
        lines += bindings.flatMap(line)
        if state.readOnly { lines.append(("", .text)); lines.append(("Read-only mode: refresh, cancel and console requests other than GET are off.", .muted)) }
        return lines
    }

    /// How many help lines fit in the overlay at this size.
    static func helpRoom(_ state: AppState) -> Int { max(1, state.size.rows - 6) }

    static func renderHelp(_ state: AppState, theme: Theme, into buffer: inout CellBuffer) {
        let lines = helpLines(state)
        let room = helpRoom(state)
        let scroll = min(state.helpScroll, max(0, lines.count - room))
        var footer = "Esc or ? closes"
        if lines.count > room { footer += " · j/k scroll (\(scroll + 1)–\(min(lines.count, scroll + room)) of \(lines.count))" }
        OverlayRenderer.box("Keys — " + breadcrumb(state).last!, lines: Array(lines.dropFirst(scroll)), footer: footer, state: state, theme: theme, into: &buffer)
    }

    /// Where the person is: "Workspaces ▸ Sales Analytics ▸ Datasets ▸ Sales Model".
    static func breadcrumb(_ state: AppState) -> [String] { state.front.breadcrumb(state) }

    /// Under the open palette: what Tab would complete to, with a line about each; every command before
    /// anything is typed. When they do not fit one to a line, their names in columns (the chosen one
    /// always among them), and what is left over is counted.
    static func renderPaletteSuggestions(_ state: AppState, layout: AppLayout, theme: Theme, into buffer: inout CellBuffer) {
        guard let prompt = state.commandPrompt else { return }
        let candidates = PaletteReducer.completions(for: prompt.completionBase ?? prompt.text, state)
        guard !candidates.isEmpty else { return }
        let room = max(1, layout.statusRow - layout.titleRow)
        let selectedText = prompt.completionIndex.flatMap { candidates.indices.contains($0) ? candidates[$0].text : nil }
        if candidates.count <= room {
            let nameWidth = min(28, candidates.map { DisplayWidth.of($0.text) }.max() ?? 0)
            let width = min(state.size.columns - 2, nameWidth + 4 + (candidates.map { DisplayWidth.of($0.description) }.max() ?? 0))
            let top = layout.statusRow - candidates.count
            for (offset, candidate) in candidates.enumerated() {
                let row = top + offset
                let selected = candidate.text == selectedText
                let style = selected ? theme[.selection] : theme[.statusBar]
                buffer.fill(Rect(row: row, column: 1, height: 1, width: width), style: style)
                let x = buffer.put(" :" + TextFit.pad(candidate.text, to: nameWidth), row: row, column: 1, style: selected ? style : theme[.keyHintKey], limit: width)
                buffer.put("  " + candidate.description, row: row, column: 1 + x, style: style, limit: width - x)
            }
            return
        }
        let cell = min(max(8, state.size.columns - 2), (candidates.map { DisplayWidth.of($0.text) }.max() ?? 0) + 4)
        let columns = max(1, (state.size.columns - 2) / cell)
        let rows = min(room, (candidates.count + columns - 1) / columns)
        let capacity = rows * columns
        var shown = Array(candidates.indices)
        var more = 0
        if candidates.count > capacity {
            // The last cell counts the rest; the chosen candidate stays in view.
            let first = max(0, (prompt.completionIndex ?? 0) - (capacity - 2))
            shown = Array(candidates.indices.dropFirst(first).prefix(capacity - 1))
            more = candidates.count - shown.count
        }
        let top = layout.statusRow - rows
        buffer.fill(Rect(row: top, column: 1, height: rows, width: min(state.size.columns - 2, columns * cell)), style: theme[.statusBar])
        for (position, index) in shown.enumerated() {
            let row = top + position % rows, column = 1 + (position / rows) * cell
            let selected = candidates[index].text == selectedText
            buffer.put(TextFit.truncate(" :" + candidates[index].text, to: cell), row: row, column: column,
                       style: selected ? theme[.selection] : theme[.keyHintKey])
        }
        if more > 0 {
            let position = shown.count
            buffer.put(TextFit.truncate(" +\(more) more", to: cell), row: top + position % rows, column: 1 + (position / rows) * cell, style: theme[.statusBar])
        }
    }

    static func renderStatus(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        // A filter or command longer than the line scrolls: its end, where the cursor is, stays in view.
        let fieldRoom = max(1, state.size.columns - 3)
        if state.filterEditing {
            let x = buffer.put(TextFit.tail("/" + FilterReducer.text(state), to: fieldRoom), row: layout.statusRow, column: 1, style: theme[.accent])
            buffer.put("▏", row: layout.statusRow, column: 1 + x, style: theme[.accent])
            return
        }
        if let prompt = state.commandPrompt {
            let x = buffer.put(TextFit.tail(":" + prompt.text, to: fieldRoom), row: layout.statusRow, column: 1, style: theme[.accent])
            buffer.put("▏", row: layout.statusRow, column: 1 + x, style: theme[.accent])
            return
        }
        if let throttle = state.throttle, throttle.until > now {
            let left = Int(throttle.until.timeIntervalSince(now).rounded(.up))
            let text = throttle.automatic ? "⏳ Power BI asked to slow down (429): retrying \(throttle.what) in \(left) s"
                : "⏳ Power BI asked to wait (429): try \(throttle.what) again in \(HumanTime.duration(TimeInterval(left)))"
            buffer.put(fitStatus(text, to: state.size.columns - 2), row: layout.statusRow, column: 1, style: theme[.warn])
            return
        }
        guard let status = state.status else { return }
        let role: ColorRole = switch status.level {
        case .info: .info
        case .ok: .ok
        case .warn: .warn
        case .error: .error
        }
        var text = status.text
        if state.route == .workspaces, case let .failed(_, requestId?) = state.workspaces, status.level == .error, !text.contains(requestId) {
            text += " [RequestId \(requestId)]"
        }
        buffer.put(fitStatus(text, to: state.size.columns - 2), row: layout.statusRow, column: 1, style: theme[role])
    }

    /// A status line cut to `width` so that what matters survives: ids inside request paths are shortened
    /// to their first 8 characters, then the path to its last segment, and a trailing `[RequestId …]` is
    /// kept whole, the message cut before it.
    static func fitStatus(_ text: String, to width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        var shortened = text.replacingOccurrences(
            of: #"/([0-9A-Fa-f]{8})-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"#, with: "/$1…", options: .regularExpression)
        guard DisplayWidth.of(shortened) > width else { return shortened }
        // Then the request path keeps only its last segment: "GET …/refreshSchedule failed: HTTP 500: …".
        shortened = shortened.replacingOccurrences(of: #"^(GET|POST|PUT|PATCH|DELETE|HEAD) /\S*/([^/\s]+) "#, with: "$1 …/$2 ",
                                                   options: .regularExpression)
        guard DisplayWidth.of(shortened) > width else { return shortened }
        if let range = shortened.range(of: " [RequestId ", options: .backwards), shortened.hasSuffix("]") {
            let suffix = String(shortened[range.lowerBound...])
            let room = width - DisplayWidth.of(suffix)
            if room > 10 {
                shortened = TextFit.truncate(String(shortened[..<range.lowerBound]), to: room) + suffix
                return shortened
            }
        }
        return TextFit.truncate(shortened, to: width)
    }
}
