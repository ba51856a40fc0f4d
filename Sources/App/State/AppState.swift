import Foundation
import PowerBI
import TerminalUI

/// Something that loads: not yet asked, in flight, arrived, or failed with a message a person can act on.
public enum Loadable<Value: Sendable>: Sendable {
    case idle
    case loading(since: Date)
    case loaded(Value)
    case failed(message: String, requestId: String?)

    public var value: Value? {
        if case let .loaded(value) = self { return value }
        return nil
    }

    public var isLoading: Bool {
        if case .loading = self { return true }
        return false
    }
}

/// A line of feedback at the bottom of the screen.
public struct StatusMessage: Sendable, Hashable {
    public enum Level: Sendable, Hashable { case info, ok, warn, error }
    public let text: String
    public let level: Level

    public init(_ text: String, level: Level = .info) {
        self.text = text
        self.level = level
    }
}

/// The screens, as a stack: the last is on top, `back` pops it.
public enum Route: Sendable, Hashable {
    case signIn
    case workspaces
}

/// The `:` command line at the bottom of the screen while it is open.
public struct CommandPrompt: Sendable, Hashable {
    public var text = ""
}

/// Everything the screen shows. Changed only on the main actor by ``AppReducer``; drawn by ``AppRenderer``.
public struct AppState: Sendable {
    public var size: (rows: Int, columns: Int)
    /// Who is signed in, for the header ("app pbitui-automation · tenant …"); nil before a sign-in.
    public var identity: String?
    public var routes: [Route]
    public var signIn: SignInState
    public var workspaces: Loadable<[Workspace]> = .idle
    public var workspaceList = ListState()
    public var commandPrompt: CommandPrompt?
    public var status: StatusMessage?
    /// Advances while something loads, to animate the spinner.
    public var spinnerFrame = 0
    public var shouldQuit = false
    public var exitStatus: Int32 = 0

    /// - Parameter identity: who is signed in already (`--demo`, `--auth …`); nil opens the sign-in screen.
    public init(size: (rows: Int, columns: Int), identity: String?, signIn: SignInState = SignInState()) {
        self.size = size
        self.identity = identity
        self.signIn = signIn
        routes = identity == nil ? [.signIn] : [.workspaces]
    }

    public var route: Route { routes.last ?? .signIn }

    public var isBusy: Bool { workspaces.isLoading || signIn.isWorking }
}
