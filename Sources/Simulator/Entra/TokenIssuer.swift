import Crypto
import Foundation
import Tokens

/// Signs the demo tenant's access tokens (RS256, v1.0 shape, as Entra ID issues them for Power BI) and
/// checks tokens presented back to the simulator.
public struct TokenIssuer: Sendable {
    public let signingKey: RSASigningKey
    /// The key id: base64url of a SHA-1 thumbprint, as Entra's `kid`/`x5t` are.
    public let keyId: String
    public let tenantId: String
    /// Access-token lifetime in seconds.
    public let lifetime: Int
    /// Claims added to every app token (`--hostile-names` adds one with terminal control sequences).
    public var extraAppClaims: [(key: String, value: JSONValue)] = []

    /// The `app_displayname` claim under `--hostile-names`.
    public static let hostileAppName = "pbitui \u{1B}]0;PWNED\u{07}\u{1B}[2J\u{202E}nimda"

    public static let powerBIResource = "https://analysis.windows.net/powerbi/api"

    public init(signingKey: RSASigningKey, tenantId: String, lifetime: Int) {
        self.signingKey = signingKey
        self.tenantId = tenantId
        self.lifetime = lifetime
        keyId = Base64URL.encode(Insecure.SHA1.hash(data: signingKey.publicKey.derRepresentation))
    }

    public var issuer: String { "https://sts.windows.net/\(tenantId)/" }

    /// An app-only token for a service principal.
    public func appToken(for app: DemoApplication, principal: DemoPrincipal, audience: String,
                         roles: [String] = [], authenticatedWith appidacr: String, now: Date = Date()) throws -> String {
        let issuedAt = Int(now.timeIntervalSince1970)
        var claims: [(key: String, value: JSONValue)] = [
            ("aud", .string(audience)),
            ("iss", .string(issuer)),
            ("iat", .int(issuedAt)),
            ("nbf", .int(issuedAt)),
            ("exp", .int(issuedAt + lifetime)),
            ("aio", .string(Self.opaque(24))),
            ("appid", .string(app.clientId)),
            ("appidacr", .string(appidacr)),
            ("idp", .string(issuer)),
            ("idtyp", "app"),
            ("oid", .string(principal.objectId)),
            ("rh", .string("1.AXkA" + Self.opaque(20) + ".")),
        ]
        if !roles.isEmpty { claims.append(("roles", .array(roles.map(JSONValue.string)))) }
        claims += [
            ("sub", .string(principal.objectId)),
            ("tid", .string(tenantId)),
            ("uti", .string(Self.opaque(22))),
            ("ver", "1.0"),
            ("xms_idrel", "7 28"),
        ]
        claims += extraAppClaims
        return try sign(claims)
    }

    /// A delegated (app + user) access token, as Entra ID issues them for Power BI.
    public func userToken(for app: DemoApplication, user: DemoUser, audience: String, scopes: [String],
                          authMethods: [String], directoryRoles: [String] = [], now: Date = Date()) throws -> String {
        let issuedAt = Int(now.timeIntervalSince1970)
        let names = user.principal.displayName.split(separator: " ").map(String.init)
        let claims: [(key: String, value: JSONValue)] = [
            ("aud", .string(audience)),
            ("iss", .string(issuer)),
            ("iat", .int(issuedAt)),
            ("nbf", .int(issuedAt)),
            ("exp", .int(issuedAt + lifetime)),
            ("acr", "1"),
            ("aio", .string(Self.opaque(40))),
            ("amr", .array(authMethods.map(JSONValue.string))),
            ("appid", .string(app.clientId)),
            ("appidacr", app.isPublicClient ? "0" : "1"),
            ("family_name", .string(names.last ?? "")),
            ("given_name", .string(names.first ?? "")),
            ("idtyp", "user"),
            ("ipaddr", "127.0.0.1"),
            ("name", .string(user.principal.displayName)),
            ("oid", .string(user.principal.objectId)),
            ("puid", .string(String(format: "1003200%09X", UInt64(StableHash.of(user.username) % 0xFFFFFFFFF)))),
            ("rh", .string("1.AXkA" + Self.opaque(20) + ".")),
            ("scp", .string(scopes.joined(separator: " "))),
            ("sid", .string(UUID().uuidString.lowercased())),
            ("sub", .string(Base64URL.encode(Array(StableHash.of(user.principal.objectId + app.clientId).description.utf8)))),
            ("tid", .string(tenantId)),
            ("unique_name", .string(user.username)),
            ("upn", .string(user.username)),
            ("uti", .string(Self.opaque(22))),
            ("ver", "1.0"),
        ] + (directoryRoles.isEmpty ? [] : [(key: "wids", value: .array(directoryRoles.map(JSONValue.string)))])
        return try sign(claims)
    }

