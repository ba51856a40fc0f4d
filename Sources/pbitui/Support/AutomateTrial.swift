import APIDescriptions
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
    enum Outcome: Sendable {
        case answered(status: Int, requestId: String?)
        case refused(String)
        case skipped(String)

        var json: JSONValue {
            switch self {
            case let .answered(status, requestId):
                .object(JSONObject([("status", .int(status))] + (requestId.map { [("requestId", JSONValue.string($0))] } ?? [])))
            case let .refused(reason): .object(JSONObject([("error", .string(reason))]))
            case let .skipped(reason): .object(JSONObject([("skipped", .string(reason))]))
            }
        }

        var line: String {
            switch self {
            case let .answered(status, requestId): "HTTP \(status)" + (requestId.map { " · RequestId \($0)" } ?? "")
            case let .refused(reason): "refused: \(reason)"
            case let .skipped(reason): "skipped: \(reason)"
            }
        }
    }

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

    /// The session's client for the call's API: Power BI's (its root is the demo tenant's under --demo), or
    /// the described API's, with the session's credential.
    private func base(_ call: AutomateCall) -> PowerBIClient {
        if call.isPowerBI { return session.client }
        let root = URL(string: call.origin) ?? session.client.apiRoot
        return session.client.client(root: root, basePath: call.basePath, scope: call.audience + "/.default")
    }

    private func send(_ call: AutomateCall, through client: PowerBIClient) async -> Outcome {
        var path = call.url.path
        if !client.basePath.isEmpty, path.lowercased().hasPrefix(client.basePath.lowercased()) { path = String(path.dropFirst(client.basePath.count)) }
        let query = (URLComponents(url: call.url, resolvingAgainstBaseURL: false)?.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        let body = call.body.map { Data($0.serialized().utf8) }
        let headers = HTTPHeaders(call.headers.map { HTTPHeaders.HTTPField(name: $0.name, value: $0.value) })
        do {
            let response = try await client.send(call.method, path, query: query, body: body, headers: headers, returningErrors: true)
            let requestId = response.headers.first { $0.name.caseInsensitiveCompare("RequestId") == .orderedSame
                || $0.name.caseInsensitiveCompare("x-ms-request-id") == .orderedSame }?.value
            return .answered(status: response.status, requestId: requestId)
        } catch {
            return .refused(error.description)
        }
    }
}
