public import Foundation
public import PowerBI
import Automate
import EntraAuth
import Tokens

/// `pbitui doctor`: what this identity can do in this tenant, probed side by side with requests that change
/// nothing (GETs; executeQueries of `ROW("x", 1)`; the scanner's getInfo, which starts a read-only scan of one
/// workspace), one row per check, and where one fails, the setting or role to change.
public struct Doctor: Sendable {
    public let client: PowerBIClient
    /// How the session signed in (`client-secret`, `device-code`, …), for the sign-in row.
    public let method: String
    /// Fabric's API root (nil where the cloud has none, or against the demo tenant, which serves Power BI only).
    public let fabricRoot: URL?
    /// How long the scanner probe waits for its scan, at most.
    public var scanPolls = 60
    public var scanPause: Duration = .milliseconds(500)

    public init(client: PowerBIClient, method: String, fabricRoot: URL?) {
        self.client = client
        self.method = method
        self.fabricRoot = fabricRoot
    }

    /// Every check's row, in ``DoctorCheck`` order. Nothing here throws: a probe that cannot decide says `unknown`.
    public func run() async -> [DoctorRow] {
        let token: AccessToken
        do throws(PowerBIError) { token = try await client.currentToken() } catch {
            let reason = "no token: the sign-in failed"
            return [DoctorRow(DoctorCheck.signIn.rawValue, .fails, Probes.oneLine(error.description), advice: "fix the sign-in first (`pbitui token` shows why)")]
                + DoctorCheck.allCases.dropFirst().map { DoctorRow($0.rawValue, .skipped, reason) }
        }
        let identity = Identity(token: token)
        let probes = Probes(client: client, identity: identity)
        async let groups = probes.powerBIAPI()
        async let admin = probes.adminAPI()
        async let activity = probes.activityLog()
        async let fabric = probes.fabricAPI(root: fabricRoot)
        let (groupsRow, canList) = await groups
        let workspaces = canList ? await probes.workspaces() : (DoctorRow(DoctorCheck.workspaces.rawValue, .skipped, "power-bi-api fails"), [])
        async let queries = canList ? await probes.executeQueries(in: workspaces.1)
                                    : DoctorRow(DoctorCheck.executeQueries.rawValue, .skipped, "power-bi-api fails")
        async let refresh = canList ? await probes.refresh(in: workspaces.1)
                                    : DoctorRow(DoctorCheck.refresh.rawValue, .skipped, "power-bi-api fails")
        async let arrow = canList ? await probes.executeDaxQueries(in: workspaces.1)
                                  : DoctorRow(DoctorCheck.executeDaxQueries.rawValue, .skipped, "power-bi-api fails")
        var (adminRow, adminWorkspace) = await admin
        var activityRow = await activity
        // An app refused by the Power BI API at all is refused by the admin APIs for the same reason first.
        if identity.isApp, groupsRow.status == .fails {
            adminRow = adminRow.blamingServicePrincipalAPIs
            activityRow = activityRow.blamingServicePrincipalAPIs
        }
        let scanner = await probes.scanner(workspace: adminWorkspace, polls: scanPolls, pause: scanPause)
        return [identity.row(method: method), groupsRow, workspaces.0, adminRow, scanner, activityRow, await queries, await arrow,
                await refresh, await fabric, Probes.fourWays(identity, apiRoot: client.apiRoot)]
    }
}

extension DoctorRow {
    /// The row with the setting every app call needs named first.
    var blamingServicePrincipalAPIs: DoctorRow {
        guard status == .fails else { return self }
        return DoctorRow(check, status, evidence, advice: "turn on " + PortalSetting.servicePrincipalAPIs
                            + " first (power-bi-api fails too); then " + (advice ?? "this check again"))
    }
}

/// Who the token says this is: what the rows read from its claims.
struct Identity: Sendable {
    let token: AccessToken
    let claims: JSONObject?
    var isApp: Bool { token.kind == .app }

    init(token: AccessToken) {
        self.token = token
        claims = try? JWT.decode(token.value).payload
    }

    var roles: [String] { claims?["roles"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    var scopes: [String] { claims?["scp"]?.stringValue?.split(separator: " ").map(String.init) ?? [] }
    var usedMFA: Bool { claims?["amr"]?.arrayValue?.contains { $0.stringValue == "mfa" } == true }
    /// The directory roles (`wids`) by template id.
    var directoryRoles: [String] { claims?["wids"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    static let fabricAdministrator = "a9ea8996-122f-4c74-9520-8edcd192826c"
    static let adminRoles = [fabricAdministrator, "11648597-926c-4cf3-9c36-bcebb0ba8dcc" /* Power Platform */, "62e90394-69f5-4237-9190-012177145e10" /* Global */]
    var isTenantAdministrator: Bool { directoryRoles.contains { Self.adminRoles.contains($0.lowercased()) } }

    /// `sign-in`: the method, the token's kind, audience, expiry, what it grants, MFA.
    func row(method: String) -> DoctorRow {
        var parts = ["\(method), \(isApp ? "app" : "user") token" + (token.account.map { " for \($0)" } ?? "")]
        parts.append("audience " + (token.audience ?? "unknown"))
        parts.append("expires " + ISO8601DateFormatter().string(from: token.expiresOn))
        parts.append(isApp ? "roles: " + (roles.isEmpty ? "none" : roles.joined(separator: " ")) : "scopes: " + (scopes.isEmpty ? token.scopes.joined(separator: " ") : scopes.joined(separator: " ")))
        if !isApp { parts.append(usedMFA ? "MFA: yes (amr)" : "MFA: no") }
        if !isApp, isTenantAdministrator { parts.append("directory role: Fabric/Power Platform/Global administrator (wids)") }
        return DoctorRow(DoctorCheck.signIn.rawValue, .works, parts.joined(separator: "; "))
    }

    var automate: AutomateIdentity {
        AutomateIdentity(kind: isApp ? .app : .user, account: isApp ? token.clientId : token.account, scopes: isApp ? [] : token.scopes,
                         usedMFA: usedMFA, tenantId: token.tenantId, clientId: token.clientId)
    }
}
