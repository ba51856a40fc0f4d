import Foundation
import MCP
import PowerBI
import Testing
import TestSupport
import Tokens
@testable import MCPServer

/// `run_dax` is `auto` as `pbitui dax` is: the Arrow engine where it answers, executeQueries otherwise, the choice
/// remembered per dataset in the file the command and the workbench share.
@Suite struct RunDAXTests {
    @Test func runDAXRemembersWhichEngineAnsweredEachDataset() async throws {
        let demo = try await DemoClient.start()
        let memory = NSTemporaryDirectory() + "mcp-dax-engines-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: memory) }
        let context = MCPContext(client: demo.client, profile: nil, auditPath: nil, storeFolder: nil, daxEngines: memory)
        let workspaces = try await demo.client.workspaces()
        let dedicated = try #require(workspaces.first { $0.isOnDedicatedCapacity == true })
        let onCapacity = try #require(try await demo.client.datasets(in: .group(dedicated.id)).first { $0.raw["isEffectiveIdentityRequired"]?.boolValue != true })
        func run(_ workspace: String, _ dataset: String) async throws -> JSONValue {
            try await DatasetTools.runDAX(["workspace": .string(workspace), "dataset": .string(dataset), "query": .string("EVALUATE ROW(\"n\", 1)")], context)
        }
        let arrow = try await run(dedicated.name, onCapacity.name)
        #expect(arrow["engine"] == .string("arrow") && arrow["rows"]?.arrayValue?.count == 1)
        let shared = try await run("Sales Analytics", "Sales Model")
        #expect(shared["engine"] == .string("json") && shared["rows"]?.arrayValue?.count == 1)
        let remembered = DAXEngineMemory.all(at: memory)
        #expect(remembered[onCapacity.id.lowercased()] == "arrow" && remembered.values.filter { $0 == "json" }.count == 1, "\(remembered)")
        // What the file says is what is asked: a dataset marked json goes to executeQueries straight away.
        DAXEngineMemory.remember(onCapacity.id, arrow: false, at: memory)
        #expect(try await run(dedicated.name, onCapacity.name)["engine"] == .string("json"))
        await demo.stop()
    }
}
