import Crypto
import Foundation
import Tokens

/// A certificate and its private key from one PEM file (`AZURE_CLIENT_CERTIFICATE_PATH`), and the client
/// assertion JWT Entra ID takes in place of a secret (reference/entra.md §1b).
public struct ClientCertificate: Sendable {
    let key: RSASigningKey
    /// The DER bytes of the (first) certificate.
    public let certificateDER: [UInt8]

    /// Reads key and certificate from PEM text, naming what is missing.
    public init(pem: String, source: String) throws(AuthError) {
        let blocks = PEMBlocks.parse(pem)
        guard let certificate = blocks.first(where: { $0.label == "CERTIFICATE" }) else {
            throw .invalidSetting(Setting(.certificate, name: source), problem: "holds no certificate (-----BEGIN CERTIFICATE-----)")
        }
        guard let keyBlock = blocks.first(where: { $0.label.hasSuffix("PRIVATE KEY") }) else {
            throw .invalidSetting(Setting(.certificate, name: source), problem: "holds no private key; put the key and the certificate in one PEM file")
        }
        guard keyBlock.label != "ENCRYPTED PRIVATE KEY" else {
            throw .invalidSetting(Setting(.certificate, name: source), problem: "holds an encrypted private key; decrypt it first (openssl pkcs8 -in key.pem -out plain.pem)")
        }
        do {
            key = try RSASigningKey(pem: keyBlock.text)
        } catch {
            throw .invalidSetting(Setting(.certificate, name: source), problem: "the private key is not an RSA key of 2048 bits or more")
        }
        certificateDER = certificate.bytes
    }

    /// Reads the PEM file at `path`.
    public init(path: String) throws(AuthError) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .invalidSetting(Setting(.certificate, name: "--certificate"), problem: "cannot read \(path)")
        }
        try self.init(pem: text, source: "--certificate \(path)")
    }

    /// `x5t`: base64url SHA-1 of the certificate.
    public var sha1Thumbprint: String { Base64URL.encode(Insecure.SHA1.hash(data: certificateDER)) }
    /// `x5t#S256`: base64url SHA-256 of the certificate.
    public var sha256Thumbprint: String { Base64URL.encode(SHA256.hash(data: certificateDER)) }

    /// The signature scheme of the assertion: RS256 with `x5t` works everywhere; PS256 with `x5t#S256` is
    /// what newer Microsoft documentation and MSAL use.
    public enum Algorithm: String, Sendable { case rs256 = "RS256", ps256 = "PS256" }

    /// A fresh assertion for `tokenEndpoint`: `aud` the endpoint, `iss` and `sub` the client, ten minutes long.
    public func assertion(clientId: String, tokenEndpoint: URL, algorithm: Algorithm = .rs256, now: Date = Date()) throws(AuthError) -> String {
        let issuedAt = Int(now.timeIntervalSince1970)
        let header: JSONValue = algorithm == .rs256
            ? ["alg": "RS256", "typ": "JWT", "x5t": .string(sha1Thumbprint)]
            : ["alg": "PS256", "typ": "JWT", "x5t#S256": .string(sha256Thumbprint)]
        let payload: JSONValue = [
            "aud": .string(tokenEndpoint.absoluteString), "iss": .string(clientId), "sub": .string(clientId),
            "jti": .string(UUID().uuidString.lowercased()), "nbf": .int(issuedAt), "iat": .int(issuedAt), "exp": .int(issuedAt + 600),
        ]
        do { return try key.sign(header: header, payload: payload) } catch {
            throw .invalidSetting(Setting(.certificate), problem: "signing the client assertion failed: \(error)")
        }
    }
}

/// PEM blocks (`-----BEGIN X-----` … `-----END X-----`) of a text.
enum PEMBlocks {
    struct Block { let label: String; let text: String; let bytes: [UInt8] }

    static func parse(_ pem: String) -> [Block] {
        var blocks: [Block] = []
        var label: String?
        var lines: [String] = []
        var body = ""
        for line in pem.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
                label = String(line.dropFirst(11).dropLast(5))
                lines = [line]
                body = ""
            } else if let current = label, line == "-----END \(current)-----" {
                lines.append(line)
                if let data = Data(base64Encoded: body) {
                    blocks.append(Block(label: current, text: lines.joined(separator: "\n") + "\n", bytes: Array(data)))
                }
                label = nil
            } else if label != nil {
                lines.append(line)
                body += line
            }
        }
        return blocks
    }
}
