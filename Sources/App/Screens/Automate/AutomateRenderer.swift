import Automate
import Foundation
import TerminalUI

/// Draws the four ways: a tab per way with its verdict, then the chosen way's reasons, pros and cons and
/// the preview of what to paste.
enum AutomateRenderer {
    typealias Line = DetailsRenderer.Line

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, into buffer: inout CellBuffer) {
        guard let view = state.automate else { return }
        let width = max(0, state.size.columns - 2)
        buffer.put(TextFit.truncate("Automate: \(view.call.method) \(view.call.url.absoluteString)", to: width), row: layout.titleRow, column: 1, style: theme[.title])
        var lines: [Line] = []
        if let readyMade = view.readyMade { lines.append([("Simplest: ", .accent), (readyMade, .text)]) }
        var tabs: Line = []
        for advice in view.advice {
            let role: ColorRole = advice.verdict == .works ? .ok : advice.verdict == .conditional ? .warn : .error
            let chosen = advice.way == view.selected
            tabs.append(((chosen ? "▸ " : "  ") + "\(advice.way.rawValue) ", chosen ? .accent : .muted))
            tabs.append((advice.verdict.rawValue + "   ", role))
        }
        lines.append(tabs)
        if let advice = view.advice.first(where: { $0.way == view.selected }) {
            lines.append([("\(advice.way.rawValue). \(advice.way.title)", .header)])
            for reason in advice.reasons { lines.append([("  · " + reason, .text)]) }
            lines.append([("  + " + advice.way.pros.joined(separator: "; "), .ok)])
            lines.append([("  − " + advice.way.cons.joined(separator: "; "), .warn)])
            if view.trying == advice.way {
                lines.append([("  tried: ", .muted), ("sending…", .muted)])
            } else if let outcome = view.tried[advice.way] {
                lines.append([("  tried: ", .muted), (outcome.line, outcome.succeeded ? .ok : .warn)])
            } else {
                lines.append([("  T tries it with the current sign-in", .muted)])
            }
        }
        lines.append([("What to paste — c copies the first file, s saves them to ./\(AutomateReducer.folder), ←/→ another way, j/k scroll", .muted)])
        let top = layout.titleRow + 1
        let height = max(0, layout.statusRow - top)
        let head = lines.flatMap { DetailsRenderer.wrap($0, to: width) }
        let preview = view.previewLines.dropFirst(min(view.scroll, max(0, view.previewLines.count - 1)))
        var row = top
        for line in head.prefix(height) {
            var column = 1
            for segment in line where column <= width {
                column += buffer.put(segment.text, row: row, column: column, style: theme[segment.role], limit: width + 1 - column)
            }
            row += 1
        }
        for text in preview where row < top + height {
            buffer.put(TextFit.truncate(text, to: width), row: row, column: 1, style: theme[text.hasPrefix("── ") ? .header : .text])
            row += 1
        }
    }
}
