import Foundation
import Tokens

/// The Entra ID side of the demo tenant: the v2.0 token, device-code and authorize endpoints, the device
/// login page, OpenID discovery (v2.0 and v1.0) and the signing keys.
struct EntraEndpoints: Sendable {
    let tenant: DemoTenant
    let issuer: TokenIssuer
    let sessions = EntraSessions()
    let resources: [String]
    let scheme: String
    let deviceCodeInterval: Int
    let deviceCodeLifetime: Int
    let clientAssertions: ClientAssertionVerifier?

    init(tenant: DemoTenant, issuer: TokenIssuer, scheme: String, deviceCodeInterval: Int = 5,
         deviceCodeLifetime: Int = 900, clientAssertions: ClientAssertionVerifier? = nil) {
        self.tenant = tenant
        self.issuer = issuer
        self.scheme = scheme
        self.deviceCodeInterval = deviceCodeInterval
        self.deviceCodeLifetime = deviceCodeLifetime
        self.clientAssertions = clientAssertions
        resources = [TokenIssuer.powerBIResource]
    }

    /// `scheme://host:port` of the request, for URLs the answers point back to.
    func base(_ request: SimRequest) -> String { "\(scheme)://\(request.header("host") ?? "127.0.0.1")" }

    /// Answers Entra paths; nil when the path is not one.
    func handle(_ request: SimRequest) -> SimResponse? {
        let parts = request.path.split(separator: "/").map(String.init)
        if parts == ["devicelogin"] { return deviceLogin(request) }
        if parts == ["discovery", "keys"] || parts == ["discovery", "v2.0", "keys"] { return .json(200, issuer.jwks) }
        guard parts.count >= 2 else { return nil }
        let tenantSegment = parts[0]
        let rest = parts.dropFirst().joined(separator: "/")
        let known = tenant.matches(tenant: tenantSegment)
        let alias = ["organizations", "common", "consumers"].contains(tenantSegment.lowercased())
        switch rest {
        case "discovery/keys", "discovery/v2.0/keys":
            return known || alias ? .json(200, issuer.jwks) : EntraErrors.tenantNotFound(tenantSegment, request: request)
        case "v2.0/.well-known/openid-configuration", ".well-known/openid-configuration":
            guard known || alias else { return EntraErrors.tenantNotFound(tenantSegment, request: request) }
            return .json(200, discovery(request, tenant: tenantSegment, version2: rest.hasPrefix("v2.0")))
        case "oauth2/v2.0/token", "oauth2/token":
            guard request.method == "POST" else { return methodNotAllowed(request) }
            guard known || alias else { return EntraErrors.tenantNotFound(tenantSegment, request: request) }
            return token(request, tenantSegment: tenantSegment)
        case "oauth2/v2.0/devicecode", "oauth2/devicecode":
            guard request.method == "POST" else { return methodNotAllowed(request) }
            guard known || alias else { return EntraErrors.tenantNotFound(tenantSegment, request: request) }
            return deviceCode(request)
        case "oauth2/v2.0/authorize", "oauth2/authorize":
            guard known || alias else { return SignInPages.error(400, code: 90002, message: "Tenant '\(tenantSegment)' not found.") }
            return authorize(request)
        default:
            return nil
        }
    }

    func methodNotAllowed(_ request: SimRequest) -> SimResponse {
        EntraErrors.response(status: 405, error: "invalid_request", code: 900561,
                             message: "The endpoint only accepts POST requests. Received a \(request.method) request.",
                             request: request)
    }

