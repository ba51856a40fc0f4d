import Foundation
import PowerBI
import TerminalUI
import Tokens

/// A workspace's contents: one list per tab, loaded when the tab is first shown.
public struct WorkspaceView: Sendable {
    public let entry: WorkspaceEntry
    public var tab: ItemKind = .reports
    public var lists: [ItemKind: Loadable<[ItemRow]>] = [:] {
        didSet {
            for kind in ItemKind.allCases {
                guard let rows = lists[kind]?.value else { models[kind] = nil; continue }
                if models[kind] != nil, oldValue[kind]?.value == rows { continue }
                var model = ItemRow.model(rows)
                model.setSort(sorts[kind])
                model.setFilter(filters[kind] ?? "")
                models[kind] = model
            }
        }
    }
    public var selections: [ItemKind: ListState] = [:]
    /// The `/` filter of each tab.
    public private(set) var filters: [ItemKind: String] = [:]
    /// The sort of each tab.
    public private(set) var sorts: [ItemKind: SortOrder] = [:]
    /// Each loaded tab's rows, filtered and sorted.
    public private(set) var models: [ItemKind: ListModel<ItemRow>] = [:]

    public init(entry: WorkspaceEntry) { self.entry = entry }

    /// The tabs: every kind in a workspace (My workspace says which it has no API for); in an app, the
    /// kinds an app has (reports and dashboards).
    public var tabs: [ItemKind] {
        guard case .app = entry.scope else { return ItemKind.allCases }
        return ItemKind.allCases.filter { $0.spec.path(in: entry.scope) != nil }
    }

    /// What the contents are of, for the header and the tab line: "Workspaces" or "Apps", and the place.
    public var home: String { if case .app = entry.scope { "Apps" } else { "Workspaces" } }

    /// The current tab's rows, filtered and sorted.
    public var rows: [ItemRow] { models[tab]?.visibleRows ?? [] }
    public var rowCount: Int { models[tab]?.count ?? 0 }
    public var sort: SortOrder? { sorts[tab] }
    public var selection: ListState {
        get { selections[tab] ?? ListState() }
        set { selections[tab] = newValue }
    }
    public var selectedRow: ItemRow? { models[tab]?.row(at: selection.selected) }

    public mutating func setFilter(_ text: String) {
        filters[tab] = text.isEmpty ? nil : text
        models[tab]?.setFilter(text)
    }

    public mutating func setSort(_ order: SortOrder?) {
        sorts[tab] = order
        models[tab]?.setSort(order)
    }
}
