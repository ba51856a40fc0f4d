import App
import Inventory
import ArgumentParser
import Config
import Foundation
import HTTPCore
import TerminalSafety
import TerminalUI

/// The full-screen UI (the default command).
struct UICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui", abstract: "The full-screen terminal UI (the default command).")


    @Option(help: "The theme to draw with: a name from themes/ or $XDG_CONFIG_HOME/pbitui/themes/, or a path (else PBITUI_THEME, the config file, default).")
    var theme: String?

    @Flag(help: "Remove every action that changes anything (refresh, cancel, POST).")
    var readOnly = false

    @Option(help: ArgumentHelp("Write how long after process start the first frame was painted to this file (for benchmarks).", valueName: "file"))
    var startupReport: String?

    @Option(help: ArgumentHelp("Draw without a terminal and write the frame as SVG to this file once nothing loads any more, then end (the README's pictures).", valueName: "file.svg"))
    var screenshot: String?

    @Option(help: ArgumentHelp("The frame's size for --screenshot, COLUMNSxROWS.", valueName: "size"))
    var size = "100x30"

    @Option(help: ArgumentHelp("With --screenshot: keys pressed once the first screen has loaded, by name, separated by spaces (Enter Tab j Ctrl-R :), before the picture is taken.", valueName: "keys"))
    var keys: String?

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var specs: SpecOptions

    func run() async throws {
        // What --screenshot takes is checked before anything starts (a session opened must be closed).
        let scripted = try scriptedKeys()
        let variables = ProcessEnvironment.current
        let config: ConfigFile
        do { config = try ConfigFile.load(path: ConfigFile.defaultPath(environment: variables)) } catch { throw CLIError.usage(error.description) }
        let library = ThemeLibrary(environment: variables)
        let startingTheme: Theme
        do { startingTheme = try library.load(ThemeLibrary.startingName(flag: theme, environment: variables, config: config.theme)) } catch {
            throw CLIError.usage(error.description)
        }
        let colorsOff = variables["NO_COLOR"].map { !$0.isEmpty } ?? false
        // Other APIs' descriptions are read before anything starts: a file that does not read is bad usage.
        let others = Array(try specs.descriptions(profile: try connection.selectedProfile()).dropFirst())
        // With --demo, --auth or a profile, pbitui signs in before the UI starts (device code and browser
        // prompts then appear on the plain terminal); otherwise the UI opens on its sign-in screen.
        let demoHost = DemoTenantHost(settingsOff: try connection.demoSettingsOff())
        let session: Session? = if connection.demo {
            try await Session.demo(host: demoHost)
        } else if try connection.choosesMethod() {
            try await Session.connect(connection)
        } else {
            nil
        }
        if let session, session.isInteractive {
            do {
                _ = try await session.auth.credential.token(for: session.client.scope)
            } catch {
                await session.close()
                throw Session.cliError(for: error)
            }
        }
        let service = try ScreenSignIn(options: connection, demoHost: demoHost)
        let screen: any Screen
        if screenshot != nil {
            let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
            guard parts.count == 2, (40...500).contains(parts[0]), (10...200).contains(parts[1]) else {
                await session?.close()
                throw CLIError.usage("--size: COLUMNSxROWS, from 40x10 to 500x200 (as 100x30)")
            }
            screen = await MainActor.run { RecordingScreen(rows: parts[1], columns: parts[0]) }
        } else {
            screen = try await openTerminal(config: config, colorsOff: colorsOff, variables: variables, session: session)
        }
        let connected = session?.connected
        var firstFrame: (@Sendable () -> Void)?
        if let path = startupReport { firstFrame = { StartupClock.writeReport(to: path) } }
        var environment = AppEnvironment(session: connected, signIn: service, themes: library, keyMap: config.keys, colorsOff: colorsOff,
                                         firstFramePainted: firstFrame, descriptions: others)
        environment.screenshot = screenshot
        environment.screenshotKeys = scripted
        environment.queriesFolder = DAXQueryFiles.folder(environment: variables)
        environment.storeFolder = StoreLocation.folder(environment: variables)
        environment.bell = config.bell
        environment.pinsPath = PinBook.path(environment: variables)
        environment.context = service.profileName
        environment.profiles = service.profiles
        let readOnly = self.readOnly
        let status = await MainActor.run {
            TerminalApp(screen: screen, environment: environment, theme: startingTheme, readOnly: readOnly)
        }.run()
        await demoHost.stop()
        if status != 0 { throw ExitCode(status) }
    }

    /// `--keys`: each name as the config file's `[keys]` takes it.
    private func scriptedKeys() throws -> [Key] {
        guard let keys else { return [] }
        guard screenshot != nil else { throw CLIError.usage("--keys goes with --screenshot (keys pressed before the picture is taken)") }
        return try keys.split(separator: " ").map { name in
            guard let key = KeyMap.key(named: String(name)) else {
                throw CLIError.usage("--keys: '\(TerminalSafety.escape(String(name)))' is not a key name (Enter, Tab, Esc, Down, Ctrl-R, F5, j, …)")
            }
            return key
        }
    }

    private func openTerminal(config: ConfigFile, colorsOff: Bool, variables: [String: String], session: Session?) async throws -> any Screen {
        do {
            let mouse = config.mouse
            return try await MainActor.run { try NCursesScreen(colors: !colorsOff, mouse: mouse, insideTmux: variables["TMUX"] != nil) }
        } catch {
            await session?.close()
            throw CLIError.usage(String(describing: error))
        }
    }
}
