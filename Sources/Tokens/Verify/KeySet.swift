import Foundation

/// A JSON Web Key Set reduced to the keys pbitui can verify with: RSA signing keys. Keys of other types
/// (`oct`, `EC`), encryption keys (`use: enc`) and keys that do not parse are left out and counted, so that
/// one odd key never makes a whole set unusable (jwt-kit rejects the whole set; reference/jwt.md).
public struct KeySet: Sendable {
    public struct Key: Sendable {
        public let kid: String?
        public let x5t: String?
        /// `issuer` as Entra writes it on each key, `{tenantid}` templated.
        public let issuer: String?
        public let key: RSAVerifyingKey
    }

    public let keys: [Key]
    /// Keys left out, with why: "kid abc: kty oct is not supported".
    public let skipped: [String]

    /// A set with no keys: for a token refused before any key is looked for (`alg none`, HMAC).
    public static let none = KeySet(keys: [], skipped: [])

    private init(keys: [Key], skipped: [String]) {
        self.keys = keys
        self.skipped = skipped
    }

    /// Reads a JWKS document (`{"keys": [...]}`); the error says what is wrong with the document itself.
    public init(json bytes: [UInt8]) throws(KeySetError) {
        let document: JSONValue
        do { document = try JSONValue.parse(bytes) } catch {
            let text = String(decoding: bytes.prefix(200), as: UTF8.self).lowercased()
            if text.contains("<html") || text.contains("<!doctype") { throw .notJSON("an HTML page, not a key set") }
            throw .notJSON("not JSON (\(error))")
        }
        guard let entries = document["keys"]?.arrayValue else { throw .notJSON("JSON without a \"keys\" array") }
        var keys: [Key] = []
        var skipped: [String] = []
        for entry in entries {
            let kid = entry["kid"]?.stringValue
            let name = "kid \(kid ?? "(none)")"
            guard entry["kty"]?.stringValue == "RSA" else { skipped.append("\(name): kty \(entry["kty"]?.stringValue ?? "missing") is not supported"); continue }
            if let use = entry["use"]?.stringValue, use != "sig" { skipped.append("\(name): use \(use) is not for signatures"); continue }
            guard let n = entry["n"]?.stringValue, let e = entry["e"]?.stringValue, let key = try? RSAVerifyingKey(modulus: n, exponent: e) else {
                skipped.append("\(name): n and e do not make an RSA key of 2048 bits or more"); continue
            }
            keys.append(Key(kid: kid, x5t: entry["x5t"]?.stringValue, issuer: entry["issuer"]?.stringValue, key: key))
        }
        guard !keys.isEmpty else { throw .empty(skipped) }
        self.keys = keys
        self.skipped = skipped
    }

    /// The key a token names: by `kid`, else by `x5t`. Never "the first key" when the id is unknown.
    public func key(kid: String?, x5t: String?) -> Key? {
        if let kid, let key = keys.first(where: { $0.kid == kid }) { return key }
        if let x5t, let key = keys.first(where: { $0.x5t == x5t || $0.kid == x5t }) { return key }
        return nil
    }
}

public enum KeySetError: Error, Sendable, Hashable, CustomStringConvertible {
    case notJSON(String)
    case empty([String])

    public var description: String {
        switch self {
        case let .notJSON(what): return "the key set is \(what)"
        case let .empty(skipped): return "the key set has no RSA signing key" + (skipped.isEmpty ? "" : " (" + skipped.joined(separator: "; ") + ")")
        }
    }
}
