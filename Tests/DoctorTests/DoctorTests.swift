import Doctor
import EntraAuth
import Foundation
import HTTPCore
import PowerBI
import Simulator
import Synchronization
import Testing
import TestSupport
import Tokens

/// `pbitui doctor`'s probes against the demo tenant: every setting on, then each setting off in turn (the
/// doctor names exactly that setting, and the feature's own error the same words), as a service principal,
/// the tenant's administrator, and a user with MFA who is no administrator; a tenant answering 404 or HTML
/// where the admin APIs should be; and a count that no probe sends a write.
@Suite struct DoctorTests {
    /// Every request the probes send, by method and path; `/admin/` paths answered by `adminAnswer` when set.
    final class Recorder: HTTPTransport, Sendable {
        let inner: any HTTPTransport
        let adminAnswer: HTTPResponse?
        let sent = Mutex<[String]>([])
        init(_ inner: any HTTPTransport, adminAnswer: HTTPResponse? = nil) {
            self.inner = inner
            self.adminAnswer = adminAnswer
        }
        func send(_ request: HTTPRequest, timeout: Duration) async throws(TransportError) -> HTTPResponse {
            sent.withLock { $0.append(request.method + " " + request.url.path) }
            if let adminAnswer, request.url.path.contains("/admin/") { return adminAnswer }
            return try await inner.send(request, timeout: timeout)
        }
    }

    static func statuses(_ rows: [DoctorRow]) -> [String: DoctorStatus] {
        Dictionary(uniqueKeysWithValues: rows.map { ($0.check, $0.status) })
    }

    /// The doctor as the demo's service principal, with `settingsOff`.
    static func asApp(_ settingsOff: Set<TenantSetting> = [], adminAnswer: HTTPResponse? = nil) async throws -> (rows: [DoctorRow], demo: DemoClient, sent: [String]) {
        var options = SimulatorOptions()
        options.settingsOff = settingsOff
        let demo = try await DemoClient.start(options)
        let recorder = Recorder(demo.session.transport, adminAnswer: adminAnswer)
        let client = PowerBIClient(apiRoot: demo.client.apiRoot, credential: demo.session.credential, scope: demo.session.scope, transport: recorder)
        var doctor = Doctor(client: client, method: "client-secret", fabricRoot: nil)
        doctor.scanPause = .milliseconds(50)
        let rows = await doctor.run()
        return (rows, demo, recorder.sent.withLock { $0 })
    }

    /// The doctor as a demo user with a token the tenant's issuer signs (the scopes the tenant consented).
    /// `administrator`: alex (the tenant's Fabric administrator); else megan, who is none, signed in with or without MFA.
    static func asUser(administrator: Bool, mfa: Bool) async throws -> (rows: [DoctorRow], demo: DemoClient) {
        let demo = try await DemoClient.start()
        let tenant = demo.simulator.core.tenant
        let user = try #require(administrator ? tenant.users.first : tenant.users.first { $0.requiresMFA })
        let token = try demo.simulator.core.issuer.userToken(for: tenant.publicClient, user: user, audience: TokenIssuer.powerBIResource,
                                                            scopes: DemoTenant.consentedPermissions, authMethods: mfa ? ["pwd", "mfa"] : ["pwd"],
                                                            directoryRoles: tenant.directoryRoles(of: user))
        let credential = try StaticTokenCredential(text: token, source: "test")
        let client = PowerBIClient(apiRoot: demo.client.apiRoot, credential: credential, scope: demo.session.scope, transport: demo.session.transport)
        var doctor = Doctor(client: client, method: "device-code", fabricRoot: nil)
        doctor.scanPause = .milliseconds(50)
        return (await doctor.run(), demo)
    }

