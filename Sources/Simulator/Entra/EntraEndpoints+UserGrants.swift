import Foundation
import Tokens

extension EntraEndpoints {
    /// Resolves the permissions a delegated request gets: `.default` means everything consented; named
    /// permissions must all be consented (AADSTS65001 otherwise).
    func grantedPermissions(_ scopeText: String?, request: SimRequest) -> Result<(ScopeRequest, [String]), SimResponseError> {
        switch ScopeRequest.parse(scopeText) {
        case .failure(.empty):
            return .failure(SimResponseError(EntraErrors.missingParameter("scope", request: request)))
        case let .failure(.multipleResources(resources)):
            return .failure(SimResponseError(EntraErrors.response(
                status: 400, error: "invalid_scope", code: 70011,
                message: "The provided value for the input parameter 'scope' isn't valid. The scope \(scopeText ?? "") contains scopes for more than one resource (\(resources.joined(separator: ", "))).",
                request: request)))
        case let .success(scope):
            guard let resource = scope.resource else {
                return .failure(SimResponseError(EntraErrors.response(
                    status: 400, error: "invalid_scope", code: 70011,
                    message: "The provided value for the input parameter 'scope' isn't valid. The scope \(scopeText ?? "") does not name a resource.",
                    request: request)))
            }
            if let unknown = unknownResource(resource, request: request) { return .failure(SimResponseError(unknown)) }
            if scope.isDefault { return .success((scope, DemoTenant.consentedPermissions)) }
            let missing = scope.permissions.filter { !DemoTenant.consentedPermissions.contains($0) }
            guard missing.isEmpty else {
                return .failure(SimResponseError(EntraErrors.response(
                    status: 400, error: "invalid_grant", code: 65001,
                    message: "The user or administrator has not consented to use the application with ID '\(tenant.publicClient.clientId)' named 'pbitui'. Send an interactive authorization request for this user and resource. Missing: \(missing.joined(separator: ", ")).",
                    request: request, suberror: "consent_required")))
            }
            return .success((scope, scope.permissions))
        }
    }

    /// The token answer of a delegated flow: access token, refresh token (with `offline_access`), id token
    /// (with `openid`) and `client_info` (when asked, as MSAL does).
    func userTokens(app: DemoApplication, user: DemoUser, scope: ScopeRequest, permissions: [String], authMethods: [String],
                    fields: [String: String], request: SimRequest) -> SimResponse {
        guard let resource = scope.resource,
              let accessToken = try? issuer.userToken(for: app, user: user, audience: resource, scopes: permissions,
                                                      authMethods: authMethods, directoryRoles: tenant.directoryRoles(of: user))
        else { return temporarilyUnavailable(request) }
        var members: [(key: String, value: JSONValue)] = [
            ("token_type", "Bearer"),
            ("scope", .string(permissions.map { resource + "/" + $0 }.joined(separator: " "))),
            ("expires_in", .int(issuer.lifetime)),
            ("ext_expires_in", .int(issuer.lifetime)),
            ("access_token", .string(accessToken)),
        ]
        if scope.offlineAccess {
            let refreshToken = "1.AXkA" + TokenIssuer.opaque(120)
            sessions.addRefreshToken(refreshToken, .init(clientId: app.clientId, username: user.username,
                                                         scope: permissions.joined(separator: " "),
                                                         expiresAt: Date().addingTimeInterval(90 * 86_400), authMethods: authMethods))
            members.append(("refresh_token", .string(refreshToken)))
        }
        if scope.openid, let idToken = try? issuer.idToken(for: app, user: user, issuerURL: "\(base(request))/\(tenant.tenantId)/v2.0") {
            members.append(("id_token", .string(idToken)))
        }
        if fields["client_info"] == "1" { members.append(("client_info", .string(issuer.clientInfo(for: user)))) }
        return .json(200, .object(JSONObject(members)), headers: EntraErrors.noStore)
    }

    /// Checks a username and password; nil when they are right.
    func checkPassword(_ username: String?, _ password: String?, request: SimRequest) -> (DemoUser?, SimResponse?) {
        guard let username, !username.isEmpty else { return (nil, EntraErrors.missingParameter("username", request: request)) }
        guard let user = tenant.user(named: username) else {
            return (nil, EntraErrors.response(status: 400, error: "invalid_grant", code: 50034,
                                              message: "The user account {EmailHidden} does not exist in the \(tenant.domain) directory. To sign into this application, the account must be added to the directory.",
                                              request: request))
        }
        guard password == user.password else {
            return (nil, EntraErrors.response(status: 400, error: "invalid_grant", code: 50126,
                                              message: "Error validating credentials due to invalid username or password.", request: request))
        }
        return (user, nil)
    }

    func password(_ fields: [String: String], app: DemoApplication, tenantSegment: String, request: SimRequest) -> SimResponse {
        if ["common", "consumers"].contains(tenantSegment.lowercased()) {
            return EntraErrors.response(status: 400, error: "invalid_request", code: 9001023,
                                        message: "The grant type isn't supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.",
                                        request: request)
        }
        let (failure, _) = authenticateClient(fields, app: app, request: request)
        if let failure { return failure }
        let scope: ScopeRequest, permissions: [String]
        switch grantedPermissions(fields["scope"], request: request) {
        case let .success(granted): (scope, permissions) = granted
        case let .failure(refusal): return refusal.response
        }
        let (found, problem) = checkPassword(fields["username"], fields["password"], request: request)
        guard let user = found else { return problem! }
        if user.requiresMFA {
            return EntraErrors.response(status: 400, error: "invalid_grant", code: 50076,
                                        message: "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000009-0000-0000-c000-000000000000'.",
                                        request: request, suberror: "basic_action")
        }
        return userTokens(app: app, user: user, scope: scope, permissions: permissions, authMethods: ["pwd"], fields: fields, request: request)
    }

