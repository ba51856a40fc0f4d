import EntraAuth
import Foundation
import HTTPCore
import Simulator
import TestSupport
import Testing
import Tokens
@testable import PowerBI

@Suite struct PagingTests {
    /// Serves `count` groups with `$top`/`$skip`, optionally repeating the last row of each page.
    static func groupsTransport(count: Int, repeatLastRow: Bool = false) -> ScriptedTransport {
        ScriptedTransport { request, _ in
            let query = request.url.queryItems
            let top = Int(query["$top"] ?? "") ?? count
            let skip = Int(query["$skip"] ?? "") ?? 0
            var ids = Array(stride(from: skip, to: min(count, skip + top), by: 1))
            if repeatLastRow, skip > 0 { ids.insert(skip - 1, at: 0); ids.removeLast() }
            let values = ids.map { #"{"id":"ID-\#($0)","name":"W\#($0)","isOnDedicatedCapacity":false}"# }
            return ScriptedTransport.json(200, #"{"@odata.context":"x","value":[\#(values.joined(separator: ","))]}"#,
                                          headers: ["RequestId": "r"])
        }
    }

    static func client(_ transport: ScriptedTransport, pageSize: Int) -> PowerBIClient {
        PowerBIClient(apiRoot: URL(string: "https://api.example.test")!, credential: FixedCredential(),
                      scope: "s/.default", transport: transport, pageSize: pageSize)
    }

    @Test func followsThreePagesUntilAShortOne() async throws {
        let transport = Self.groupsTransport(count: 12)
        let workspaces = try await Self.client(transport, pageSize: 5).workspaces()
        #expect(workspaces.map(\.name) == (0..<12).map { "W\($0)" })
        let skips = transport.requests.map { $0.url.queryItems["$skip"] }
        #expect(skips == ["0", "5", "10"])
        #expect(transport.requests.allSatisfy { $0.url.queryItems["$top"] == "5" })
        #expect(transport.requests.allSatisfy { $0.url.path == "/v1.0/myorg/groups" })
        #expect(transport.requests.allSatisfy { $0.headers["Authorization"] == "Bearer token-0" })
    }

    /// The pass-through asks for the next page while it takes in the last one: the same requests as plain
    /// paging, no more, and every object once.
    @Test(arguments: [(12, ["0", "5", "10"]), (10, ["0", "5", "10"]), (3, ["0"]), (0, ["0"])])
    func thePassThroughPagesAsPagingDoes(count: Int, skips: [String]) async throws {
        let transport = Self.groupsTransport(count: count, repeatLastRow: true)
        let objects = try await Self.client(transport, pageSize: 5).listAllPagesText("/groups")
        let items = try #require(try JSONValue.parse(objects.arrayBytes()).arrayValue)
        let plain = try await Self.client(Self.groupsTransport(count: count, repeatLastRow: true), pageSize: 5).workspaceObjects()
        #expect(items.map { $0["id"]?.stringValue ?? "" } == plain.map { $0["id"]?.stringValue ?? "" }, "the same objects as plain paging")
        #expect(Set(items.compactMap { $0["id"]?.stringValue }).count == items.count, "no object twice")
        #expect(transport.requests.map { $0.url.queryItems["$skip"] } == skips)
    }

    @Test func asksOnceMoreWhenTheLastPageIsExactlyFull() async throws {
        let transport = Self.groupsTransport(count: 10)
        let workspaces = try await Self.client(transport, pageSize: 5).workspaces()
        #expect(workspaces.count == 10)
        #expect(transport.requests.count == 3)
    }

    @Test func dropsDuplicatesAcrossPagesIgnoringCase() async throws {
        let transport = ScriptedTransport { request, index in
            let pages = [#"[{"id":"AB-1","name":"a"},{"id":"ab-2","name":"b"}]"#, #"[{"id":"ab-1","name":"a again"}]"#]
            return ScriptedTransport.json(200, #"{"value":\#(pages[min(index, 1)])}"#)
        }
        let workspaces = try await Self.client(transport, pageSize: 2).workspaces()
        #expect(workspaces.map(\.name) == ["a", "b"])
    }

    @Test func pagesThroughTheSimulator() async throws {
        let demo = try await DemoClient.start(SimulatorOptions(workspaces: 23), pageSize: 4)
        let paged = try await demo.client.workspaces()
        let whole = try await demo.client(pageSize: 5000).workspaces()
        await demo.stop()
        // The service principal is not in the two people-only curated workspaces.
        #expect(paged.count == 21)
        #expect(paged.map(\.id) == whole.map(\.id))
        #expect(Set(paged.map(\.id)).count == paged.count)
        #expect(paged.contains { $0.name == "販売分析 東京" })
        #expect(!paged.contains { $0.name == "People & Culture" })
    }
}
