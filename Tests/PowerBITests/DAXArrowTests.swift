import ArrowIPC
import Foundation
import HTTPCore
import Testing
import Tokens
@testable import PowerBI

/// Execute DAX Queries' answers, read: streams pyarrow wrote as the service does (LZ4-compressed, dictionary
/// strings, decimal128(19,4), schema metadata), kept here as bytes; the request's body with both spellings.
@Suite struct DAXArrowTests {
    /// Two `EVALUATE`s: Sales[Region] (dictionary, a null) and [Total] (decimal128, a null); then [x] = 1.
    static let twoSets = [UInt8](Data(base64Encoded: "/////+gAAAAQAAAAAAAKAAwABgAFAAgACgAAAAABBAAEAAAAZP///wQAAAACAAAAYAAAABQAAAAQABQACAAGAAcADAAAABAAEAAAAAAAAQcQAAAAIAAAAAQAAAAAAAAABwAAAFtUb3RhbF0ACAAMAAQACAAIAAAAEwAAAAQAAAAQABgACAAGAAcADAAQABQAEAAAAAAAAQUUAAAATAAAACgAAAAEAAAAAAAAAA0AAABTYWxlc1tSZWdpb25dAAAACAAIAAAABAAIAAAADAAAAAgADAAIAAcACAAAAAAAAAEgAAAABAAEAAQAAAAAAAAA/////7gAAAAUAAAAAAAAAAwAGAAGAAUACAAMAAwAAAAAAgQAGAAAAEgAAAAAAAAAAAAAAAgACAAAAAQACAAAABAAAAAMABwAEAAEAAgADAAMAAAAWAAAABwAAAAUAAAAAgAAAAAAAAAAAAAABAAEAAQAAAADAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAIwAAAAAAAAAoAAAAAAAAAB8AAAAAAAAAAAAAAAEAAAACAAAAAAAAAAAAAAAAAAAADAAAAAAAAAAEIk0YYECCDAAAgAAAAAAEAAAACAAAAAAAAAAAAAAAAAgAAAAAAAAABCJNGGBAgggAAIBXZXN0RWFzdAAAAAAA/////8gAAAAUAAAAAAAAAAwAGAAGAAUACAAMAAwAAAAAAwQAHAAAAIgAAAAAAAAAAAAAAAwAHAAQAAQACAAMAAwAAABoAAAAHAAAABQAAAADAAAAAAAAAAAAAAAEAAQABAAAAAQAAAAAAAAAAAAAABgAAAAAAAAAGAAAAAAAAAAjAAAAAAAAAEAAAAAAAAAAGAAAAAAAAABYAAAAAAAAACsAAAAAAAAAAAAAAAIAAAADAAAAAAAAAAEAAAAAAAAAAwAAAAAAAAABAAAAAAAAAAEAAAAAAAAABCJNGGBAggEAAIADAAAAAAwAAAAAAAAABCJNGGBAggwAAIAAAAAAAQAAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAQiTRhgQIIBAACABQAAAAAwAAAAAAAAAAQiTRhgQIIUAAAAT6jPvgABAAk0DIH/AQBQ//////8AAAAAAAAAAAD/////AAAAAP////94AAAAEAAAAAAACgAMAAYABQAIAAoAAAAAAQQADAAAAAgACAAAAAQACAAAAAQAAAABAAAAFAAAABAAFAAIAAYABwAMAAAAEAAQAAAAAAABAhAAAAAcAAAABAAAAAAAAAADAAAAW3hdAAgADAAIAAcACAAAAAAAAAFAAAAA/////5gAAAAUAAAAAAAAAAwAGAAGAAUACAAMAAwAAAAAAwQAHAAAACAAAAAAAAAAAAAAAAwAHAAQAAQACAAMAAwAAABIAAAAHAAAABQAAAABAAAAAAAAAAAAAAAEAAQABAAAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAfAAAAAAAAAAAAAAABAAAAAQAAAAAAAAAAAAAAAAAAAAgAAAAAAAAABCJNGGBAgggAAIABAAAAAAAAAAAAAAAA/////wAAAAA=")!)
    /// An error stream: IsError, FaultCode 0xC10F001C, FaultString "Query (2, 11) The syntax for 'FILTER' is incorrect."
    static let error = [UInt8](Data(base64Encoded: "/////6gBAAAQAAAAAAAKAA4ABgAFAAgACgAAAAABBAAQAAAAAAAKAAwAAAAEAAgACgAAAMQAAAAEAAAAAwAAAJQAAABcAAAABAAAAID///9AAAAABAAAADMAAABRdWVyeSAoMiwgMTEpIFRoZSBzeW50YXggZm9yICdGSUxURVInIGlzIGluY29ycmVjdC4ACwAAAEZhdWx0U3RyaW5nANT///8YAAAABAAAAAoAAAAweEMxMEYwMDFDAAAJAAAARmF1bHRDb2RlAAAACAAMAAQACAAIAAAAFAAAAAQAAAAEAAAAdHJ1ZQAAAAAHAAAASXNFcnJvcgADAAAAgAAAADwAAAAEAAAAnP///wAAAQUQAAAAJAAAAAQAAAAAAAAAEAAAAEVycm9yRGVzY3JpcHRpb24AAAAAlP///9D///8AAAEFEAAAACAAAAAEAAAAAAAAAAwAAABFcnJvck1lc3NhZ2UAAAAAxP///xAAFAAIAAYABwAMAAAAEAAQAAAAAAABBRAAAAAgAAAABAAAAAAAAAAJAAAARXJyb3JDb2RlAAAABAAEAAQAAAAAAAAA/////ygBAAAUAAAAAAAAAAwAGAAGAAUACAAMAAwAAAAAAwQAHAAAANgAAAAAAAAAAAAAAAwAHAAQAAQACAAMAAwAAAC4AAAAHAAAABQAAAABAAAAAAAAAAAAAAAEAAQABAAAAAkAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAfAAAAAAAAACAAAAAAAAAAIgAAAAAAAABIAAAAAAAAAAAAAAAAAAAASAAAAAAAAAAfAAAAAAAAAGgAAAAAAAAASgAAAAAAAAC4AAAAAAAAAAAAAAAAAAAAuAAAAAAAAAAfAAAAAAAAANgAAAAAAAAAAAAAAAAAAAAAAAAAAwAAAAEAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAgAAAAAAAAABCJNGGBAgggAAIAAAAAACwAAAAAAAAAACwAAAAAAAAAEIk0YYECCCwAAgC0xMDU1Nzg0OTMyAAAAAAAAAAAAAAgAAAAAAAAABCJNGGBAgggAAIAAAAAAMwAAAAAAAAAAMwAAAAAAAAAEIk0YYECCMwAAgFF1ZXJ5ICgyLCAxMSkgVGhlIHN5bnRheCBmb3IgJ0ZJTFRFUicgaXMgaW5jb3JyZWN0LgAAAAAAAAAAAAAIAAAAAAAAAAQiTRhgQIIIAACAAAAAAAAAAAAAAAAAAP////8AAAAA")!)
    /// A metrics stream (IsExecMetrics) before a data stream.
    static let metricsThenData = [UInt8](Data(base64Encoded: "/////+AAAAAQAAAAAAAKAA4ABgAFAAgACgAAAAABBAAQAAAAAAAKAAwAAAAEAAgACgAAAEQAAAAEAAAAAQAAAAwAAAAIAAwABAAIAAgAAAAUAAAABAAAAAQAAAB0cnVlAAAAAA0AAABJc0V4ZWNNZXRyaWNzAAAAAgAAAEAAAAAEAAAA2P///wAAAQUQAAAAGAAAAAQAAAAAAAAABQAAAFZhbHVlAAAAyP///xAAFAAIAAYABwAMAAAAEAAQAAAAAAABBRAAAAAcAAAABAAAAAAAAAAEAAAATmFtZQAAAAAEAAQABAAAAP/////oAAAAFAAAAAAAAAAMABgABgAFAAgADAAMAAAAAAMEABwAAACIAAAAAAAAAAAAAAAMABwAEAAEAAgADAAMAAAAiAAAABwAAAAUAAAAAQAAAAAAAAAAAAAABAAEAAQAAAAGAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAHwAAAAAAAAAgAAAAAAAAACEAAAAAAAAASAAAAAAAAAAAAAAAAAAAAEgAAAAAAAAAHwAAAAAAAABoAAAAAAAAABkAAAAAAAAAAAAAAAIAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAgAAAAAAAAABCJNGGBAgggAAIAAAAAACgAAAAAAAAAACgAAAAAAAAAEIk0YYECCCgAAgER1cmF0aW9uTXMAAAAAAAAAAAAAAAgAAAAAAAAABCJNGGBAgggAAIAAAAAAAgAAAAAAAAAAAgAAAAAAAAAEIk0YYECCAgAAgDEyAAAAAAAAAAAAAAD/////AAAAAP////94AAAAEAAAAAAACgAMAAYABQAIAAoAAAAAAQQADAAAAAgACAAAAAQACAAAAAQAAAABAAAAFAAAABAAFAAIAAYABwAMAAAAEAAQAAAAAAABAhAAAAAcAAAABAAAAAAAAAADAAAAW3hdAAgADAAIAAcACAAAAAAAAAFAAAAA/////5gAAAAUAAAAAAAAAAwAGAAGAAUACAAMAAwAAAAAAwQAHAAAACAAAAAAAAAAAAAAAAwAHAAQAAQACAAMAAwAAABIAAAAHAAAABQAAAABAAAAAAAAAAAAAAAEAAQABAAAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAfAAAAAAAAAAAAAAABAAAAAQAAAAAAAAAAAAAAAAAAAAgAAAAAAAAABCJNGGBAgggAAIABAAAAAAAAAAAAAAAA/////wAAAAA=")!)

