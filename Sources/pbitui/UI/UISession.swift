import App
import EntraAuth
import Foundation
import Simulator
import TerminalSafety

/// What the full-screen UI takes from a command-line session: the only bridge from the command line's
/// types to App's.
extension Session {
    /// The session as the full-screen UI holds it.
    var connected: ConnectedSession {
        let session = self
        let token = auth.firstToken
        return ConnectedSession(client: client, identity: TerminalSafety.escape(identity), tokenKind: token?.kind,
                                scopes: token.map { $0.kind == .delegated ? $0.scopes : [] } ?? [],
                                verify: auth.verifier, cloud: demoInfo == nil ? cloud : nil,
                                demo: demoInfo.map(DemoTenantHost.signIn), close: { await session.close() })
    }
}

extension DemoTenantHost {
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
