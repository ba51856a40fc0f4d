import App
import ArgumentParser
import Foundation
import TerminalUI

/// The full-screen UI (the default command).
struct UICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui", abstract: "The full-screen terminal UI (the default command).")

    @Flag(help: "Use the built-in demo tenant (a simulator on loopback) instead of a real one.")
    var demo = false

    @Option(help: "The theme to draw with.")
    var theme: String?

    @Flag(help: "Remove every action that changes anything (refresh, cancel, POST).")
    var readOnly = false

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let session = demo ? try await Session.demo() : try await Session.connect(connection)
        if session.isInteractive {
            do {
                _ = try await session.credential.token(for: session.client.scope)
            } catch {
                await session.close()
                throw Session.cliError(for: error)
            }
        }
        let screen: NCursesScreen
        do {
            screen = try await MainActor.run { try NCursesScreen() }
        } catch {
            await session.close()
            throw CLIError.usage(String(describing: error))
        }
        let environment = AppEnvironment(client: session.client, identity: session.identity)
        let status = await MainActor.run { TerminalApp(screen: screen, environment: environment) }.run()
        await session.close()
        if status != 0 { throw ExitCode(status) }
    }
}
