import APIDescriptions
import App
import Automate
import EntraAuth
import Foundation
import HTTPCore
import PowerBI
import Tokens

/// `pbitui automate --try`: each way's authentication, tried against the tenant pbitui is signed in to.
///
/// Way 1 with the session's own client credentials (a secret or a certificate; `--demo` is the demo
/// tenant's confidential client); way 2 with the password grant exactly as the flow sends it (the app's
/// client id and secret, the user from `--username` or `AZURE_USERNAME` and the password from
/// `AZURE_PASSWORD`); ways 3 and 4 with a delegated sign-in, which is the session's own when it is one
/// (pbitui does not start a second, interactive sign-in here: `--auth device-code` or `browser` gives one).
struct AutomateTrial {
    typealias Outcome = TrialOutcome

    let session: Session
    let username: String?
    let password: String?

    func run(_ way: AutomateWay, _ call: AutomateCall) async -> Outcome {
        let method = session.auth.method
        switch way {
        case .servicePrincipal:
            guard [.clientSecret, .certificate].contains(method) else {
                return .skipped("needs an app's credentials: sign in with --auth client-secret or certificate (or --demo)")
            }
            return await send(call, through: base(call))
        case .userPassword:
            guard method == .clientSecret, let secretSource = session.auth.settings.secret,
                  let tenant = session.auth.settings.tenant, let clientId = session.auth.settings.clientId else {
                return .skipped("needs the app's client id and secret: sign in with --auth client-secret (or --demo)")
            }
            guard let username, !username.isEmpty, let password, !password.isEmpty else {
                return .skipped("needs a user: --username (or AZURE_USERNAME) and AZURE_PASSWORD")
            }
            let grant: TokenEndpoint.Grant
            do {
                let secret = try await secretSource.resolve()
                let endpoint = TokenEndpoint(authorityHost: session.auth.authorityHost, tenant: tenant, transport: session.auth.transport)
                grant = try await endpoint.redeem([("grant_type", "password"), ("client_id", clientId), ("client_secret", secret.reveal()),
                                                   ("scope", call.audience + "/.default"), ("username", username), ("password", password)])
            } catch {
                return .refused(error.description)
            }
            let credential: StaticTokenCredential
            do { credential = try StaticTokenCredential(text: grant.accessToken, source: "the password grant") } catch {
                return .refused(error.description)
            }
            return await send(call, through: base(call).client(credential: credential))
        case .customConnector, .entraConnector:
            guard ![.clientSecret, .certificate, .managedIdentity].contains(method) else {
                return .skipped("needs a delegated sign-in: sign in with --auth device-code or browser (or password) to try it")
            }
            return await send(call, through: base(call))
        }
    }

    private func base(_ call: AutomateCall) -> PowerBIClient { AutomateTrying.client(for: call, session: session.client) }

    private func send(_ call: AutomateCall, through client: PowerBIClient) async -> Outcome { await AutomateTrying.send(call, through: client) }
}
