import Foundation
import Tokens

/// The Entra ID v2.0 token endpoint of one authority and tenant: `{authorityHost}/{tenant}/oauth2/v2.0/token`.
public struct TokenEndpoint: Sendable {
    public let authorityHost: URL
    public let tenant: String
    let transport: any HTTPTransport

    public init(authorityHost: URL, tenant: String, transport: any HTTPTransport) {
        self.authorityHost = authorityHost
        self.tenant = tenant
        self.transport = transport
    }

    public var url: URL {
        authorityHost.appendingPathComponent(tenant).appendingPathComponent("oauth2/v2.0/token")
    }

    /// The fields of a successful token answer (reference/entra.md §1g).
    public struct Grant: Sendable {
        public let accessToken: String
        public let tokenType: String
        public let expiresIn: Int
        public let scope: String?
        public let refreshToken: String?
        public let idToken: String?
    }

    /// Posts `fields` and returns the grant, or the Entra error as ``AuthError``.
    public func redeem(_ fields: [(String, String)]) async throws(AuthError) -> Grant {
        let response: HTTPResponse
        do {
            response = try await transport.send(.form(url, fields), timeout: .seconds(60))
        } catch {
            throw .transport(error)
        }
        let endpoint = URLPolicy.origin(of: url) + url.path
        guard response.isSuccess else {
            if let entra = EntraErrorResponse(body: response.body) { throw .entra(entra, status: response.status) }
            throw .unexpectedResponse(endpoint: endpoint, status: response.status, detail: ResponseExcerpt.describe(response))
        }
        guard let json = try? JSONValue.parse(response.body), json.objectValue != nil else {
            throw .unexpectedResponse(endpoint: endpoint, status: response.status, detail: ResponseExcerpt.describe(response))
        }
        guard let accessToken = json["access_token"]?.stringValue, !accessToken.isEmpty else {
            throw .unexpectedResponse(endpoint: endpoint, status: response.status, detail: "a JSON body without access_token")
        }
        // expires_in is an integer on v2.0 but a string on v1-style endpoints; accept both.
        // Clamped: a hostile or broken endpoint must not push dates past what whole seconds can hold.
        let expiresIn = min(max(json["expires_in"]?.intValue ?? 3600, 0), 366 * 86_400)
        return Grant(accessToken: accessToken,
                     tokenType: json["token_type"]?.stringValue ?? "Bearer",
                     expiresIn: expiresIn,
                     scope: json["scope"]?.stringValue,
                     refreshToken: json["refresh_token"]?.stringValue,
                     idToken: json["id_token"]?.stringValue)
    }
}
