import Foundation
import PowerBI
import TerminalUI
import Tokens

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