    @Test func resultSetsComeInTheirOrderWithTheirValuesExactly() throws {
        let answer = try DAXArrowAnswer.read(Self.twoSets)
        #expect(answer.results.map(\.columns) == [["Sales[Region]", "[Total]"], ["[x]"]])
        #expect(answer.results[0].rows == [[.string("West"), .decimal("1250.5000")], [.string("East"), .null], [.null, .decimal("-3.2500")]])
        #expect(answer.results[1].rows == [[.int(1)]] && answer.metrics.isEmpty)
    }

    @Test func anErrorStreamIsTheSameFailureTheJSONEngineGives() {
        #expect { try DAXArrowAnswer.read(Self.error) } throws: { error in
            guard let failure = error as? DAXFailure else { return false }
            return failure.message.contains("The syntax for 'FILTER' is incorrect") && failure.line == 2 && failure.column == 11
                && failure.engineCode == "0xC10F001C"
        }
    }

    @Test func metricsAreKeptApartAndBrokenBytesAreAFailureInWords() throws {
        let answer = try DAXArrowAnswer.read(Self.metricsThenData)
        #expect(answer.results.count == 1 && answer.metrics.count == 1 && answer.metrics[0].columns == ["Name", "Value"])
        #expect { try DAXArrowAnswer.read(Array(Self.twoSets.prefix(200))) } throws: { "\($0)".contains("not a readable Arrow stream") }
        #expect { try DAXArrowAnswer.read(Array("<html>Service Unavailable</html>".utf8)) } throws: { "\($0)".contains("not a readable Arrow stream") }
    }

    @Test func theRequestSendsBothSpellingsWhereTheDocumentationDisagrees() throws {
        let request = DAXArrowRequest(query: "EVALUATE A EVALUATE B", timeout: 120, rowLimit: 5000, schemaOnly: true, executionMetrics: true,
                                      impersonate: "alex@contoso.com")
        let body = try JSONValue.parse(request.body)
        #expect(body["queryTimeout"] == .int(120) && body["timeout"] == .int(120))
        #expect(body["resultSetRowCountLimit"] == .int(5000) && body["resultsetRowcountLimit"] == .int(5000))
        #expect(body["schemaOnly"] == .bool(true) && body["executionMetrics"] == .bool(true) && body["effectiveUsername"] == .string("alex@contoso.com"))
        let plain = try JSONValue.parse(DAXArrowRequest(query: "EVALUATE A").body)
        #expect(plain.objectValue?.count == 1, "only what was asked is sent")
    }

    @Test func theClientPostsToExecuteDaxQueriesAndReadsHTTPErrorsAsToday() async throws {
        let transport = ScriptedTransport { request, index in
            index == 0 ? HTTPResponse(status: 200, headers: HTTPHeaders([HTTPHeaders.HTTPField(name: "Content-Type", value: "application/vnd.apache.arrow.stream")]),
                                      body: Data(DAXArrowTests.twoSets))
                : ScriptedTransport.json(401, #"{"error":{"code":"PowerBINotAuthorizedException","pbi.error":{"code":"PowerBINotAuthorizedException"}}}"#,
                                         headers: HTTPHeaders([HTTPHeaders.HTTPField(name: "RequestId", value: "r-401")]))
        }
        let client = PowerBIClient(apiRoot: URL(string: "https://api.powerbi.com")!, credential: FixedCredential(), scope: "s", transport: transport)
        let answer = try await client.executeDaxQueries(DAXArrowRequest(query: "EVALUATE A EVALUATE B"), dataset: "d1", in: .group("g1"))
        #expect(answer.results.count == 2)
        #expect(transport.requests.first?.url.path == "/v1.0/myorg/groups/g1/datasets/d1/executeDaxQueries" && transport.requests.first?.method == "POST")
        await #expect { _ = try await client.executeDaxQueries(DAXArrowRequest(query: "EVALUATE A"), dataset: "d1", in: .group("g1")) }
            throws: { error in (error as? DAXFailure)?.service?.status == 401 && (error as? DAXFailure)?.service?.requestId == "r-401" }
        #expect(transport.requests.first?.headers["Accept"] == "application/vnd.apache.arrow.stream, application/json")
    }

    /// Execute DAX Queries changes nothing: a 500, 502 or 503 is tried again as a GET is (its documentation asks
    /// for it); executeQueries, a POST like any other, is not.
    @Test func aServerErrorIsTriedAgainForTheArrowEngineOnly() async throws {
        let transport = ScriptedTransport { request, index in
            if request.url.path.hasSuffix("/executeQueries") { return ScriptedTransport.json(503, #"{"error":{"code":"ServiceUnavailable"}}"#) }
            return index < 2 ? ScriptedTransport.json([500, 502][index], #"{"error":{"code":"InternalError"}}"#)
                : HTTPResponse(status: 200, headers: [:], body: Data(DAXArrowTests.twoSets))
        }
        let client = PowerBIClient(apiRoot: URL(string: "https://api.powerbi.com")!, credential: FixedCredential(), scope: "s", transport: transport,
                                   retryPolicy: RetryPolicy(idempotentAttempts: 3, backoff: .zero))
        let answer = try await client.executeDaxQueries(DAXArrowRequest(query: "EVALUATE A EVALUATE B"), dataset: "d1", in: .group("g1"))
        #expect(answer.results.count == 2 && transport.requests.count == 3, "two server errors, then the answer")
        await #expect { _ = try await client.executeQuery(DAXRequest(query: "EVALUATE A"), dataset: "d1", in: .group("g1")) }
            throws: { error in (error as? DAXFailure)?.service?.status == 503 }
        #expect(transport.requests.count == 4, "executeQueries is sent once")
        #expect(transport.requests.last?.headers["Accept"] == "application/json")
    }

    /// Which Arrow engine failures let `auto` fall back to executeQueries (and remember it): refusals of the
    /// engine, not a wrong query, a 429 or a server error.
    @Test func onlyARefusalOfTheEngineMeansItIsNotThere() {
        func service(_ status: Int) -> DAXFailure {
            DAXFailure(message: "x", service: ServiceError(status: status, code: nil, detail: nil, requestId: nil, retryAfter: nil, method: "POST", path: "/x"))
        }
        #expect([400, 401, 403, 404].allSatisfy { service($0).meansArrowUnavailable })
        #expect(![429, 500, 502, 503].contains { service($0).meansArrowUnavailable })
        #expect(DAXFailure(message: "XMLA endpoint feature is disabled. Turn on the tenant setting …").meansArrowUnavailable)
        #expect(!DAXFailure(message: "Query (1, 10) Failed to resolve name 'Nope'", line: 1, column: 10).meansArrowUnavailable)
    }

    /// A query's timeout sets how long its answer is waited for: the Arrow engine's 30 s longer (the service
    /// stops the query first); executeQueries' as given; 60 s without one.
    @Test func aQueryTimeoutSetsTheWaitForTheAnswer() async throws {
        let transport = FailingTransport(failures: [], then: DAXArrowTests.twoSets)
        let client = PowerBIClient(apiRoot: URL(string: "https://api.powerbi.com")!, credential: FixedCredential(), scope: "s", transport: transport)
        _ = try await client.executeDaxQueries(DAXArrowRequest(query: "EVALUATE A", timeout: 600), dataset: "d1", in: .group("g1"))
        _ = try await client.executeDaxQueries(DAXArrowRequest(query: "EVALUATE A"), dataset: "d1", in: .group("g1"))
        _ = try? await client.executeQuery(DAXRequest(query: "EVALUATE A", timeout: 300), dataset: "d1", in: .group("g1"))
        #expect(transport.timeouts == [.seconds(630), .seconds(60), .seconds(300)])
    }

    /// A query that ran out of time is not sent again; a dropped connection is.
    @Test func aTimedOutQueryIsNotSentAgainButADroppedConnectionIs() async throws {
        let transport = FailingTransport(failures: [.timedOut(host: "api.powerbi.com", seconds: 60)], then: DAXArrowTests.twoSets)
        let client = PowerBIClient(apiRoot: URL(string: "https://api.powerbi.com")!, credential: FixedCredential(), scope: "s", transport: transport,
                                   retryPolicy: RetryPolicy(idempotentAttempts: 3, backoff: .zero))
        await #expect { _ = try await client.executeDaxQueries(DAXArrowRequest(query: "EVALUATE A"), dataset: "d1", in: .group("g1")) }
            throws: { error in (error as? DAXFailure)?.description.contains("60") == true }
        #expect(transport.count == 1)
        let dropped = FailingTransport(failures: [.unreachable(host: "api.powerbi.com", reason: "connection reset")], then: DAXArrowTests.twoSets)
        let again = PowerBIClient(apiRoot: URL(string: "https://api.powerbi.com")!, credential: FixedCredential(), scope: "s", transport: dropped,
                                  retryPolicy: RetryPolicy(idempotentAttempts: 3, backoff: .zero))
        #expect(try await again.executeDaxQueries(DAXArrowRequest(query: "EVALUATE A"), dataset: "d1", in: .group("g1")).results.count == 2)
        #expect(dropped.count == 2)
    }
}

/// Fails with the given transport errors in turn, then answers with the bytes.
final class FailingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [TransportError]
    private let bytes: [UInt8]
    private var sent = 0
    private var waits: [Duration] = []
    var count: Int { lock.withLock { sent } }
    /// How long each request was to be waited for.
    var timeouts: [Duration] { lock.withLock { waits } }

    init(failures: [TransportError], then bytes: [UInt8]) {
        self.failures = failures
        self.bytes = bytes
    }

    func send(_ request: HTTPRequest, timeout: Duration) async throws(TransportError) -> HTTPResponse {
        let failure = lock.withLock { () -> TransportError? in
            sent += 1
            waits.append(timeout)
            return failures.isEmpty ? nil : failures.removeFirst()
        }
        if let failure { throw failure }
        return HTTPResponse(status: 200, headers: [:], body: Data(bytes))
    }
}
