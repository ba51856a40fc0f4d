import CSV
import Foundation
import HTTPCore
import Testing

/// `pbitui scan`, `lineage` and `activity` against `pbitui simulator`: kill -9 at random moments, many times,
/// and the store still opens and ends as an uninterrupted run's; the outputs; refusals.
@Suite(.serialized) struct ScanCommandTests {
    static func sqlite(_ path: String, _ sql: String) throws -> String {
        let result = try Spawn.run(["sqlite3", "-batch", path, sql], captureOutput: true)
        #expect(result.status == 0, "sqlite3 \(sql): \(result.output)")
        return result.output
    }

    /// What a store holds, without the columns that say when (which differ from run to run).
    static func contents(_ path: String) throws -> String {
        try sqlite(path, """
            SELECT 'w', id, name, type, capacity_id FROM workspace ORDER BY id;
            SELECT 'i', kind, id, workspace_id, name, configured_by, endorsement, json FROM item ORDER BY kind, id;
            SELECT 'e', from_kind, from_id, to_kind, to_id, to_workspace_id, workspace_id FROM edge ORDER BY 2, 3, 4, 5;
            """)
    }

    static func environment(_ simulator: SimulatorProcess) -> [String: String] {
        ["AZURE_CLIENT_SECRET": simulator.clientSecret, "XDG_DATA_HOME": Binary.scratch + "/data-\(UUID().uuidString.prefix(8))"]
    }

