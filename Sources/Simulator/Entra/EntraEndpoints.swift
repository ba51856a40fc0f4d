import Foundation
import Tokens

/// The Entra ID side of the demo tenant: `/{tenant}/oauth2/v2.0/token` and friends.
struct EntraEndpoints: Sendable {
    let tenant: DemoTenant
    let issuer: TokenIssuer
    let resources: [String]

    init(tenant: DemoTenant, issuer: TokenIssuer) {
        self.tenant = tenant
        self.issuer = issuer
        resources = [TokenIssuer.powerBIResource]
    }

    /// Answers requests under `/{tenant}/...`; nil when the path is not an Entra path.
    func handle(_ request: SimRequest) -> SimResponse? {
        let parts = request.path.split(separator: "/").map(String.init)
        guard parts.count >= 2 else { return nil }
        let tenantSegment = parts[0]
        let rest = parts.dropFirst().joined(separator: "/")
        switch rest {
        case "oauth2/v2.0/token":
            guard request.method == "POST" else { return methodNotAllowed(request) }
            guard tenant.matches(tenant: tenantSegment) || ["organizations", "common"].contains(tenantSegment.lowercased()) else {
                return EntraErrors.tenantNotFound(tenantSegment, request: request)
            }
            return token(request)
        default:
            return nil
        }
    }

    func methodNotAllowed(_ request: SimRequest) -> SimResponse {
        EntraErrors.response(status: 405, error: "invalid_request", code: 900561,
                             message: "The endpoint only accepts POST requests. Received a \(request.method) request.",
                             request: request)
    }

    func token(_ request: SimRequest) -> SimResponse {
        guard let fields = request.formFields else {
            return EntraErrors.missingParameter("grant_type", request: request)
        }
        guard let grantType = fields["grant_type"], !grantType.isEmpty else {
            return EntraErrors.missingParameter("grant_type", request: request)
        }
        switch grantType {
        case "client_credentials":
            return clientCredentials(fields, request: request)
        default:
            return EntraErrors.response(status: 400, error: "unsupported_grant_type", code: 70003,
                                        message: "The app requested an unsupported grant type '\(grantType)'.",
                                        request: request)
        }
    }

    func clientCredentials(_ fields: [String: String], request: SimRequest) -> SimResponse {
        guard let clientId = fields["client_id"], !clientId.isEmpty else {
            return EntraErrors.missingParameter("client_id", request: request)
        }
        guard let app = tenant.application(clientId: clientId) else {
            return EntraErrors.unknownApplication(clientId, tenant: tenant.tenantId, request: request)
        }
        guard let scope = fields["scope"], !scope.isEmpty else {
            return EntraErrors.missingParameter("scope", request: request)
        }
        if app.isPublicClient {
            if fields["client_secret"] != nil || fields["client_assertion"] != nil {
                return EntraErrors.response(status: 401, error: "invalid_client", code: 700025,
                                            message: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
                                            request: request)
            }
            return EntraErrors.response(status: 400, error: "unauthorized_client", code: 700016,
                                        message: "The client application '\(app.clientId)' is a public client and cannot use the client credentials grant.",
                                        request: request)
        }
        guard let secret = fields["client_secret"] else {
            return EntraErrors.response(status: 401, error: "invalid_client", code: 7000218,
                                        message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
                                        request: request)
        }
        guard secret == app.secret else { return EntraErrors.invalidSecret(app, request: request) }
        guard scope.hasSuffix("/.default"), !scope.contains(" ") else {
            return EntraErrors.response(status: 400, error: "invalid_scope", code: 1002012,
                                        message: "The provided value for scope \(scope) is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).",
                                        request: request)
        }
        let resource = String(scope.dropLast("/.default".count))
        guard resources.contains(resource) else {
            return EntraErrors.response(status: 400, error: "invalid_resource", code: 500011,
                                        message: "The resource principal named \(resource) was not found in the tenant named \(tenant.domain). This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.",
                                        request: request)
        }
        guard let principal = app.servicePrincipal,
              let token = try? issuer.appToken(for: app, principal: principal, audience: resource, authenticatedWith: "1")
        else {
            return EntraErrors.response(status: 500, error: "temporarily_unavailable", code: 90033,
                                        message: "A transient error has occurred. Please try again.", request: request)
        }
        return .json(200, [
            "token_type": "Bearer",
            "expires_in": .int(issuer.lifetime),
            "ext_expires_in": .int(issuer.lifetime),
            "access_token": .string(token),
        ], headers: [("Cache-Control", "no-store, no-cache"), ("Pragma", "no-cache")])
    }
}
