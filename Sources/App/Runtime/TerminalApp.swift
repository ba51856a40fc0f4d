import APIDescriptions
import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens
import EntraAuth

/// What the full-screen UI works with, handed over by the composition root.
public struct AppEnvironment: Sendable {
    /// The connection made before the UI started (`--demo`, `--auth …`); nil opens the sign-in screen.
    public let session: ConnectedSession?
    public let signIn: any SignInService
    /// Where `:theme NAME` finds themes.
    public var themes: ThemeLibrary?
    /// The person's keys from the config file.
    public var keyMap = KeyMap()
    /// `NO_COLOR` is set: themes cannot bring colours back.
    public var colorsOff = false
    /// Called once, after the first frame is on the terminal (`--startup-report`).
    public var firstFramePainted: (@Sendable () -> Void)?
    /// Other APIs' descriptions (`--spec`), for the explorer.
    public var descriptions: [APIDescription] = []
    /// Where the DAX workbench saves queries (``DAXQueryFiles/folder(environment:)``).
    public var queriesFolder: String?
    /// Where tenant stores are (``StoreLocation/folder(environment:)``); nil: the store screens say there is none.
    public var storeFolder: String?
    /// `bell = true` in the config file.
    public var bell = false
    /// Where pins are kept (``PinBook/path(environment:)``); nil: pins last the session only.
    public var pinsPath: String?
    /// The profile in force, shown in the header.
    public var context: String?
    /// The profiles of `config.toml`, for `:ctx`.
    public var profiles: [(name: String, summary: String)] = []
    /// `--screenshot PATH.svg`: once nothing loads any more, the frame is written there and the program ends.
    public var screenshot: String?
    /// `--keys`: pressed once the first screen has settled, before the picture is taken (a scripted frame).
    public var screenshotKeys: [Key] = []

    public init(session: ConnectedSession?, signIn: any SignInService, themes: ThemeLibrary? = nil, keyMap: KeyMap = KeyMap(),
                colorsOff: Bool = false, firstFramePainted: (@Sendable () -> Void)? = nil, descriptions: [APIDescription] = []) {
        self.session = session
        self.signIn = signIn
        self.themes = themes
        self.keyMap = keyMap
        self.colorsOff = colorsOff
        self.firstFramePainted = firstFramePainted
        self.descriptions = descriptions
    }
}

/// Runs the full-screen UI: one loop that takes events (keys, resizes, results, timer beats) one at a
/// time, changes the state, starts work, and paints the new frame.
///
/// How a keypress travels: ``Screen/events`` → ``AppEvent/terminal(_:)`` → ``AppReducer`` → an ``Effect``
/// → a task calling ``PowerBIClient`` → an ``AppEvent`` with the result → ``AppReducer`` → ``AppRenderer``
/// → ``Screen/present(_:)``.
@MainActor
public final class TerminalApp {
    let screen: any Screen
    let environment: AppEnvironment
    private var state: AppState
    private(set) var session: ConnectedSession?
    /// The session's client, with a throttle observer that reports waits to the screen.
    var client: PowerBIClient?
    private let events: AsyncStream<AppEvent>
    let emit: AsyncStream<AppEvent>.Continuation
    /// Background work; each task leaves the set when it ends.
    let tasks = BackgroundTasks()

    /// How many background tasks run now (for tests: finished work does not pile up).
    var backgroundTaskCount: Int { tasks.count }
    /// The sessions of contexts left with `:ctx`, still open, by ``AppState/contextKey``.
    var keptSessions: [String: ConnectedSession] = [:]
    /// The sign-in under way (one at a time: a new one or Esc cancels it).
    var signInTask: Task<Void, Never>?
    /// The bound on background requests in flight, shared by every fan-out.
    let gate = RequestGate(limit: 4)

    public init(screen: any Screen, environment: AppEnvironment, theme: Theme = .defaultDark, readOnly: Bool = false) {
        self.screen = screen
        self.environment = environment
        let service = environment.signIn
        state = AppState(size: screen.size, identity: environment.session?.identity,
                         signIn: SignInState(prefilled: service.prefilled, profileName: service.profileName,
                                             authority: service.authorityDescription))
        state.readOnly = readOnly
        state.descriptions = environment.descriptions
        state.queriesFolder = environment.queriesFolder
        state.bell = environment.bell
        state.context = environment.context
        state.profiles = environment.profiles
        if let path = environment.pinsPath {
            let (book, problem) = PinBook.load(path: path)
            state.pins = book
            state.pinsPath = path
            if let problem { state.status = StatusMessage(problem, level: .warn) }
        }
        state.keyMap = environment.keyMap
        state.theme = theme
        state.themeNames = environment.themes?.names() ?? [theme.name]
        if let session = environment.session { AppReducer.adopt(session, &state) }
        (events, emit) = AsyncStream.makeStream(of: AppEvent.self)
        if let session = environment.session { install(session) }
    }

