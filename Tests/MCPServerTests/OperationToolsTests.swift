import Foundation
import HTTPCore
import MCP
import PowerBI
import Synchronization
import Testing
import TestSupport
import Tokens
@testable import MCPServer

/// call_operation's and four_ways' arguments, the answer's bounds, progress reports and the audit of a
/// cancelled call: the parts that need no tenant (the Python SDK test drives them against one).
@Suite struct OperationToolsTests {
    @Test func parametersBecomeTextPairsAndOtherShapesAreRefused() throws {
        let pairs = try OperationTools.pairs(["parameters": .object(["groupId": .string("Sales, \"EMEA\""), "$top": .int(5),
                                                                       "flag": .bool(true), "ratio": .double(0.5)])])
        #expect(pairs.map { "\($0.0)=\($0.1)" } == ["$top=5", "flag=true", "groupId=Sales, \"EMEA\"", "ratio=0.5"])
        #expect(try OperationTools.pairs(nil).isEmpty && OperationTools.pairs(["parameters": .null]).isEmpty)
        #expect(throws: ToolError.self) { try OperationTools.pairs(["parameters": .array([])]) }
        #expect(throws: ToolError.self) { try OperationTools.pairs(["parameters": .object(["x": .object([:])])]) }
    }

    @Test func aBodyIsJSONOrJSONTextAndNothingElse() throws {
        #expect(try OperationTools.body(["body": .object(["type": .string("Full")])]) == Data(#"{"type":"Full"}"#.utf8))
        #expect(try OperationTools.body(["body": .string(#"{"a":1}"#)]) == Data(#"{"a":1}"#.utf8))
        #expect(try OperationTools.body([:]) == nil)
        #expect(throws: ToolError.self) { try OperationTools.body(["body": .string("{not json")]) }
    }

    @Test func anUnknownOperationIsAToolErrorThatSaysWhereIdsAre() {
        #expect(throws: ToolError.self) { try OperationTools.operation(["operation_id": .string("Nope_Nothing")]) }
        #expect(throws: ToolError.self) { try OperationTools.operation([:]) }
        #expect((try? OperationTools.operation(["operation_id": .string("Datasets_RefreshDatasetInGroup")]))?.method == "POST")
    }

    @Test func anAnswerKeepsItsStatusRequestIdAndCutsLongLists() {
        let values = JSONValue.array((1...1500).map { JSONValue.number(String($0)) })
        let body = JSONValue.object(JSONObject([("@odata.context", .string("x")), ("value", values)])).serializedBytes()
        let answer = OperationTools.answer(HTTPCore.HTTPResponse(status: 200, headers: HTTPHeaders([HTTPHeaders.HTTPField(name: "RequestId", value: "r-1")]), body: Data(body)), sent: false)
        #expect(answer["status"] == .int(200) && answer["request_id"] == .string("r-1") && answer["truncated"] == .bool(true))
        #expect(answer["body"]?["value"]?.arrayValue?.count == 1000 && answer["sent"] == nil)
        let html = OperationTools.answer(HTTPCore.HTTPResponse(status: 202, body: Data("<html>ok</html>".utf8)), sent: true)
        #expect(html["body"] == .string("<html>ok</html>") && html["sent"] == .bool(true) && html["truncated"] == .bool(false))
        let empty = OperationTools.answer(HTTPCore.HTTPResponse(status: 202), sent: true)
        #expect(empty["body"] == .null && empty["request_id"] == .null)
    }

    @Test func callOperationIsReadOnlyUnlessWritesAreAllowed() {
        #expect(MCPTools.callOperation(writes: false).annotations.readOnlyHint == true)
        #expect(MCPTools.callOperation(writes: true).annotations.readOnlyHint == false)
        #expect(MCPTools.all.map(\.name).suffix(2) == ["call_operation", "four_ways"])
    }

    @Test func progressIsSentOnlyWithATokenAndAlwaysGrows() async {
        let sent = Mutex<[Double]>([])
        let silent = ProgressReporter(token: nil) { message in sent.withLock { $0.append(message.params.progress) } }
        await silent.report("nothing")
        #expect(sent.withLock { $0.isEmpty })
        let reporter = ProgressReporter(token: .string("t")) { message in sent.withLock { $0.append(message.params.progress) } }
        for step in 1...3 { await reporter.report("step \(step)") }
        #expect(sent.withLock { $0 } == [1, 2, 3])
    }

    @Test func aWaitForRetryAfterIsReportedAsProgress() async throws {
        let demo = try await DemoClient.start()
        let (messages, sink) = AsyncStream<String>.makeStream()
        let progress = ProgressReporter(token: .integer(7)) { message in sink.yield(message.params.message ?? "") }
        let context = PbituiMCP.forCall(MCPContext(client: demo.client, profile: nil, auditPath: nil, storeFolder: nil), progress: progress)
        let observer = try #require(context.client.throttleObserver)
        observer(ThrottleNotice(method: "GET", path: "/groups", seconds: 3, until: Date(timeIntervalSince1970: 0), requestId: "r-9"))
        var iterator = messages.makeAsyncIterator()
        #expect(await iterator.next() == "HTTP 429: the service asks to wait 3 s before GET /groups")
        await demo.stop()
    }

    @Test func aCancelledCallIsAuditedAsCancelled() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-cancel-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/mcp-audit.jsonl"
        let demo = try await DemoClient.start()
        let context = MCPContext(client: demo.client, profile: nil, auditPath: path, storeFolder: nil)
        // The call starts only after the cancel, whatever the machine's load: it waits for the stream's end.
        let (gate, open) = AsyncStream<Void>.makeStream()
        let task = Task {
            for await _ in gate {}
            return await PbituiMCP.call("explain_error", ["code": .string("AADSTS50076")], context)
        }
        task.cancel()
        open.finish()
        _ = await task.value
        await demo.stop()
        let line = try #require(String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first)
        let entry = try JSONValue.parse(Data(line.utf8))
        #expect(entry["cancelled"] == .bool(true) && entry["error"] == nil && entry["tool"] == .string("explain_error"))
    }

    @Test func namesWhereIdsGoAreLookedUpInTheirWorkspaceAndIdsAreKept() async throws {
        let demo = try await DemoClient.start()
        let operation = try OperationTools.operation(["operation_id": .string("Datasets_GetRefreshHistoryInGroup")])
        let workspaces = try await demo.client.workspaces()
        let sales = try #require(workspaces.first { $0.name == "Sales Analytics" })
        let model = try #require(try await demo.client.datasets(in: .group(sales.id)).first)
        let resolved = try await NamedIds.resolve([("groupId", "sales analytics"), ("datasetId", model.name), ("$top", "3")],
                                                  operation: operation, client: demo.client)
        #expect(resolved.map(\.1) == [sales.id, model.id, "3"])
        let kept = try await NamedIds.resolve([("groupId", sales.id), ("datasetId", model.id)], operation: operation, client: demo.client)
        #expect(kept.map(\.1) == [sales.id, model.id])
        await #expect(throws: ToolError.self) {
            try await NamedIds.resolve([("groupId", "Sales Analytics"), ("datasetId", "No such model")], operation: operation, client: demo.client)
        }
        await demo.stop()
    }
}