    /// A v2.0 id token for the client app.
    public func idToken(for app: DemoApplication, user: DemoUser, issuerURL: String, nonce: String? = nil,
                        now: Date = Date()) throws -> String {
        let issuedAt = Int(now.timeIntervalSince1970)
        var claims: [(key: String, value: JSONValue)] = [
            ("aud", .string(app.clientId)),
            ("iss", .string(issuerURL)),
            ("iat", .int(issuedAt)),
            ("nbf", .int(issuedAt)),
            ("exp", .int(issuedAt + lifetime)),
            ("name", .string(user.principal.displayName)),
        ]
        if let nonce { claims.append(("nonce", .string(nonce))) }
        claims += [
            ("oid", .string(user.principal.objectId)),
            ("preferred_username", .string(user.username)),
            ("rh", .string("1.AXkA" + Self.opaque(20) + ".")),
            ("sub", .string(Base64URL.encode(Array(StableHash.of(user.principal.objectId + app.clientId).description.utf8)))),
            ("tid", .string(tenantId)),
            ("uti", .string(Self.opaque(22))),
            ("ver", "2.0"),
        ]
        return try sign(claims)
    }

    /// `client_info`: base64url JSON of the user's object id and tenant, which MSAL uses as the account key.
    public func clientInfo(for user: DemoUser) -> String {
        Base64URL.encode(JSONValue.object(JSONObject([("uid", .string(user.principal.objectId)), ("utid", .string(tenantId))])).serialized())
    }

    func sign(_ claims: [(key: String, value: JSONValue)]) throws -> String {
        let header: JSONValue = ["typ": "JWT", "alg": "RS256", "x5t": .string(keyId), "kid": .string(keyId)]
        return try signingKey.sign(header: header, payload: .object(JSONObject(claims)))
    }

    /// The public key set, as `/discovery/keys` serves it.
    public var jwks: JSONValue {
        let (n, e) = signingKey.publicKey.jwkPrimitives
        return ["keys": [[
            "kty": "RSA", "use": "sig", "kid": .string(keyId), "x5t": .string(keyId),
            "n": .string(n), "e": .string(e), "issuer": .string(issuer),
        ]]]
    }

    /// Random base64url text for opaque claims (`aio`, `uti`, `rh`); their content means nothing.
    static func opaque(_ length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String(Base64URL.encode((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }).prefix(length))
    }

    /// Why a presented bearer token is not acceptable, in the terms Power BI answers with.
    public enum Rejection: Error, Equatable, Sendable {
        case missing, malformed, badSignature, wrongAudience(String?), expired, notYetValid, wrongTenant
    }

    /// Checks a bearer token this issuer signed: signature, audience, lifetime (with 5 minutes of skew).
    public func validate(bearer: String?, audience: String, now: Date = Date()) -> Result<JWT, Rejection> {
        guard let bearer, bearer.lowercased().hasPrefix("bearer ") else { return .failure(.missing) }
        guard let jwt = try? JWT.decode(bearer) else { return .failure(.malformed) }
        guard jwt.keyID == keyId, signingKey.publicKey.isValidRS256Signature(of: jwt) else { return .failure(.badSignature) }
        let aud = jwt.payload["aud"]?.stringValue
        guard aud == audience else { return .failure(.wrongAudience(aud)) }
        guard jwt.payload["tid"]?.stringValue == tenantId else { return .failure(.wrongTenant) }
        let seconds = now.timeIntervalSince1970
        if let exp = jwt.payload["exp"]?.doubleValue, seconds >= exp { return .failure(.expired) }
        if let nbf = jwt.payload["nbf"]?.doubleValue, seconds + 300 < nbf { return .failure(.notYetValid) }
        return .success(jwt)
    }
}
