import EntraAuth
import Foundation
import HTTPCore
import Testing
import Tokens
@testable import PowerBI

/// Throttling, redirects, retries and the refresh ticket, with a scripted transport that records requests.
@Suite struct ClientRetryTests {
    static func client(_ transport: ScriptedTransport, policy: RetryPolicy = RetryPolicy(backoff: .milliseconds(1))) -> PowerBIClient {
        PowerBIClient(apiRoot: URL(string: "https://api.powerbi.com")!, credential: FixedCredential(),
                      scope: "https://analysis.windows.net/powerbi/api/.default", transport: transport, retryPolicy: policy)
    }

    static let emptyList = #"{"value":[]}"#

    @Test func aShortRetryAfterIsWaitedOutAndReported() async throws {
        let transport = ScriptedTransport { _, index in
            index == 0 ? ScriptedTransport.json(429, #"{"message":"slow down"}"#, headers: ["Retry-After": "1", "RequestId": "r-429"])
                : ScriptedTransport.json(200, Self.emptyList)
        }
        var client = Self.client(transport)
        let notices = NoticeLog()
        client.throttleObserver = { notices.append($0) }
        _ = try await client.reports(in: .group("g"))
        #expect(transport.requests.count == 2)
        #expect(notices.items.map(\.seconds) == [1])
        #expect(notices.items.first?.requestId == "r-429")
    }

    @Test func aLongRetryAfterIsNotSleptThrough() async throws {
        let transport = ScriptedTransport { _, _ in
            ScriptedTransport.json(429, #"{"message":"You have exceeded the amount of requests allowed. Retry in 3392 seconds."}"#,
                                   headers: ["Retry-After": "3392", "RequestId": "r"])
        }
        await #expect {
            _ = try await Self.client(transport).reports(in: .group("g"))
        } throws: { error in
            guard case let .service(service) = error as? PowerBIError else { return false }
            return service.status == 429 && service.retryAfter == 3392 && String(describing: error).contains("retry after 3392 s")
        }
        #expect(transport.requests.count == 1)
    }

    @Test func getsAreRetriedAfterServerErrorsButARefreshPostIsNot() async throws {
        let gets = ScriptedTransport { _, index in
            index < 2 ? ScriptedTransport.json(503, "Service Unavailable") : ScriptedTransport.json(200, Self.emptyList)
        }
        _ = try await Self.client(gets).datasets(in: .group("g"))
        #expect(gets.requests.count == 3)

        let posts = ScriptedTransport { _, _ in ScriptedTransport.json(500, "An error has occurred") }
        await #expect(throws: PowerBIError.self) { _ = try await Self.client(posts).triggerRefresh(of: "d", in: .group("g")) }
        #expect(posts.requests.count == 1, "a refresh POST that may have been accepted is never sent twice")
    }

    @Test func aRefreshPostIsSentAgainOnlyAfterA429() async throws {
        let transport = ScriptedTransport { _, index in
            index == 0 ? ScriptedTransport.json(429, #"{"error":{"code":"TooManyRequests"}}"#, headers: ["Retry-After": "0"])
                : HTTPResponse(status: 202, headers: ["RequestId": "5b1c0d8e-0000-4000-8000-000000000001"], body: Data())
        }
        let ticket = try await Self.client(transport).triggerRefresh(of: "d", in: .group("g"))
        #expect(transport.requests.count == 2)
        #expect(ticket.requestId == "5b1c0d8e-0000-4000-8000-000000000001")
    }

    @Test(arguments: [
        (["Location": "https://api.powerbi.com/v1.0/myorg/groups/g/datasets/d/refreshes/87f31ef7-1e3a-4006-9b0b-191693e79e9e",
          "x-ms-request-id": "other", "RequestId": "r"], "87f31ef7-1e3a-4006-9b0b-191693e79e9e"),
        (["x-ms-request-id": "from-x-ms", "RequestId": "r"], "from-x-ms"),
        (["RequestId": "a76a1418-0000-4000-8000-000000000000", "Content-Type": "application/octet-stream"], "a76a1418-0000-4000-8000-000000000000"),
    ])
    func theRefreshIdComesFromLocationThenXMsRequestIdThenRequestId(headers: [String: String], expected: String) async throws {
        var fields = HTTPHeaders()
        for (name, value) in headers { fields.set(name, value) }
        let answer = HTTPResponse(status: 202, headers: fields, body: Data())
        let transport = ScriptedTransport { _, _ in answer }
        let ticket = try await Self.client(transport).triggerRefresh(of: "d", in: .group("g"))
        #expect(ticket.requestId == expected)
    }

    @Test func aRedirectKeepsTheTokenOnlyForPowerBIHosts() async throws {
        let transport = ScriptedTransport { request, _ in
            switch request.url.host {
            case "api.powerbi.com":
                return HTTPResponse(status: 307, headers: ["Location": "https://wabi-west-europe-d-primary-redirect.analysis.windows.net/v1.0/myorg/groups/g/reports"], body: Data())
            case "wabi-west-europe-d-primary-redirect.analysis.windows.net":
                return HTTPResponse(status: 307, headers: ["Location": "https://storage.example.com/export"], body: Data())
            default:
                return ScriptedTransport.json(200, Self.emptyList)
            }
        }
        _ = try await Self.client(transport).reports(in: .group("g"))
        let hosts = transport.requests.map { $0.url.host ?? "" }
        #expect(hosts == ["api.powerbi.com", "wabi-west-europe-d-primary-redirect.analysis.windows.net", "storage.example.com"])
        #expect(transport.requests[0].headers["Authorization"] != nil)
        #expect(transport.requests[1].headers["Authorization"] != nil, "the token follows to a Power BI cluster")
        #expect(transport.requests[2].headers["Authorization"] == nil, "the token never goes to another host")
    }

    @Test func aRedirectToPlainHTTPElsewhereIsRefused() async throws {
        let transport = ScriptedTransport { _, _ in
            HTTPResponse(status: 307, headers: ["Location": "http://evil.example.com/steal"], body: Data())
        }
        await #expect {
            _ = try await Self.client(transport, policy: .none).reports(in: .group("g"))
        } throws: { error in
            if case .transport(.insecureURL) = error as? PowerBIError { return true }
            return false
        }
        #expect(transport.requests.count == 1)
    }
}

