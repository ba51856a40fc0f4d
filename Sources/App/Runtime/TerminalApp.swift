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

    public init(session: ConnectedSession?, signIn: any SignInService) {
        self.session = session
        self.signIn = signIn
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
    private let screen: any Screen
    private let environment: AppEnvironment
    private let theme: Theme
    private var state: AppState
    private var session: ConnectedSession?
    /// The session's client, with a throttle observer that reports waits to the screen.
    var client: PowerBIClient?
    private let events: AsyncStream<AppEvent>
    let emit: AsyncStream<AppEvent>.Continuation
    var tasks: [Task<Void, Never>] = []
    private var signInTask: Task<Void, Never>?

    public init(screen: any Screen, environment: AppEnvironment, theme: Theme = .defaultDark, readOnly: Bool = false) {
        self.screen = screen
        self.environment = environment
        self.theme = theme
        let service = environment.signIn
        state = AppState(size: screen.size, identity: environment.session?.identity,
                         signIn: SignInState(prefilled: service.prefilled, profileName: service.profileName,
                                             authority: service.authorityDescription))
        state.readOnly = readOnly
        state.tokenKind = environment.session?.tokenKind
        state.tokenScopes = environment.session?.scopes ?? []
        (events, emit) = AsyncStream.makeStream(of: AppEvent.self)
        if let session = environment.session { install(session) }
    }

    private func install(_ session: ConnectedSession) {
        self.session = session
        var client = session.client
        let emit = self.emit
        client.throttleObserver = { emit.yield(.throttled($0)) }
        self.client = client
        if session.tokenKind == nil {
            tasks.append(Task.detached {
                guard let token = try? await client.currentToken() else { return }
                emit.yield(.tokenKnown(kind: token.kind.rawValue, scopes: token.kind == .delegated ? token.scopes : []))
            })
        }
    }

    /// Runs until the person quits or a signal ends the program; restores the terminal and returns the
    /// exit status (0 after `q`, 128 + signal number after a signal).
    public func run() async -> Int32 {
        let screenEvents = screen.events
        let emit = self.emit
        tasks.append(Task {
            for await event in screenEvents { emit.yield(.terminal(event)) }
        })
        tasks.append(Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                emit.yield(.tick)
            }
        })
        if session != nil { apply(AppReducer.perform(.reload, on: &state, now: Date())) }
        screen.present(AppRenderer.render(state, theme: theme))
        for await event in events {
            if case .tick = event, !state.isBusy { continue }
            if case let .signedIn(newSession) = event {
                let old = session
                install(newSession)
                if let old { Task.detached { await old.close() } }
            }
            let effects = AppReducer.reduce(&state, event)
            if state.shouldQuit { break }
            apply(effects)
            screen.present(AppRenderer.render(state, theme: theme))
        }
        for task in tasks { task.cancel() }
        signInTask?.cancel()
        screen.restore()
        if let session { await session.close() }
        return state.exitStatus
    }

    private func apply(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .loadWorkspaces, .loadItems, .loadDetails, .triggerRefresh, .pollRefresh, .cancelRefresh, .loadAllDatasets:
                guard let client else { continue }
                tasks.removeAll { $0.isCancelled }
                tasks.append(Self.start(effect, client: client, emit: emit))
            case let .copy(text):
                screen.copy(text)
            case .inspectToken:
                guard let client, let session else { continue }
                let emit = self.emit
                let verify = session.verify
                tasks.append(Task.detached {
                    let token: AccessToken
                    do throws(PowerBIError) { token = try await client.currentToken() } catch {
                        emit.yield(.tokenUnreadable(error.description))
                        return
                    }
                    let jwt: JWT
                    do { jwt = try JWT.decode(token.value) } catch {
                        emit.yield(.tokenUnreadable("the access token is not a readable JWT (\(error)); Microsoft issues some tokens in formats only their API can read"))
                        return
                    }
                    emit.yield(.tokenInspected(jwt))
                    if let verify { emit.yield(.tokenVerified(await verify(jwt))) }
                })
            case let .signIn(request):
                signInTask?.cancel()
                let service = environment.signIn
                let emit = self.emit
                signInTask = Task.detached {
                    do {
                        let session = try await service.signIn(request) { emit.yield(.signInProgress($0)) }
                        if Task.isCancelled { await session.close(); return }
                        emit.yield(.signedIn(session))
                    } catch let failure as SignInFailure {
                        if !Task.isCancelled { emit.yield(.signInFailed(failure)) }
                    } catch {
                        if !Task.isCancelled { emit.yield(.signInFailed(SignInFailure(String(describing: error)))) }
                    }
                }
            case .cancelSignIn:
                signInTask?.cancel()
                signInTask = nil
            }
        }
    }
}
