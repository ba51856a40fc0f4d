import Foundation
import PowerBI
import TerminalUI

/// A list of places to jump to: the pins (`:pins`) or what `:go TEXT` found. `Enter` opens one.
public struct PickerView: ListView {
    public enum Purpose: Sendable, Hashable {
        case pins
        /// `:go TEXT`; `tenant` when the whole tenant is searched (`:go! TEXT`).
        case go(query: String, tenant: Bool)
        /// `:ctx`: the profiles to switch to.
        case contexts
    }

    /// A row: what it is and, for `:go`, how well it matched.
    public struct Entry: Sendable, Hashable {
        public let pin: Pin
        public let score: Int
    }

    public let purpose: Purpose
    public var rows = PickerView.model([])
    public var selection = ListState()
    /// `:go!`: which search the rows belong to, how many workspaces it reads and how many answered.
    public var generation = 0
    public var workspacesTotal = 0
    public var workspacesAnswered = 0

    public init(purpose: Purpose) { self.purpose = purpose }

    public var isSearching: Bool { workspacesAnswered < workspacesTotal }

    /// KIND, NAME, WORKSPACE; sorted by score (best first) for `:go`, newest pin first for `:pins`.
    static let titles = ["KIND", "NAME", "WORKSPACE"]

    static func model(_ entries: [Entry]) -> ListModel<Entry> {
        ListModel(entries, search: { $0.pin.name + "\u{0}" + ($0.pin.workspaceName ?? "") + "\u{0}" + $0.pin.id },
                  cells: { [$0.pin.kind.rawValue, $0.pin.name, $0.pin.workspaceName ?? ""] })
    }
}