final class NoticeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var _items: [ThrottleNotice] = []
    var items: [ThrottleNotice] { lock.withLock { _items } }
    func append(_ notice: ThrottleNotice) { lock.withLock { _items.append(notice) } }
}

/// Token containment: a Location that names another host is read for its request id, never followed with
/// the token; a 3xx to another host loses the Authorization header.
@Suite struct TokenContainmentTests {
    @Test func aRefreshLocationOnAnotherHostIsNeverCalled() async throws {
        let transport = ScriptedTransport { request, _ in
            if request.method == "POST" {
                return HTTPResponse(status: 202, headers: ["Location": "https://evil.example.com/v1.0/myorg/groups/g/datasets/d/refreshes/5a2f0f6e-1111-2222-3333-444455556666",
                                                           "RequestId": "r1"], body: Data())
            }
            return ScriptedTransport.json(200, #"{"value":[{"requestId":"5a2f0f6e-1111-2222-3333-444455556666","refreshType":"ViaApi","status":"Completed","startTime":"2026-11-27T05:00:00Z","endTime":"2026-11-27T05:00:03Z"}]}"#)
        }
        let client = ClientRetryTests.client(transport)
        let ticket = try await client.triggerRefresh(of: "d", in: .group("g"), RefreshRequest())
        #expect(ticket.requestId == "5a2f0f6e-1111-2222-3333-444455556666")
        let observation = try await RefreshTracker(client: client).observe(ticket)
        #expect(observation.state == .completed)
        #expect(transport.requests.allSatisfy { $0.url.host == "api.powerbi.com" }, "\(transport.requests.map(\.url))")
    }

    @Test(arguments: [301, 302, 303, 307, 308])
    func everyRedirectToAnotherHostDropsTheToken(_ status: Int) async throws {
        let transport = ScriptedTransport { request, _ in
            request.url.host == "api.powerbi.com"
                ? HTTPResponse(status: status, headers: ["Location": "https://collector.example.net/groups"], body: Data())
                : ScriptedTransport.json(200, ClientRetryTests.emptyList)
        }
        _ = try await ClientRetryTests.client(transport).reports(in: .group("g"))
        #expect(transport.requests.count == 2)
        #expect(transport.requests[1].url.host == "collector.example.net")
        #expect(transport.requests[1].headers["Authorization"] == nil)
    }

    @Test func aLookAlikeHostGetsNoToken() {
        let client = ClientRetryTests.client(ScriptedTransport { _, _ in ScriptedTransport.json(200, "{}") })
        #expect(client.mayCarryToken(to: URL(string: "https://wabi-north-europe.analysis.windows.net/x")!))
        #expect(!client.mayCarryToken(to: URL(string: "https://analysis.windows.net.evil.com/x")!))
        #expect(!client.mayCarryToken(to: URL(string: "https://evilpowerbi.com/x")!))
        #expect(!client.mayCarryToken(to: URL(string: "http://wabi.analysis.windows.net/x")!), "never over plain http")
    }
}
