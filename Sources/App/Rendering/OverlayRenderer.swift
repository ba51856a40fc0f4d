import Foundation
import TerminalUI

/// Draws what sits on top of a screen: the confirmation dialog, the enhanced refresh form and toasts.
enum OverlayRenderer {
    static func box(_ title: String, lines: [(String, ColorRole)], footer: String, state: AppState, theme: Theme, into buffer: inout CellBuffer) {
        let contentWidth = max(DisplayWidth.of(title) + 4, DisplayWidth.of(footer), lines.map { DisplayWidth.of($0.0) }.max() ?? 0)
        let width = min(state.size.columns - 2, contentWidth + 4)
        let height = min(state.size.rows - 2, lines.count + 4)
        guard width > 6, height > 3 else { return }
        let left = (state.size.columns - width) / 2
        let top = max(1, (state.size.rows - height) / 2)
        buffer.fill(Rect(row: top, column: left, height: height, width: width), style: theme[.text])
        let border = theme[.border]
        buffer.put("╭" + String(repeating: "─", count: width - 2) + "╮", row: top, column: left, style: border)
        for y in top + 1..<top + height - 1 {
            buffer.put("│", row: y, column: left, style: border)
            buffer.put("│", row: y, column: left + width - 1, style: border)
        }
        buffer.put("╰" + String(repeating: "─", count: width - 2) + "╯", row: top + height - 1, column: left, style: border)
        buffer.put(" " + TextFit.truncate(title, to: width - 6) + " ", row: top, column: left + 2, style: theme[.title])
        for (index, line) in lines.prefix(height - 4).enumerated() {
            buffer.put(TextFit.truncate(line.0, to: width - 4), row: top + 1 + index, column: left + 2, style: theme[line.1])
        }
        buffer.put(TextFit.truncate(footer, to: width - 4), row: top + height - 2, column: left + 2, style: theme[.keyHintKey])
    }

    static func render(_ state: AppState, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        if let form = state.enhancedForm {
            var lines: [(String, ColorRole)] = [("\(form.target.datasetName) in \(form.target.workspaceName)", .muted), ("", .text)]
            for field in EnhancedRefreshForm.Field.allCases {
                let value: String = switch field {
                case .type: "‹ \(form.type.rawValue) ›"
                case .commitMode: "‹ \(form.commitMode.rawValue) ›"
                case .maxParallelism: form.maxParallelism
                case .retryCount: form.retryCount
                case .applyRefreshPolicy: "‹ \(form.applyRefreshPolicy ? "yes" : "no") ›"
                case .tables: form.tables.isEmpty ? "(all)" : form.tables
                }
                let focused = field == form.focus
                lines.append(((focused ? "▸ " : "  ") + TextFit.pad(field.label, to: 24) + value + (focused && field.rawValue >= 2 && field != .applyRefreshPolicy ? "▏" : ""),
                              focused ? .accent : .text))
            }
            if let problem = form.problem { lines.append(("", .text)); lines.append((problem, .error)) }
            box("Enhanced refresh", lines: lines, footer: "Enter review  Tab next  ←/→ change  Esc cancel", state: state, theme: theme, into: &buffer)
        }
        if let dialog = state.dialog {
            box(dialog.title, lines: dialog.lines.map { ($0, .text) }, footer: "y/Enter yes   n/Esc no", state: state, theme: theme, into: &buffer)
        }
        let layout = AppLayout(size: state.size)
        for (index, toast) in state.toasts.suffix(3).reversed().enumerated() {
            let text = " " + TextFit.truncate(toast.text, to: max(10, state.size.columns / 2)) + " "
            let width = DisplayWidth.of(text)
            let row = layout.statusRow - 1 - index
            guard row > layout.titleRow else { break }
            let role: ColorRole = toast.level == .error ? .error : (toast.level == .ok ? .ok : .info)
            buffer.put(text, row: row, column: max(0, state.size.columns - width - 1), style: theme[role].bolded())
        }
    }
}
