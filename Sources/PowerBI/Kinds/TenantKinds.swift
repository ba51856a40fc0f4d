import Foundation
import Tokens

/// Lists of the tenant rather than of a workspace: the apps installed for the signed-in user and the
/// capacities the caller can see. `ls apps`, `ls capacities` and their screens come from here.
public enum TenantKind: String, Sendable, Hashable, CaseIterable {
    case apps, capacities

    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// One of them, as a person says it ("capacity").
    public var singular: String { artifact.rawValue }

    public var spec: TenantListSpec {
        switch self {
        case .apps: .apps
        case .capacities: .capacities
        }
    }

    /// Where the items of one of them are listed when it is opened: an app's reports and dashboards; nil
    /// for lists whose rows hold no items (capacities).
    public func itemScope(id: String) -> WorkspaceScope? {
        switch self {
        case .apps: .app(id)
        case .capacities: nil
        }
    }

    /// The kind named by its plural (`apps`), ignoring case.
    public init?(named name: String) {
        guard let kind = TenantKind.allCases.first(where: { $0.rawValue == name.lowercased() }) else { return nil }
        self = kind
    }
}

/// A tenant-level list: its path under `/v1.0/myorg`, its columns, and whether an app token may read it.
public struct TenantListSpec: ListSpecification {
    public let kind: TenantKind
    public let path: String
    public let idMembers: [String]
    public let nameMembers: [String]
    public let idHeader: String
    public let columns: [ListColumn]
    /// Why an app token (service principal) cannot read the list, when it cannot: said before the call.
    public let refusedToApps: String?
    /// The operation, as the permission table and the OpenAPI description name it.
    public let operationId: String

    /// `GET /apps` (Apps_GetApps): the apps installed for the signed-in user. Service principals are not
    /// supported.
    public static let apps = TenantListSpec(
        kind: .apps, path: "/apps", idMembers: ["id"], nameMembers: ["name"], idHeader: "ID",
        columns: [
            .member("PUBLISHED BY", "publishedBy", width: .flexible(minimum: 12)),
            ListColumn("LAST UPDATE", width: .fixed(22)) { object in
                object["lastUpdate"]?.stringValue.flatMap(PowerBIDate.parse).map { HumanTime.local($0) } ?? object["lastUpdate"]?.stringValue ?? ""
            },
            .member("DESCRIPTION", "description", width: .flexible(minimum: 8)),
        ],
        refusedToApps: "Apps_GetApps lists the apps installed for a user: it does not accept service principals (sign in as a user)",
        operationId: "Apps_GetApps")

    /// `GET /capacities` (Capacities_GetCapacities): the capacities the caller has rights on.
    public static let capacities = TenantListSpec(
        kind: .capacities, path: "/capacities", idMembers: ["id"], nameMembers: ["displayName"], idHeader: "ID",
        columns: [
            .member("SKU", "sku", width: .fixed(6)),
            .member("STATE", "state", width: .fixed(15)),
            .member("REGION", "region", width: .flexible(minimum: 10)),
            ListColumn("ADMINS", width: .flexible(minimum: 10)) { object in
                (object["admins"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
            },
            .member("ACCESS", "capacityUserAccessRight", width: .fixed(18)),
        ],
        refusedToApps: nil, operationId: "Capacities_GetCapacities")
}
