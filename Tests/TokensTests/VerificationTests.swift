import Foundation
import Testing
@testable import Tokens

@Suite struct VerificationTests {
    /// RFC 7515 Appendix A.2: RS256 over `{"iss":"joe","exp":1300819380,…}` (exp is in 2011).
    static let rfcToken = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"
    static let rfcModulus = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"

    /// A key set with the RFC key (no kid, like the RFC token), an `oct` key and an encryption key.
    static func keySet(kid: String? = nil) throws -> KeySet {
        let kidMember = kid.map { #""kid":"\#($0)","# } ?? ""
        return try KeySet(json: Array(#"""
            {"keys":[
              {"kty":"oct","kid":"hmac","k":"c2VjcmV0"},
              {"kty":"RSA","use":"enc","kid":"enc","n":"\#(rfcModulus)","e":"AQAB"},
              {"kty":"RSA","use":"sig",\#(kidMember)"n":"\#(rfcModulus)","e":"AQAB"}
            ]}
            """#.utf8))
    }

    @Test func theRFCTokenVerifiesWithItsKeyButHasExpired() throws {
        let jwt = try JWT.decode(Self.rfcToken)
        let keys = try Self.keySet()
        #expect(keys.keys.count == 1)
        #expect(keys.skipped.count == 2, "the oct key and the encryption key are left out, not fatal: \(keys.skipped)")
        let then = Date(timeIntervalSince1970: 1_300_819_000)
        #expect(TokenVerifier().verify(jwt, keys: keys, now: then).isVerified)
        let today = TokenVerifier().verify(jwt, keys: keys, now: Date())
        #expect(today.outcome != .verified)
        #expect(today.checks.contains { $0.name == "signature" && $0.passed })
        #expect(today.checks.contains { $0.name == "exp" && !$0.passed && $0.detail.contains("expired") })
    }

    @Test func oneChangedByteBreaksTheSignature() throws {
        var parts = Self.rfcToken.split(separator: ".").map(String.init)
        var payload = try Base64URL.decode(parts[1])
        payload[8] ^= 0x01   // "joe" → "jne"
        parts[1] = Base64URL.encode(payload)
        let jwt = try JWT.decode(parts.joined(separator: "."))
        let report = TokenVerifier().verify(jwt, keys: try Self.keySet(), now: Date(timeIntervalSince1970: 1_300_819_000))
        guard case let .failed(reason) = report.outcome else { Issue.record("verified a tampered token"); return }
        #expect(reason.contains("bad signature"))
    }

    @Test func anUnknownKidIsNamedAndNeverFallsBackToAnotherKey() throws {
        let header = Base64URL.encode(#"{"alg":"RS256","kid":"rotated-away"}"#)
        let rest = Self.rfcToken.split(separator: ".").dropFirst().joined(separator: ".")
        let jwt = try JWT.decode(header + "." + rest)
        let report = TokenVerifier().verify(jwt, keys: try Self.keySet(kid: "current"), now: Date(timeIntervalSince1970: 1_300_819_000))
        guard case let .failed(reason) = report.outcome else { Issue.record("verified with the wrong key"); return }
        #expect(reason.contains("kid rotated-away is not in the key set"))
    }

    @Test(arguments: [
        (#"{"alg":"none"}"#, "unsigned"),
        (#"{"alg":"HS256"}"#, "HMAC"),
        (#"{"alg":"ES256"}"#, "not supported"),
    ])
    func refusedAlgorithmsSayWhy(header: String, reason: String) throws {
        let jwt = try JWT.decode(Base64URL.encode(header) + "." + Base64URL.encode(#"{"iss":"joe"}"#) + ".c2ln")
        let report = TokenVerifier().verify(jwt, keys: try Self.keySet())
        guard case let .failed(text) = report.outcome else { Issue.record("accepted \(header)"); return }
        #expect(text.contains(reason))
    }

    @Test func graphTokensAreExplainedAsNotVerifiable() throws {
        let header = Base64URL.encode(#"{"typ":"JWT","nonce":"abc","alg":"RS256","kid":"k"}"#)
        let payload = Base64URL.encode(#"{"aud":"https://graph.microsoft.com","iss":"https://sts.windows.net/t/"}"#)
        let report = TokenVerifier().verify(try JWT.decode(header + "." + payload + ".c2ln"), keys: try Self.keySet())
        guard case let .notVerifiable(reason) = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(reason.contains("only Microsoft Graph can verify it"))
    }

    @Test func keySetsThatAreNotKeySetsSayWhat() {
        #expect(throws: KeySetError.notJSON("an HTML page, not a key set")) { try KeySet(json: Array("<!DOCTYPE html><html>sign in</html>".utf8)) }
        #expect(throws: KeySetError.self) { try KeySet(json: Array(#"{"keys":[]}"#.utf8)) }
        #expect(throws: KeySetError.self) { try KeySet(json: Array(#"{"value":1}"#.utf8)) }
    }

    @Test func theCatalogueExplainsEnoughClaimsAndTheirValues() {
        #expect(ClaimCatalogue.list.count >= 40)
        for claim in ["aud", "iss", "exp", "scp", "roles", "appidacr", "azpacr", "idtyp", "wids", "amr", "acr", "oid", "tid", "ver", "xms_cc", "upn"] {
            #expect(ClaimCatalogue.explain(claim) != nil, "\(claim)")
        }
        #expect(ClaimCatalogue.explain("kid", inHeader: true) != nil)
        #expect(ClaimCatalogue.explainValue("appidacr", "2") == "certificate (or a signed assertion)")
        #expect(ClaimCatalogue.explainValue("idtyp", "app") == "app-only token (no user)")
        #expect(ClaimCatalogue.explainValue("wids", ["62e90394-69f5-4237-9190-012177145e10"]) == "Global Administrator")
        #expect(ClaimCatalogue.explainValue("amr", ["pwd", "mfa"]) == "pwd (password), mfa (multi-factor authentication)")
        #expect(ClaimCatalogue.explainValue("aud", "https://analysis.windows.net/powerbi/api") == "Power BI REST API")
    }

    @Test func summariesTellAppFromUserAndCountDown() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let app = try JWT.decode(Base64URL.encode(#"{"alg":"RS256"}"#) + "." + Base64URL.encode(#"{"idtyp":"app","roles":["Tenant.Read.All"],"iss":"https://sts.windows.net/t/","exp":1800002520}"#) + ".c2ln")
        let summary = TokenSummary(app)
        #expect(summary.kind == .app)
        #expect(summary.roles == ["Tenant.Read.All"])
        #expect(summary.cloud == "Public")
        #expect(summary.lifetime(now: now) == "expires in 42 min")
        let user = try JWT.decode(Base64URL.encode(#"{"alg":"RS256"}"#) + "." + Base64URL.encode(#"{"scp":"Dataset.Read.All Workspace.Read.All","exp":"soon","iss":"https://login.microsoftonline.us/t/v2.0"}"#) + ".c2ln")
        #expect(TokenSummary(user).kind == .delegated)
        #expect(TokenSummary(user).scopes == ["Dataset.Read.All", "Workspace.Read.All"])
        #expect(TokenSummary(user).expiresAt == nil, "a string exp is not a NumericDate")
        #expect(TokenSummary(user).cloud == "US Government")
    }
}
