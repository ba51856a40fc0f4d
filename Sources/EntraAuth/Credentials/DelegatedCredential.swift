import Foundation
import HTTPCore
import Tokens

/// One way a person signs in interactively (or with a password): it gets the first tokens; after that,
/// ``DelegatedCredential`` renews them with the refresh token and never asks again while it lives.
public protocol UserSignIn: Sendable {
    /// Signs in for `scope` (which already includes `offline_access openid profile`).
    func signIn(scope: String, clientId: String, endpoint: TokenEndpoint, client: ClientAuthentication?) async throws(AuthError) -> TokenEndpoint.Grant
}

/// Tokens for a signed-in person: the first from a ``UserSignIn``, then silently from the refresh token
/// (multi-resource: one refresh token serves every scope), renewed five minutes before expiry.
public actor DelegatedCredential: TokenCredential {
    public nonisolated let clientId: String
    private let endpoint: TokenEndpoint
    private let client: ClientAuthentication?
    private let signIn: any UserSignIn
    private var refreshToken: Secret?
    private var cached: [String: AccessToken] = [:]
    private var pending: Task<AccessToken, any Error>?
    private let now: @Sendable () -> Date
    private let cache: TokenCache?
    private let cacheKey: TokenCache.Key
    private var cacheLoaded = false

    /// With a `cache`, tokens survive a restart: the refresh token makes the next run's sign-in silent.
    public init(authorityHost: URL, tenant: String, clientId: String, client: ClientAuthentication? = nil,
                signIn: any UserSignIn, transport: any HTTPTransport, refreshToken: Secret? = nil,
                cache: TokenCache? = nil, account: String = "default",
                now: @escaping @Sendable () -> Date = Date.init) {
        self.cache = cache
        cacheKey = TokenCache.Key(authority: authorityHost.absoluteString, tenant: tenant, clientId: clientId, account: account)
        self.clientId = clientId
        endpoint = TokenEndpoint(authorityHost: authorityHost, tenant: tenant, transport: transport)
        self.client = client
        self.signIn = signIn
        self.refreshToken = refreshToken
        self.now = now
    }

    /// The refresh token, for a cache to keep (never print it).
    public var currentRefreshToken: Secret? { refreshToken }

    static func decorated(_ scope: String) -> String {
        var parts = scope.split(separator: " ").map(String.init)
        for extra in ["offline_access", "openid", "profile"] where !parts.contains(extra) { parts.append(extra) }
        return parts.joined(separator: " ")
    }

    public func token(for scope: String) async throws(AuthError) -> AccessToken {
        if let token = cached[scope], !token.needsRenewal(at: now()) { return token }
        if let cache, !cacheLoaded {
            cacheLoaded = true
            if refreshToken == nil { refreshToken = await cache.refreshToken(for: cacheKey) }
        }
        if let cache, let stored = await cache.accessToken(for: cacheKey, scope: scope, now: now()) {
            let token = AccessToken(value: stored.value, tokenType: "Bearer", expiresOn: stored.expiresOn, requestedScopes: [scope],
                                    grantedScope: nil, tenantId: endpoint.tenant, clientId: clientId)
            cached[scope] = token
            return token
        }
        // One sign-in or refresh at a time: a second caller waits for the first.
        while let running = pending {
            _ = try? await running.value
            if let token = cached[scope], !token.needsRenewal(at: now()) { return token }
        }
        let endpoint = self.endpoint, clientId = self.clientId, client = self.client, signIn = self.signIn
        let refresh = refreshToken, now = self.now
        let task = Task<AccessToken, any Error> {
            let started = now()
            var grant: TokenEndpoint.Grant?
            if let refresh {
                do {
                    grant = try await endpoint.redeem([("client_id", clientId), ("grant_type", "refresh_token"),
                                                       ("refresh_token", refresh.reveal()), ("scope", Self.decorated(scope)),
                                                       ("client_info", "1")]
                                                      + (try await client?.fields(clientId: clientId, endpoint: endpoint.url) ?? []))
                } catch let error as AuthError {
                    // An expired or revoked refresh token means signing in again; anything else is reported.
                    guard case let .entra(response, _) = error, response.error == "invalid_grant" else { throw error }
                }
            }
            let final: TokenEndpoint.Grant
            if let grant { final = grant } else { final = try await signIn.signIn(scope: Self.decorated(scope), clientId: clientId, endpoint: endpoint, client: client) }
            return AccessToken(value: final.accessToken, tokenType: final.tokenType,
                               expiresOn: started.addingTimeInterval(TimeInterval(final.expiresIn)),
                               requestedScopes: [scope], grantedScope: final.scope, tenantId: endpoint.tenant, clientId: clientId,
                               refreshToken: final.refreshToken)
        }
        pending = task
        defer { pending = nil }
        do {
            // Cancelling the caller (Esc during a device-code wait) cancels the sign-in.
            let token = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
            cached[scope] = token
            if let rotated = token.refreshToken { refreshToken = Secret(rotated) }
            if let cache {
                // A cache that cannot be written costs a sign-in next time, not this call.
                try? await cache.store(cacheKey, refreshToken: token.refreshToken.map(Secret.init), accessToken: token, scope: scope)
                // Also under the person who signed in, as MSAL keeps accounts: a device-code sign-in by alex
                // makes `--auth password --username alex` (or device code with --username alex) silent next time.
                if let user = token.account, !user.hasPrefix("app "), user.lowercased() != cacheKey.account {
                    let userKey = TokenCache.Key(authority: cacheKey.authority, tenant: cacheKey.tenant, clientId: cacheKey.clientId, account: user)
                    try? await cache.store(userKey, refreshToken: token.refreshToken.map(Secret.init), accessToken: token, scope: scope)
                }
            }
            return token
        } catch let error as AuthError {
            throw error
        } catch {
            throw .transport(.cancelled)
        }
    }

    public func invalidate(scope: String) async { cached[scope] = nil }
}

/// Resource-owner password sign-in (`grant_type=password`). Deprecated by Microsoft, and impossible for
/// accounts with MFA (AADSTS50076/50079): use device code or the browser for those.
///
/// The password is asked for only when the token cache cannot serve (as MSAL's silent-first flow does): a
/// cached account signs in with no password at hand.
public struct PasswordSignIn: UserSignIn {
    public let username: String
    let password: @Sendable () async throws(AuthError) -> Secret

    public init(username: String, password: Secret) {
        self.username = username
        self.password = { password }
    }

    /// - Parameter password: called once, when a password grant is needed; throws when none can be had.
    public init(username: String, password: @escaping @Sendable () async throws(AuthError) -> Secret) {
        self.username = username
        self.password = password
    }

    public func signIn(scope: String, clientId: String, endpoint: TokenEndpoint, client: ClientAuthentication?) async throws(AuthError) -> TokenEndpoint.Grant {
        let password = try await self.password()
        return try await endpoint.redeem([("client_id", clientId), ("grant_type", "password"), ("username", username),
                                          ("password", password.reveal()), ("scope", scope), ("client_info", "1")]
                                         + (try await client?.fields(clientId: clientId, endpoint: endpoint.url) ?? []))
    }
}
