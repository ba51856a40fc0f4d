import Foundation
import TerminalUI

/// `:screenshot PATH.svg` and `--screenshot PATH.svg`: the frame on screen as an SVG picture (``SVGFrame``),
/// written atomically like every file pbitui writes.
enum Screenshot {
    /// The picture of `state` as it is drawn now (the palette already closed).
    static func svg(_ state: AppState, now: Date) -> Data {
        Data(SVGFrame.render(AppRenderer.render(state, now: now), title: "pbitui · " + AppRenderer.breadcrumb(state).joined(separator: " ▸ ")).utf8)
    }

    static func command(_ argument: String, _ state: inout AppState, now: Date) -> [Effect] {
        var path = argument.trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty else {
            state.status = StatusMessage("Usage: :screenshot PATH.svg (the screen as an SVG picture)", level: .warn)
            return []
        }
        if path == "~" || path.hasPrefix("~/") { path = NSHomeDirectory() + path.dropFirst() }
        if !path.lowercased().hasSuffix(".svg") { path += ".svg" }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            state.status = StatusMessage("Not saved: \((path as NSString).lastPathComponent): no folder \(folder)", level: .warn)
            return []
        }
        return [.export(path: path, contents: svg(state, now: now), summary: "Saved the screen as SVG to \(path)", makeFolders: false)]
    }
}
