import Foundation
import HTTPCore
import Simulator
import Testing
import Tokens
@testable import EntraAuth

/// The certificate, password and device-code sign-ins against the demo tenant.
@Suite struct SignInMethodTests {
    static let scope = "https://analysis.windows.net/powerbi/api/.default"

    @Test(arguments: [ClientCertificate.Algorithm.rs256, .ps256])
    func certificateSignsInAsTheServicePrincipal(algorithm: ClientCertificate.Algorithm) async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let info = simulator.info
        let transport = try AsyncHTTPTransport()
        let certificate = try ClientCertificate(path: try #require(info.certificatePath))
        let credential = ServicePrincipalCredential(authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId,
                                                    clientId: info.confidentialClientId,
                                                    authentication: .certificate(certificate, algorithm), transport: transport)
        let token = try await credential.token(for: Self.scope)
        #expect(try JWT.decode(token.value).payload["appidacr"] == "2")
        await transport.shutdown()
        await simulator.stop()
    }

    @Test func aWrongCertificateIsRefusedWith700027() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let other = try await SimulatorServer.start(SimulatorOptions())
        let transport = try AsyncHTTPTransport()
        let foreign = try ClientCertificate(path: try #require(other.info.certificatePath))
        let credential = ServicePrincipalCredential(authorityHost: URL(string: simulator.info.authorityHost)!, tenant: simulator.info.tenantId,
                                                    clientId: simulator.info.confidentialClientId,
                                                    authentication: .certificate(foreign, .rs256), transport: transport)
        do {
            _ = try await credential.token(for: Self.scope)
            Issue.record("signed in with another tenant's certificate")
        } catch {
            #expect(error.aadstsCode == "AADSTS700027")
        }
        await transport.shutdown()
        await simulator.stop()
        await other.stop()
    }

    @Test func certificateFilesWithoutKeyOrCertificateAreNamed() throws {
        #expect(throws: AuthError.self) { try ClientCertificate(pem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", source: "f.pem") }
        do {
            _ = try ClientCertificate(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", source: "key-only.pem")
        } catch {
            #expect(error.description.contains("key-only.pem"))
            #expect(error.description.contains("no certificate"))
        }
        do {
            _ = try ClientCertificate(path: "/nonexistent.pem")
        } catch {
            #expect(error.description.contains("/nonexistent.pem"))
        }
    }

    @Test func passwordSignInThenSilentRenewalWithTheRefreshToken() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let info = simulator.info
        let transport = try AsyncHTTPTransport()
        let user = info.users.first { !$0.mfa }!
        let clock = TestClock()
        let credential = DelegatedCredential(authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId,
                                             clientId: info.publicClientId,
                                             signIn: PasswordSignIn(username: user.username, password: Secret(user.password)),
                                             transport: transport, now: { clock.now })
        let first = try await credential.token(for: Self.scope)
        #expect(first.kind == .delegated)
        #expect(try JWT.decode(first.value).payload["upn"]?.stringValue == user.username)
        let refresh = try #require(await credential.currentRefreshToken)
        // An hour later the token is renewed with the refresh token (a new one comes back).
        clock.advance(3600)
        let second = try await credential.token(for: Self.scope)
        #expect(second.value != first.value)
        #expect(await credential.currentRefreshToken != refresh)
        await transport.shutdown()
        await simulator.stop()
    }

    @Test func passwordSignInWithMFASaysSo() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let info = simulator.info
        let transport = try AsyncHTTPTransport()
        let user = info.users.first { $0.mfa }!
        let credential = DelegatedCredential(authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId,
                                             clientId: info.publicClientId,
                                             signIn: PasswordSignIn(username: user.username, password: Secret(user.password)),
                                             transport: transport)
        do {
            _ = try await credential.token(for: Self.scope)
            Issue.record("password sign-in passed MFA")
        } catch {
            #expect(error.aadstsCode == "AADSTS50076")
        }
        await transport.shutdown()
        await simulator.stop()
    }

    @Test func deviceCodeSignInCompletesWhenThePersonApproves() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions(deviceCodeInterval: 1))
        let info = simulator.info
        let transport = try AsyncHTTPTransport()
        let user = info.users.first { $0.mfa }!
        let prompts = PromptLog()
        let signIn = DeviceCodeSignIn { prompt in
            await prompts.add(prompt)
            // The person opens the page and signs in, a moment later.
            let approver = try? AsyncHTTPTransport()
            Task {
                try? await Task.sleep(for: .milliseconds(300))
                _ = try? await approver?.send(.form(URL(string: prompt.verificationURI)!, [
                    ("user_code", prompt.userCode), ("username", user.username), ("password", user.password)]))
                await approver?.shutdown()
            }
        }
        let credential = DelegatedCredential(authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId,
                                             clientId: info.publicClientId, signIn: signIn, transport: transport)
        let token = try await credential.token(for: Self.scope)
        #expect(try JWT.decode(token.value).payload["amr"] == ["pwd", "mfa"])
        let seen = await prompts.all
        #expect(seen.count == 1)
        #expect(seen.first?.message.contains(seen.first?.userCode ?? "?") == true)
        await transport.shutdown()
        await simulator.stop()
    }

    @Test func deviceCodeSignInCanBeCancelled() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions(deviceCodeInterval: 1))
        let info = simulator.info
        let transport = try AsyncHTTPTransport()
        let credential = DelegatedCredential(authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId,
                                             clientId: info.publicClientId, signIn: DeviceCodeSignIn { _ in }, transport: transport)
        let attempt = Task { try await credential.token(for: Self.scope) }
        try await Task.sleep(for: .milliseconds(500))
        attempt.cancel()
        await #expect(throws: AuthError.self) { _ = try await attempt.value }
        await transport.shutdown()
        await simulator.stop()
    }
}

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: TimeInterval = 0
    var now: Date { lock.withLock { Date().addingTimeInterval(offset) } }
    func advance(_ seconds: TimeInterval) { lock.withLock { offset += seconds } }
}

actor PromptLog {
    private(set) var all: [DeviceCodePrompt] = []
    func add(_ prompt: DeviceCodePrompt) { all.append(prompt) }
}
