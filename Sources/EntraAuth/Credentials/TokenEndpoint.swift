import Foundation
import HTTPCore
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

    /// How often a token request is sent when Entra ID answers with a passing failure.
    static let attempts = 3

    /// A failed attempt: the error to report, and whether (and after how long) it is worth another.
    struct Failure: Error {
        let error: AuthError
        var status: Int?
        var retryAfter: Int?
        var cutShort = false
    }

    /// Posts `fields` and returns the grant, or the Entra error as ``AuthError``.
    ///
    /// Passing failures are tried again, at most ``attempts`` times in all, as MSAL does: a broken
    /// connection, 500/502/503/504, and 429 or 503 whose `Retry-After` is at most 5 s (waited out). An answer
    /// that is cut short is tried again only for the client-credentials grant, which has no single-use
    /// code or token that the first attempt could have spent. Timeouts and Entra's other errors are final.
    public func redeem(_ fields: [(String, String)]) async throws(AuthError) -> Grant {
        let idempotent = fields.contains { $0.0 == "grant_type" && $0.1 == "client_credentials" }
        var attempt = 1
        while true {
            do throws(Failure) {
                return try await redeemOnce(fields)
            } catch {
                guard attempt < Self.attempts, let wait = Self.retryDelay(after: error, attempt: attempt, idempotent: idempotent) else { throw error.error }
                attempt += 1
                do { try await Task.sleep(for: wait) } catch { throw .transport(.cancelled) }
            }
        }
    }

    /// How long to wait before trying again after `failure`, or nil when it is final.
    static func retryDelay(after failure: Failure, attempt: Int, idempotent: Bool) -> Duration? {
        let backoff = Duration.milliseconds(500 * (1 << (attempt - 1)))
        if case .transport(.unreachable) = failure.error { return backoff }
        if failure.cutShort { return idempotent ? backoff : nil }
        guard let status = failure.status, [429, 500, 502, 503, 504].contains(status) else { return nil }
        if let retryAfter = failure.retryAfter { return retryAfter <= 5 ? .seconds(max(retryAfter, 0)) : nil }
        return backoff
    }

    private func redeemOnce(_ fields: [(String, String)]) async throws(Failure) -> Grant {
        let response: HTTPResponse
        do {
            response = try await transport.send(.form(url, fields), timeout: .seconds(60))
        } catch {
            throw Failure(error: .transport(error))
        }
        let endpoint = URLPolicy.origin(of: url) + url.path
        guard response.isSuccess else {
            let retryAfter = response.headers["Retry-After"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            if let entra = EntraErrorResponse(body: response.body) {
                throw Failure(error: .entra(entra, status: response.status), status: response.status, retryAfter: retryAfter)
            }
            throw Failure(error: .unexpectedResponse(endpoint: endpoint, status: response.status, detail: ResponseExcerpt.describe(response)),
                          status: response.status, retryAfter: retryAfter)
        }
        guard let json = try? JSONValue.parse(response.body), json.objectValue != nil else {
            throw Failure(error: .unexpectedResponse(endpoint: endpoint, status: response.status, detail: ResponseExcerpt.describe(response)),
                          cutShort: true)
        }
        guard let accessToken = json["access_token"]?.stringValue, !accessToken.isEmpty else {
            throw Failure(error: .unexpectedResponse(endpoint: endpoint, status: response.status, detail: "a JSON body without access_token"))
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
