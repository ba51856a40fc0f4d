import EntraAuth
import Foundation
import HTTPCore
import Testing
@testable import PowerBI

@Suite struct ServiceErrorTests {
    static func parse(_ status: Int, _ body: String, headers: HTTPHeaders = ["RequestId": "req-1"]) -> ServiceError {
        ServiceError(response: HTTPResponse(status: status, headers: headers, body: Data(body.utf8)), method: "GET", path: "/groups")
    }

    @Test func readsThePBIErrorEnvelopeWithoutMessage() {
        let error = Self.parse(404, #"{"error":{"code":"PowerBIEntityNotFound","pbi.error":{"code":"PowerBIEntityNotFound","parameters":{},"details":[{"code":"DetailsMessage","detail":{"type":1,"value":"Dataset not found"}}],"exceptionCulprit":1}}}"#)
        #expect(error.code == "PowerBIEntityNotFound")
        #expect(error.detail == "Dataset not found")
        #expect(error.requestId == "req-1")
        #expect(error.description == "GET /groups failed: HTTP 404 PowerBIEntityNotFound: Dataset not found [RequestId req-1]")
    }

    @Test func readsTheSimpleODataShape() {
        let error = Self.parse(403, #"{"error":{"code":"TokenExpired","message":"Access token has expired, resubmit with a new access token"}}"#)
        #expect(error.code == "TokenExpired")
        #expect(error.detail?.hasPrefix("Access token has expired") == true)
    }

    @Test func readsABareMessageAndRetryAfter() {
        let error = Self.parse(429, #"{"message":"You have exceeded the amount of requests allowed. Retry in 3392 seconds."}"#,
                               headers: ["Retry-After": "3392", "RequestId": "r"])
        #expect(error.code == nil)
        #expect(error.retryAfter == 3392)
        #expect(error.description.contains("retry after 3392 s"))
    }

    @Test func readsFabricsFlatShape() {
        let error = Self.parse(400, #"{"requestId":"fab-1","errorCode":"ItemDisplayNameAlreadyInUse","message":"Name in use"}"#, headers: [:])
        #expect(error.code == "ItemDisplayNameAlreadyInUse")
        #expect(error.requestId == "fab-1")
    }

    @Test func keepsPlainTextAndDescribesHTML() {
        #expect(Self.parse(500, "An error has occurred").detail == "An error has occurred")
        let html = Self.parse(502, "<html><head><title>502 Bad Gateway</title></head></html>", headers: ["Content-Type": "text/html"])
        #expect(html.detail?.contains("502 Bad Gateway") == true)
    }

    @Test func escapesControlCharactersFromTheService() {
        let error = Self.parse(400, #"{"error":{"code":"Bad\u001b[2J","message":"x\u0007"}}"#)
        #expect(!error.description.contains("\u{1B}"))
        #expect(error.description.contains("\\u{1B}[2J"))
        #expect(!error.description.contains("\u{07}"))
    }
}

@Suite struct RetryTests {
    @Test func renewsTheTokenOnceOnTokenExpired() async throws {
        let transport = ScriptedTransport { request, index in
            if index == 0 {
                return ScriptedTransport.json(403, #"{"error":{"code":"TokenExpired","message":"expired"}}"#)
            }
            return ScriptedTransport.json(200, #"{"value":[]}"#)
        }
        let credential = FixedCredential()
        let client = PowerBIClient(apiRoot: URL(string: "https://api.example.test")!, credential: credential,
                                   scope: "s", transport: transport)
        _ = try await client.workspaces()
        #expect(await credential.invalidations == 1)
        #expect(transport.requests.map { $0.headers["Authorization"] } == ["Bearer token-0", "Bearer token-1"])
    }

    @Test func doesNotLoopOnARepeatedTokenExpired() async throws {
        let transport = ScriptedTransport { _, _ in
            ScriptedTransport.json(401, #"{"error":{"code":"TokenExpired"}}"#)
        }
        let client = PowerBIClient(apiRoot: URL(string: "https://api.example.test")!, credential: FixedCredential(),
                                   scope: "s", transport: transport)
        await #expect(throws: PowerBIError.self) { try await client.workspaces() }
        #expect(transport.requests.count == 2)
    }

    @Test func reportsABodyThatIsNotJSON() async throws {
        let transport = ScriptedTransport { _, _ in
            HTTPResponse(status: 200, headers: ["RequestId": "rq"], body: Data("<html>hello</html>".utf8))
        }
        let client = PowerBIClient(apiRoot: URL(string: "https://api.example.test")!, credential: FixedCredential(),
                                   scope: "s", transport: transport)
        do {
            _ = try await client.workspaces()
            Issue.record("accepted HTML")
        } catch {
            #expect(error.description.contains("not JSON"))
            #expect(error.requestId == "rq")
        }
        #expect(transport.requests.count == 3, "a GET whose answer is not JSON is asked for again, three times in all")
    }

    @Test func aBodyCutShortOnceIsAskedForAgain() async throws {
        let transport = ScriptedTransport { _, index in
            index == 0 ? HTTPResponse(status: 200, body: Data(#"{"value":[{"id":"a","na"#.utf8))
                : ScriptedTransport.json(200, #"{"value":[{"id":"a","name":"Sales"}]}"#)
        }
        let client = PowerBIClient(apiRoot: URL(string: "https://api.example.test")!, credential: FixedCredential(),
                                   scope: "s", transport: transport, retryPolicy: RetryPolicy(backoff: .milliseconds(1)))
        #expect(try await client.reports(in: .group("g")).map(\.id) == ["a"])
        #expect(transport.requests.count == 2)
    }

    @Test func refusesPlainHTTPToARemoteAPIRoot() async throws {
        let transport = ScriptedTransport { _, _ in ScriptedTransport.json(200, #"{"value":[]}"#) }
        let client = PowerBIClient(apiRoot: URL(string: "http://api.powerbi.com")!, credential: FixedCredential(),
                                   scope: "s", transport: transport)
        await #expect(throws: PowerBIError.self) { try await client.workspaces() }
        #expect(transport.requests.isEmpty)
    }

    /// The status line and `d` read the explanation first, in the same words as the command line's message.
    @Test func theHeadlinePutsPbituisExplanationFirst() {
        var error = ServiceErrorTests.parse(400, #"{"message":"Invalid dataset refresh request. Number of refresh requests in last 24 hours exceeded limit"}"#)
        #expect(error.headline == error.description, "without an explanation the headline is the description")
        error.advice = "the daily limit is reached: shared capacity allows 8 refreshes per dataset in 24 hours, scheduled ones included"
        #expect(error.headline.hasPrefix("The daily limit is reached: shared capacity allows 8 refreshes"))
        #expect(error.headline.hasSuffix("(HTTP 400, RequestId req-1)"))
        #expect(error.description.contains("→ the daily limit is reached"), "the command line says the same")
    }

    @Test func myWorkspaceAsAServicePrincipalIsExplainedAsSuch() {
        let error = ServiceError(status: 401, code: "PowerBINotAuthorizedException", detail: nil, requestId: nil, retryAfter: nil,
                                 method: "GET", path: "/datasets")
        let advice = PowerBIClient.advice(for: error, tokenKind: .app)
        #expect(advice?.contains("My workspace, which exists only for users") == true, "\(advice ?? "")")
        let inGroup = ServiceError(status: 401, code: "PowerBINotAuthorizedException", detail: nil, requestId: nil, retryAfter: nil,
                                   method: "GET", path: "/groups/G/datasets")
        #expect(PowerBIClient.advice(for: inGroup, tokenKind: .app)?.contains("tenant setting") == true)
    }
}