    func discovery(_ request: SimRequest, tenant segment: String, version2: Bool) -> JSONValue {
        let base = base(request)
        let tid = tenant.tenantId
        let oauth = version2 ? "\(base)/\(segment)/oauth2/v2.0" : "\(base)/\(segment)/oauth2"
        return .object(JSONObject([
            ("token_endpoint", .string("\(oauth)/token")),
            ("token_endpoint_auth_methods_supported", ["client_secret_post", "private_key_jwt", "client_secret_basic"]),
            ("jwks_uri", .string(version2 ? "\(base)/\(segment)/discovery/v2.0/keys" : "\(base)/common/discovery/keys")),
            ("response_modes_supported", ["query", "fragment", "form_post"]),
            ("subject_types_supported", ["pairwise"]),
            ("id_token_signing_alg_values_supported", ["RS256"]),
            ("response_types_supported", ["code", "id_token", "code id_token", "id_token token"]),
            ("scopes_supported", ["openid", "profile", "email", "offline_access"]),
            ("issuer", .string(version2 ? "\(base)/\(tid)/v2.0" : issuer.issuer)),
            ("request_uri_parameter_supported", false),
            ("userinfo_endpoint", "https://graph.microsoft.com/oidc/userinfo"),
            ("authorization_endpoint", .string("\(oauth)/authorize")),
            ("device_authorization_endpoint", .string("\(oauth)/devicecode")),
            ("http_logout_supported", true),
            ("frontchannel_logout_supported", true),
            ("end_session_endpoint", .string("\(oauth)/logout")),
            ("claims_supported", ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name",
                                  "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username",
                                  "name", "tid", "ver", "at_hash", "c_hash", "email"]),
            ("tenant_region_scope", "EU"),
            ("cloud_instance_name", "microsoftonline.com"),
            ("cloud_graph_host_name", "graph.windows.net"),
            ("msgraph_host", "graph.microsoft.com"),
            ("rbac_url", "https://pas.windows.net"),
        ]))
    }

    func token(_ request: SimRequest, tenantSegment: String) -> SimResponse {
        guard var fields = request.formFields else { return EntraErrors.missingParameter("grant_type", request: request) }
        // The v1.0 endpoint takes `resource` where v2.0 takes `scope`.
        if request.path.hasSuffix("/oauth2/token"), fields["scope"] == nil, let resource = fields["resource"] {
            fields["scope"] = resource.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/.default"
        }
        guard let grantType = fields["grant_type"], !grantType.isEmpty else {
            return EntraErrors.missingParameter("grant_type", request: request)
        }
        let known = ["client_credentials", "password", "urn:ietf:params:oauth:grant-type:device_code", "device_code",
                     "authorization_code", "refresh_token"]
        guard known.contains(grantType) else {
            return EntraErrors.response(status: 400, error: "unsupported_grant_type", code: 70003,
                                        message: "The app requested an unsupported grant type '\(grantType)'.", request: request)
        }
        guard let clientId = fields["client_id"], !clientId.isEmpty else {
            return EntraErrors.missingParameter("client_id", request: request)
        }
        guard let app = tenant.application(clientId: clientId) else {
            return EntraErrors.unknownApplication(clientId, tenant: tenant.tenantId, request: request)
        }
        switch grantType {
        case "client_credentials":
            return clientCredentials(fields, app: app, request: request)
        case "password":
            return password(fields, app: app, tenantSegment: tenantSegment, request: request)
        case "urn:ietf:params:oauth:grant-type:device_code", "device_code":
            return deviceCodePoll(fields, app: app, request: request)
        case "authorization_code":
            return authorizationCode(fields, app: app, request: request)
        case "refresh_token":
            return refreshToken(fields, app: app, request: request)
        default:
            return EntraErrors.response(status: 400, error: "unsupported_grant_type", code: 70003,
                                        message: "The app requested an unsupported grant type '\(grantType)'.", request: request)
        }
    }

    /// Checks how the client authenticated: public clients must not send credentials; confidential clients
    /// must send a valid secret or certificate assertion. Returns the error answer, or nil and the `appidacr`.
    func authenticateClient(_ fields: [String: String], app: DemoApplication, request: SimRequest) -> (SimResponse?, String) {
        let assertion = fields["client_assertion"]
        let secret = fields["client_secret"] ?? basicAuthSecret(request, clientId: app.clientId)
        if app.isPublicClient {
            if secret != nil || assertion != nil {
                return (EntraErrors.response(status: 401, error: "invalid_client", code: 700025,
                                             message: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
                                             request: request), "0")
            }
            return (nil, "0")
        }
        if let assertion {
            guard fields["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" else {
                return (EntraErrors.response(status: 400, error: "invalid_request", code: 50027,
                                             message: "The client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer.",
                                             request: request), "2")
            }
            let audiences = ["\(base(request))/\(tenant.tenantId)/oauth2/v2.0/token", "\(base(request))/\(tenant.domain)/oauth2/v2.0/token",
                             "\(base(request))/\(tenant.tenantId)/oauth2/token"]
            if let failure = clientAssertions?.check(assertion, app: app, audiences: audiences) {
                return (EntraErrors.response(status: 401, error: "invalid_client", code: failure.code, message: failure.message,
                                             request: request), "2")
            }
            return (nil, "2")
        }
        guard let secret else {
            return (EntraErrors.response(status: 401, error: "invalid_client", code: 7000218,
                                         message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
                                         request: request), "1")
        }
        if secret == app.expiredSecret {
            return (EntraErrors.response(status: 401, error: "invalid_client", code: 7000222,
                                         message: "The provided client secret keys for app '\(app.clientId)' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.",
                                         request: request), "1")
        }
        guard secret == app.secret else { return (EntraErrors.invalidSecret(app, request: request), "1") }
        return (nil, "1")
    }

    /// A secret sent as HTTP Basic (client_secret_basic), which Entra also accepts.
    func basicAuthSecret(_ request: SimRequest, clientId: String) -> String? {
        guard let header = request.header("authorization"), header.lowercased().hasPrefix("basic "),
              let data = Data(base64Encoded: String(header.dropFirst(6))), let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":") else { return nil }
        return SimForm.unescape(String(text[text.index(after: colon)...]))
    }

    func clientCredentials(_ fields: [String: String], app: DemoApplication, request: SimRequest) -> SimResponse {
        guard let scope = fields["scope"], !scope.isEmpty else { return EntraErrors.missingParameter("scope", request: request) }
        if app.isPublicClient {
            let (failure, _) = authenticateClient(fields, app: app, request: request)
            if let failure { return failure }
            return EntraErrors.response(status: 400, error: "unauthorized_client", code: 700016,
                                        message: "The client application '\(app.clientId)' is a public client and cannot use the client credentials grant.",
                                        request: request)
        }
        let (failure, appidacr) = authenticateClient(fields, app: app, request: request)
        if let failure { return failure }
        guard scope.hasSuffix("/.default"), !scope.contains(" ") else {
            return EntraErrors.response(status: 400, error: "invalid_scope", code: 1002012,
                                        message: "The provided value for scope \(scope) is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).",
                                        request: request)
        }
        let resource = String(scope.dropLast("/.default".count))
        if let unknown = unknownResource(resource, request: request) { return unknown }
        guard let principal = app.servicePrincipal,
              let token = try? issuer.appToken(for: app, principal: principal, audience: resource, authenticatedWith: appidacr)
        else { return temporarilyUnavailable(request) }
        return .json(200, [
            "token_type": "Bearer",
            "expires_in": .int(issuer.lifetime),
            "ext_expires_in": .int(issuer.lifetime),
            "access_token": .string(token),
        ], headers: EntraErrors.noStore)
    }

    func unknownResource(_ resource: String, request: SimRequest) -> SimResponse? {
        guard !resources.contains(resource) else { return nil }
        return EntraErrors.response(status: 400, error: "invalid_resource", code: 500011,
                                    message: "The resource principal named \(resource) was not found in the tenant named \(tenant.domain). This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.",
                                    request: request)
    }

    func temporarilyUnavailable(_ request: SimRequest) -> SimResponse {
        EntraErrors.response(status: 500, error: "temporarily_unavailable", code: 90033,
                             message: "A transient error has occurred. Please try again.", request: request)
    }
}
