public import Foundation
public import Tokens
import HTTPCore

/// Finds and caches the signing keys of a token's issuer: OpenID discovery (v1.0 or v2.0 by the token's
/// `ver`, the tenant from `tid`), then the `jwks_uri`. Key sets are cached per URL; a token whose `kid` is
/// not in the cached set makes one refetch, at most every 5 minutes (reference/jwt.md §4.3).
public actor KeySetFetcher {
    struct Cached {
        let keys: KeySet
        let fetchedAt: Date
    }

    private let transport: any HTTPTransport
    /// Where discovery goes instead of the issuer's own authority (the demo tenant, a sovereign cloud).
    private let authorityHost: URL?
    private var cache: [String: Cached] = [:]
    private var discovered: [String: String] = [:]
    public static let refetchInterval: TimeInterval = 300
    private let now: @Sendable () -> Date

    public init(transport: any HTTPTransport, authorityHost: URL? = nil, now: @escaping @Sendable () -> Date = Date.init) {
        self.transport = transport
        self.authorityHost = authorityHost
        self.now = now
    }

    /// The key set for `jwt` and the URL it came from.
    public func keys(for jwt: JWT) async throws(AuthError) -> (keys: KeySet, source: String) {
        let jwksURL = try await jwksURL(for: jwt)
        if let cached = cache[jwksURL] {
            let known = cached.keys.key(kid: jwt.keyID, x5t: jwt.header["x5t"]?.stringValue) != nil
            if known || now().timeIntervalSince(cached.fetchedAt) < Self.refetchInterval { return (cached.keys, jwksURL) }
        }
        let keys = try await fetchKeySet(jwksURL)
        cache[jwksURL] = Cached(keys: keys, fetchedAt: now())
        return (keys, jwksURL)
    }

    /// The key set at a URL (for `--jwks URL`).
    public func fetchKeySet(_ url: String) async throws(AuthError) -> KeySet {
        let body = try await get(url)
        do { return try KeySet(json: body) } catch { throw .unexpectedResponse(endpoint: url, status: 200, detail: error.description) }
    }

    func jwksURL(for jwt: JWT) async throws(AuthError) -> String {
        let discovery = try discoveryURL(for: jwt)
        if let known = discovered[discovery] { return known }
        let body = try await get(discovery)
        guard let json = try? JSONValue.parse(body), let jwks = json["jwks_uri"]?.stringValue else {
            throw .unexpectedResponse(endpoint: discovery, status: 200, detail: "a discovery document without jwks_uri")
        }
        discovered[discovery] = jwks
        return jwks
    }

    /// `{authority}/{tid}[/v2.0]/.well-known/openid-configuration`, the authority taken from the issuer.
    public func discoveryURL(for jwt: JWT) throws(AuthError) -> String {
        guard let tenant = jwt.payload["tid"]?.stringValue, !tenant.isEmpty else {
            throw .invalidSetting(Setting(.accessToken), problem: "has no tid claim, so its tenant's keys cannot be found; give --jwks")
        }
        let version2 = jwt.payload["ver"]?.stringValue == "2.0"
        let authority: String
        if let authorityHost {
            authority = authorityHost.absoluteString
        } else {
            guard let issuer = jwt.payload["iss"]?.stringValue, let host = URL(string: issuer)?.host?.lowercased() else {
                throw .invalidSetting(Setting(.accessToken), problem: "has no iss claim to find its keys from; give --jwks")
            }
            authority = "https://" + (Self.authorityForIssuerHost[host] ?? host)
        }
        var base = authority
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/" + tenant + (version2 ? "/v2.0" : "") + "/.well-known/openid-configuration"
    }

    /// v1.0 issuers (`sts.*`) publish their metadata on the login host of their cloud.
    static let authorityForIssuerHost = [
        "sts.windows.net": "login.microsoftonline.com",
        "sts.microsoftonline.us": "login.microsoftonline.us",
        "sts.chinacloudapi.cn": "login.partner.microsoftonline.cn",
    ]

    private func get(_ url: String) async throws(AuthError) -> [UInt8] {
        guard let target = URL(string: url) else { throw .invalidSetting(Setting(.keySet), problem: "\(url) is not a URL") }
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(method: "GET", url: target, headers: ["Accept": "application/json"]), timeout: .seconds(30))
        } catch { throw .transport(error) }
        guard response.isSuccess else {
            throw .unexpectedResponse(endpoint: url, status: response.status, detail: ResponseExcerpt.describe(response))
        }
        return [UInt8](response.body)
    }
}
