import Foundation
import HTTPCore
import Tokens

/// An access token with what pbitui needs to know about it. It never prints the token itself.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible {
    /// Whether the token acts for an application alone or for a signed-in user.
    public typealias Kind = TokenKind

    /// The bearer value. Send it only to the host the token was issued for.
    public let value: String
    public let tokenType: String
    public let expiresOn: Date
    public let scopes: [String]
    public let tenantId: String?
    public let clientId: String?
    public let kind: Kind
    /// `aud` of the token when it is a readable JWT.
    public let audience: String?
    /// The refresh token that came with it (delegated flows); kept out of `description`.
    public let refreshToken: String?

    public init(value: String, tokenType: String = "Bearer", expiresOn: Date, scopes: [String],
                tenantId: String?, clientId: String?, kind: Kind, audience: String?, refreshToken: String? = nil) {
        self.value = value
        self.tokenType = tokenType
        self.expiresOn = expiresOn
        self.scopes = scopes
        self.tenantId = tenantId
        self.clientId = clientId
        self.kind = kind
        self.audience = audience
        self.refreshToken = refreshToken
    }

    /// Builds the description from what a JWT access token says; falls back to what the caller knows.
    public init(value: String, tokenType: String, expiresOn: Date, requestedScopes: [String],
                grantedScope: String?, tenantId: String?, clientId: String?, refreshToken: String? = nil) {
        let jwt = try? JWT.decode(value)
        let payload = jwt?.payload
        let scp = payload?["scp"]?.stringValue
        let roles = payload?["roles"]?.arrayValue?.compactMap(\.stringValue)
        let idtyp = payload?["idtyp"]?.stringValue
        let kind: Kind = if let idtyp { idtyp == "app" ? .app : .delegated } else { scp == nil ? .app : .delegated }
        var scopes = requestedScopes
        if let granted = grantedScope, !granted.isEmpty {
            scopes = granted.split(separator: " ").map(String.init)
        } else if let scp {
            scopes = scp.split(separator: " ").map(String.init)
        } else if let roles, !roles.isEmpty {
            scopes = roles
        }
        self.init(value: value, tokenType: tokenType, expiresOn: expiresOn, scopes: scopes,
                  tenantId: payload?["tid"]?.stringValue ?? tenantId,
                  clientId: payload?["appid"]?.stringValue ?? payload?["azp"]?.stringValue ?? clientId,
                  kind: kind,
                  audience: payload?["aud"]?.stringValue,
                  refreshToken: refreshToken)
    }

    /// Who the token acts as, for a header: the user (`upn`, `unique_name`, `preferred_username`) or
    /// "app NAME"; nil when the token is not a readable JWT.
    public var account: String? {
        guard let payload = try? JWT.decode(value).payload else { return nil }
        return payload["upn"]?.stringValue ?? payload["unique_name"]?.stringValue ?? payload["preferred_username"]?.stringValue
            ?? payload["app_displayname"]?.stringValue.map { "app " + $0 }
    }

    /// True when the token has less than `margin` left.
    public func needsRenewal(at now: Date = Date(), margin: TimeInterval = 300) -> Bool {
        expiresOn.timeIntervalSince(now) < margin
    }

    public var description: String {
        "AccessToken(\(kind.rawValue), tenant \(tenantId ?? "?"), expires \(expiresOn))"
    }
}

/// Anything that hands out access tokens for a scope: every sign-in method implements this.
public protocol TokenCredential: Sendable {
    /// A token valid for at least a few minutes, renewed silently when it is close to expiry.
    func token(for scope: String) async throws(AuthError) -> AccessToken
    /// Drops a cached token for `scope`, so the next call fetches a new one (after a 401 `TokenExpired`).
    func invalidate(scope: String) async
}
