import Crypto
import Foundation
import Tokens

extension EntraEndpoints {
    /// Redirect URIs the demo apps have registered: `http://localhost` (any port, any path) under
    /// "Mobile and desktop applications", and `http://127.0.0.1` likewise. The port is ignored when matching.
    func isRegisteredRedirect(_ uri: String) -> Bool {
        guard let url = URL(string: uri), url.scheme == "http", let host = url.host else { return false }
        return host == "localhost" || host == "127.0.0.1"
    }

    /// `GET /authorize` shows the sign-in form; `POST /authorize` (the form) signs in and redirects to the
    /// loopback `redirect_uri` with `code` and `state`.
    func authorize(_ request: SimRequest) -> SimResponse {
        var fields = Dictionary(request.query.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        if request.method == "POST" { fields.merge(request.formFields ?? [:]) { _, form in form } }
        guard let clientId = fields["client_id"], let app = tenant.application(clientId: clientId) else {
            return SignInPages.error(400, code: 700016,
                                     message: "Application with identifier '\(fields["client_id"] ?? "")' was not found in the directory '\(tenant.domain)'.")
        }
        guard let redirect = fields["redirect_uri"], isRegisteredRedirect(redirect) else {
            return SignInPages.error(400, code: 50011,
                                     message: "The redirect URI '\(fields["redirect_uri"] ?? "")' specified in the request does not match the redirect URIs configured for the application '\(app.clientId)'.")
        }
        let state = fields["state"]
        guard fields["response_type"]?.split(separator: " ").contains("code") == true else {
            return redirectTo(redirect, ["error": "unsupported_response_type",
                                         "error_description": "AADSTS70005: response_type '\(fields["response_type"] ?? "")' is not supported."], state: state)
        }
        let method = fields["code_challenge_method"] ?? (fields["code_challenge"] == nil ? "" : "plain")
        guard ["", "plain", "S256"].contains(method) else {
            return redirectTo(redirect, ["error": "invalid_request",
                                         "error_description": "AADSTS501491: Invalid code_challenge_method."], state: state)
        }
        if case let .failure(refusal) = grantedPermissions(fields["scope"], request: request) {
            let body = (try? JSONValue.parse(refusal.response.body))
            return redirectTo(redirect, ["error": body?["error"]?.stringValue ?? "invalid_request",
                                         "error_description": body?["error_description"]?.stringValue ?? ""], state: state)
        }
        guard request.method == "POST" else { return SignInPages.authorize(fields: fields, error: nil) }
        if fields["action"]?.lowercased() == "cancel" {
            return redirectTo(redirect, ["error": "access_denied", "error_description": "the user canceled the authentication"], state: state)
        }
        guard let user = tenant.user(named: fields["username"] ?? ""), fields["password"] == user.password else {
            return SignInPages.authorize(fields: fields, error: "Your account or password is incorrect.", status: 401)
        }
        let code = "1.AXkA" + TokenIssuer.opaque(160)
        sessions.addAuthorizationCode(.init(code: code, clientId: app.clientId, redirectURI: redirect, scope: fields["scope"] ?? "",
                                            challenge: fields["code_challenge"], challengeMethod: method.isEmpty ? "plain" : method,
                                            username: user.username, expiresAt: Date().addingTimeInterval(600)))
        return redirectTo(redirect, ["code": code], state: state)
    }

    /// A 302 to the loopback redirect URI; a URI without a path gets a trailing slash, as Entra does.
    func redirectTo(_ redirect: String, _ parameters: [String: String], state: String?) -> SimResponse {
        var target = redirect
        if let url = URL(string: redirect), url.path.isEmpty, url.query == nil { target += "/" }
        var pairs = parameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let state { pairs.append(("state", state)) }
        let query = pairs.map { "\(SimForm.escape($0.0))=\(SimForm.escape($0.1))" }.joined(separator: "&")
        target += (target.contains("?") ? "&" : "?") + query
        return SimResponse(status: 302, headers: [("Location", target), ("Content-Type", "text/html; charset=utf-8")],
                           body: Data("<html><body>Redirecting…</body></html>".utf8))
    }

    func authorizationCode(_ fields: [String: String], app: DemoApplication, request: SimRequest) -> SimResponse {
        guard let code = fields["code"], !code.isEmpty else { return EntraErrors.missingParameter("code", request: request) }
        guard let redirect = fields["redirect_uri"], !redirect.isEmpty else { return EntraErrors.missingParameter("redirect_uri", request: request) }
        let (failure, _) = authenticateClient(fields, app: app, request: request)
        if let failure { return failure }
        guard let grant = sessions.redeemAuthorizationCode(code), grant.clientId == app.clientId else {
            return EntraErrors.response(status: 400, error: "invalid_grant", code: 70000,
                                        message: "The provided value for the 'code' parameter is not valid.", request: request)
        }
        if grant.redeemed {
            return EntraErrors.response(status: 400, error: "invalid_grant", code: 54005,
                                        message: "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
                                        request: request)
        }
        if Date() > grant.expiresAt {
            return EntraErrors.response(status: 400, error: "invalid_grant", code: 70008,
                                        message: "The provided authorization code or refresh token has expired due to inactivity.", request: request)
        }
        guard redirect == grant.redirectURI else {
            return EntraErrors.response(status: 400, error: "invalid_grant", code: 50011,
                                        message: "The redirect URI '\(redirect)' does not match the redirect URI used in the authorization request.",
                                        request: request)
        }
        if let challenge = grant.challenge {
            let verifier = fields["code_verifier"] ?? ""
            let computed = grant.challengeMethod == "S256" ? Base64URL.encode(SHA256.hash(data: Array(verifier.utf8))) : verifier
            guard !verifier.isEmpty, computed == challenge else {
                return EntraErrors.response(status: 400, error: "invalid_grant", code: 501481,
                                            message: "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
                                            request: request)
            }
        }
        guard let user = tenant.user(named: grant.username),
              case let .success((scope, permissions)) = grantedPermissions(fields["scope"] ?? grant.scope, request: request)
        else { return temporarilyUnavailable(request) }
        return userTokens(app: app, user: user, scope: scope, permissions: permissions,
                          authMethods: user.requiresMFA ? ["pwd", "mfa"] : ["pwd"], fields: fields, request: request)
    }

    /// Redeems a refresh token for new tokens. A new refresh token comes back each time (clients replace
    /// theirs); as on the real service, the old one is not revoked by use.
    func refreshToken(_ fields: [String: String], app: DemoApplication, request: SimRequest) -> SimResponse {
        guard let token = fields["refresh_token"], !token.isEmpty else { return EntraErrors.missingParameter("refresh_token", request: request) }
        let (failure, _) = authenticateClient(fields, app: app, request: request)
        if let failure { return failure }
        guard let grant = sessions.refreshGrant(token), grant.clientId == app.clientId,
              let user = tenant.user(named: grant.username) else {
            return EntraErrors.response(status: 400, error: "invalid_grant", code: 9002313,
                                        message: "Invalid request. Request is malformed or invalid.", request: request)
        }
        if Date() > grant.expiresAt {
            return EntraErrors.response(status: 400, error: "invalid_grant", code: 700082,
                                        message: "The refresh token has expired due to inactivity.", request: request)
        }
        let requested = fields["scope"] ?? (TokenIssuer.powerBIResource + "/.default offline_access")
        let scope: ScopeRequest, permissions: [String]
        switch grantedPermissions(requested, request: request) {
        case let .success(granted): (scope, permissions) = granted
        case let .failure(refusal): return refusal.response
        }
        let withOffline = ScopeRequest(resource: scope.resource, permissions: scope.permissions, openid: scope.openid,
                                       profile: scope.profile, offlineAccess: true)
        return userTokens(app: app, user: user, scope: withOffline, permissions: permissions, authMethods: grant.authMethods,
                          fields: fields, request: request)
    }
}
