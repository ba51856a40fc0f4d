import EntraAuth
import Foundation
import HTTPCore
import PowerBI
import Simulator
import Tokens
import TerminalSafety

/// A signed-in connection to a Power BI service: the session ``SessionFactory`` built (transport,
/// credential, identity), the client on it, and the in-process demo tenant when the session owns one.
struct Session {
    let auth: AuthSession
    let client: PowerBIClient
    let simulator: SimulatorServer?
    /// The demo tenant this session runs on (owned or shared), for the sign-in screen's presets.
    var demoInfo: SimulatorInfo?

    var identity: String { auth.identity }
    var cloud: Cloud { auth.cloud }
    var authorityHost: URL? { auth.authorityHost }
    /// True for sign-ins that talk to the person (device code, browser): they happen before the full-screen
    /// UI takes the terminal, so their prompts stay readable.
    var isInteractive: Bool { auth.isInteractive }

    /// Builds the session through the factory and puts the Power BI client on it.
    static func open(_ plan: SessionPlan, apiRoot: URL, pageSize: Int = 5000) async throws(SessionError) -> Session {
        let auth = try await SessionFactory.open(plan)
        return Session(auth: auth, client: PowerBIClient(session: auth, apiRoot: apiRoot, pageSize: pageSize), simulator: nil)
    }

    /// Starts the demo tenant in this process and signs in to it as its confidential client. With a `host`,
    /// the tenant is the host's (started once, shared, stopped by the host); without, the session owns it.
    static func demo(host: DemoTenantHost? = nil, settingsOff: Set<TenantSetting> = []) async throws -> Session {
        let simulator: SimulatorServer
        if let host {
            simulator = try await host.start()
        } else {
            do {
                var options = SimulatorOptions()
                options.settingsOff = settingsOff
                simulator = try await SimulatorServer.start(options)
            } catch {
                throw CLIError.refused("could not start the demo tenant: \(error)")
            }
        }
        let info = simulator.info
        let plan = SessionPlan.demoTenant(authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId,
                                          clientId: info.confidentialClientId, secret: info.confidentialClientSecret, caFile: info.caFile)
        var session: Session
        do { session = try await open(plan, apiRoot: URL(string: info.apiRoot)!) } catch {
            if host == nil { await simulator.stop() }
            throw CLIError.refused("could not sign in to the demo tenant: \(error)")
        }
        session = Session(auth: session.auth, client: session.client, simulator: host == nil ? simulator : nil, demoInfo: info)
        return session
    }

    /// Signs in with the connection options.
    static func connect(_ options: ConnectionOptions, pageSize: Int = 5000, personPresent: Bool = true) async throws -> Session {
        var (settings, apiRoot) = try options.signInSettings()
        settings.personPresent = personPresent
        let plan = SessionPlan(settings: settings, caFile: try options.effectiveCAFile())
        do { return try await open(plan, apiRoot: apiRoot, pageSize: pageSize) } catch {
            throw cliError(for: error)
        }
    }

    /// Missing or unusable settings are bad usage (exit 2); anything the service said is a refusal (exit 1).
    static func cliError(for error: SessionError) -> CLIError {
        switch error {
        case let .caFile(error): return .usage(error.description)
        case let .auth(error): return cliError(for: error)
        }
    }

    static func cliError(for error: AuthError) -> CLIError {
        switch error {
        case .invalidSetting, .unsupported: return .usage(error.description)
        default: return .refused(error.description)
        }
    }

    func close() async {
        await auth.close()
        await simulator?.stop()
    }
}
