import CSV
import Foundation
import Testing

/// `pbitui pulses` against `pbitui simulator`: failing datasets first, `--check`'s lines and exit codes, the
/// outputs, a bad window.
@Suite(.serialized) struct PulsesCommandTests {
    func run(_ arguments: [String], _ simulator: SimulatorProcess) async throws -> Binary.Result {
        try await Binary.run(["pulses"] + arguments + simulator.connectionArguments, environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret])
    }

    @Test func checkExitsOneWithALinePerFailedRefreshAndZeroWhenNone() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let check = try await run(["--check", "--workspace", "Sales Analytics"], simulator)
        #expect(check.status == 1, "\(check.stderr)")
        let lines = check.stdout.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("FAILED ") && $0.contains("Sales Analytics / ") }, "\(check.stdout)")
        // Times as the README writes them: local time with the zone named (the tests run the binary with TZ=UTC).
        #expect(lines.allSatisfy { $0.range(of: #"^FAILED \d{4}-\d\d-\d\d \d\d:\d\d UTC "#, options: .regularExpression) != nil }, "\(check.stdout)")
        // A dataset's failure names its RequestId; a dataflow's names its transaction and status, never as a RequestId.
        for line in lines {
            if line.contains(" transaction ") {
                #expect(!line.contains("RequestId") && line.contains(" status "), "\(line)")
            } else {
                #expect(line.contains("RequestId "), "\(line)")
            }
        }
        #expect(check.stdout.contains("HR Headcount ModelRefreshFailed_CredentialsNotSpecified"), "\(check.stdout)")
        let quiet = try await run(["--check", "--since", "1m"], simulator)
        #expect(quiet.status == 0 && quiet.stdout.contains("no refresh failed in the last 1m"), "\(quiet.stdout) \(quiet.stderr)")
        let bad = try await run(["--since", "soon"], simulator)
        #expect(bad.status == 2 && bad.stderr.contains("--since"), "\(bad.stderr)")
    }

    @Test func failingFirstAsJSONAndCSV() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let json = try await run(["--output", "json", "--workspace", "Sales Analytics"], simulator)
        #expect(json.status == 0, "\(json.stderr)")
        let all = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(all.filter { $0["kind"] as? String == "Dataflow" }.count == 6, "the six dataflows, from their transactions")
        let pulses = all.filter { $0["kind"] as? String == "Dataset" }
        #expect(pulses.count == 5, "six datasets, one DirectQuery left out: \(pulses.count)")
        let statuses = pulses.map { $0["lastStatus"] as? String ?? "" }
        #expect(statuses.first == "Failed" && statuses.firstIndex(of: "Failed")! < (statuses.firstIndex(of: "Completed") ?? statuses.count))
        #expect(pulses.first?["errorCode"] as? String == "ModelRefreshFailed_CredentialsNotSpecified")
        #expect((pulses.first?["explanation"] as? String)?.contains("no valid credentials") == true, "the catalogue's words")
        #expect(all.allSatisfy { $0["workspace"] as? String == "Sales Analytics" })
        // Four failures in a row turned the failing dataset's schedule off, as the service does; the others run next on schedule.
        #expect(pulses.first?["scheduleEnabled"] as? Bool == false && pulses.first?["nextRun"] is NSNull)
        #expect(pulses.dropFirst().allSatisfy { $0["nextRun"] is String && $0["scheduleEnabled"] as? Bool == true })
        let failedOnly = try await run(["--failed", "--output", "csv"], simulator)
        let reader = try CSVReader(string: failedOnly.stdout, hasHeaderRow: false)
        var records: [[String]] = []
        while let row = reader.next() { records.append(row) }
        #expect(records.first?.prefix(4) == ["DATASET", "WORKSPACE", "CAPACITY", "STATUS"])
        #expect(records.count > 1 && records.dropFirst().allSatisfy { $0[3] == "Failed" || $0[9].hasPrefix("0/") == false }, "\(failedOnly.stdout)")
    }

    /// `--watch` with `--check`: every interval again, each failure printed once, the scheduled ones as they happen.
    @Test func watchingPrintsEachNewFailureOnce() async throws {
        let simulator = try await SimulatorProcess.start(arguments: ["--workspaces", "3", "--schedule-seconds", "3", "--refresh-seconds", "1"])
        defer { simulator.stop() }
        let started = Date()
        let watched = try await Binary.run(["pulses", "--check", "--since", "2m", "--watch", "5"] + simulator.connectionArguments,
                                           environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret], timeout: 22)
        let lines = watched.stdout.split(separator: "\n").map(String.init)
        #expect(!lines.isEmpty, "scheduled refreshes failed while it watched: \(watched.stdout) \(watched.stderr)")
        #expect(Set(lines).count == lines.count, "no failure twice")
        // "FAILED 2026-12-07 03:25 UTC …": local time to the minute, the zone named (the binary runs with TZ=UTC).
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        for line in lines {
            #expect(line.hasPrefix("FAILED ") && (line.contains("RequestId ") || line.contains(" transaction ")), "\(line)")
            let words = line.split(separator: " ")
            let time = words.count > 3 && words[3] == "UTC" ? formatter.date(from: "\(words[1]) \(words[2])") : nil
            #expect(time.map { $0 >= started.addingTimeInterval(-61) } == true, "a refresh of this run: \(line)")
        }
        let bad = try await run(["--watch", "1"], simulator)
        #expect(bad.status == 2 && bad.stderr.contains("--watch"), "\(bad.stderr)")
    }
}
