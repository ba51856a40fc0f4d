import Crypto
import CryptoExtras
import Foundation

/// An RSA key pair that signs JWTs with RS256 (RSASSA-PKCS1-v1_5 with SHA-256).
///
/// The simulator signs its access tokens with one; pbitui signs certificate client assertions with one.
///
/// ```swift
/// let key = try RSASigningKey.generate()
/// let token = try key.sign(header: ["typ": "JWT", "alg": "RS256", "kid": "k1"], payload: ["aud": "api"])
/// ```
public struct RSASigningKey: Sendable {
    let privateKey: _RSA.Signing.PrivateKey

    init(privateKey: _RSA.Signing.PrivateKey) { self.privateKey = privateKey }

    /// A fresh 2048-bit key.
    public static func generate() throws -> RSASigningKey {
        RSASigningKey(privateKey: try _RSA.Signing.PrivateKey(keySize: .bits2048))
    }

    /// A key from PEM (PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY`).
    public init(pem: String) throws {
        privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
    }

    public var pemRepresentation: String { privateKey.pemRepresentation }
    public var publicKey: RSAVerifyingKey { RSAVerifyingKey(publicKey: privateKey.publicKey) }

    /// Signs `header.payload` and returns the compact JWS: RS256 unless the header's `alg` is PS256.
    public func sign(header: JSONValue, payload: JSONValue) throws -> String {
        let input = Base64URL.encode(header.serialized()) + "." + Base64URL.encode(payload.serialized())
        let padding: _RSA.Signing.Padding = header["alg"]?.stringValue == "PS256" ? .PSS : .insecurePKCS1v1_5
        let signature = try privateKey.signature(for: SHA256.hash(data: Array(input.utf8)), padding: padding)
        return input + "." + Base64URL.encode(signature.rawRepresentation)
    }
}

/// The public half of an RSA key: checks RS256 signatures and describes itself as a JWK.
public struct RSAVerifyingKey: Sendable {
    let publicKey: _RSA.Signing.PublicKey

    init(publicKey: _RSA.Signing.PublicKey) { self.publicKey = publicKey }

    /// A key from PEM (`PUBLIC KEY`).
    public init(pem: String) throws {
        publicKey = try _RSA.Signing.PublicKey(pemRepresentation: pem)
    }

    /// A key from the JWK members `n` and `e` (base64url).
    public init(modulus: String, exponent: String) throws {
        publicKey = try _RSA.Signing.PublicKey(n: try Base64URL.decode(modulus), e: try Base64URL.decode(exponent))
    }

    public var derRepresentation: Data { publicKey.derRepresentation }
    public var pemRepresentation: String { publicKey.pemRepresentation }

    /// The JWK members `n` and `e`, base64url without leading zero bytes.
    public var jwkPrimitives: (n: String, e: String) {
        let primitives = try? publicKey.getKeyPrimitives()
        let n = Array((primitives?.modulus ?? Data()).drop(while: { $0 == 0 }))
        let e = Array((primitives?.publicExponent ?? Data()).drop(while: { $0 == 0 }))
        return (Base64URL.encode(n), Base64URL.encode(e))
    }

    /// True when `jwt` carries a valid RS256 signature by this key. The header's `alg` must be RS256.
    public func isValidRS256Signature(of jwt: JWT) -> Bool {
        jwt.algorithm == "RS256" && isValidSignature(of: jwt)
    }

    /// True when `jwt` is validly signed by this key with the RSA algorithm its header names
    /// (RS256/384/512 or PS256/384/512); false for any other algorithm.
    public func isValidSignature(of jwt: JWT) -> Bool {
        let signature = _RSA.Signing.RSASignature(rawRepresentation: jwt.signature)
        let input = Array(jwt.signingInput.utf8)
        switch jwt.algorithm {
        case "RS256": return publicKey.isValidSignature(signature, for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5)
        case "RS384": return publicKey.isValidSignature(signature, for: SHA384.hash(data: input), padding: .insecurePKCS1v1_5)
        case "RS512": return publicKey.isValidSignature(signature, for: SHA512.hash(data: input), padding: .insecurePKCS1v1_5)
        case "PS256": return publicKey.isValidSignature(signature, for: SHA256.hash(data: input), padding: .PSS)
        case "PS384": return publicKey.isValidSignature(signature, for: SHA384.hash(data: input), padding: .PSS)
        case "PS512": return publicKey.isValidSignature(signature, for: SHA512.hash(data: input), padding: .PSS)
        default: return false
        }
    }
}
