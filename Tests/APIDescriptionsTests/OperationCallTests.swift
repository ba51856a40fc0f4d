import Foundation
import Testing
@testable import APIDescriptions

/// A call's arguments checked against the description, as `pbitui call` and the explorer's form use them.
@Suite struct OperationCallTests {
    static let powerBI = OperationCatalogue.powerBI

    static func operation(_ id: String) throws -> APIOperation { try #require(powerBI.operation(id: id)) }

    @Test func pathQueryAndHeadersAreFilledAndEncoded() throws {
        let history = try Self.operation("Datasets_GetRefreshHistoryInGroup")
        let call = try history.call([("groupid", "a b/c"), ("datasetId", "d?1"), ("top", "5")], body: nil)
        #expect(call.path == "/v1.0/myorg/groups/a%20b%2Fc/datasets/d%3F1/refreshes")
        #expect(call.queryItems.map { "\($0.0)=\($0.1)" } == ["$top=5"])
        #expect(call.body == nil)
    }

    @Test(arguments: [
        ([("groupId", "g")], "needs --datasetId (path parameter, string)"),
        ([("groupId", "g"), ("datasetId", "d"), ("top", "many")], "--$top: 'many' is not an integer"),
        ([("groupId", "g"), ("datasetId", "d"), ("skip", "1")], "has no parameter 'skip'; its parameters are --groupId, --datasetId, --$top"),
        ([("groupId", "g"), ("groupId", "h"), ("datasetId", "d")], "--groupId is given twice"),
        ([("groupId", ""), ("datasetId", "d")], "--groupId: a path parameter cannot be empty"),
    ])
    func wrongArgumentsAreNamed(values: [(String, String)], message: String) throws {
        let history = try Self.operation("Datasets_GetRefreshHistoryInGroup")
        #expect(throws: CallArgumentError.self) { try history.call(values, body: nil) }
        do { _ = try history.call(values, body: nil) } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func enumsAreExactAndTheNearChoiceIsPointedOut() throws {
        let export = try Self.operation("Reports_ExportReportInGroup")
        do {
            _ = try export.call([("groupId", "g"), ("reportId", "r"), ("downloadType", "liveconnect")], body: nil)
            Issue.record("accepted a value outside the enum")
        } catch {
            #expect(error.message == "--downloadType: 'liveconnect' is not one of IncludeModel, LiveConnect (did you mean LiveConnect?)")
        }
        let call = try export.call([("groupId", "g"), ("reportId", "r"), ("downloadType", "LiveConnect")], body: nil)
        #expect(call.query["downloadType"] == "LiveConnect")
    }

    @Test func bodiesAreCheckedAndStartFromTheSchema() throws {
        let refresh = try Self.operation("Datasets_RefreshDatasetInGroup")
        let ids = [("groupId", "g"), ("datasetId", "d")]
        #expect(throws: CallArgumentError.self) { try refresh.call(ids, body: Data("{not json".utf8)) }
        let history = try Self.operation("Datasets_GetRefreshHistoryInGroup")
        #expect(throws: CallArgumentError.self) { try history.call(ids, body: Data("{}".utf8)) }
        let call = try refresh.call(ids, body: Data(#"{"type":"Full"}"#.utf8))
        #expect(call.body.map { String(decoding: $0, as: UTF8.self) } == #"{"type":"Full"}"#)
        // The example: the required property with the first value of its enum.
        let example = Self.powerBI.example(for: try #require(refresh.body?.schema))
        #expect(example.serialized() == #"{"notifyOption":"NoNotification"}"#)
        let queries = Self.powerBI.example(for: try #require(try Self.operation("Datasets_ExecuteQueriesInGroup").body?.schema))
        #expect(queries["queries"]?.arrayValue?.first?["query"]?.stringValue == "")
    }

    @Test func everyOperationOfTheDescriptionBuildsAnExampleAndACallFromIt() async throws {
        // On a thread of its own: 286 calls must not hold one of the test pool's two threads.
        let paths = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[(String, String)], any Error>) in
            Thread.detachNewThread { continuation.resume(with: Result { try Self.callsFromExamples() }) }
        }
        #expect(paths.count == 286)
        for (id, path) in paths { #expect(!path.contains("{"), "\(id): \(path)") }
    }

    static func callsFromExamples() throws -> [(String, String)] {
        var paths: [(String, String)] = []
        for operation in Self.powerBI.operations {
            var values: [(String, String)] = []
            for parameter in operation.parameters where parameter.required && parameter.location != .body {
                values.append((parameter.name, parameter.choices.first ?? (parameter.type == "integer" ? "1" : parameter.type == "boolean" ? "true" : "x")))
            }
            let body = operation.body.flatMap { $0.schema }.map { Self.powerBI.example(for: $0).serializedBytes() }.map { Data($0) }
            let call = try operation.call(values, body: operation.body?.required == true ? body : nil)
            paths.append((operation.operationId, call.path))
        }
        return paths
    }
}
