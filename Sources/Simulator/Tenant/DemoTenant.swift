import Foundation

/// Someone or something that signs in to the demo tenant.
public struct DemoPrincipal: Sendable, Hashable {
    public enum Kind: String, Sendable { case servicePrincipal, user }
    /// The object id (`oid`).
    public let objectId: String
    public let kind: Kind
    public let displayName: String
}

/// An application registered in the demo tenant.
public struct DemoApplication: Sendable, Hashable {
    public let clientId: String
    public let displayName: String
    public let isPublicClient: Bool
    public let secret: String?
    /// A secret that has passed its end date (AADSTS7000222).
    public let expiredSecret: String?
    /// The service principal the app signs in as with client credentials; nil for public clients.
    public let servicePrincipal: DemoPrincipal?
    /// Whether the tenant setting "Service principals can use Fabric APIs" covers this app.
    public let allowedByTenantSetting: Bool
}

/// A person in the demo tenant.
public struct DemoUser: Sendable, Hashable {
    public let username: String
    public let password: String
    public let requiresMFA: Bool
    public let principal: DemoPrincipal
}

/// A workspace of the demo tenant with the principals who are members.
public struct DemoWorkspace: Sendable, Hashable {
    public let id: String
    public let name: String
    public let isOnDedicatedCapacity: Bool
    public let capacityId: String?
    public let isReadOnly: Bool
    /// Object ids of members.
    public let members: Set<String>
}

/// The whole demo tenant: identities and content. Built by ``DemoTenant/generate(seed:workspaces:items:)``,
/// the same for the same arguments.
public struct DemoTenant: Sendable {
    public let tenantId: String
    public let domain: String
    public let confidentialClient: DemoApplication
    /// A second service principal that the tenant setting does not allow to call Power BI.
    public let blockedClient: DemoApplication
    public let publicClient: DemoApplication
    /// The managed identity of an Azure resource (IMDS and App Service endpoints); in the same workspaces
    /// as the confidential client.
    public let managedIdentity: DemoApplication
    /// The secret App Service passes in `IDENTITY_HEADER`.
    public let identityHeader: String
    public let users: [DemoUser]
    public let workspaces: [DemoWorkspace]
    public let itemsPerWorkspace: Int
    /// The seed everything else is derived from; items are generated from it on demand.
    public let seed: UInt64
    /// `--hostile-names`: the fourth workspace, its first report and dataset, its dashboards' error and the
    /// confidential client's name carry terminal control sequences.
    public var hostile = false
    /// The tenant settings turned off (`--setting-off`); every other one is on.
    public var settingsOff: Set<TenantSetting> = []
    /// "Dataset Execute Queries REST API" (Integration settings).
    public var executeQueriesEnabled: Bool { !settingsOff.contains(.executeQueries) }
    /// "Enhance admin APIs responses with detailed metadata": off, the scanner leaves schema and expressions out.
    public var metadataScanningEnabled: Bool { !settingsOff.contains(.scannerDetailedMetadata) }
    /// "…with DAX and mashup expressions" (which needs the first): off, the scanner leaves expressions out.
    public var expressionScanningEnabled: Bool { metadataScanningEnabled && !settingsOff.contains(.scannerExpressions) }

    /// Client ids (lower case) of apps holding admin-consented Power BI application permissions: the
    /// read-only admin APIs refuse them (reference/workbench.md §2.2). The managed identity is one.
    public var applicationsWithAdminConsent: Set<String> { [managedIdentity.clientId.lowercased()] }

    /// The fourth workspace's name under `--hostile-names`.
    public static let hostileWorkspaceName = "Ops \u{1B}]0;PWNED\u{07}\u{1B}[2J\u{1B}[31mRed\u{1B}[0m \u{202E}gnp.exe"
    public static let hostileWorkspaceIndex = 3

    /// The Power BI permissions the tenant's admin consented to for its apps (delegated). Tenant.Read.All is among
    /// them, as in a tenant whose administrators use pbitui: the service then lets only an administrator use it.
    public static let consentedPermissions = ["Dataset.ReadWrite.All", "Dataset.Read.All", "Report.Read.All",
                                              "Workspace.Read.All", "Dashboard.Read.All", "Dataflow.Read.All", "App.Read.All",
                                              "Capacity.Read.All", "Tenant.Read.All"]

    /// The Fabric Administrator role's template id, as the `wids` claim carries it.
    public static let fabricAdministratorRole = "a9ea8996-122f-4c74-9520-8edcd192826c"

    /// The directory roles (`wids`) of a user: the first user is the tenant's Fabric administrator.
    public func directoryRoles(of user: DemoUser) -> [String] {
        user.principal.objectId == users.first?.principal.objectId ? [Self.fabricAdministratorRole] : []
    }

    /// The user with `username`, compared without case.
    public func user(named username: String) -> DemoUser? {
        users.first { $0.username.caseInsensitiveCompare(username.trimmingCharacters(in: .whitespaces)) == .orderedSame }
    }

    public static let defaultSeed: UInt64 = 20_261_126
    public static let defaultWorkspaceCount = 12
    public static let defaultItemCount = 6