    @Test func everySettingOnEveryProbeThatCanRunWorksAndNothingIsWritten() async throws {
        let (rows, demo, sent) = try await Self.asApp()
        #expect(rows.map(\.check) == DoctorCheck.allCases.map(\.rawValue), "the checks in their contract order")
        let statuses = Self.statuses(rows)
        for check in ["sign-in", "power-bi-api", "workspaces", "admin-api", "scanner", "activity-log", "execute-queries", "execute-dax-queries", "refresh", "four-ways"] {
            #expect(statuses[check] == .works, "\(check): \(rows.first { $0.check == check }.map { $0.evidence } ?? "")")
        }
        #expect(statuses["fabric-api"] == .skipped)
        #expect(rows.exitStatus == 0 && rows.allSatisfy { $0.advice == nil })
        // No probe changes anything: every request is a GET, except the query and the scan, which read.
        let writes = sent.filter { !$0.hasPrefix("GET ") }
        #expect(!writes.isEmpty && writes.allSatisfy { $0.hasSuffix("/executeQueries") || $0.hasSuffix("/executeDaxQueries") || $0.hasSuffix("/admin/workspaces/getInfo") },
                "\(writes)")
        #expect(!sent.contains { $0.contains("/refreshes") && !$0.hasPrefix("GET ") }, "nothing refreshed")
        await demo.stop()
    }

    /// Each setting off: the checks that fail and the words their advice must hold.
    static let expectations: [(TenantSetting, failing: Set<String>, words: String)] = [
        (.servicePrincipalAPIs, ["power-bi-api", "admin-api", "activity-log"], "Service principals can use Fabric APIs"),
        (.servicePrincipalAdminAPIs, ["admin-api", "activity-log"], "Service principals can access read-only admin APIs"),
        (.executeQueries, ["execute-queries", "execute-dax-queries"], "Dataset Execute Queries REST API"),
        (.scannerDetailedMetadata, ["scanner"], "Enhance admin APIs responses with detailed metadata"),
        (.scannerExpressions, ["scanner"], "Enhance admin APIs responses with DAX and mashup expressions"),
        (.xmlaEndpoints, ["execute-dax-queries"], "Allow XMLA endpoints"),
    ]

    @Test(arguments: 0..<6) func eachSettingOffIsNamedByExactlyTheChecksItBreaks(index: Int) async throws {
        let (setting, failing, words) = Self.expectations[index]
        let (rows, demo, _) = try await Self.asApp([setting])
        let failed = Set(rows.filter { $0.status == .fails }.map(\.check))
        #expect(failed == failing, "\(setting.rawValue): \(rows.map { "\($0.check) \($0.status.rawValue) \($0.evidence)" })")
        for row in rows where failing.contains(row.check) {
            #expect(row.advice?.contains(words) == true, "\(row.check): \(row.advice ?? "no advice")")
        }
        #expect(rows.exitStatus == (failing.isEmpty ? 0 : 1))
        // The feature's own error says the same words.
        switch setting {
        case .servicePrincipalAPIs:
            await #expect { _ = try await demo.client.workspaces() } throws: { "\($0)".contains(words) }
        case .servicePrincipalAdminAPIs:
            await #expect { _ = try await demo.client.activityEvents(day: Date()) } throws: { "\($0)".contains(words) }
        case .executeQueries:
            let workspace = try #require(try await demo.client.workspaces().first)
            let dataset = try #require(try await demo.client.datasets(in: .group(workspace.id)).first)
            await #expect { _ = try await demo.client.executeQuery(DAXRequest(query: "EVALUATE ROW(\"x\", 1)"), dataset: dataset.id, in: .group(workspace.id)) }
                throws: { "\($0)".contains(words) }
        default:
            break
        }
        await demo.stop()
    }

    @Test func theAdministratorUserCanUseTheAdminAPIsAndPlainUsersWithOrWithoutMFAAreToldWhyNot() async throws {
        let (admin, first) = try await Self.asUser(administrator: true, mfa: false)
        let adminStatuses = Self.statuses(admin)
        #expect(adminStatuses["admin-api"] == .works && adminStatuses["scanner"] == .works && adminStatuses["activity-log"] == .works,
                "\(admin.map { "\($0.check) \($0.status.rawValue) \($0.evidence)" })")
        #expect(admin[0].evidence.contains("MFA: no") && admin[0].evidence.contains("administrator (wids)"))
        #expect(admin.first { $0.check == "workspaces" }?.evidence.contains("My workspace") == true)
        await first.stop()

        for mfa in [true, false] {
            let (plain, demo) = try await Self.asUser(administrator: false, mfa: mfa)
            #expect(plain[0].evidence.contains(mfa ? "MFA: yes" : "MFA: no") && !plain[0].evidence.contains("wids"), "\(plain[0].evidence)")
            let refused = try #require(plain.first { $0.check == "admin-api" })
            #expect(refused.status == .fails && refused.advice?.contains("Fabric administrator role") == true && refused.advice?.contains("wids has none") == true)
            let statuses = Self.statuses(plain)
            #expect(statuses["scanner"] == .skipped && statuses["power-bi-api"] == .works && statuses["execute-queries"] == .works)
            #expect(plain.exitStatus == 1)
            await demo.stop()
        }
    }

    @Test(arguments: [HTTPResponse(status: 404, headers: HTTPHeaders([HTTPHeaders.HTTPField(name: "Content-Type", value: "application/json")]),
                                   body: Data(#"{"error":{"code":"EntityNotFound"}}"#.utf8)),
                      HTTPResponse(status: 200, headers: HTTPHeaders([HTTPHeaders.HTTPField(name: "Content-Type", value: "text/html")]),
                                   body: Data("<html><body>Sign in to continue</body></html>".utf8))])
    func aTenantAnsweringSomethingElseWhereTheAdminAPIsShouldBeIsUnknownNotACrash(answer: HTTPResponse) async throws {
        let (rows, demo, _) = try await Self.asApp(adminAnswer: answer)
        let admin = try #require(rows.first { $0.check == "admin-api" })
        #expect(admin.status == .unknown || admin.status == .fails, "\(admin)")
        #expect(admin.evidence.contains(String(answer.status)), "the evidence keeps the status: \(admin.evidence)")
        #expect(Self.statuses(rows)["power-bi-api"] == .works, "the other probes are not affected")
        await demo.stop()
    }
}
