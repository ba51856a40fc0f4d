import Foundation
import Tokens

/// Managed identity token endpoints in the shapes Azure serves them (reference/entra.md §8): IMDS
/// (`GET /metadata/identity/oauth2/token`, header `Metadata: true`) and App Service
/// (`GET /msi/token`, header `X-IDENTITY-HEADER`). Point a client at them by host, as `IDENTITY_ENDPOINT`
/// or an IMDS endpoint override does.
struct ManagedIdentityEndpoints: Sendable {
    let tenant: DemoTenant
    let issuer: TokenIssuer

    func handle(_ request: SimRequest) -> SimResponse? {
        switch request.path {
        case "/metadata/identity/oauth2/token": return imds(request)
        case "/msi/token": return appService(request)
        default: return nil
        }
    }

    func imds(_ request: SimRequest) -> SimResponse {
        guard request.method == "GET" else { return error(405, "invalid_request", "Method not allowed") }
        guard request.header("metadata")?.lowercased() == "true" else {
            return error(400, "invalid_request", "Required metadata header not specified")
        }
        guard request.queryValue("api-version") != nil else { return error(400, "invalid_request", "Required query variable 'api-version' is missing") }
        return token(request, style: .imds)
    }

    func appService(_ request: SimRequest) -> SimResponse {
        guard let header = request.header("x-identity-header") else {
            return error(400, "invalid_request", "The X-IDENTITY-HEADER header is required")
        }
        guard header == tenant.identityHeader else { return error(401, "unauthorized", "The X-IDENTITY-HEADER header is not valid") }
        return token(request, style: .appService)
    }

    enum Style { case imds, appService }

    func token(_ request: SimRequest, style: Style) -> SimResponse {
        guard let resource = request.queryValue("resource")?.trimmingCharacters(in: CharacterSet(charactersIn: "/")), !resource.isEmpty else {
            return error(400, "invalid_request", "Required query variable 'resource' is missing")
        }
        let identity = tenant.managedIdentity
        if let asked = request.queryValue("client_id") ?? request.queryValue("object_id") ?? request.queryValue("principal_id"),
           asked.caseInsensitiveCompare(identity.clientId) != .orderedSame,
           asked.caseInsensitiveCompare(identity.servicePrincipal?.objectId ?? "") != .orderedSame {
            return error(400, "invalid_request", "Identity not found")
        }
        let audience = resource.hasSuffix("/.default") ? String(resource.dropLast("/.default".count)) : resource
        guard audience == TokenIssuer.powerBIResource else {
            return error(400, "invalid_resource", "AADSTS500011: The resource principal named \(resource) was not found in the tenant named \(tenant.domain).")
        }
        let now = Date()
        guard let principal = identity.servicePrincipal,
              let token = try? issuer.appToken(for: identity, principal: principal, audience: audience, authenticatedWith: "2", now: now)
        else { return error(500, "unknown", "token issuance failed") }
        let expiresOn = String(Int(now.timeIntervalSince1970) + issuer.lifetime)
        switch style {
        case .imds:
            return .json(200, [
                "access_token": .string(token), "client_id": .string(identity.clientId),
                "expires_in": .string(String(issuer.lifetime)), "expires_on": .string(expiresOn),
                "ext_expires_in": .string(String(issuer.lifetime)), "not_before": .string(String(Int(now.timeIntervalSince1970))),
                "resource": .string(audience), "token_type": "Bearer",
            ])
        case .appService:
            return .json(200, [
                "access_token": .string(token), "expires_on": .string(expiresOn), "resource": .string(audience),
                "token_type": "Bearer", "client_id": .string(identity.clientId),
            ])
        }
    }

    func error(_ status: Int, _ code: String, _ description: String) -> SimResponse {
        .json(status, ["error": .string(code), "error_description": .string(description)])
    }
}
