import Foundation
import HTTPCore
import Simulator
import Testing
import Tokens
@testable import EntraAuth

/// A transport that answers every request with one canned response and counts the requests.
final class CannedTransport: HTTPTransport, @unchecked Sendable {
    let response: HTTPResponse
    private let lock = NSLock()
    private var _requests: [HTTPRequest] = []
    var requests: [HTTPRequest] { lock.withLock { _requests } }

    init(_ response: HTTPResponse) { self.response = response }

    func send(_ request: HTTPRequest, timeout: Duration) async throws(TransportError) -> HTTPResponse {
        try URLPolicy.check(request.url)
        lock.withLock { _requests.append(request) }
        return response
    }
}

@Suite struct ClientSecretCredentialTests {
    static func credential(_ info: SimulatorInfo, secret: String? = nil, tenant: String? = nil, clientId: String? = nil,
                           transport: AsyncHTTPTransport) -> ClientSecretCredential {
        ClientSecretCredential(authorityHost: URL(string: info.authorityHost)!, tenant: tenant ?? info.tenantId,
                               clientId: clientId ?? info.confidentialClientId,
                               secret: Secret(secret ?? info.confidentialClientSecret), transport: transport)
    }

    @Test func getsAnAppOnlyPowerBIToken() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let transport = try AsyncHTTPTransport()
        let credential = Self.credential(simulator.info, transport: transport)
        let token = try await credential.token(for: Cloud.public.powerBIDefaultScope)
        await transport.shutdown()
        await simulator.stop()

        #expect(token.kind == .app)
        #expect(token.tenantId == simulator.info.tenantId)
        #expect(token.clientId == simulator.info.confidentialClientId)
        #expect(token.audience == "https://analysis.windows.net/powerbi/api")
        #expect(token.expiresOn.timeIntervalSinceNow > 3000)
        let claims = try JWT.decode(token.value).payload
        #expect(claims["iss"]?.stringValue == "https://sts.windows.net/\(simulator.info.tenantId)/")
        #expect(claims["appidacr"]?.stringValue == "1")
        #expect(claims["idtyp"]?.stringValue == "app")
        #expect(claims["scp"] == nil)
        #expect(claims["ver"]?.stringValue == "1.0")
        #expect(!token.description.contains(token.value))
    }

    @Test func reusesAFreshTokenAndSharesOneRequest() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let transport = try AsyncHTTPTransport()
        let credential = Self.credential(simulator.info, transport: transport)
        async let first = credential.token(for: Cloud.public.powerBIDefaultScope)
        async let second = credential.token(for: Cloud.public.powerBIDefaultScope)
        let (a, b) = try await (first, second)
        let c = try await credential.token(for: Cloud.public.powerBIDefaultScope)
        await credential.invalidate(scope: Cloud.public.powerBIDefaultScope)
        let d = try await credential.token(for: Cloud.public.powerBIDefaultScope)
        await transport.shutdown()
        await simulator.stop()
        #expect(a.value == b.value)
        #expect(a.value == c.value)
        #expect(d.value != a.value)
    }

    @Test(arguments: [
        ("secret", "AADSTS7000215", "invalid_client", 401),
        ("tenant", "AADSTS90002", "invalid_request", 400),
        ("client", "AADSTS700016", "unauthorized_client", 400),
    ])
    func reportsEntraErrorsWithTheirCodes(wrong: String, code: String, oauthError: String, status: Int) async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let transport = try AsyncHTTPTransport()
        let credential = Self.credential(
            simulator.info,
            secret: wrong == "secret" ? "not-the-secret" : nil,
            tenant: wrong == "tenant" ? "contoso.onmicrosoft.com" : nil,
            clientId: wrong == "client" ? "00000000-0000-0000-0000-000000000001" : nil,
            transport: transport)
        do {
            _ = try await credential.token(for: Cloud.public.powerBIDefaultScope)
            Issue.record("signed in with a wrong \(wrong)")
        } catch {
            guard case let .entra(response, httpStatus) = error else {
                Issue.record("expected an Entra error, got \(error)")
                return
            }
            #expect(response.aadstsCode == code)
            #expect(response.error == oauthError)
            #expect(httpStatus == status)
            #expect(response.traceId != nil && response.correlationId != nil)
            #expect(error.description.contains(code))
            #expect(error.description.contains("trace id"))
            #expect(!error.description.contains(simulator.info.confidentialClientSecret))
        }
        await transport.shutdown()
        await simulator.stop()
    }

    @Test func reportsAnUnreachableAuthority() async throws {
        let transport = try AsyncHTTPTransport()
        let credential = ClientSecretCredential(authorityHost: URL(string: "http://127.0.0.1:9")!, tenant: "t",
                                                clientId: "c", secret: Secret("s"), transport: transport)
        await #expect(throws: AuthError.self) { try await credential.token(for: "x/.default") }
        do {
            _ = try await credential.token(for: "x/.default")
        } catch {
            #expect(error.description.contains("could not reach http://127.0.0.1:9"))
        }
        await transport.shutdown()
    }

    @Test func describesAnHTMLAnswerInsteadOfFailingToParseIt() async throws {
        let html = "<html><head><title>Proxy Authentication Required</title></head><body>…</body></html>"
        let transport = CannedTransport(HTTPResponse(status: 407, headers: ["Content-Type": "text/html"], body: Data(html.utf8)))
        let credential = ClientSecretCredential(authorityHost: URL(string: "https://login.example.test")!, tenant: "t",
                                                clientId: "c", secret: Secret("s"), transport: transport)
        do {
            _ = try await credential.token(for: "x/.default")
            Issue.record("accepted an HTML page")
        } catch {
            #expect(error.description.contains("HTTP 407"))
            #expect(error.description.contains("HTML page (Proxy Authentication Required)"))
        }
    }

    @Test func readsAStringExpiresIn() async throws {
        let body = #"{"token_type":"Bearer","expires_in":"3599","access_token":"opaque-token"}"#
        let transport = CannedTransport(HTTPResponse(status: 200, body: Data(body.utf8)))
        let credential = ClientSecretCredential(authorityHost: URL(string: "https://login.example.test")!, tenant: "t",
                                                clientId: "c", secret: Secret("s"), transport: transport)
        let token = try await credential.token(for: "x/.default")
        #expect(token.expiresOn.timeIntervalSinceNow > 3500)
        #expect(token.kind == .app)
        let form = String(decoding: transport.requests.first?.body ?? Data(), as: UTF8.self)
        #expect(form.contains("grant_type=client_credentials"))
        #expect(form.contains("scope=x%2F.default"))
    }
}
