import Foundation
import HTTPCore
import Simulator
import Testing
import Tokens
@testable import EntraAuth

/// The one factory that builds sessions for the command line, the sign-in screen and the demo tenant.
@Suite struct SessionFactoryTests {
    /// A log of the test's own, written to a temporary file.
    static func log() throws -> (ActivityLog, String) {
        let path = NSTemporaryDirectory() + "pbitui-factory-\(UUID().uuidString)/pbitui.log"
        let log = ActivityLog()
        try #require(log.open(path: path))
        return (log, path)
    }

    static func demoPlan(_ info: SimulatorInfo, secret: String? = nil) -> SessionPlan {
        SessionPlan.demoTenant(authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId,
                               clientId: info.confidentialClientId, secret: secret ?? info.confidentialClientSecret, caFile: info.caFile)
    }

    @Test func theDemoTenantsSessionSignsInAtItsFirstCallAndItsTokensNeverReachTheLog() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let (log, path) = try Self.log()
        let session = try await SessionFactory.open(Self.demoPlan(simulator.info), log: log)
        #expect(session.firstToken == nil)
        #expect(session.identity == "demo tenant · app pbitui-automation")
        #expect(session.scope == "https://analysis.windows.net/powerbi/api/.default")
        #expect(session.settings.tokenCache == nil)
        #expect(!session.isInteractive)
        let token = try await session.credential.token(for: session.scope)
        #expect(token.kind == .app)
        // Registered: replaced by name, not merely by the JWT pattern.
        #expect(log.redacted("got \(token.value) back") == "got [redacted] back")
        log.write("a message quoting \(token.value)")
        log.close()
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains("connect demo tenant · app pbitui-automation at \(simulator.info.authorityHost)"))
        #expect(!written.contains(token.value))
        await session.close()
        await simulator.stop()
    }

    @Test func signingInNowGetsTheFirstTokenAndNamesTheAccount() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let info = simulator.info
        let user = try #require(info.users.first { !$0.mfa })
        var settings = SignInSettings(authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId,
                                      clientId: info.publicClientId, method: .password)
        settings.username = user.username
        settings.password = Secret(user.password)
        let (log, path) = try Self.log()
        let session = try await SessionFactory.open(SessionPlan(settings: settings, caFile: info.caFile, environment: [:], signInNow: true), log: log)
        let first = try #require(session.firstToken)
        #expect(first.kind == .delegated)
        #expect(session.identity == "password · \(user.username)")
        let refreshToken = try #require(first.refreshToken)
        #expect(log.redacted(refreshToken) == "[redacted]")
        log.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("sign-in password: signed in as password · \(user.username)"))
        await session.close()
        await simulator.stop()
    }

    @Test func aRefusedSignInIsAnAuthErrorAndIsLogged() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let (log, path) = try Self.log()
        var plan = Self.demoPlan(simulator.info, secret: "not-the-secret")
        plan.signInNow = true
        do {
            _ = try await SessionFactory.open(plan, log: log)
            Issue.record("signed in with a wrong secret")
        } catch {
            guard case let .auth(auth) = error else { Issue.record("expected an auth error, got \(error)"); return }
            #expect(auth.aadstsCode == "AADSTS7000215")
        }
        log.close()
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains("sign-in client-secret failed"))
        #expect(!written.contains("not-the-secret"))
        await simulator.stop()
    }

    @Test func aMissingSettingIsNamedBeforeAnythingIsSent() async throws {
        let settings = SignInSettings(authorityHost: URL(string: "http://127.0.0.1:9")!, tenant: nil, clientId: "c", method: .clientSecret,
                                      secret: .value(Secret("s3cr3t-value")))
        do {
            _ = try await SessionFactory.open(SessionPlan(settings: settings, environment: [:]), log: ActivityLog())
            Issue.record("built a session without a tenant")
        } catch {
            guard case let .auth(.invalidSetting(setting, _)) = error else { Issue.record("expected an invalid setting, got \(error)"); return }
            #expect(setting.field == .tenant)
        }
    }

    @Test func anUnusableCAFileIsItsOwnError() async throws {
        let file = NSTemporaryDirectory() + "pbitui-not-a-ca-\(UUID().uuidString).pem"
        try "no certificate here\n".write(toFile: file, atomically: true, encoding: .utf8)
        let settings = SignInSettings(tenant: "t", clientId: "c", method: .clientSecret, secret: .value(Secret("s3cr3t-value")))
        do {
            _ = try await SessionFactory.open(SessionPlan(settings: settings, caFile: file, environment: [:]), log: ActivityLog())
            Issue.record("accepted a CA file without certificates")
        } catch {
            guard case let .caFile(problem) = error else { Issue.record("expected a CA file error, got \(error)"); return }
            #expect(problem.path == file)
            #expect(error.description.hasPrefix("--ca-file: "))
        }
    }
}
