import EntraAuth
import Foundation
import HTTPCore
import PowerBI
import Tokens

/// Sending a call the way a way would, through a client of the session: shared by the screen's `T` and
/// `pbitui automate --try`.
public enum AutomateTrying {
    /// The client for the call's API: the session's Power BI client (its root is the demo tenant's under
    /// `--demo`), or one for the described API with the same credential.
    public static func client(for call: AutomateCall, session client: PowerBIClient) -> PowerBIClient {
        if call.isPowerBI { return client }
        let root = URL(string: call.origin) ?? client.apiRoot
        return client.client(root: root, basePath: call.basePath, scope: DefaultScope.of(call.audience))
    }

    /// Who the client's token is, for the verdicts: an app or a user (its account and scopes), and whether
    /// the user passed MFA (`amr`), which a password grant cannot.
    public static func identity(of client: PowerBIClient) async -> AutomateIdentity {
        guard let token = try? await client.currentToken() else { return .unknown }
        let methods = (try? JWT.decode(token.value))?.payload["amr"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return AutomateIdentity(kind: token.kind == .app ? .app : .user, account: token.kind == .app ? token.clientId : token.account,
                                scopes: token.kind == .app ? [] : token.scopes, usedMFA: methods.contains("mfa"),
                                tenantId: token.tenantId, clientId: token.clientId)
    }

    /// Sends the call once and tells the status and RequestId, or why it got no answer.
    public static func send(_ call: AutomateCall, through client: PowerBIClient) async -> TrialOutcome {
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

    /// Why the session cannot try `way` (nil: it can). Asked before anything is confirmed: a way that would
    /// be skipped is said at once, never armed first.
    public static func skipReason(_ way: AutomateWay, _ call: AutomateCall, tokenKind: TokenKind?, demo: Bool) -> String? {
        if demo, !call.isPowerBI, !(URL(string: call.origin)?.host.map { $0 == "localhost" || $0.hasPrefix("127.") } ?? false) {
            return "the demo tenant serves the Power BI API only"
        }
        switch way {
        case .servicePrincipal:
            guard tokenKind == .app else { return "the current sign-in is a user; way 1 needs an app's credentials (sign in with client-secret or certificate)" }
        case .userPassword:
            return "needs the user's password, which the screen does not ask for: `pbitui automate … --try --username USER` with AZURE_PASSWORD tries it"
        case .customConnector, .entraConnector:
            guard tokenKind == .delegated else { return "needs a delegated sign-in (a user); the current sign-in is an app" }
        }
        return nil
    }

    /// `T` on the screen: the ways the session itself can prove. An app session tries way 1; a user's
    /// session ways 3 and 4; way 2 needs the user's password, which the screen never asks for.
    public static func attempt(_ way: AutomateWay, _ call: AutomateCall, client: PowerBIClient, tokenKind: TokenKind?, demo: Bool) async -> TrialOutcome {
        if let reason = skipReason(way, call, tokenKind: tokenKind, demo: demo) { return .skipped(reason) }
        return await send(call, through: Self.client(for: call, session: client))
    }
}