    @Test func aScanKilledManyTimesEndsWithWhatAnUninterruptedScanStores() async throws {
        let simulator = try await SimulatorProcess.start(arguments: ["--workspaces", "600"])
        defer { simulator.stop() }
        let folder = Binary.scratch + "/scan-crash-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let flags = ["scan", "--full", "--lineage", "--datasource-details", "--users", "--concurrency", "2"] + simulator.connectionArguments
        let reference = try await Binary.run(flags + ["--store", folder + "/reference.sqlite"], environment: Self.environment(simulator), timeout: 120)
        #expect(reference.status == 0, "\(reference.stderr)")
        #expect(reference.stdout.contains("602 workspaces; stored 602"), "\(reference.stdout)")

        var environment = ProcessInfo.processInfo.environment
        environment.merge(Self.environment(simulator)) { _, new in new }
        environment["XDG_CACHE_HOME"] = Binary.scratch + "/cache"
        let store = folder + "/killed.sqlite"
        var killed = 0
        for round in 0..<12 {
            let child = try ChildProcess.spawn(Binary.path, flags + ["--store", store], environment: environment, pipeStdout: false, pipeStderr: false)
            // Spread over a run: before the plan is written, while batches are submitted, polled and stored.
            try await Task.sleep(for: .milliseconds(150 + (round * 397) % 2600))
            child.send(SIGKILL)
            if await child.exitStatus() == 128 + SIGKILL { killed += 1 }
            #expect(try Self.sqlite(store, "PRAGMA integrity_check").trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        }
        #expect(killed >= 8, "only \(killed) runs were killed before they ended")
        let last = try await Binary.run(flags + ["--store", store], environment: Self.environment(simulator), timeout: 120)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(try Self.contents(store) == (try Self.contents(folder + "/reference.sqlite")))
        // Every run ended done (a killed run was continued, not left behind) and every batch was stored.
        #expect(try Self.sqlite(store, "SELECT COUNT(*) FROM scan_run WHERE state != 'done'").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        #expect(try Self.sqlite(store, "SELECT COUNT(*) FROM scan_batch WHERE state != 'stored'").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        #expect(try Self.sqlite(store, "SELECT COUNT(*) FROM workspace").trimmingCharacters(in: .whitespacesAndNewlines) == "602")
    }

    @Test func anActivityDownloadKilledManyTimesAndResumedCountsWhatAnUninterruptedOneDoes() async throws {
        // The service allows 200 calls an hour; a dozen restarts of a four-day download need more.
        let simulator = try await SimulatorProcess.start(arguments: ["--activity-budget", "5000"])
        defer { simulator.stop() }
        let folder = Binary.scratch + "/activity-crash-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let day = { (days: Double) -> String in String(Date().addingTimeInterval(-days * 86_400).ISO8601Format().prefix(10)) }
        let flags = ["activity", "--from", day(6), "--to", day(3), "--output", "jsonl"] + simulator.connectionArguments
        let reference = try await Binary.run(flags + ["--store", folder + "/reference.sqlite"], environment: Self.environment(simulator))
        #expect(reference.status == 0, "\(reference.stderr)")
        let lines = reference.stdout.split(separator: "\n")
        #expect(lines.count > 150 && lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })

        var environment = ProcessInfo.processInfo.environment
        environment.merge(Self.environment(simulator)) { _, new in new }
        environment["XDG_CACHE_HOME"] = Binary.scratch + "/cache"
        let store = folder + "/killed.sqlite"
        for round in 0..<12 {
            let child = try ChildProcess.spawn(Binary.path, flags + ["--store", store, "--resume"], environment: environment,
                                               pipeStdout: false, pipeStderr: false)
            try await Task.sleep(for: .milliseconds(60 + (round * 89) % 700))
            child.send(SIGKILL)
            _ = await child.exitStatus()
        }
        if FileManager.default.fileExists(atPath: store) {
            #expect(try Self.sqlite(store, "PRAGMA integrity_check").trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        }
        let last = try await Binary.run(flags + ["--store", store, "--resume"], environment: Self.environment(simulator))
        #expect(last.status == 0, "\(last.stderr)")
        let ids = "SELECT id FROM activity_event ORDER BY id"
        #expect(try Self.sqlite(store, ids) == (try Self.sqlite(folder + "/reference.sqlite", ids)))
        #expect(last.stdout.split(separator: "\n").count == lines.count)
    }

    @Test func lineageTreeJSONAndDotFindingsAndClearErrors() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let environment = Self.environment(simulator)
        let none = try await Binary.run(["lineage", "Sales Model"], environment: environment)
        #expect(none.status == 2 && none.stderr.contains("pbitui scan"), "\(none.stderr)")
        let scan = try await Binary.run(["scan", "--lineage", "--datasource-details"] + simulator.connectionArguments, environment: environment)
        #expect(scan.status == 0 && scan.stdout.contains("14 workspaces; stored 14"), "\(scan.stdout) \(scan.stderr)")
        // The store is where DESIGN.md says, named after the tenant, readable by the sqlite3 shell.
        let path = environment["XDG_DATA_HOME"]! + "/pbitui/" + simulator.tenantId + ".sqlite"
        #expect(try Self.sqlite(path, "SELECT COUNT(*) FROM workspace").trimmingCharacters(in: .whitespacesAndNewlines) == "14")
        #expect(try Self.sqlite(path, "PRAGMA journal_mode").trimmingCharacters(in: .whitespacesAndNewlines) == "wal")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)

        let ambiguous = try await Binary.run(["lineage", "Sales Model"], environment: environment)
        #expect(ambiguous.status == 2 && ambiguous.stderr.contains("give an id or kind:name"), "\(ambiguous.stderr)")
        let id = try Self.sqlite(path, "SELECT i.id FROM item i JOIN workspace w ON w.id = i.workspace_id WHERE i.kind = 'dataset' AND w.name = 'Sales Analytics' AND i.name = 'Sales Model'")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let tree = try await Binary.run(["lineage", id], environment: environment)
        #expect(tree.status == 0)
        #expect(tree.stdout.contains("upstream (what it reads from)") && tree.stdout.contains("─ dataflow  Customer Master  (Sales Analytics)"))
        #expect(tree.stdout.contains("report  Sales Model — Overview"))
        // Gateways carry the names the service lists (GET /gateways), not "gateway <id>".
        #expect(try Self.sqlite(path, "SELECT name FROM item WHERE kind = 'gateway' ORDER BY name").contains("Contoso HQ gateway"))
        #expect(try Self.sqlite(path, "SELECT COUNT(*) FROM item WHERE kind = 'gateway' AND name LIKE 'gateway %'")
            .trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let gateway = try await Binary.run(["lineage", "gateway:Contoso HQ gateway"], environment: environment)
        #expect(gateway.status == 0 && gateway.stdout.contains("datasource"), "\(gateway.stdout)\(gateway.stderr)")
        let json = try await Binary.run(["lineage", id, "--output", "json"], environment: environment)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["item"] as? [String: Any])?["id"] as? String == id)
        #expect((object["upstream"] as? [Any])?.isEmpty == false && (object["downstream"] as? [Any])?.isEmpty == false)
        let dot = try await Binary.run(["lineage", id, "--output", "dot"], environment: environment)
        #expect(dot.stdout.hasPrefix("digraph lineage {") && dot.stdout.contains("-> \"dataset:\(id)\""))
        let unused = try await Binary.run(["lineage", "--unused"], environment: environment)
        #expect(unused.status == 0 && unused.stdout.contains("(DirectQuery)"))
        let shared = try await Binary.run(["lineage", "--shared-datasources", "--output", "json"], environment: environment)
        #expect(((try JSONSerialization.jsonObject(with: Data(shared.stdout.utf8))) as? [Any])?.isEmpty == false)
        let missing = try await Binary.run(["lineage", "no such thing"], environment: environment)
        #expect(missing.status == 2 && missing.stderr.contains("no item named"))
        let both = try await Binary.run(["lineage", id, "--unused"], environment: environment)
        #expect(both.status == 2)
        // The connection options every command takes are accepted; --tenant picks the store, a domain is told why not.
        let connected = try await Binary.run(["lineage", id] + simulator.connectionArguments,
                                             environment: environment)
        #expect(connected.status == 0 && connected.stdout == tree.stdout, "\(connected.stderr)")
        let byDomain = try await Binary.run(["lineage", id, "--tenant", "contoso.onmicrosoft.com"], environment: environment)
        #expect(byDomain.status == 2 && byDomain.stderr.contains("named by tenant id"), "\(byDomain.stderr)")
    }

    @Test func activityCSVQuotesWhatNeedsQuotingAndRefusalsExitOne() async throws {
        let simulator = try await SimulatorProcess.start(arguments: ["--hostile-names"])
        defer { simulator.stop() }
        let environment = Self.environment(simulator)
        let day = String(Date().addingTimeInterval(-2 * 86_400).ISO8601Format().prefix(10))
        let csv = try await Binary.run(["activity", "--from", day, "--to", day, "--output", "csv"] + simulator.connectionArguments, environment: environment)
        #expect(csv.status == 0, "\(csv.stderr)")
        let reader = try CSVReader(string: csv.stdout, hasHeaderRow: true)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        #expect(reader.headerRow == ["Id", "CreationTime", "Activity", "UserId", "WorkSpaceName", "ItemName", "IsSuccess"])
        #expect(rows.count >= 40 && rows.allSatisfy { $0.count == 7 })
        #expect(rows.contains { $0[5] == "Board pack, \"final\"\nv2" }, "a name with a comma, quotes and a line break survives CSV")
        #expect(!csv.stdout.contains("\u{1B}"), "control characters escaped")
        let table = try await Binary.run(["activity", "--from", day, "--to", day, "--activity", "ViewReport", "--summary"] + simulator.connectionArguments,
                                         environment: environment)
        #expect(table.status == 0 && table.stdout.contains("ViewReport") && !table.stdout.contains("ExportReport"))
        // A service principal the tenant setting does not allow: the service's refusal, exit 1.
        let blocked = try #require(simulator.info["blockedClient"] as? [String: Any])
        var arguments = simulator.connectionArguments
        arguments[arguments.firstIndex(of: "--client-id")! + 1] = try #require(blocked["clientId"] as? String)
        var blockedEnvironment = environment
        blockedEnvironment["AZURE_CLIENT_SECRET"] = try #require(blocked["clientSecret"] as? String)
        let refused = try await Binary.run(["scan"] + arguments, environment: blockedEnvironment)
        #expect(refused.status == 1 && refused.stderr.contains("PowerBINotAuthorizedException"), "\(refused.stderr)")
        #expect(refused.stderr.contains("Service principals can access read-only admin APIs") && refused.stderr.contains("admin-consented"),
                "the refusal says which setting: \(refused.stderr)")
        let wrong = try await Binary.run(["activity", "--from", "2026-13-01", "--to", day] + simulator.connectionArguments, environment: environment)
        #expect(wrong.status == 2)
        let reversed = try await Binary.run(["activity", "--from", day, "--to", "2020-01-01"] + simulator.connectionArguments, environment: environment)
        #expect(reversed.status == 2 && reversed.stderr.contains("after"))
    }
}
