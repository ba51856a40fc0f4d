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

/// Everything the screen shows. Changed only on the main actor by ``AppReducer``; drawn by ``AppRenderer``.
public struct AppState: Sendable {
    public var size: (rows: Int, columns: Int)
    /// Who is signed in, for the header ("app pbitui-automation · tenant …").
    public var identity: String
    public var workspaces: Loadable<[Workspace]> = .idle
    public var workspaceList = ListState()
    public var status: StatusMessage?
    /// Advances while something loads, to animate the spinner.
    public var spinnerFrame = 0
    public var shouldQuit = false
    public var exitStatus: Int32 = 0

    public init(size: (rows: Int, columns: Int), identity: String) {
        self.size = size
        self.identity = identity
    }

    public var isBusy: Bool { workspaces.isLoading }
}
