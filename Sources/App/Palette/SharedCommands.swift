import Foundation
import TerminalUI

/// The commands every screen shares: themes, exporting the list on screen, a picture of it, leaving.
enum SharedCommands {
    static let first: [PaletteCommand] = [
        PaletteCommand("theme", aliases: ["colorscheme", "colo"], takesArgument: true, "Switch the theme (:theme NAME; Tab lists them)",
                       complete: { argument, state in
                           state.themeNames.filter { $0.lowercased().hasPrefix(argument) }.map { ("theme " + $0, $0 == state.themeName ? "in use" : "") }
                       }) { argument, _, state, _ in
            let name = argument.split(separator: " ").first.map(String.init) ?? ""
            guard !name.isEmpty else {
                state.status = StatusMessage("Themes: " + state.themeNames.joined(separator: ", ") + " (in use: \(state.themeName)); :theme NAME switches", level: .info)
                return []
            }
            return [.switchTheme(name)]
        },
        PaletteCommand("export", aliases: ["export!"], takesArgument: true, "Write the list on screen to a file: :export csv|json PATH",
                       complete: { argument, _ in
                           guard !argument.contains(" ") else { return [] }
                           return ListExport.Format.allCases.map(\.rawValue).filter { $0.hasPrefix(argument) }.map { ("export \($0) ", "") }
                       }) { argument, typed, state, now in
            ListExport.command(argument, force: typed == "export!", &state, now: now)
        },
        PaletteCommand("screenshot", takesArgument: true, "Save the screen as an SVG picture in the theme's colours: :screenshot PATH.svg") { argument, _, state, now in
            Screenshot.command(argument, &state, now: now)
        },
    ]

    static let last: [PaletteCommand] = [
        PaletteCommand("debug-stall", listed: false, "A test's way to keep the main loop busy (at most 60 s)") { argument, _, _, _ in
            let milliseconds = argument.split(separator: " ").first.flatMap { Int($0) } ?? 5_000
            return [.stall(milliseconds: min(max(0, milliseconds), 60_000))]
        },
        PaletteCommand("quit", aliases: ["q", "q!"], "Quit pbitui") { _, _, state, _ in
            state.shouldQuit = true
            state.exitStatus = 0
            return []
        },
    ]
}
