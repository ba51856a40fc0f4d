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

/// One item on a workspace tab, whatever its kind: what the table shows and what actions need.
public struct ItemRow: Sendable, Hashable, Identifiable {
    public let kind: ItemKind
    public let id: String
    public let name: String
    /// False for DirectQuery datasets; nil for other kinds or when the service did not say.
    public let isRefreshable: Bool?
    /// The cells after the name, per kind (see ``ItemColumns``).
    public let cells: [String]
    public let raw: JSONValue

    public init(_ report: Report) {
        kind = .reports; id = report.id; name = report.name; isRefreshable = nil; raw = report.raw
        cells = [report.isPaginated ? "Paginated" : "Power BI", report.datasetId ?? "—"]
    }

    public init(_ dataset: Dataset) {
        kind = .datasets; id = dataset.id; name = dataset.name; isRefreshable = dataset.isRefreshable; raw = dataset.raw
        let mode = dataset.isRefreshable == false ? "DirectQuery" : (dataset.targetStorageMode == "PremiumFiles" ? "Import (large)" : "Import")
        cells = [mode, dataset.configuredBy ?? ""]
    }

    public init(_ dashboard: Dashboard) {
        kind = .dashboards; id = dashboard.id; name = dashboard.name; isRefreshable = nil; raw = dashboard.raw
        cells = [dashboard.isReadOnly == true ? "read-only" : ""]
    }

    public init(_ dataflow: Dataflow) {
        kind = .dataflows; id = dataflow.id; name = dataflow.name; isRefreshable = nil; raw = dataflow.raw
        cells = [dataflow.configuredBy ?? "", dataflow.description ?? ""]
    }
}

/// A workspace's contents: one list per tab, loaded when the tab is first shown.
public struct WorkspaceView: Sendable {
    public let entry: WorkspaceEntry
    public var tab: ItemKind = .reports
    public var lists: [ItemKind: Loadable<[ItemRow]>] = [:]
    public var selections: [ItemKind: ListState] = [:]
    /// The `/` filter of each tab.
    public var filters: [ItemKind: String] = [:]

    public init(entry: WorkspaceEntry) { self.entry = entry }

    /// The current tab's rows, filtered.
    public var rows: [ItemRow] {
        let all = lists[tab]?.value ?? []
        guard let filter = filters[tab], !filter.isEmpty else { return all }
        return all.filter { ListFilter.matches([$0.name, $0.id], filter: filter) }
    }
    public var selection: ListState {
        get { selections[tab] ?? ListState() }
        set { selections[tab] = newValue }
    }
    public var selectedRow: ItemRow? {
        let rows = self.rows
        return rows.indices.contains(selection.selected) ? rows[selection.selected] : nil
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
    public var key: String { "\(scope.prefix.lowercased())|\(ItemID.key(datasetId))" }
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
    public var rows: [(workspace: WorkspaceEntry, row: ItemRow)] = []
    public var total: Int
    public var answered = 0
    public var failures: [(workspace: String, message: String)] = []
    public var selection = ListState()

    public init(total: Int) { self.total = total }

    public var isLoading: Bool { answered < total }
}