    // MARK: Device code

    func deviceCode(_ request: SimRequest) -> SimResponse {
        guard let fields = request.formFields else { return EntraErrors.missingParameter("client_id", request: request) }
        guard let clientId = fields["client_id"], !clientId.isEmpty else { return EntraErrors.missingParameter("client_id", request: request) }
        guard let app = tenant.application(clientId: clientId) else {
            return EntraErrors.unknownApplication(clientId, tenant: tenant.tenantId, request: request)
        }
        if case let .failure(refusal) = grantedPermissions(fields["scope"], request: request) { return refusal.response }
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        let userCode = String((0..<9).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
        let deviceCode = "DAQABAAEAAAD--DLA3VO7QrddgJg7WevrAg" + TokenIssuer.opaque(80)
        sessions.addDeviceCode(.init(deviceCode: deviceCode, userCode: userCode, clientId: app.clientId, scope: fields["scope"] ?? "",
                                     expiresAt: Date().addingTimeInterval(TimeInterval(deviceCodeLifetime)),
                                     interval: TimeInterval(deviceCodeInterval)))
        let uri = "\(base(request))/devicelogin"
        return .json(200, [
            "user_code": .string(userCode),
            "device_code": .string(deviceCode),
            "verification_uri": .string(uri),
            "expires_in": .int(deviceCodeLifetime),
            "interval": .int(deviceCodeInterval),
            "message": .string("To sign in, use a web browser to open the page \(uri) and enter the code \(userCode) to authenticate."),
        ])
    }

    func deviceCodePoll(_ fields: [String: String], app: DemoApplication, request: SimRequest) -> SimResponse {
        guard let code = fields["device_code"] ?? fields["code"], !code.isEmpty else {
            return EntraErrors.missingParameter("device_code", request: request)
        }
        let (failure, _) = authenticateClient(fields, app: app, request: request)
        if let failure { return failure }
        let now = Date()
        var previousPoll: Date?
        guard let state = sessions.updateDeviceCode(code, { previousPoll = $0.lastPoll; $0.lastPoll = now }),
              state.clientId == app.clientId, !state.redeemed else {
            return EntraErrors.response(status: 400, error: "bad_verification_code", code: 70018,
                                        message: "The provided value for the input parameter 'device_code' is not valid.", request: request)
        }
        if now > state.expiresAt {
            return EntraErrors.response(status: 400, error: "expired_token", code: 70019,
                                        message: "Verification code expired.", request: request)
        }
        if state.declined {
            return EntraErrors.response(status: 400, error: "authorization_declined", code: 70000,
                                        message: "The user declined the sign-in request.", request: request)
        }
        guard let username = state.approvedBy, let user = tenant.user(named: username) else {
            if let previousPoll, now.timeIntervalSince(previousPoll) < state.interval / 2 {
                return EntraErrors.response(status: 400, error: "slow_down", code: 70016,
                                            message: "OAuth 2.0 device flow error. Polling too fast: wait \(Int(state.interval)) seconds between requests.",
                                            request: request)
            }
            return EntraErrors.response(status: 400, error: "authorization_pending", code: 70016,
                                        message: "OAuth 2.0 device flow error. Authorization is pending. Continue polling.", request: request)
        }
        _ = sessions.updateDeviceCode(code) { $0.redeemed = true }
        guard case let .success((scope, permissions)) = grantedPermissions(state.scope, request: request) else {
            return temporarilyUnavailable(request)
        }
        return userTokens(app: app, user: user, scope: scope, permissions: permissions,
                          authMethods: user.requiresMFA ? ["pwd", "mfa"] : ["pwd"], fields: fields, request: request)
    }

    /// The page a person opens to approve a device code: a form of `user_code`, `username`, `password`;
    /// a POST signs in (or declines with `action=decline`).
    func deviceLogin(_ request: SimRequest) -> SimResponse {
        guard request.method == "POST" else { return SignInPages.deviceLogin(error: nil, userCode: "") }
        let fields = request.formFields ?? [:]
        let userCode = fields["user_code"] ?? fields["otc"] ?? ""
        guard let state = sessions.deviceCode(userCode: userCode), Date() <= state.expiresAt else {
            return SignInPages.deviceLogin(error: "That code didn't work. Check the code and try again.", userCode: userCode, status: 400)
        }
        if fields["action"]?.lowercased() == "decline" {
            _ = sessions.updateDeviceCode(state.deviceCode) { $0.declined = true }
            return SignInPages.message(title: "Sign-in declined", text: "You declined to sign in to pbitui on the other device.")
        }
        guard let user = tenant.user(named: fields["username"] ?? ""), fields["password"] == user.password else {
            return SignInPages.deviceLogin(error: "Your account or password is incorrect.", userCode: userCode, status: 401)
        }
        _ = sessions.updateDeviceCode(state.deviceCode) { $0.approvedBy = user.username }
        return SignInPages.message(title: "You're signed in",
                                   text: "You have signed in to the pbitui application on your device. You may now close this window.")
    }
}
