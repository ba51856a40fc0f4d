import APIDescriptions
import Automate
import EntraAuth
import Foundation
import HTTPCore
import PowerBI
import TerminalSafety
import Tokens

/// `pbitui automate --try`: each way's authentication, tried against the tenant pbitui is signed in to.
///
/// Way 1 with the session's own client credentials (a secret or a certificate; `--demo` is the demo
/// tenant's confidential client); way 2 with the password grant exactly as the flow sends it (the app's
/// client id and secret, the user from `--username` or `AZURE_USERNAME` and the password from
/// `AZURE_PASSWORD`); ways 3 and 4 with a delegated sign-in: the session's own when it is one, else a
/// device-code sign-in with the session's client id, once, when a terminal can show the code (the app must
/// allow public client flows; Entra's refusal is reported when it does not).
actor AutomateTrial {
    typealias Outcome = TrialOutcome

    let session: Session
    let username: String?
    let password: String?
    /// The device-code sign-in for ways 3 and 4, once for both.
    private var delegated: Result<PowerBIClient, TrialFailure>?

    struct TrialFailure: Error { let outcome: TrialOutcome }

    init(session: Session, username: String?, password: String?) {
        self.session = session
        self.username = username
        self.password = password
    }

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
                                                   ("scope", DefaultScope.of(call.audience)), ("username", username), ("password", password)])
            } catch {
                return .refused(error.description)
            }
            let credential: StaticTokenCredential
            do { credential = try StaticTokenCredential(text: grant.accessToken, source: "the password grant") } catch {
                return .refused(error.description)
            }
            return await send(call, through: base(call).client(credential: credential))
        case .customConnector, .entraConnector:
            guard [.clientSecret, .certificate, .managedIdentity].contains(method) else { return await send(call, through: base(call)) }
            switch await delegatedClient() {
            case let .success(client): return await send(call, through: AutomateTrying.client(for: call, session: client))
            case let .failure(failure): return failure.outcome
            }
        }
    }

    /// A user's sign-in by device code with the session's app, shown on the terminal; skipped without one.
    private func delegatedClient() async -> Result<PowerBIClient, TrialFailure> {
        if let delegated { return delegated }
        let result: Result<PowerBIClient, TrialFailure>
        if isatty(STDIN_FILENO) == 0 || isatty(STDERR_FILENO) == 0 {
            result = .failure(TrialFailure(outcome: .skipped("needs a delegated sign-in and no terminal can show a device code: sign in with --auth device-code or browser to try it")))
        } else {
            var settings = session.auth.settings
            settings.method = .deviceCode
            settings.secret = nil
            settings.tokenCache = nil
            settings.deviceCodePrompt = { prompt in StandardError.write("Ways 3 and 4 sign in as a user: " + TerminalSafety.escape(prompt.message)) }
            settings.username = nil
            do {
                // The session's transport (its CA file and URL policy) carries the second sign-in too.
                let credential = try settings.makeCredential(transport: session.auth.transport, environment: [:])
                _ = try await credential.token(for: session.client.scope)
                result = .success(session.client.client(credential: credential))
            } catch {
                result = .failure(TrialFailure(outcome: .refused("the device-code sign-in failed: \(error.description)")))
            }
        }
        delegated = result
        return result
    }

    private func base(_ call: AutomateCall) -> PowerBIClient { AutomateTrying.client(for: call, session: session.client) }

    private func send(_ call: AutomateCall, through client: PowerBIClient) async -> Outcome { await AutomateTrying.send(call, through: client) }
}
