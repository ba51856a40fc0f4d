import Foundation
import Simulator
import TestSupport
import Testing
import Tokens
@testable import PowerBI

/// Loading pulses against the in-process demo tenant: the admin API's refreshables for dedicated capacities and
/// a fan-out over the rest, or the fan-out alone; refreshables decoded in both shapes the service sends.
// The time limit is a hang's bound, not a speed target (the machine may be busy with other work).
@Suite(.serialized, .timeLimit(.minutes(15))) struct PulseLoadTests {
    actor Updates {
        var all: [PulseUpdate] = []
        func add(_ update: PulseUpdate) { all.append(update) }
        var pulses: [Pulse] {
            all.flatMap { update -> [Pulse] in
                if case let .pulses(more) = update { return more }
                return []
            }
        }
    }

    @Test func anAdministratorGetsRefreshablesAndTheFanOutCoversSharedCapacity() async throws {
        let demo = try await DemoClient.start(SimulatorOptions(refreshSeconds: 1))
        defer { Task { await demo.stop() } }
        let workspaces = try await demo.client.workspaces()
        let now = Date()
        let admin = Updates()
        // Pages of 7: the paging is followed.
        await demo.client.loadPulses(of: workspaces, now: now, window: 7 * 86_400, pageSize: 7) { await admin.add($0) }
        let fanOut = Updates()
        await demo.client.loadPulses(of: workspaces, now: now, window: 7 * 86_400, useAdmin: false) { await fanOut.add($0) }

        let adminUpdates = await admin.all
        let counts = adminUpdates.compactMap { update -> Int? in if case let .fromRefreshables(count) = update { return count }; return nil }
        guard let count = counts.first, counts.count == 1 else { Issue.record("one refreshables count: \(counts)"); return }
        #expect(adminUpdates.contains { if case .workspacesToRead(workspaces.count) = $0 { true } else { false } }, "the fan-out still reads dataflows")
        let fanOutDatasets = await admin.pulses.filter { $0.source == .history && $0.kind == .dataset }
        let dedicated = Set(workspaces.filter { $0.isOnDedicatedCapacity == true }.map(\.id))
        #expect(!fanOutDatasets.isEmpty && fanOutDatasets.allSatisfy { !dedicated.contains($0.workspaceId ?? "") }, "datasets of dedicated capacity come from refreshables")
        let fromAdmin = await admin.pulses.filter { $0.source == .refreshables }
        #expect(fromAdmin.count == count && count > 0)
        #expect(fromAdmin.allSatisfy { $0.capacity == "Contoso Premium P1" && !$0.configuredBy.isEmpty && $0.kind == .dataset })
        // The admin API sees dedicated workspaces the service principal is not a member of (Executive Dashboards).
        let seen = Set(workspaces.map { $0.id.lowercased() })
        #expect(fromAdmin.contains { !seen.contains($0.workspaceId?.lowercased() ?? "") })
        // Every dataset the fan-out finds is found by the administrator too, with the same last refresh.
        let adminByKey = Dictionary(await admin.pulses.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for pulse in await fanOut.pulses {
            let other = try #require(adminByKey[pulse.key], "\(pulse.datasetName) in \(pulse.workspaceName)")
            #expect(other.last?.requestId == pulse.last?.requestId && other.lastFailed == pulse.lastFailed)
            if pulse.kind == .dataset { #expect(other.failureCount == pulse.failureCount, "\(pulse.datasetName)") }
        }
        // The failing ones in sight were read from their history: their failures are the refreshes themselves;
        // elsewhere the service's count stands alone.
        let failing = fromAdmin.filter { $0.failureCount > 0 }
        #expect(failing.filter { seen.contains($0.workspaceId?.lowercased() ?? "") }.allSatisfy { $0.failures.count == $0.failureCount })
        #expect(failing.contains { !seen.contains($0.workspaceId?.lowercased() ?? "") && $0.failures.isEmpty })
        #expect(await fanOut.pulses.contains { $0.kind == .dataflow && $0.lastFailed })
    }

    @Test func refreshablesDecodeBothConfiguredByShapesAndTransactionsReadAsRefreshes() throws {
        let many = try JSONValue.parse(Data(#"{"id":"a","name":"Finance","refreshFailures":3,"medianDuration":390.2,"configuredBy":["ana@contoso.example","bo@contoso.example"],"capacity":{"id":"C","displayName":"P1 cap","sku":"P1"},"group":{"id":"g","name":"Fin"},"lastRefresh":{"status":"Failed","requestId":"r","startTime":"2024-05-07T06:00:04Z","endTime":"2024-05-07T06:01:10Z","serviceExceptionJson":"{\"errorCode\":\"DM_GWPipeline_Client_GatewayUnreachable\"}"}}"#.utf8))
        let refreshable = try #require(Refreshable(json: many))
        #expect(refreshable.configuredBy == ["ana@contoso.example", "bo@contoso.example"] && refreshable.workspaceName == "Fin")
        let pulse = refreshable.pulse(now: Date())
        #expect(pulse.failureCount == 3 && pulse.lastFailed && pulse.last?.errorCode == "DM_GWPipeline_Client_GatewayUnreachable")
        #expect(pulse.capacity == "P1 cap" && pulse.medianDuration == 390.2 && pulse.lastDuration == 66)
        let one = try #require(Refreshable(json: try JSONValue.parse(Data(#"{"id":"b","configuredBy":"ana@contoso.example"}"#.utf8))))
        #expect(one.configuredBy == ["ana@contoso.example"] && one.name == "b" && one.pulse(now: Date()).medianDuration == nil)
        #expect(Refreshable(json: try JSONValue.parse(Data(#"{"name":"no id"}"#.utf8))) == nil)

        let done = PowerBIClient.refresh(fromTransaction: try JSONValue.parse(Data(#"{"id":"2020-08-27T16:07:47.2487692Z@8dbd$2","status":"Success","startTime":"2020-08-27T16:07:47Z","endTime":"2020-08-27T16:09:00Z"}"#.utf8)))
        #expect(done.state == .completed && done.duration() == 73)
        // A transaction id is not a RequestId: kept as the transaction's, with the service's own status word.
        #expect(done.requestId == nil && done.raw["transactionId"]?.stringValue == "2020-08-27T16:07:47.2487692Z@8dbd$2")
        #expect(PowerBIClient.transactionWords(done)?.hasPrefix("transaction 2020-08-27T16:07:47.2487692Z@8dbd$2 status ") == true)
        let running = PowerBIClient.refresh(fromTransaction: try JSONValue.parse(Data(#"{"id":"x","status":"InProgress"}"#.utf8)))
        #expect(running.state == .inProgress)
        let failed = PowerBIClient.refresh(fromTransaction: try JSONValue.parse(Data(#"{"id":"y","status":"Failed"}"#.utf8)))
        #expect(failed.state == .failed)
    }

    /// A service that ignores `$skip` sends its first page again: the load stops instead of asking forever;
    /// an empty page ends it too; items without the optional fields still make rows.
    @Test func refreshablesPagingEndsOnARepeatedOrEmptyPage() async throws {
        for repeated in [true, false] {
            let transport = ScriptedTransport { request, _ in
                guard request.url.path.hasSuffix("/admin/capacities/refreshables") else {
                    return ScriptedTransport.json(200, #"{"value":[]}"#)
                }
                let skip = Int(request.url.queryItems["$skip"] ?? "0") ?? 0
                let items = (0..<2).map { #"{"id":"R\#(repeated ? $0 : $0 + skip)","name":"Model, \"quoted\"\n\#($0)"}"# }
                return ScriptedTransport.json(200, repeated || skip == 0 ? #"{"value":[\#(items.joined(separator: ","))]}"# : #"{"value":[]}"#)
            }
            let client = PagingTests.client(transport, pageSize: 2)
            let (pulses, problems) = await client.pulses(of: [], now: Date(), window: 7 * 86_400, pageSize: 2)
            let pages = transport.requests.filter { $0.url.path.hasSuffix("/refreshables") }.count
            #expect(pages == 2, "the second page repeats or is empty: stop there (\(pages) pages)")
            #expect(pulses.map(\.datasetId).sorted() == ["R0", "R1"] && problems.isEmpty, "\(pulses.map(\.datasetId)) \(problems)")
            #expect(pulses.allSatisfy { $0.last == nil && $0.workspaceName == "?" && $0.failureCount == 0 })
        }
    }
}
