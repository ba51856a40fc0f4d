public import Foundation

/// Whether a token acts for an application alone (client credentials, managed identity) or for a signed-in
/// user (delegated): the one type every module uses for it.
public enum TokenKind: String, Sendable, Hashable, Codable { case app, delegated }

/// What a decoded token is, in a person's words: whose, for what, from where, until when.
public struct TokenSummary: Sendable, Hashable {
    public typealias Kind = TokenKind

    public let kind: Kind
    /// `scp` split on spaces (delegated tokens).
    public let scopes: [String]
    /// `roles` (app permissions, or the user's app roles).
    public let roles: [String]
    public let audience: String?
    public let issuer: String?
    public let tenantId: String?
    public let version: String?
    /// The cloud, from the issuer's host: Public, US Government, China, …
    public let cloud: String?
    public let issuedAt: Date?
    public let notBefore: Date?
    public let expiresAt: Date?
    /// Who: the user's name or the app's id.
    public let subject: String?

    public init(_ jwt: JWT) {
        let payload = jwt.payload
        scopes = payload["scp"]?.stringValue?.split(separator: " ").map(String.init) ?? []
        roles = payload["roles"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let idtyp = payload["idtyp"]?.stringValue {
            kind = idtyp == "app" ? .app : .delegated
        } else {
            kind = payload["scp"] == nil ? .app : .delegated
        }
        audience = payload["aud"]?.stringValue ?? payload["aud"]?.arrayValue?.first?.stringValue
        issuer = payload["iss"]?.stringValue
        tenantId = payload["tid"]?.stringValue
        version = payload["ver"]?.stringValue
        cloud = issuer.flatMap(Self.cloud(ofIssuer:))
        issuedAt = Self.date(payload["iat"])
        notBefore = Self.date(payload["nbf"])
        expiresAt = Self.date(payload["exp"])
        subject = payload["upn"]?.stringValue ?? payload["preferred_username"]?.stringValue ?? payload["unique_name"]?.stringValue
            ?? payload["app_displayname"]?.stringValue ?? payload["appid"]?.stringValue ?? payload["azp"]?.stringValue
    }

    /// A NumericDate (seconds, possibly fractional); nil when the claim is missing or not a number.
    public static func date(_ value: JSONValue?) -> Date? {
        // A NumericDate is a finite number of seconds; anything past the year 5000 (1e400, an overflowing
        // integer) is not one, and would trap where it is turned into whole seconds.
        guard let seconds = value?.doubleValue, value?.stringValue == nil, seconds.isFinite, abs(seconds) < 1e11 else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    static func cloud(ofIssuer issuer: String) -> String? {
        guard let host = URL(string: issuer)?.host?.lowercased() else { return nil }
        switch host {
        case "sts.windows.net", "login.microsoftonline.com": return "Public"
        case "login.microsoftonline.us", "sts.microsoftonline.us": return "US Government"
        case "login.partner.microsoftonline.cn", "sts.chinacloudapi.cn": return "China (21Vianet)"
        default:
            if host.hasSuffix(".ciamlogin.com") { return "Entra External ID" }
            if host.hasSuffix(".b2clogin.com") { return "Azure AD B2C" }
            if host == "127.0.0.1" || host == "localhost" { return "pbitui demo tenant (loopback)" }
            return nil
        }
    }

    /// "expires in 42 min", "expired 3 h ago".
    public func lifetime(now: Date = Date()) -> String {
        guard let expiresAt else { return "no expiry (exp missing)" }
        let interval = expiresAt.timeIntervalSince(now)
        guard interval.isFinite, abs(interval) < 1e15 else { return "expiry out of range" }
        let seconds = Int(interval)
        let amount = Self.amount(abs(seconds))
        return seconds >= 0 ? "expires in \(amount)" : "expired \(amount) ago"
    }

    static func amount(_ seconds: Int) -> String {
        switch seconds {
        case ..<60: "\(seconds) s"
        case ..<3600: "\(seconds / 60) min"
        case ..<172_800: "\(seconds / 3600) h \(seconds % 3600 / 60) min"
        default: "\(seconds / 86_400) days"
        }
    }
}
