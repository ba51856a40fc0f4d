import Foundation
import HTTPCore
import Testing
import Tokens
import Simulator
@testable import EntraAuth

@Suite struct KeySetFetcherTests {
    static let modulus = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"

    static func json(_ text: String) -> HTTPResponse {
        HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(text.utf8))
    }

    static func jwks(_ kid: String) -> HTTPResponse {
        json(#"{"keys":[{"kty":"RSA","use":"sig","kid":"\#(kid)","n":"\#(modulus)","e":"AQAB"}]}"#)
    }

    static func token(kid: String, ver: String = "1.0") throws -> JWT {
        try JWT.decode(Base64URL.encode(#"{"alg":"RS256","kid":"\#(kid)"}"#) + "." +
                       Base64URL.encode(#"{"iss":"https://sts.windows.net/t1/","tid":"t1","ver":"\#(ver)"}"#) + ".c2ln")
    }

    final class Clock: @unchecked Sendable {
        var now = Date(timeIntervalSince1970: 1_800_000_000)
    }

    @Test func discoveryFollowsTheVersionAndTheTenant() async throws {
        let fetcher = KeySetFetcher(transport: ScriptedAnswers([]))
        #expect(try await fetcher.discoveryURL(for: Self.token(kid: "a")) == "https://login.microsoftonline.com/t1/.well-known/openid-configuration")
        #expect(try await fetcher.discoveryURL(for: Self.token(kid: "a", ver: "2.0")) == "https://login.microsoftonline.com/t1/v2.0/.well-known/openid-configuration")
    }

    @Test func anUnknownKidRefetchesAtMostEveryFiveMinutes() async throws {
        let transport = ScriptedAnswers([
            Self.json(#"{"jwks_uri":"https://login.microsoftonline.com/t1/discovery/keys"}"#),
            Self.jwks("old"),
            Self.jwks("new"),
        ])
        let clock = Clock()
        let fetcher = KeySetFetcher(transport: transport, now: { clock.now })
        let first = try await fetcher.keys(for: Self.token(kid: "old"))
        #expect(first.keys.key(kid: "old", x5t: nil) != nil)
        // The key rotated a minute later: the cached set is kept (no refetch within 5 minutes).
        clock.now += 60
        let soon = try await fetcher.keys(for: Self.token(kid: "new"))
        #expect(soon.keys.key(kid: "new", x5t: nil) == nil)
        #expect(transport.requests.count == 2)
        // After five minutes the unknown kid makes one refetch, which finds the new key.
        clock.now += 300
        let later = try await fetcher.keys(for: Self.token(kid: "new"))
        #expect(later.keys.key(kid: "new", x5t: nil) != nil)
        #expect(transport.requests.count == 3)
        #expect(transport.requests.map(\.url.path) == ["/t1/.well-known/openid-configuration", "/t1/discovery/keys", "/t1/discovery/keys"])
    }

    @Test func anHTMLKeySetIsReportedNotCrashedOn() async throws {
        let transport = ScriptedAnswers([
            Self.json(#"{"jwks_uri":"https://login.microsoftonline.com/t1/discovery/keys"}"#),
            HTTPResponse(status: 200, headers: ["Content-Type": "text/html"], body: Data("<html><title>Proxy login</title></html>".utf8)),
        ])
        await #expect {
            _ = try await KeySetFetcher(transport: transport).keys(for: Self.token(kid: "a"))
        } throws: { String(describing: $0).contains("HTML page") }
    }
}

@Suite struct KeyRotationTests {
    final class Clock: @unchecked Sendable {
        var now = Date()
    }

    static func token(_ info: SimulatorInfo, transport: AsyncHTTPTransport) async throws -> JWT {
        let credential = ClientSecretCredential(authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId,
                                                clientId: info.confidentialClientId, secret: Secret(info.confidentialClientSecret),
                                                transport: transport)
        return try JWT.decode(try await credential.token(for: Cloud.public.powerBIDefaultScope).value)
    }

    @Test func aRestartedTenantWithANewKeyIsPickedUp() async throws {
        let transport = try AsyncHTTPTransport()
        let first = try await SimulatorServer.start(SimulatorOptions())
        let port = Int(URL(string: first.info.authorityHost)!.port!)
        let clock = Clock()
        let fetcher = KeySetFetcher(transport: transport, authorityHost: URL(string: first.info.authorityHost), now: { clock.now })
        let old = try await Self.token(first.info, transport: transport)
        #expect(TokenVerifier().verify(old, keys: try await fetcher.keys(for: old).keys).isVerified)
        await first.stop()
        // The same tenant, restarted on the same port with a new signing key.
        let second = try await SimulatorServer.start(SimulatorOptions(port: port))
        defer { Task { await second.stop(); await transport.shutdown() } }
        let new = try await Self.token(second.info, transport: transport)
        try #require(new.keyID != old.keyID, "the restarted tenant signs with a new key")
        let soon = TokenVerifier().verify(new, keys: try await fetcher.keys(for: new).keys)
        #expect(!soon.isVerified, "within 5 minutes the cached set is kept")
        clock.now += 301
        #expect(TokenVerifier().verify(new, keys: try await fetcher.keys(for: new).keys).isVerified, "then the unknown kid is fetched")
    }
}
