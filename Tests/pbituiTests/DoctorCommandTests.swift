import Foundation
import Testing

/// `pbitui doctor` and `--setting-off` end to end: the JSON contract, exit codes, a setting turned off named by
/// the doctor and by the feature's own command in the same words, bad usage.
@Suite struct DoctorCommandTests {
    static func rows(_ stdout: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [[String: Any]])
    }

    @Test func theDemoTenantWorksAndTheJSONIsTheContract() async throws {
        let result = try await Binary.run(["doctor", "--demo", "--output", "json"], timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try Self.rows(result.stdout)
        #expect(rows.map { $0["check"] as? String } == ["sign-in", "power-bi-api", "workspaces", "admin-api", "scanner", "activity-log",
                                                       "execute-queries", "execute-dax-queries", "refresh", "fabric-api", "four-ways"])
        #expect(rows.allSatisfy { Set($0.keys) == ["check", "status", "evidence", "advice"] })
        #expect(rows.allSatisfy { ["works", "skipped"].contains($0["status"] as? String ?? "") }, "\(rows)")
        #expect(!result.stdout.contains("eyJ"), "no token in the output")
        let table = try await Binary.run(["doctor", "--demo"], timeout: 120)
        #expect(table.status == 0 && table.stdout.hasPrefix("CHECK") && table.stdout.contains("execute-queries      works"), "\(table.stdout)")
    }

    @Test func aSettingOffIsNamedByTheDoctorAndByTheFeaturesOwnError() async throws {
        let doctor = try await Binary.run(["doctor", "--demo", "--setting-off", "execute-queries", "--output", "json"], timeout: 120)
        #expect(doctor.status == 1, "\(doctor.stderr)")
        #expect(doctor.stderr.contains("2 checks fail: execute-queries, execute-dax-queries"), "\(doctor.stderr)")
        let row = try #require(try Self.rows(doctor.stdout).first { $0["check"] as? String == "execute-queries" })
        #expect(row["status"] as? String == "fails" && (row["advice"] as? String)?.contains("Dataset Execute Queries REST API") == true)
        let dax = try await Binary.run(["dax", "--demo", "--setting-off", "execute-queries", "--workspace", "Sales Analytics", "--dataset", "Sales Model",
                                        #"EVALUATE ROW("x", 1)"#], timeout: 120)
        #expect(dax.status == 1 && dax.stderr.contains("Dataset Execute Queries REST API"), "\(dax.stderr)")

        let app = try await Binary.run(["ls", "workspaces", "--demo", "--setting-off", "service-principal-apis"], timeout: 120)
        #expect(app.status == 1 && app.stderr.contains("Service principals can use Fabric APIs"), "\(app.stderr)")
        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        let activity = try await Binary.run(["activity", "--demo", "--setting-off", "service-principal-admin-apis", "--from", today, "--to", today],
                                            environment: ["XDG_DATA_HOME": Binary.scratch + "/doctor-activity-\(UUID().uuidString.prefix(6))"], timeout: 120)
        #expect(activity.status == 1 && activity.stderr.contains("Service principals can access read-only admin APIs"), "\(activity.stderr)")
        let pulses = try await Binary.run(["pulses", "--demo", "--setting-off", "service-principal-admin-apis", "--output", "json"], timeout: 120)
        #expect(pulses.status == 0 && pulses.stderr.contains("Service principals can access read-only admin APIs"), "the admin path's refusal is said: \(pulses.stderr)")
        let scan = try await Binary.run(["scan", "--demo", "--schema", "--setting-off", "scanner-detailed-metadata"],
                                        environment: ["XDG_DATA_HOME": Binary.scratch + "/doctor-scan-\(UUID().uuidString.prefix(6))"], timeout: 120)
        #expect(scan.status == 0 && scan.stderr.contains("Enhance admin APIs responses with detailed metadata"), "\(scan.stderr)")
        let refusedScan = try await Binary.run(["scan", "--demo", "--setting-off", "service-principal-admin-apis"],
                                               environment: ["XDG_DATA_HOME": Binary.scratch + "/doctor-scan-\(UUID().uuidString.prefix(6))"], timeout: 120)
        #expect(refusedScan.status == 1 && refusedScan.stderr.contains("Service principals can access read-only admin APIs"), "\(refusedScan.stderr)")
    }

    @Test func badUsageExitsTwo() async throws {
        let unknown = try await Binary.run(["doctor", "--demo", "--setting-off", "everything"])
        #expect(unknown.status == 2 && unknown.stderr.contains("execute-queries"), "the known names are listed: \(unknown.stderr)")
        let notDemo = try await Binary.run(["doctor", "--setting-off", "execute-queries", "--auth", "client-secret", "--tenant", "t", "--client-id", "c"],
                                           environment: ["AZURE_CLIENT_SECRET": "s"])
        #expect(notDemo.status == 2 && notDemo.stderr.contains("--demo"), "\(notDemo.stderr)")
        #expect(try await Binary.run(["doctor", "--demo", "--output", "xml"]).status == 2)
        let simulator = try await Binary.run(["simulator", "--setting-off", "nope"])
        #expect(simulator.status == 2, "\(simulator.stderr)")
    }
}