    /// Curated names for the first workspaces: believable, some with non-ASCII text, wide characters and emoji.
    static let curatedNames = [
        "Sales Analytics", "Finance — Monthly Close", "Marketing Insights", "Operations Control Tower",
        "Ventes France (été 2026)", "Vertrieb Österreich", "販売分析 東京", "People & Culture",
        "Supply Chain Planning", "Customer Success 🚀", "Executive Dashboards", "Data Engineering Sandbox",
    ]
    static let departments = ["Sales", "Finance", "Marketing", "Operations", "HR", "Supply Chain", "Procurement",
                              "Customer Care", "Risk", "Audit", "Logistics", "Product", "Engineering", "Legal"]
    static let regions = ["EMEA", "APAC", "Americas", "Nordics", "DACH", "Benelux", "Iberia", "Japan", "ANZ",
                          "Brasil", "Québec", "México", "Polska", "Türkiye"]
    static let topics = ["Analytics", "Reporting", "Forecast", "KPIs", "Planning", "Insights", "Scorecards", "Pipeline"]

    public static func generate(seed: UInt64 = defaultSeed, workspaces count: Int = defaultWorkspaceCount,
                                items: Int = defaultItemCount, hostile: Bool = false) -> DemoTenant {
        var random = SeededRandom(seed: seed)
        let tenantId = random.guid()
        let confidentialSP = DemoPrincipal(objectId: random.guid(), kind: .servicePrincipal, displayName: "pbitui-automation")
        let confidential = DemoApplication(
            clientId: random.guid(), displayName: "pbitui-automation", isPublicClient: false,
            secret: "demo~" + String(random.next(), radix: 36) + String(random.next(), radix: 36),
            expiredSecret: "expired~" + String(random.next(), radix: 36),
            servicePrincipal: confidentialSP, allowedByTenantSetting: true)
        let blockedSP = DemoPrincipal(objectId: random.guid(), kind: .servicePrincipal, displayName: "legacy-etl-app")
        let blocked = DemoApplication(
            clientId: random.guid(), displayName: "legacy-etl-app", isPublicClient: false,
            secret: "demo~" + String(random.next(), radix: 36), expiredSecret: nil, servicePrincipal: blockedSP,
            allowedByTenantSetting: false)
        let publicClient = DemoApplication(
            clientId: random.guid(), displayName: "pbitui (public client)", isPublicClient: true, secret: nil,
            expiredSecret: nil, servicePrincipal: nil, allowedByTenantSetting: true)
        let alex = DemoUser(username: "alex@pbitui-demo.onmicrosoft.com", password: "demo-Password-1",
                            requiresMFA: false,
                            principal: DemoPrincipal(objectId: random.guid(), kind: .user, displayName: "Alex Wilber"))
        let megan = DemoUser(username: "megan@pbitui-demo.onmicrosoft.com", password: "demo-Password-2",
                             requiresMFA: true,
                             principal: DemoPrincipal(objectId: random.guid(), kind: .user, displayName: "Megan Bowen"))
        let dedicatedCapacity = random.guid()
        // Drawn from a generator of its own, so that adding it left every other id as it was.
        var identityRandom = SeededRandom(seed: seed ^ 0x4D49)
        let managedSP = DemoPrincipal(objectId: identityRandom.guid(), kind: .servicePrincipal, displayName: "pbitui-vm-identity")
        let managed = DemoApplication(
            clientId: identityRandom.guid(), displayName: "pbitui-vm-identity", isPublicClient: false, secret: nil,
            expiredSecret: nil, servicePrincipal: managedSP, allowedByTenantSetting: true)
        let identityHeader = "demo-identity-" + String(identityRandom.next(), radix: 36)

        var workspaces: [DemoWorkspace] = []
        workspaces.reserveCapacity(count)
        for index in 0..<max(0, count) {
            let name: String
            if hostile, index == hostileWorkspaceIndex {
                name = hostileWorkspaceName
            } else if index < curatedNames.count {
                name = curatedNames[index]
            } else {
                name = "\(random.pick(departments)) \(random.pick(regions)) \(random.pick(topics)) \(index + 1)"
            }
            let dedicated = index % 3 == 1
            var members: Set<String> = [alex.principal.objectId]
            // The service principal is in most workspaces; two curated ones are people-only.
            if index != 7 && index != 10 {
                members.insert(confidentialSP.objectId)
                members.insert(managedSP.objectId)
            }
            if index % 2 == 0 { members.insert(megan.principal.objectId) }
            members.insert(blockedSP.objectId)
            workspaces.append(DemoWorkspace(
                id: random.guid(), name: name, isOnDedicatedCapacity: dedicated,
                capacityId: dedicated ? dedicatedCapacity : nil, isReadOnly: index == 10, members: members))
        }
        var tenant = DemoTenant(tenantId: tenantId, domain: "pbitui-demo.onmicrosoft.com", confidentialClient: confidential,
                                blockedClient: blocked, publicClient: publicClient, managedIdentity: managed,
                                identityHeader: identityHeader, users: [alex, megan],
                                workspaces: workspaces, itemsPerWorkspace: items, seed: seed)
        tenant.hostile = hostile
        return tenant
    }

    /// The application with `clientId`, compared without case.
    public func application(clientId: String) -> DemoApplication? {
        [confidentialClient, blockedClient, publicClient, managedIdentity].first { $0.clientId.caseInsensitiveCompare(clientId) == .orderedSame }
    }

    /// True when `tenant` (a GUID or the verified domain) names this tenant.
    public func matches(tenant: String) -> Bool {
        tenant.caseInsensitiveCompare(tenantId) == .orderedSame || tenant.caseInsensitiveCompare(domain) == .orderedSame
    }
}
