import ArgumentParser
import EntraAuth
import Foundation
import HTTPCore
import TerminalUI
import TerminalSafety

/// The composition root: parses the command line, builds the clients, and maps every failure to a
/// one-line message and the exit codes of DESIGN.md §3.
@main
struct Main {
    static func main() async {
        let status: Int32
        do {
            var command = try Pbitui.parseAsRoot()
            // Every command but the simulator logs its HTTP exchanges and sign-ins (secrets redacted).
            if !(command is SimulatorCommand) {
                ActivityLog.shared.open(path: ActivityLog.defaultPath())
                ActivityLog.shared.write("pbitui \(type(of: command).configuration.commandName ?? "ui") started (pid \(getpid()))")
            }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            status = 0
        } catch let error as CLIError {
            StandardError.write("pbitui: " + error.message)
            status = error.exitCode
        } catch let error as ExitCode {
            status = error.rawValue
        } catch {
            let code = Pbitui.exitCode(for: error)
            let message = Pbitui.fullMessage(for: error)
            if code == .success {
                StandardOutput.write(message)
                status = 0
            } else {
                StandardError.write(message + Self.subcommandHint())
                // ArgumentParser's usage errors exit 64; the contract says 2.
                status = code == .validationFailure ? 2 : code.rawValue
            }
        }
        exit(status)
    }

    /// "Did you mean ls?" after `pbitui lss …`: the first word, when it is not an option, against the
    /// subcommands' names.
    static func subcommandHint() -> String {
        guard let word = CommandLine.arguments.dropFirst().first, !word.hasPrefix("-") else { return "" }
        let names = Pbitui.configuration.subcommands.compactMap { $0.configuration.commandName }
        guard !names.contains(word) else { return "" }
        let close = DidYouMean.closest(to: word, among: names)
        return close.isEmpty ? "" : "\npbitui: '\(TerminalSafety.escape(word))' is not a command; did you mean \(close.joined(separator: ", "))?"
    }
}

struct Pbitui: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pbitui",
        abstract: "A terminal explorer for Power BI and other APIs protected by Microsoft Entra ID.",
        discussion: """
            Run without a subcommand for the full-screen UI. `pbitui --demo` uses the built-in demo tenant.
            """,
        version: "pbitui 0.1.0",
        subcommands: [UICommand.self, SimulatorCommand.self, ListCommand.self, RefreshCommand.self, APICommand.self, OpsCommand.self, CallCommand.self, AutomateCommand.self, DaxCommand.self, PulsesCommand.self, ScanCommand.self, LineageCommand.self, ActivityCommand.self, TokenCommand.self, DecodeCommand.self, DoctorCommand.self, MCPCommand.self, VerifyCommand.self, GenerateDocsCommand.self],
        defaultSubcommand: UICommand.self)
}
