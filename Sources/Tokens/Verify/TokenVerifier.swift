public import Foundation

/// The outcome of verifying a token, check by check, in words a person can act on.
public struct VerificationReport: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        case verified
        /// A well-formed token that fails: bad signature, unknown key, refused algorithm, expired, …
        case failed(String)
        /// A token nobody but its audience can verify (Microsoft Graph's nonce-transformed tokens).
        case notVerifiable(String)
    }

    public struct Check: Sendable, Hashable {
        public let name: String
        public let passed: Bool
        public let detail: String

        public init(name: String, passed: Bool, detail: String) {
            self.name = name
            self.passed = passed
            self.detail = detail
        }
    }

    public let outcome: Outcome
    public let checks: [Check]

    public init(outcome: Outcome, checks: [Check]) {
        self.outcome = outcome
        self.checks = checks
    }

    public var isVerified: Bool { outcome == .verified }
}

/// Verifies an Entra token against a key set: the algorithm, the key (by `kid`, checked before anything
/// else), the signature, then `nbf`/`exp` with a leeway and the audience and issuer asked for.
public struct TokenVerifier: Sendable {
    /// Clock skew allowed on `nbf` and `exp`.
    public let leeway: TimeInterval

    public init(leeway: TimeInterval = 300) { self.leeway = leeway }

    /// Algorithms pbitui verifies; HMAC and `none` are refused (Entra never signs with them, and an
    /// attacker who can choose the algorithm must not be able to choose "no signature").
    public static let algorithms: Set<String> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"]

    public static func isGraphToken(_ jwt: JWT) -> Bool {
        if jwt.header["nonce"] != nil { return true }
        let audience = (jwt.payload["aud"]?.stringValue ?? "").lowercased()
        return audience.hasPrefix("https://graph.microsoft") || audience == "00000003-0000-0000-c000-000000000000"
            || audience.hasPrefix("https://dod-graph.microsoft") || audience.hasPrefix("https://microsoftgraph.chinacloudapi.cn")
    }

    public func verify(_ jwt: JWT, keys: KeySet, audience: String? = nil, issuer: String? = nil, now: Date = Date()) -> VerificationReport {
        var checks: [VerificationReport.Check] = []
        let algorithm = jwt.algorithm ?? "(missing)"
        if Self.isGraphToken(jwt) {
            let reason = "this is a Microsoft Graph token: its header nonce is transformed before signing, so only Microsoft Graph can verify it; the claims shown are unverified"
            return VerificationReport(outcome: .notVerifiable(reason), checks: [.init(name: "signature", passed: false, detail: reason)])
        }
        guard Self.algorithms.contains(algorithm) else {
            let reason = algorithm.lowercased() == "none"
                ? "alg none: the token is unsigned, so it proves nothing"
                : algorithm.hasPrefix("HS") ? "alg \(algorithm) (a shared-secret HMAC) is refused: Entra signs with RSA keys, and accepting HMAC lets anyone who knows the public key forge tokens"
                : "alg \(algorithm) is not supported (Entra tokens use RS256)"
            return VerificationReport(outcome: .failed(reason), checks: [.init(name: "algorithm", passed: false, detail: reason)])
        }
        checks.append(.init(name: "algorithm", passed: true, detail: algorithm))
        let kid = jwt.keyID
        let x5t = jwt.header["x5t"]?.stringValue
        // A token that names no key (RFC examples, some non-Entra issuers) is tried against every key;
        // a token that names one is only ever checked with that one.
        let unnamed = kid == nil && x5t == nil
        let chosen = unnamed ? (keys.keys.first { $0.key.isValidSignature(of: jwt) } ?? (keys.keys.count == 1 ? keys.keys[0] : nil))
            : keys.key(kid: kid, x5t: x5t)
        guard let key = chosen else {
            let reason = unnamed ? "the token names no key (no kid or x5t) and none of the \(keys.keys.count) keys in the set signed it"
                : "kid \(kid ?? x5t ?? "(none)") is not in the key set: the key rotated out, or the token comes from another tenant, cloud or issuer, or it was signed with an app-specific key (?appid=)"
            checks.append(.init(name: "key", passed: false, detail: reason))
            return VerificationReport(outcome: .failed(reason), checks: checks)
        }
        checks.append(.init(name: "key", passed: true, detail: unnamed ? "the token names no key; tried the \(keys.keys.count) in the set" : "kid \(key.kid ?? "?")"))
        guard !jwt.signature.isEmpty else {
            checks.append(.init(name: "signature", passed: false, detail: "the signature segment is empty"))
            return VerificationReport(outcome: .failed("the signature segment is empty"), checks: checks)
        }
        guard key.key.isValidSignature(of: jwt) else {
            checks.append(.init(name: "signature", passed: false, detail: "does not match: the token was changed after signing, or signed by another key"))
            return VerificationReport(outcome: .failed("bad signature: the token was changed after signing, or signed by another key"), checks: checks)
        }
        checks.append(.init(name: "signature", passed: true, detail: "valid, by kid \(key.kid ?? "?")"))
        var failure: String?
        func record(_ name: String, _ passed: Bool, _ detail: String) {
            checks.append(.init(name: name, passed: passed, detail: detail))
            if !passed, failure == nil { failure = "\(name): \(detail)" }
        }
        let summary = TokenSummary(jwt)
        if let notBefore = summary.notBefore {
            record("nbf", notBefore.timeIntervalSince(now) <= leeway, "not before \(Self.iso(notBefore))")
        }
        if let expires = summary.expiresAt {
            let ok = now.timeIntervalSince(expires) <= leeway
            record("exp", ok, ok ? summary.lifetime(now: now) : "expired at \(Self.iso(expires)) (\(summary.lifetime(now: now)), leeway \(Int(leeway)) s)")
        } else {
            record("exp", false, "missing: an access token must expire")
        }
        if let audience {
            let audiences = jwt.payload["aud"]?.arrayValue?.compactMap(\.stringValue) ?? [jwt.payload["aud"]?.stringValue].compactMap { $0 }
            record("aud", audiences.contains { $0.caseInsensitiveCompare(audience) == .orderedSame },
                   "token is for \(audiences.joined(separator: ", ")); expected \(audience)")
        }
        if let issuer {
            let actual = summary.issuer ?? "(missing)"
            record("iss", actual == issuer, "token issuer \(actual); expected \(issuer)")
        }
        if let template = key.issuer, let actual = summary.issuer, let tid = summary.tenantId {
            let expected = template.replacingOccurrences(of: "{tenantid}", with: tid)
            // The key's own issuer is written for v2.0 tokens; only compare like with like.
            if expected.hasSuffix("/v2.0") == actual.hasSuffix("/v2.0") {
                record("key issuer", expected == actual, "the key is for \(expected); the token says \(actual)")
            }
        }
        return VerificationReport(outcome: failure.map { .failed($0) } ?? .verified, checks: checks)
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }
}