    /// `:ctx` back to a context left earlier: its session serves again, the one in force is kept.
    func resume(_ key: String, keeping: String) {
        guard let kept = keptSessions.removeValue(forKey: key) else { return }
        if let current = session { keptSessions[keeping] = current }
        install(kept)
    }

    private func install(_ session: ConnectedSession) {
        self.session = session
        var client = session.client
        let emit = self.emit
        client.throttleObserver = { emit.yield(.throttled($0)) }
        self.client = client
        if session.tokenKind == nil {
            tasks.add(Task.detached {
                guard let token = try? await client.currentToken() else { return }
                emit.yield(.tokenKnown(kind: token.kind, scopes: token.kind == .delegated ? token.scopes : []))
            })
        }
    }

    /// Runs until the person quits or a signal ends the program; restores the terminal and returns the
    /// exit status (0 after `q`, 128 + signal number after a signal).
    public func run() async -> Int32 {
        let screenEvents = screen.events
        let emit = self.emit
        tasks.add(Task {
            for await event in screenEvents { emit.yield(.terminal(event)) }
        })
        tasks.add(Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                emit.yield(.tick)
            }
        })
        // The operation catalogue (the token inspector's and the diagnosis' permission table) is read from
        // the compiled-in description on first use: read it now, off the main actor, not in a frame.
        tasks.add(Task.detached(priority: .background) { _ = PermissionTable.operations.count })
        if session != nil { apply(WorkspacesReducer.action(.reload, &state, now: Date())) }
        screen.present(AppRenderer.render(state))
        environment.firstFramePainted?()
        var settledAtStart = false
        if let path = environment.screenshot, session == nil, !state.isBusy {
            // Nothing to load (the sign-in screen): the first frame is the picture.
            writeScreenshot(to: path)
            settledAtStart = true
        }
        var scriptedKeys = environment.screenshotKeys
        for await event in events where !settledAtStart {
            if case .tick = event, !state.isBusy { continue }
            let leaving = state.contextKey
            let effects = AppReducer.reduce(&state, event)
            // The reducer has taken the new session's facts; its client serves the effects that follow. The
            // old session is closed, unless `:ctx` keeps its context's place to come back to.
            if case let .signIn(.signedIn(newSession)) = event {
                let old = session
                install(newSession)
                if let old {
                    if state.contextPlaces[leaving] != nil { keptSessions[leaving] = old } else { Task.detached { await old.close() } }
                }
            }
            if state.shouldQuit { break }
            apply(effects)
            screen.present(AppRenderer.render(state))
            if let path = environment.screenshot, !state.isBusy, effects.isEmpty, !(state.workspaces.value == nil && session != nil) {
                if !scriptedKeys.isEmpty {
                    // The scripted keys, pressed as a person would; the picture waits for what they load.
                    for key in scriptedKeys { apply(AppReducer.reduce(&state, .terminal(.key(key)))) }
                    scriptedKeys = []
                    screen.present(AppRenderer.render(state))
                    if state.isBusy { continue }
                }
                writeScreenshot(to: path)
                break
            }
        }
        tasks.cancelAll()
        signInTask?.cancel()
        screen.restore()
        if let session { await session.close() }
        for kept in keptSessions.values { await kept.close() }
        return state.exitStatus
    }

    /// `--screenshot`: the settled frame as SVG; a file that cannot be written ends the program with 1.
    private func writeScreenshot(to path: String) {
        do {
            try AtomicFile.write(Screenshot.svg(state, now: Date()), to: path, createFolders: false)
        } catch {
            state.exitStatus = 1
            FileHandle.standardError.write(Data("pbitui: could not write \(path): \(error)\n".utf8))
        }
    }

    private func apply(_ effects: [Effect]) {
        for effect in effects { carryOut(effect) }
    }
}
