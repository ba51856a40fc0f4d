import Foundation
import Testing
@testable import Tokens

@Suite struct JWTTests {
    static let header = Base64URL.encode(#"{"alg":"RS256","typ":"JWT","kid":"k1"}"#)
    static let payload = Base64URL.encode(#"{"sub":"1","aud":"api","exp":1}"#)

    @Test func decodesHeaderAndPayloadKeepingOrder() throws {
        let jwt = try JWT.decode("\(Self.header).\(Self.payload).c2ln")
        #expect(jwt.header.keys == ["alg", "typ", "kid"])
        #expect(jwt.payload.keys == ["sub", "aud", "exp"])
        #expect(jwt.algorithm == "RS256")
        #expect(jwt.keyID == "k1")
        #expect(jwt.signature == Array("sig".utf8))
    }

    @Test func toleratesBearerPrefixAndWhitespace() throws {
        let jwt = try JWT.decode("  Bearer \(Self.header).\(Self.payload).c2ln\n")
        #expect(jwt.compact == "\(Self.header).\(Self.payload).c2ln")
    }

    @Test func saysWhyATextIsNotAToken() {
        #expect(throws: JWTDecodeError.empty) { try JWT.decode("  ") }
        #expect(throws: JWTDecodeError.segmentCount(2)) { try JWT.decode("a.b") }
        #expect(throws: JWTDecodeError.encrypted) { try JWT.decode("a.b.c.d.e") }
        #expect(throws: JWTDecodeError.emptySegment(.header)) { try JWT.decode(".\(Self.payload).") }
        let array = Base64URL.encode("[1]")
        #expect(throws: JWTDecodeError.notAnObject(.payload, "an array")) { try JWT.decode("\(Self.header).\(array).") }
    }

    @Test func namesTheSegmentWithBadBase64() {
        do {
            _ = try JWT.decode("\(Self.header).ab+c.sig")
            Issue.record("decoded a payload with '+'")
        } catch {
            #expect(error == .base64(.payload, .invalidCharacter("+", offset: 2)))
            #expect(error.description.contains("payload"))
            #expect(error.description.contains("'+'"))
        }
    }

    @Test func signsAndVerifiesRS256() throws {
        let key = try RSASigningKey.generate()
        let token = try key.sign(header: ["typ": "JWT", "alg": "RS256", "kid": "k1"], payload: ["aud": "api", "n": 1])
        let jwt = try JWT.decode(token)
        #expect(jwt.payload["aud"]?.stringValue == "api")
        #expect(key.publicKey.isValidRS256Signature(of: jwt))

        // One changed character in the payload breaks the signature.
        var parts = token.split(separator: ".").map(String.init)
        parts[1] = Base64URL.encode(#"{"aud":"apj","n":1}"#)
        #expect(!key.publicKey.isValidRS256Signature(of: try JWT.decode(parts.joined(separator: "."))))
        // Another key does not verify it.
        #expect(!(try RSASigningKey.generate()).publicKey.isValidRS256Signature(of: jwt))
    }

    @Test func publicKeyRoundTripsThroughJWKMembers() throws {
        let key = try RSASigningKey.generate()
        let (n, e) = key.publicKey.jwkPrimitives
        #expect(e == "AQAB")
        let rebuilt = try RSAVerifyingKey(modulus: n, exponent: e)
        let jwt = try JWT.decode(try key.sign(header: ["alg": "RS256"], payload: ["x": 1]))
        #expect(rebuilt.isValidRS256Signature(of: jwt))
    }
}

/// Found by fuzzing (Fuzz/crashes/jwt): a NumericDate of 1e400 (infinity) trapped when the lifetime was
/// turned into whole seconds.
@Suite struct HostileNumericDateTests {
    @Test(arguments: ["1e400", "-1e400", "1e300", "99999999999999999999"])
    func anOutOfRangeExpIsNotADate(_ exp: String) throws {
        let token = try JWT.decode(Base64URL.encode(#"{"alg":"RS256"}"#) + "." + Base64URL.encode(#"{"exp":\#(exp)}"#) + ".c2ln")
        let summary = TokenSummary(token)
        #expect(summary.expiresAt == nil)
        #expect(summary.lifetime(now: Date()) == "no expiry (exp missing)")
    }
}
