import ArrowIPC
import Foundation
import Simulator
import Testing
import TestSupport
import Tokens
@testable import PowerBI

/// Execute DAX Queries against the demo tenant: it writes Arrow streams itself, and the client reads them.
@Suite struct DAXArrowDemoTests {
    /// A dataset of a workspace on the dedicated capacity, and one on shared capacity.
    static func datasets(_ demo: DemoClient) async throws -> (dedicated: (String, String), shared: (String, String)) {
        let workspaces = try await demo.client.workspaces()
        let dedicated = try #require(workspaces.first { $0.isOnDedicatedCapacity == true })
        let shared = try #require(workspaces.first { $0.isOnDedicatedCapacity != true && $0.name == "Sales Analytics" })
        func plain(_ workspace: Workspace) async throws -> String {
            try #require(try await demo.client.datasets(in: .group(workspace.id)).first { $0.raw["isEffectiveIdentityRequired"]?.boolValue != true }).id
        }
        return ((dedicated.id, try await plain(dedicated)), (shared.id, try await plain(shared)))
    }

    @Test func twoEvaluatesComeBackAsTwoResultSetsAndBigResultsInBatches() async throws {
        let demo = try await DemoClient.start()
        let (dedicated, _) = try await Self.datasets(demo)
        let query = #"EVALUATE ROW("n", 1, "t", "a, ""b""", "d", 2.5, "ok", TRUE()) EVALUATE GENERATESERIES(1, 150000)"#
        let answer = try await demo.client.executeDaxQueries(DAXArrowRequest(query: query, executionMetrics: true), dataset: dedicated.1, in: .group(dedicated.0))
        #expect(answer.results.count == 2 && answer.metrics.count == 1)
        #expect(answer.metrics.first?.rows == [[.string("QueryCount"), .string("1")], [.string("ResultSetCount"), .string("2")],
                                               [.string("RowCount"), .string("150001")]], "the demo's metrics: \(String(describing: answer.metrics.first?.rows))")
        #expect(answer.results[0].columns == ["[n]", "[t]", "[d]", "[ok]"])
        #expect(answer.results[0].rows == [[.int(1), .string("a, \"b\""), .double(2.5), .bool(true)]])
        #expect(answer.results[1].rows.count == 150_000 && answer.results[1].rows.last == [.int(150_000)], "no 100,000-row cut, in two batches")
        let limited = try await demo.client.executeDaxQueries(DAXArrowRequest(query: "EVALUATE GENERATESERIES(1, 10)", rowLimit: 3), dataset: dedicated.1, in: .group(dedicated.0))
        #expect(limited.results[0].rows.count == 3)
        await demo.stop()
    }

    @Test func errorsComeAsTheJSONEngineGivesThem() async throws {
        var options = SimulatorOptions()
        options.settingsOff = [.xmlaEndpoints]
        for off in [false, true] {
            let demo = try await DemoClient.start(off ? options : SimulatorOptions())
            let (dedicated, shared) = try await Self.datasets(demo)
            if off {
                await #expect { _ = try await demo.client.executeDaxQueries(DAXArrowRequest(query: "EVALUATE ROW(\"x\", 1)"), dataset: dedicated.1, in: .group(dedicated.0)) }
                    throws: { "\($0)".contains("Allow XMLA endpoints and Analyze in Excel") }
            } else {
                await #expect { _ = try await demo.client.executeDaxQueries(DAXArrowRequest(query: "EVALUATE ROW(\"x\", 1)\nEVALUATE\n  FILTER(("), dataset: dedicated.1, in: .group(dedicated.0)) }
                    throws: { error in (error as? DAXFailure)?.line == 3 && (error as? DAXFailure)?.engineCode?.hasPrefix("0x") == true }
                await #expect { _ = try await demo.client.executeDaxQueries(DAXArrowRequest(query: "EVALUATE ROW(\"x\", 1)"), dataset: shared.1, in: .group(shared.0)) }
                    throws: { error in (error as? DAXFailure)?.service?.status == 400 && "\(error)".contains("capacity") }
            }
            await demo.stop()
        }
    }
}
