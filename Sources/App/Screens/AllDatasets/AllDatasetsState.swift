import Foundation
import PowerBI
import TerminalUI
import Tokens

/// Every dataset of every workspace (`:datasets`), loaded four workspaces at a time; rows appear as each
/// workspace answers, and keys work while the rest load.
public struct AllDatasetsView: ListView {
    public struct Entry: Sendable, Hashable {
        public let workspace: WorkspaceEntry
        public let row: ItemRow
    }

    /// Display columns: NAME, WORKSPACE, REFRESH (live, not sortable), MODE, ID.
    static let sortableColumns = [0, 1, 3, 4]

    public var rows = ListModel<Entry>(search: { $0.row.name + "\u{0}" + $0.row.id + "\u{0}" + $0.workspace.name },
                                       cells: { [$0.row.name, $0.workspace.name, "", $0.row.cells.first ?? "", $0.row.id] })
    public var total: Int
    public var answered = 0
    public var failures: [(workspace: String, message: String)] = []
    public var selection = ListState()

    public init(total: Int) { self.total = total }

    public var isLoading: Bool { answered < total }
}
