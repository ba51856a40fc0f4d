import App
import ArgumentParser
import Config
import Foundation

/// `pbitui generate-docs keys|commands`: the generated pages of `docs/` on standard output (not listed in
/// help; `scripts/generate-docs.sh` writes them, and a test fails when the files in the repository differ).
struct GenerateDocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-docs", abstract: "Print docs/KEYS.md or docs/COMMANDS.md as this build would write them.",
        shouldDisplay: false)

    enum Page: String, ExpressibleByArgument, CaseIterable { case keys, commands }

    @Argument(help: "keys or commands.")
    var page: Page

    func run() throws {
        switch page {
        case .keys: StandardOutput.write(KeyDocument.markdown(palette: AppReducer.commands.map { ($0.name, $0.description) },
                                                                   registered: AppReducer.registeredKeys))
        case .commands: StandardOutput.write(Self.commands())
        }
    }

    /// Every subcommand's help as the argument parser writes it, at 100 columns.
    static func commands() -> String {
        var lines = [
            "# Commands", "",
            "Every subcommand with its options, generated from the argument parser (`pbitui generate-docs`; do not edit by hand).",
            "`pbitui COMMAND --help` prints the same. Exit codes: 0 success, 1 the service or sign-in said no, 2 bad usage or input.", "",
            "Shell completion: `pbitui --generate-completion-script bash` (or `zsh`, `fish`) prints a completion script;",
            "for bash, `pbitui --generate-completion-script bash > ~/.local/share/bash-completion/completions/pbitui`.", "",
        ]
        for command in Pbitui.configuration.subcommands where command.configuration.shouldDisplay {
            let name = command.configuration.commandName ?? "?"
            lines += section("pbitui \(name)", Pbitui.helpMessage(for: command, columns: 100))
            for sub in command.configuration.subcommands where sub.configuration.shouldDisplay {
                lines += section("pbitui \(name) \(sub.configuration.commandName ?? "?")", Pbitui.helpMessage(for: sub, columns: 100))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func section(_ title: String, _ help: String) -> [String] {
        ["## " + title, "", "```text", help.trimmingCharacters(in: .whitespacesAndNewlines), "```", ""]
    }
}
