import Foundation
import Tokens

/// The kinds of things a workspace holds, in the order of the workspace screen's tabs.
public enum ItemKind: String, Sendable, Hashable, CaseIterable {
    /// In the order of the workspace tabs. Each kind's columns and paths are in ``spec``.
    case reports, datasets, dashboards, dataflows, users

    /// One item, as a person says it ("dataset").
    public var singular: String { artifact.rawValue }
    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// One column of a list: its header, the room it wants, its text for an object, and what sorting compares.
/// The screen and `ls` draw the same columns from it; the table and CSV output of `ls` print them.
public struct ListColumn: Sendable {
    public enum Width: Sendable, Hashable {
        case fixed(Int)
        case flexible(minimum: Int)
    }

    /// What a screen may show instead of the value: a dataset's name where the object holds its id.
    public enum Meaning: Sendable, Hashable {
        case text
        case datasetId
    }

    public let header: String
    public let width: Width
    public let meaning: Meaning
    public let value: @Sendable (JSONValue) -> String

    public init(_ header: String, width: Width, meaning: Meaning = .text, value: @escaping @Sendable (JSONValue) -> String) {
        self.header = header
        self.width = width
        self.meaning = meaning
        self.value = value
    }

    /// A column showing one string member as it came (absent: empty).
    public static func member(_ header: String, _ key: String, width: Width) -> ListColumn {
        ListColumn(header, width: width) { $0[key]?.stringValue ?? "" }
    }
}

/// What every list specification has: the members holding an object's id and name, and the columns.
public protocol ListSpecification: Sendable {
    /// The members that may hold the id, the first present wins.
    var idMembers: [String] { get }
    /// The members that may hold the name, the first present wins.
    var nameMembers: [String] { get }
    /// The header of the id column.
    var idHeader: String { get }
    /// The columns between NAME and the id, in the order the screen shows them.
    var columns: [ListColumn] { get }
}

extension ListSpecification {
    public func id(of object: JSONValue) -> String? {
        for member in idMembers { if let id = object[member]?.stringValue, !id.isEmpty { return id } }
        return nil
    }

    public func name(of object: JSONValue) -> String {
        for member in nameMembers { if let name = object[member]?.stringValue, !name.isEmpty { return name } }
        return id(of: object) ?? ""
    }

    /// The values of ``columns`` for one object.
    public func cells(of object: JSONValue) -> [String] { columns.map { $0.value(object) } }
}

/// Everything pbitui needs to list one kind of item in a workspace: where the list is, which members hold
/// its id and name, and its columns. The workspace tabs, the item details, `ls KIND` (table, CSV, JSON) and
/// the order of the tabs come from here; a new kind is a case of ``ItemKind`` and its specification.
public struct ItemKindSpec: ListSpecification {
    public let kind: ItemKind
    /// The members that may hold the id, the first present wins (a dataflow's is `objectId`).
    public let idMembers: [String]
    /// The members that may hold the name, the first present wins (a dashboard's is `displayName`).
    public let nameMembers: [String]
    /// The header of the id column (users are listed by `identifier`, an e-mail address or an object id).
    public let idHeader: String
    /// The columns between NAME and the id, in the order the screen shows them.
    public let columns: [ListColumn]
    /// Items of this kind can be refreshed: the refresh keys and the LAST REFRESH column.
    public let refreshable: Bool
    /// Whether the API has this list in My workspace (it has no dataflows or users there).
    public let inMyWorkspace: Bool
    /// The scopes that let a user token read the list (for the permission note when it is refused).
    public let readScopes: [String]

    /// Whether an app has this list (`/apps/{appId}/reports`; apps have reports and dashboards only).
    public var inApps = false

    /// The list's path: `/groups/{id}/reports`, `/reports` in My workspace, `/apps/{id}/reports` in an
    /// app; nil where there is none.
    public func path(in scope: WorkspaceScope) -> String? {
        switch scope {
        case .my: guard inMyWorkspace else { return nil }
        case .app: guard inApps else { return nil }
        case .group: break
        }
        return scope.prefix + "/" + kind.rawValue
    }
}

extension ItemKind {
    /// This kind's specification.
    public var spec: ItemKindSpec {
        switch self {
        case .reports: ItemKindSpec.reports
        case .datasets: ItemKindSpec.datasets
        case .dashboards: ItemKindSpec.dashboards
        case .dataflows: ItemKindSpec.dataflows
        case .users: ItemKindSpec.users
        }
    }

    /// The kind named by its plural (`datasets`), ignoring case.
    public init?(named name: String) {
        guard let kind = ItemKind.allCases.first(where: { $0.rawValue == name.lowercased() }) else { return nil }
        self = kind
    }
}
