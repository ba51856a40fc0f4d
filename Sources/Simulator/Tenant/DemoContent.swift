import Foundation

/// How a demo dataset behaves when refreshed.
public enum DemoDatasetKind: String, Sendable, Hashable {
    /// Import mode; refreshes complete.
    case importMode
    /// Import mode; refreshes fail with `ModelRefreshFailed_CredentialsNotSpecified`.
    case importFailing
    /// DirectQuery: `isRefreshable: false`, refresh requests are refused.
    case directQuery
}

public struct DemoDataset: Sendable, Hashable {
    public let id: String
    public var name: String
    public let kind: DemoDatasetKind
    public let configuredBy: String
    public let createdDate: Date
    /// Varies between 0 and 7 digits, as the real service's dates do.
    public let createdFractionDigits: Int
    public let datasourceServer: String
    public let datasourceDatabase: String
    public let gatewayId: String?
    public let datasourceId: String
}

public struct DemoReport: Sendable, Hashable {
    public let id: String
    public var name: String
    /// Nil for paginated (RDL) reports, which have no dataset.
    public let datasetId: String?
    public var isPaginated: Bool { datasetId == nil }
}

public struct DemoDashboard: Sendable, Hashable {
    public let id: String
    public let displayName: String
}

public struct DemoDataflow: Sendable, Hashable {
    public let objectId: String
    public let name: String
    public let description: String
    public let configuredBy: String
}

/// The content of one workspace, generated from the tenant seed and the workspace's position, so that a
/// tenant of 10,000 workspaces costs nothing until someone looks inside one.
public struct DemoContent: Sendable, Hashable {
    public var reports: [DemoReport]
    public var datasets: [DemoDataset]
    public let dashboards: [DemoDashboard]
    public let dataflows: [DemoDataflow]

    /// `--hostile-names`: text that would take over a terminal printed raw — a window title and clipboard
    /// write (OSC 0 and 52), a screen clear and cursor moves (CSI), a bell, and a right-to-left override
    /// that disguises a file name. pbitui must show all of it escaped.
    public static let hostileReportName = "Q3 \u{1B}[1;1H\u{1B}[2KReport\u{07} \u{202E}fdp.exe"
    public static let hostileDatasetName = "Model \u{1B}]52;c;cHduZWQ=\u{07}\u{1B}[31mred"
    /// The second dataset's name under `--hostile-names`: no control sequence, but a comma, quotes, a line break,
    /// a backslash and emoji, which CSV, JSON and names given as arguments must all carry intact.
    public static let oddDatasetName = "Revenue, \"Net\"\nEMEA \\ 📈"

    /// The same content with the hostile names of `--hostile-names` in the first report and dataset, and the odd one in the second dataset.
    func hostile() -> DemoContent {
        var copy = self
        if !copy.reports.isEmpty { copy.reports[0].name = Self.hostileReportName }
        if !copy.datasets.isEmpty { copy.datasets[0].name = Self.hostileDatasetName }
        if copy.datasets.count > 1 { copy.datasets[1].name = Self.oddDatasetName }
        return copy
    }

    static let modelNames = ["Sales Model", "Finance Actuals", "Customer 360", "Inventory Snapshot", "Web Traffic",
                             "HR Headcount", "Forecast 2026", "売上モデル", "Marketing Funnel", "Support Tickets",
                             "Logistics Tracking", "Pricing Analysis", "Café Revenue", "Energy Usage", "Returns"]
    static let reportSuffixes = ["Overview", "Details", "Executive Summary", "Trends", "Scorecard"]
    static let paginatedNames = ["Invoice Print", "Monthly Statement", "Packing List", "Audit Trail"]
    static let dataflowNames = ["Customer Master", "Product Catalogue", "Exchange Rates", "Calendar", "Web Logs"]
    static let servers = ["sql-prod-weu.database.windows.net", "sql-dwh-01.contoso.local", "synapse-analytics.sql.azuresynapse.net"]

    /// The content of the workspace at `index` (or of a user's My workspace, with a negative index).
    /// The tenant's on-premises data gateways: one that runs, one that is offline.
    public static func gateways(seed: UInt64) -> [(id: String, name: String, online: Bool)] {
        var random = SeededRandom(seed: seed ^ 0x6A7E_0A75)
        return [(random.guid(), "Contoso HQ gateway", true), (random.guid(), "Branch office gateway (Lyon)", false)]
    }

    /// The gateway a dataset on premises goes through, chosen by the id drawn for it (the draws stay as they were).
    static func gateway(for drawn: String, seed: UInt64) -> String {
        let all = gateways(seed: seed)
        return all[Int(StableHash.of(drawn) % UInt64(all.count))].id
    }

    public static func generate(seed: UInt64, workspaceIndex: Int, count: Int, owner: String) -> DemoContent {
        var random = SeededRandom(seed: seed &+ 0x5EED &+ UInt64(bitPattern: Int64(workspaceIndex)) &* 0x1000_0000_01B3)
        var datasets: [DemoDataset] = []
        for item in 0..<count {
            let kind: DemoDatasetKind
            switch item % 6 {
            case 3: kind = .directQuery
            case 5: kind = .importFailing
            default: kind = .importMode
            }
            let base = modelNames[Int(UInt(bitPattern: workspaceIndex &* 7 &+ item) % UInt(modelNames.count))]
            let name = kind == .directQuery ? base + " (DirectQuery)" : (item >= modelNames.count ? "\(base) \(item + 1)" : base)
            let onPremises = random.chance(0.3)
            datasets.append(DemoDataset(
                id: random.guid(), name: name, kind: kind, configuredBy: owner,
                createdDate: Date(timeIntervalSince1970: 1_700_000_000 + Double(random.next() % 60_000_000) + Double(random.next() % 1000) / 1000),
                createdFractionDigits: Int(random.next() % 8),
                datasourceServer: random.pick(servers), datasourceDatabase: base.replacingOccurrences(of: " ", with: ""),
                gatewayId: onPremises ? Self.gateway(for: random.guid(), seed: seed) : nil, datasourceId: random.guid()))
        }
        var reports: [DemoReport] = []
        for item in 0..<count {
            if item % 4 == 3 {
                reports.append(DemoReport(id: random.guid(), name: paginatedNames[item / 4 % paginatedNames.count], datasetId: nil))
            } else if !datasets.isEmpty {
                let dataset = datasets[item % datasets.count]
                reports.append(DemoReport(id: random.guid(), name: dataset.name + " — " + reportSuffixes[item % reportSuffixes.count],
                                          datasetId: dataset.id))
            }
        }
        let dashboards = (0..<count).map { item in
            DemoDashboard(id: random.guid(), displayName: (item < datasets.count ? datasets[item].name : "Dashboard \(item + 1)") + " Dashboard")
        }
        let dataflows = (0..<count).map { item in
            DemoDataflow(objectId: random.guid(), name: dataflowNames[item % dataflowNames.count] + (item >= dataflowNames.count ? " \(item + 1)" : ""),
                         description: "Prepared data for \(dataflowNames[item % dataflowNames.count].lowercased())", configuredBy: owner)
        }
        return DemoContent(reports: reports, datasets: datasets, dashboards: dashboards, dataflows: dataflows)
    }
}
