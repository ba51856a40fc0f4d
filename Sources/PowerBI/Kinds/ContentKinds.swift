import Foundation
import Tokens

extension ItemKindSpec {
    public static let reports = ItemKindSpec(
        kind: .reports, idMembers: ["id"], nameMembers: ["name"], idHeader: "ID",
        columns: [
            ListColumn("TYPE", width: .fixed(10)) { Report(json: $0)?.isPaginated == true ? "Paginated" : "Power BI" },
            ListColumn("DATASET", width: .flexible(minimum: 12), meaning: .datasetId) { $0["datasetId"]?.stringValue ?? "" },
        ],
        refreshable: false, inMyWorkspace: true, readScopes: ["Report.Read.All", "Report.ReadWrite.All"], inApps: true)

    public static let datasets = ItemKindSpec(
        kind: .datasets, idMembers: ["id"], nameMembers: ["name"], idHeader: "ID",
        columns: [
            ListColumn("MODE", width: .fixed(15)) { Dataset(json: $0).map(storageMode) ?? "" },
            .member("CONFIGURED BY", "configuredBy", width: .flexible(minimum: 10)),
        ],
        refreshable: true, inMyWorkspace: true, readScopes: ["Dataset.Read.All", "Dataset.ReadWrite.All"])

    public static let dashboards = ItemKindSpec(
        kind: .dashboards, idMembers: ["id"], nameMembers: ["displayName", "name"], idHeader: "ID",
        columns: [ListColumn("READ-ONLY", width: .fixed(9)) { $0["isReadOnly"]?.boolValue == true ? "yes" : "" }],
        refreshable: false, inMyWorkspace: true, readScopes: ["Dashboard.Read.All", "Dashboard.ReadWrite.All"], inApps: true)

    public static let dataflows = ItemKindSpec(
        kind: .dataflows, idMembers: ["objectId", "id"], nameMembers: ["name"], idHeader: "ID",
        columns: [
            .member("CONFIGURED BY", "configuredBy", width: .flexible(minimum: 10)),
            .member("DESCRIPTION", "description", width: .flexible(minimum: 8)),
        ],
        refreshable: false, inMyWorkspace: false, readScopes: ["Dataflow.Read.All", "Dataflow.ReadWrite.All"])

    /// Import, Import (large) or DirectQuery: how a dataset holds its data.
    static func storageMode(_ dataset: Dataset) -> String {
        dataset.isRefreshable == false ? "DirectQuery" : (dataset.targetStorageMode == "PremiumFiles" ? "Import (large)" : "Import")
    }
}
