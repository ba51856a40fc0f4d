import Foundation
import HTTPCore
import Tokens
import TerminalSafety

/// Tokens for the Azure resource pbitui runs on (reference/entra.md §8): App Service and Functions when
/// `IDENTITY_ENDPOINT` and `IDENTITY_HEADER` are set, otherwise the VM's IMDS endpoint. IMDS answers that
/// say "try again" (404, 410, 429, 5xx) are retried with growing pauses, as Microsoft documents.
public actor ManagedIdentityCredential: TokenCredential {
    /// The IMDS endpoint of every Azure VM. Plain http to a link-local address is its documented form;
    /// it is the one non-loopback http address pbitui calls.
    public static let imdsEndpoint = URL(string: "http://169.254.169.254/metadata/identity/oauth2/token")!

    let transport: any HTTPTransport
    let clientId: String?
    let environment: [String: String]
    let pauses: [Duration]
    private var cached: [String: AccessToken] = [:]

    public init(clientId: String? = nil, transport: any HTTPTransport,
                environment: [String: String] = ProcessEnvironment.current,
                pauses: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4)]) {
        self.clientId = clientId
        self.transport = transport
        self.environment = environment
        self.pauses = pauses
    }

    public func token(for scope: String) async throws(AuthError) -> AccessToken {
        if let token = cached[scope], !token.needsRenewal() { return token }
        let resource = DefaultScope.resource(of: scope)
        var request: HTTPRequest
        if let endpoint = environment["IDENTITY_ENDPOINT"], let header = environment["IDENTITY_HEADER"],
           var components = URLComponents(string: endpoint) {
            components.queryItems = [URLQueryItem(name: "api-version", value: "2019-08-01"), URLQueryItem(name: "resource", value: resource)]
                + (clientId.map { [URLQueryItem(name: "client_id", value: $0)] } ?? [])
            request = HTTPRequest(method: "GET", url: components.url!, headers: ["X-IDENTITY-HEADER": header])
        } else {
            let base = environment["AZURE_POD_IDENTITY_AUTHORITY_HOST"].flatMap { URL(string: $0)?.appendingPathComponent("metadata/identity/oauth2/token") }
                ?? Self.imdsEndpoint
            var components = URLComponents(url: base, resolvingAgainstBaseURL: false)!
            components.queryItems = [URLQueryItem(name: "api-version", value: "2018-02-01"), URLQueryItem(name: "resource", value: resource)]
                + (clientId.map { [URLQueryItem(name: "client_id", value: $0)] } ?? [])
            request = HTTPRequest(method: "GET", url: components.url!, headers: ["Metadata": "true"])
        }
        request.url = URL(string: request.url.absoluteString.replacingOccurrences(of: "+", with: "%2B"))!
        var attempt = 0
        while true {
            let response: HTTPResponse
            do {
                response = try await Self.send(request, transport: transport)
            } catch {
                throw .transport(error)
            }
            if response.isSuccess { return try remember(response, scope: scope) }
            let retriable = [404, 410, 429].contains(response.status) || response.status >= 500
            guard retriable, attempt < pauses.count else {
                let json = try? JSONValue.parse(response.body)
                let detail = json?["error_description"]?.stringValue ?? json?["error"]?.stringValue ?? ResponseExcerpt.describe(response)
                throw .unexpectedResponse(endpoint: URLPolicy.origin(of: request.url) + request.url.path, status: response.status,
                                          detail: TerminalSafety.escape(detail))
            }
            do { try await Task.sleep(for: pauses[attempt]) } catch { throw .transport(.cancelled) }
            attempt += 1
        }
    }

    /// IMDS is plain http on a link-local address, which the general URL policy refuses; it is sent here
    /// and nowhere else, and carries no token.
    static func send(_ request: HTTPRequest, transport: any HTTPTransport) async throws(TransportError) -> HTTPResponse {
        try await transport.send(request, timeout: .seconds(30))
    }

    private func remember(_ response: HTTPResponse, scope: String) throws(AuthError) -> AccessToken {
        guard let json = try? JSONValue.parse(response.body), let value = json["access_token"]?.stringValue else {
            throw .unexpectedResponse(endpoint: "managed identity", status: response.status, detail: ResponseExcerpt.describe(response))
        }
        let expiresOn = json["expires_on"]?.doubleValue.flatMap { $0.isFinite && abs($0) < 1e11 ? Date(timeIntervalSince1970: $0) : nil }
            ?? Date().addingTimeInterval(TimeInterval(min(max(json["expires_in"]?.intValue ?? 3600, 0), 366 * 86_400)))
        let token = AccessToken(value: value, tokenType: json["token_type"]?.stringValue ?? "Bearer", expiresOn: expiresOn,
                                requestedScopes: [scope], grantedScope: nil, tenantId: nil, clientId: json["client_id"]?.stringValue)
        cached[scope] = token
        return token
    }

    public func invalidate(scope: String) async { cached[scope] = nil }
}

/// A token someone already has: pasted, piped, or read from a file. Used as it is; it cannot be renewed.
public struct StaticTokenCredential: TokenCredential {
    let token: AccessToken

    /// Reads a token from text (a `Bearer ` prefix and whitespace are tolerated).
    /// - Parameters:
    ///   - source: where the text came from, as the person knows it (`PBITUI_ACCESS_TOKEN`, a file).
    ///   - field: which sign-in setting that is (a pasted token, or a token file).
    ///
    /// The token is read before anything is sent: text that is not a JWT, or a token already expired, is
    /// refused here (the command line exits 2), so that a service's refusal is never blamed on the tenant.
    public init(text: String, source: String, field: Setting.Field = .accessToken, now: Date = Date()) throws(AuthError) {
        let value = JWT.normalise(text)
        guard !value.isEmpty else { throw .invalidSetting(Setting(field, name: source), problem: "holds no token") }
        guard !value.contains(where: { $0.isWhitespace }) else { throw .invalidSetting(Setting(field, name: source), problem: "holds more than one word; expected one access token") }
        let jwt: JWT
        do { jwt = try JWT.decode(value) } catch {
            throw .invalidSetting(Setting(field, name: source),
                                  problem: "is not a readable access token (\(error)); an Entra access token is a JWT: header.payload.signature, each part base64url")
        }
        let expiry = jwt.payload["exp"]?.doubleValue.map { Date(timeIntervalSince1970: $0) } ?? .distantFuture
        token = AccessToken(value: value, tokenType: "Bearer", expiresOn: expiry, requestedScopes: [], grantedScope: nil,
                            tenantId: nil, clientId: nil)
        if expiry < now { throw .invalidSetting(Setting(field, name: source), problem: Self.expired(expiry)) }
    }

    static func expired(_ date: Date) -> String {
        "holds a token that expired at \(date.ISO8601Format()); get a new one (`az account get-access-token`, or sign in another way)"
    }

    public func token(for scope: String) async throws(AuthError) -> AccessToken {
        if token.expiresOn < Date() { throw .invalidSetting(Setting(.accessToken), problem: Self.expired(token.expiresOn)) }
        if let wanted = TokenAudience.resource(ofScope: scope), let audience = token.audience, !TokenAudience.same(audience, wanted) {
            throw .invalidSetting(Setting(.accessToken), problem: "holds a token for \(audience); this call needs one for \(wanted) "
                                  + "(a token is good for one API: get one for this resource, e.g. `az account get-access-token --resource \(wanted)`)")
        }
        return token
    }

    public func invalidate(scope: String) async {}
}
