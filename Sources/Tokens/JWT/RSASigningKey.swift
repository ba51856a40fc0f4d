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

    /// Signs `header.payload` and returns the compact JWS.
    public func sign(header: JSONValue, payload: JSONValue) throws -> String {
        let input = Base64URL.encode(header.serialized()) + "." + Base64URL.encode(payload.serialized())
        let signature = try privateKey.signature(for: SHA256.hash(data: Array(input.utf8)), padding: .insecurePKCS1v1_5)
        return input + "." + Base64URL.encode(signature.rawRepresentation)
    }
}

/// The public half of an RSA key: checks RS256 signatures and describes itself as a JWK.
public struct RSAVerifyingKey: Sendable {
    let publicKey: _RSA.Signing.PublicKey

    init(publicKey: _RSA.Signing.PublicKey) { self.publicKey = publicKey }

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
        guard jwt.algorithm == "RS256" else { return false }
        let signature = _RSA.Signing.RSASignature(rawRepresentation: jwt.signature)
        return publicKey.isValidSignature(signature, for: SHA256.hash(data: Array(jwt.signingInput.utf8)),
                                          padding: .insecurePKCS1v1_5)
    }
}
