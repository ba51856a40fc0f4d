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

/// The sections of an item's details; datasets have four more.
public enum DetailsSection: String, Sendable, Hashable, CaseIterable {
    case properties = "Properties", json = "JSON", history = "Refresh history", datasources = "Datasources",
         parameters = "Parameters", schedule = "Schedule"

    static func sections(for kind: ItemKind) -> [DetailsSection] {
        kind == .datasets ? [.properties, .history, .datasources, .parameters, .schedule, .json] : [.properties, .json]
    }
}

/// An item's details: its properties and raw JSON, and for a dataset what the extra calls say.
public struct DetailsView: Sendable {
    public let workspace: WorkspaceEntry
    public let item: ItemRow
    public var section: DetailsSection = .properties
    public var scroll = 0
    public var history: Loadable<[Refresh]> = .idle
    public var datasources: Loadable<[Datasource]> = .idle
    public var parameters: Loadable<[DatasetParameter]> = .idle
    public var schedule: Loadable<RefreshSchedule> = .idle
    /// The JSON section's viewer (folding, search), made when the section is first shown.
    public var json: JSONViewer?
    /// The selected row of the refresh history.
    public var historySelection = ListState()
    /// The history row opened with Enter: everything about that refresh.
    public var openedRefresh: Refresh?
    /// The opened refresh's detail (`GET …/refreshes/{id}`: tables, partitions, messages), for enhanced refreshes.
    public var refreshDetail: Loadable<RefreshDetail> = .idle

    public init(workspace: WorkspaceEntry, item: ItemRow) {
        self.workspace = workspace
        self.item = item
    }

    public var sections: [DetailsSection] { DetailsSection.sections(for: item.kind) }
}

/// The dataset a refresh is for.
public struct RefreshTarget: Sendable, Hashable {
    public let scope: WorkspaceScope
    public let datasetId: String
    public let datasetName: String
    public let workspaceName: String

    /// The key refreshes are kept under (ids compare without case).
    public var key: String { Self.key(scope: scope, datasetId: datasetId) }

    public static func key(scope: WorkspaceScope, datasetId: String) -> String {
        "\(scope.prefix.lowercased())|\(ItemID.key(datasetId))"
    }
}

/// What the REFRESH column knows of a dataset's newest refresh, from its history (`$top=1`).
public enum LastRefresh: Sendable, Hashable {
    case loading
    /// The history is empty.
    case never
    case refresh(Refresh)
    /// The history could not be read (the message says why).
    case unavailable(String)

    /// Asks for the last refresh of the refreshable rows not known or asked for yet (all of them again
    /// when `again`, as Ctrl-R does), marking them as loading.
    static func request(_ rows: [ItemRow], scope: WorkspaceScope, _ state: inout AppState, again: Bool = false) -> [Effect] {
        var ids: [String] = []
        for row in rows where row.kind.spec.refreshable && row.isRefreshable != false {
            let key = RefreshTarget.key(scope: scope, datasetId: row.id)
            if let known = state.lastRefreshes[key], known == .loading || !again { continue }
            state.lastRefreshes[key] = .loading
            ids.append(row.id)
        }
        return ids.isEmpty ? [] : [.loadLastRefreshes(scope, datasetIds: ids)]
    }
}

/// Why a dataset's last refresh could not be read.
public struct LastRefreshFailure: Error, Sendable, Hashable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// A refresh this session started and follows until it ends.
public struct LiveRefresh: Sendable, Hashable {
    public let target: RefreshTarget
    public var ticket: RefreshTicket?
    public var observation: RefreshObservation?
    public let requestedAt: Date

    public var label: String {
        guard ticket != nil else { return "Requested…" }
        guard let observation else { return "Accepted" }
        // The service's own word first: a running standard refresh is "Unknown" in the history.
        var text = observation.state == .inProgress && observation.serviceStatus == "Unknown" ? "Unknown (running)" : observation.state.description
        if observation.state == .failed, let code = observation.errorCode { text += ": \(code)" }
        return text
    }

    public var isFinal: Bool { observation?.state.isFinal == true }
}

/// A question that must be answered before something changes in the tenant.
public struct ConfirmDialog: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        case refresh(RefreshTarget, RefreshRequest)
        case cancelRefresh(RefreshTarget, requestId: String)
        /// A console request that changes something (POST, PUT, PATCH, DELETE).
        case sendRequest(ConsoleRequest)
    }

    public let title: String
    public let lines: [String]
    public let action: Action
}

/// The enhanced refresh form (`R`): choices cycle with ←/→ or Space, numbers and tables are typed.
public struct EnhancedRefreshForm: Sendable, Hashable {
    public enum Field: Int, Sendable, Hashable, CaseIterable {
        case type, commitMode, maxParallelism, retryCount, applyRefreshPolicy, tables
        var label: String {
            switch self {
            case .type: "Type"
            case .commitMode: "Commit mode"
            case .maxParallelism: "Max parallelism"
            case .retryCount: "Retry count"
            case .applyRefreshPolicy: "Apply refresh policy"
            case .tables: "Tables (a, b/partition)"
            }
        }
    }

    public let target: RefreshTarget
    public var focus: Field = .type
    public var type: RefreshRequest.RefreshType = .full
    public var commitMode: RefreshRequest.CommitMode = .transactional
    public var maxParallelism = "10"
    public var retryCount = "0"
    public var applyRefreshPolicy = true
    public var tables = ""
    public var problem: String?

    public init(target: RefreshTarget) { self.target = target }

    /// The request the form describes, or why it cannot be sent.
    public func request() -> Result<RefreshRequest, FormProblem> {
        var request = RefreshRequest.enhanced(type: type, commitMode: commitMode)
        guard let parallelism = Int(maxParallelism.trimmingCharacters(in: .whitespaces)), (1...100).contains(parallelism) else {
            return .failure(FormProblem(field: .maxParallelism, message: "Max parallelism: a whole number from 1 to 100"))
        }
        guard let retries = Int(retryCount.trimmingCharacters(in: .whitespaces)), (0...10).contains(retries) else {
            return .failure(FormProblem(field: .retryCount, message: "Retry count: a whole number from 0 to 10"))
        }
        if commitMode == .partialBatch, applyRefreshPolicy {
            return .failure(FormProblem(field: .applyRefreshPolicy, message: "With commit mode PartialBatch the refresh policy cannot be applied: set it to no"))
        }
        request.maxParallelism = parallelism
        request.retryCount = retries
        request.applyRefreshPolicy = applyRefreshPolicy
        request.objects = tables.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { entry in
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : nil)
        }
        return .success(request)
    }

    public struct FormProblem: Error, Sendable, Hashable {
        public let field: Field
        public let message: String
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

/// Every dataset of every workspace (`:datasets`), loaded four workspaces at a time; rows appear as each
/// workspace answers, and keys work while the rest load.
public struct AllDatasetsView: Sendable {
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
