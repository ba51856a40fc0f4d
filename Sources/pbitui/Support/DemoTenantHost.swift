import App
import EntraAuth
import Foundation
import Simulator

/// The one demo tenant of a full-screen session: started by `--demo` or the first time the sign-in screen's
/// "Demo tenant" is chosen, then shared by every sign-in of the session (choosing it again signs in to the
/// same tenant), and stopped when the UI ends. Sessions built on it never stop it.
actor DemoTenantHost {
    private var server: SimulatorServer?

    /// The running tenant, started on first use.
    func start() async throws -> SimulatorServer {
        if let server { return server }
        let started: SimulatorServer
        do { started = try await SimulatorServer.start(SimulatorOptions()) } catch {
            throw CLIError.refused("could not start the demo tenant: \(error)")
        }
        server = started
        return started
    }

    /// What the running tenant tells its clients; nil before it started.
    var info: SimulatorInfo? { server?.info }

    func stop() async {
        await server?.stop()
        server = nil
    }

    /// The sign-in screen's view of a demo tenant: each method's form filled with one of its identities.
    /// Secrets go into masked fields only; the note names who is who without them.
    static func signIn(_ info: SimulatorInfo) -> DemoSignIn {
        let alex = info.users.first { !$0.mfa }
        let megan = info.users.first { $0.mfa }
        var presets: [SignInMethod: [SignInField: String]] = [
            .clientSecret: [.tenant: info.tenantId, .clientId: info.confidentialClientId,
                            .clientSecret: info.confidentialClientSecret, .secretFile: ""],
            .password: [.tenant: info.tenantId, .clientId: info.publicClientId,
                        .username: alex?.username ?? "", .password: alex?.password ?? ""],
            .deviceCode: [.tenant: info.tenantId, .clientId: info.publicClientId],
            .browser: [.tenant: info.tenantId, .clientId: info.publicClientId],
            .managedIdentity: [.clientId: info.managedIdentityClientId],
        ]
        if let certificate = info.certificatePath {
            presets[.certificate] = [.tenant: info.tenantId, .clientId: info.confidentialClientId, .certificate: certificate]
        }
        var note = "Demo tenant at \(info.authorityHost): the forms are filled with its identities. "
            + "Service principal pbitui-automation (secret, certificate)"
        if let blocked = info.blockedClientId { note += "; legacy-etl-app (\(blocked)), refused by the tenant setting" }
        if let alex { note += "; \(alex.username) (password, device code, browser)" }
        if let megan { note += "; \(megan.username) has MFA (password sign-in fails; device code and browser work)" }
        note += "; the managed identity pbitui-vm-identity."
        return DemoSignIn(authority: info.authorityHost, presets: presets, note: note)
    }
}
