import EntraAuth
import Foundation
import HTTPCore
import PowerBI
import Simulator
import Tokens
import App

/// A signed-in connection to a Power BI service: the client, who it acts as, and what must be shut down
/// at the end (the transport, and the in-process demo tenant).
struct Session {
    let client: PowerBIClient
    let credential: any TokenCredential
    let identity: String
    let transport: AsyncHTTPTransport
    let simulator: SimulatorServer?
    /// The cloud the session signs in to (for other resources' hosts and scopes).
    var cloud: Cloud = .public
    /// Where OpenID discovery goes to verify this session's tokens.
    var authorityHost: URL?

    /// Verifies a token against its issuer's keys, for the token inspector.
    var verifier: @Sendable (JWT) async -> VerificationReport { Self.verifier(transport: transport, authorityHost: authorityHost) }

    /// A verifier that finds keys by discovery through `transport` (at `authorityHost` when given).
    static func verifier(transport: any HTTPTransport, authorityHost: URL?) -> @Sendable (JWT) async -> VerificationReport {
        let fetcher = KeySetFetcher(transport: transport, authorityHost: authorityHost)
        return { jwt in
            do {
                let (keys, _) = try await fetcher.keys(for: jwt)
                return TokenVerifier().verify(jwt, keys: keys)
            } catch {
                return VerificationReport(outcome: .failed("could not get the signing keys: \(error)"), checks: [])
            }
        }
    }

    /// The demo tenant this session runs on (owned or shared), for the sign-in screen's presets.
    var demoInfo: SimulatorInfo?

    /// The session as the full-screen UI holds it.
    var connected: ConnectedSession {
        let session = self
        return ConnectedSession(client: client, identity: identity, verify: verifier, cloud: demoInfo == nil ? cloud : nil,
                                demo: demoInfo.map(DemoTenantHost.signIn), close: { await session.close() })
    }
    /// True for sign-ins that talk to the person (device code, browser): they happen before the full-screen
    /// UI takes the terminal, so their prompts stay readable.
    var isInteractive = false

    /// Starts the demo tenant in this process and signs in to it as its confidential client. With a `host`,
    /// the tenant is the host's (started once, shared, stopped by the host); without, the session owns it.
    static func demo(host: DemoTenantHost? = nil) async throws -> Session {
        let simulator: SimulatorServer
        if let host {
            simulator = try await host.start()
        } else {
            do {
                simulator = try await SimulatorServer.start(SimulatorOptions())
            } catch {
                throw CLIError.refused("could not start the demo tenant: \(error)")
            }
        }
        let info = simulator.info
        let transport = try AsyncHTTPTransport(caFile: info.caFile)
        let settings = SignInSettings(
            authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId,
            clientId: info.confidentialClientId, method: .clientSecret,
            secret: .value(Secret(info.confidentialClientSecret)))
        let credential = try settings.makeCredential(transport: transport)
        let client = PowerBIClient(apiRoot: URL(string: info.apiRoot)!, credential: credential,
                                   scope: settings.effectiveScope, transport: transport)
        var session = Session(client: client, credential: credential,
                              identity: "demo tenant · app pbitui-automation", transport: transport, simulator: host == nil ? simulator : nil)
        session.authorityHost = URL(string: info.authorityHost)
        session.demoInfo = info
        return session
    }

    /// Signs in with the connection options.
    static func connect(_ options: ConnectionOptions, pageSize: Int = 5000) async throws -> Session {
        let (settings, apiRoot) = try options.signInSettings()
        let transport: AsyncHTTPTransport
        let caFile = try options.effectiveCAFile()
        do { transport = try AsyncHTTPTransport(caFile: caFile) } catch { throw CLIError.usage(error.description) }
        let credential: any TokenCredential
        do {
            credential = try settings.makeCredential(transport: transport)
        } catch {
            await transport.shutdown()
            throw cliError(for: error)
        }
        let client = PowerBIClient(apiRoot: apiRoot, credential: credential, scope: settings.effectiveScope,
                                   transport: transport, pageSize: pageSize)
        let who = "\(settings.method.rawValue) · client \(settings.clientId ?? "?") · tenant \(settings.tenant ?? "?")"
        var session = Session(client: client, credential: credential, identity: who, transport: transport, simulator: nil)
        session.cloud = settings.cloud
        session.authorityHost = settings.authorityHost
        session.isInteractive = [.deviceCode, .browser].contains(settings.method)
        ActivityLog.shared.write("connect \(who) at \(settings.authorityHost.absoluteString)")
        return session
    }

    /// Missing or unusable settings are bad usage (exit 2); anything the service said is a refusal (exit 1).
    static func cliError(for error: AuthError) -> CLIError {
        ActivityLog.shared.write("sign-in failed: \(error.description)")
        switch error {
        case .invalidSetting, .unsupported: return .usage(error.description)
        default: return .refused(error.description)
        }
    }

    func close() async {
        await transport.shutdown()
        await simulator?.stop()
    }
}
