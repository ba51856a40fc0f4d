import Crypto
import CryptoExtras
import Foundation
import SwiftASN1
import Tokens
import X509

/// Certificates the demo tenant makes at start: the confidential client's certificate (its PEM, key
/// included, is written to a file for `--auth certificate`), and with `--tls` a CA and a server certificate
/// for 127.0.0.1 and localhost.
struct DemoCertificates: Sendable {
    /// PEM of the client's private key followed by its certificate.
    let clientPEM: String
    let clientCertificateDER: [UInt8]
    let clientPublicKey: RSAVerifyingKey

    /// base64url SHA-1 and SHA-256 thumbprints of the client certificate (`x5t`, `x5t#S256`).
    var clientThumbprints: (sha1: String, sha256: String) {
        (Base64URL.encode(Insecure.SHA1.hash(data: clientCertificateDER)), Base64URL.encode(SHA256.hash(data: clientCertificateDER)))
    }

    static func makeClient(name: String) throws -> DemoCertificates {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let subject = try DistinguishedName { CommonName(name) }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(365 * 86_400),
            issuer: subject, subject: subject, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions { KeyUsage(digitalSignature: true) },
            issuerPrivateKey: .init(key))
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        let pem = key.pemRepresentation + "\n" + (try certificate.serializeAsPEM().pemString) + "\n"
        return DemoCertificates(clientPEM: pem, clientCertificateDER: serializer.serializedBytes,
                                clientPublicKey: try RSAVerifyingKey(pem: key.publicKey.pemRepresentation))
    }

    /// A CA and a server certificate it signed, for HTTPS on loopback.
    struct TLSMaterial: Sendable {
        let caPEM: String
        let serverCertificatePEM: String
        let serverKeyPEM: String
    }

    static func makeTLS() throws -> TLSMaterial {
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("pbitui demo tenant CA") }
        let now = Date()
        let ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(30 * 86_400),
            issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(caKey))
        let serverKey = P256.Signing.PrivateKey()
        let serverName = try DistinguishedName { CommonName("127.0.0.1") }
        let server = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(serverKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(30 * 86_400),
            issuer: caName, subject: serverName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))])
            },
            issuerPrivateKey: .init(caKey))
        return TLSMaterial(caPEM: try ca.serializeAsPEM().pemString + "\n",
                           serverCertificatePEM: try server.serializeAsPEM().pemString + "\n",
                           serverKeyPEM: serverKey.pemRepresentation + "\n")
    }
}

/// Checks certificate client assertions (reference/entra.md §1b): thumbprint header, signature, audience,
/// issuer and subject, and lifetime.
struct ClientAssertionVerifier: Sendable {
    let certificates: DemoCertificates
    let clientId: String

    struct Failure: Equatable { let code: Int; let message: String }

    func check(_ assertion: String, app: DemoApplication, audiences: [String], now: Date = Date()) -> Failure? {
        guard let jwt = try? JWT.decode(assertion) else {
            return Failure(code: 50027, message: "JWT token is invalid or malformed.")
        }
        let thumbprints = certificates.clientThumbprints
        let x5t = jwt.header["x5t"]?.stringValue, x5tS256 = jwt.header["x5t#S256"]?.stringValue
        guard app.clientId == clientId, x5t == thumbprints.sha1 || x5tS256 == thumbprints.sha256 else {
            return Failure(code: 700027, message: "Client assertion failed signature validation. (Reason - The key was not found., Thumbprint of key used by client: '\(x5t ?? x5tS256 ?? "none")'.)")
        }
        guard ["RS256", "PS256"].contains(jwt.algorithm ?? ""), certificates.clientPublicKey.isValidSignature(of: jwt) else {
            return Failure(code: 700027, message: "Client assertion failed signature validation. (Reason - The provided signature value did not match the expected signature value.)")
        }
        guard jwt.payload["iss"]?.stringValue == app.clientId, jwt.payload["sub"]?.stringValue == app.clientId else {
            return Failure(code: 700021, message: "Client assertion application identifier doesn't match 'client_id' parameter.")
        }
        guard let aud = jwt.payload["aud"]?.stringValue, audiences.contains(aud) else {
            return Failure(code: 700027, message: "Client assertion failed validation: the audience must be the token endpoint \(audiences.first ?? "").")
        }
        let seconds = now.timeIntervalSince1970
        if let exp = jwt.payload["exp"]?.doubleValue, seconds > exp {
            return Failure(code: 700024, message: "Client assertion is not within its valid time range. Current time: \(WireDate.format(now, fractionDigits: 7)), assertion valid to \(WireDate.format(Date(timeIntervalSince1970: exp), fractionDigits: 7)).")
        }
        if jwt.payload["exp"] == nil { return Failure(code: 700024, message: "Client assertion is not within its valid time range: it has no exp claim.") }
        if let nbf = jwt.payload["nbf"]?.doubleValue, seconds + 300 < nbf {
            return Failure(code: 700024, message: "Client assertion is not within its valid time range: it is not valid before \(WireDate.format(Date(timeIntervalSince1970: nbf))).")
        }
        return nil
    }
}
