import Foundation
import PowerBI
import TerminalUI
import Tokens

/// A row of the workspace list: a workspace, or My workspace (user tokens only), which has no id.
public struct WorkspaceEntry: Sendable, Hashable {
    public let scope: WorkspaceScope
    public let name: String
    public let workspace: Workspace?

    public static let my = WorkspaceEntry(scope: .my, name: "My workspace", workspace: nil)

    public init(_ workspace: Workspace) {
        scope = .group(workspace.id)
        name = workspace.name
        self.workspace = workspace
    }

    init(scope: WorkspaceScope, name: String, workspace: Workspace?) {
        self.scope = scope
        self.name = name
        self.workspace = workspace
    }

    public var id: String { workspace?.id ?? "" }
    public var isDedicated: Bool { workspace?.isOnDedicatedCapacity == true }
}

/// One item on a workspace tab, whatever its kind: what the table shows and what actions need. Its cells
/// come from the kind's specification (``ItemKindSpec``).
public struct ItemRow: Sendable, Hashable, Identifiable {
    public let kind: ItemKind
    public let id: String
    public let name: String
    /// False for DirectQuery datasets; nil for kinds that do not refresh or when the service did not say.
    public let isRefreshable: Bool?
    /// The values of the kind's columns (``ItemKindSpec/columns``), between the name and the id.
    public let cells: [String]
    public let raw: JSONValue

    /// The row of an object the service sent; nil when it has no id.
    public init?(_ kind: ItemKind, json: JSONValue) {
        let spec = kind.spec
        guard let id = spec.id(of: json) else { return nil }
        self.kind = kind
        self.id = id
        name = spec.name(of: json)
        isRefreshable = spec.refreshable ? json["isRefreshable"]?.boolValue : nil
        cells = spec.cells(of: json)
        raw = json
    }

    public init<Item: PowerBIItem>(_ item: Item) {
        let spec = Item.kind.spec
        kind = Item.kind
        id = item.id
        name = item.name
        isRefreshable = spec.refreshable ? item.raw["isRefreshable"]?.boolValue : nil
        cells = spec.cells(of: item.raw)
        raw = item.raw
    }

    /// The rows of a list as the service sent it: objects without an id left out, and duplicates (by id, as
    /// paging over changing data repeats rows).
    public static func rows(_ kind: ItemKind, _ objects: [JSONValue]) -> [ItemRow] {
        var seen = Set<String>()
        return objects.compactMap { ItemRow(kind, json: $0) }.filter { seen.insert(ItemID.key($0.id)).inserted }
    }
}

extension ItemRow {
    /// The values sorting compares, one per column of the kind's table (the live LAST REFRESH column of
    /// refreshable kinds sorts nothing).
    static func sortCells(_ row: ItemRow) -> [String] {
        [row.name] + (row.kind.spec.refreshable ? [""] : []) + row.cells + [row.id]
    }

    /// The columns of a kind's table that `s` steps through: all but the live LAST REFRESH.
    static func sortableColumns(_ kind: ItemKind) -> [Int] {
        let spec = kind.spec
        let count = 2 + spec.columns.count + (spec.refreshable ? 1 : 0)
        return (0..<count).filter { !(spec.refreshable && $0 == 1) }
    }

    static func model(_ rows: [ItemRow]) -> ListModel<ItemRow> {
        ListModel(rows, search: { $0.name + "\u{0}" + $0.id }, cells: sortCells)
    }
}

/// A short note about finished work, shown for a few seconds.
public struct Toast: Sendable, Hashable {
    public let text: String
    public let level: StatusMessage.Level
    public let until: Date
}

/// A wait for the service's `Retry-After`, counted down on screen.
public struct ThrottleCountdown: Sendable, Hashable {
    public let until: Date
    public let what: String
    /// True when pbitui is waiting it out by itself; false when the person must try again later.
    public let automatic: Bool
}
