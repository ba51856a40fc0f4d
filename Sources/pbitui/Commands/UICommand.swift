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
        // With --demo, --auth or a profile, pbitui signs in before the UI starts (device code and browser
        // prompts then appear on the plain terminal); otherwise the UI opens on its sign-in screen.
        let session: Session? = if demo {
            try await Session.demo()
        } else if try connection.choosesMethod() {
            try await Session.connect(connection)
        } else {
            nil
        }
        if let session, session.isInteractive {
            do {
                _ = try await session.credential.token(for: session.client.scope)
            } catch {
                await session.close()
                throw Session.cliError(for: error)
            }
        }
        let service = try ScreenSignIn(options: connection)
        let screen: NCursesScreen
        do {
            screen = try await MainActor.run { try NCursesScreen() }
        } catch {
            await session?.close()
            throw CLIError.usage(String(describing: error))
        }
        let connected = session?.connected
        let environment = AppEnvironment(session: connected, signIn: service)
        let readOnly = self.readOnly
        let status = await MainActor.run { TerminalApp(screen: screen, environment: environment, readOnly: readOnly) }.run()
        if status != 0 { throw ExitCode(status) }
    }
}
