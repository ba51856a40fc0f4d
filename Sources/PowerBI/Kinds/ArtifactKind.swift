/// The one vocabulary of kinds: what pbitui calls a thing wherever it names one, singular and lower case as
/// the tenant store writes it: pins, the store's items and lineage, `lineage KIND:NAME`, `:inventory`'s
/// Tab, the selection on every screen, copying an id ("dataset id").
///
/// The lists pbitui loads are lists *of* one of these: ``ItemKind`` (a workspace's tabs, `ls KIND`) and
/// ``TenantKind`` (`:apps`, `:capacities`) each say which with `artifact`, and take their singular from it.
public enum ArtifactKind: String, Sendable, Hashable, Codable, CaseIterable {
    case workspace, report, dataset, dashboard, dataflow, datamart, datasource, gateway, user, app, capacity
    /// A profile of `config.toml` (`:ctx`): listed, never pinned.
    case context

    /// The kinds the tenant store holds items of, in the order `:inventory`'s Tab steps through them.
    public static let stored: [ArtifactKind] = [.report, .dataset, .dashboard, .dataflow, .datamart, .datasource, .gateway]

    /// "datasets", for counts and titles.
    public var plural: String {
        switch self {
        case .capacity: "capacities"
        default: rawValue + "s"
        }
    }

    /// The workspace list (tab, `ls` kind) of this kind; nil where a workspace has none.
    public var itemKind: ItemKind? { ItemKind.allCases.first { $0.artifact == self } }
}

extension ItemKind {
    /// What one item of this list is.
    public var artifact: ArtifactKind {
        switch self {
        case .reports: .report
        case .datasets: .dataset
        case .dashboards: .dashboard
        case .dataflows: .dataflow
        case .users: .user
        }
    }
}

extension TenantKind {
    /// What one item of this list is.
    public var artifact: ArtifactKind {
        switch self {
        case .apps: .app
        case .capacities: .capacity
        }
    }
}
