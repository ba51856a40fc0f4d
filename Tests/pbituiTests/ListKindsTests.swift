import CSV
import Foundation
import Testing

/// `ls users` and `--output csv` for every kind, against `pbitui simulator`: CSV read back with a CSV parser.
@Suite(.serialized) struct ListKindsTests {
    func run(_ arguments: [String], _ simulator: SimulatorProcess) async throws -> Binary.Result {
        try await Binary.run(arguments + simulator.connectionArguments, environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret])
    }

    /// The records of a CSV text, the header first, as a reader of RFC 4180 sees them.
    static func records(_ text: String) throws -> [[String]] {
        let reader = try CSVReader(string: text, hasHeaderRow: false)
        var records: [[String]] = []
        while let row = reader.next() { records.append(row) }
        return records
    }

    @Test func usersOfAWorkspaceAsATableJSONAndCSV() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let table = try await run(["ls", "users", "--workspace", "Sales Analytics"], simulator)
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("IDENTIFIER") == true && lines.first?.contains("ACCESS") == true, "\(table.stdout)")
        #expect(table.stdout.contains("alex@") && table.stdout.contains("Admin"), "\(table.stdout)")
        let json = try await run(["ls", "users", "--workspace", "Sales Analytics", "--output", "json"], simulator)
        let users = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(users.count == lines.count - 1)
        #expect(Set(users.compactMap { $0["principalType"] as? String }) == ["User", "App", "Group"])
        #expect(users.allSatisfy { $0["groupUserAccessRight"] is String && $0["identifier"] is String })
        let csv = try await run(["ls", "users", "--workspace", "Sales Analytics", "--output", "csv"], simulator)
        #expect(csv.status == 0, "\(csv.stderr)")
        let records = try Self.records(csv.stdout)
        #expect(records.first == ["IDENTIFIER", "NAME", "TYPE", "ACCESS", "EMAIL"])
        #expect(records.count == users.count + 1)
        // A name with a comma, quotes, CJK and an emoji comes back whole from a CSV reader.
        #expect(records.contains { $0.count == 5 && $0[1] == "BI Readers, \"EMEA\" 売上 📊" && $0[2] == "Group" }, "\(csv.stdout)")
        #expect(csv.stdout.contains("\"BI Readers, \"\"EMEA\"\" 売上 📊\""), "quoted, quotes doubled")
        #expect(csv.stdout.hasSuffix("\r\n") && csv.stdout.contains("EMAIL\r\n"), "records end in CRLF")
        // My workspace has no users list.
        let mine = try await run(["ls", "users", "--workspace", "me"], simulator)
        #expect(mine.status == 2 && mine.stderr.contains("My workspace has no list of users"), "\(mine.stderr)")
    }

    @Test func everyKindPrintsCSVWithTheTablesColumns() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        for kind in ["workspaces", "reports", "datasets", "dashboards", "dataflows", "users"] {
            let scoped = kind == "workspaces" ? [] : ["--workspace", "Sales Analytics"]
            let table = try await run(["ls", kind] + scoped, simulator)
            let csv = try await run(["ls", kind, "--output", "csv"] + scoped, simulator)
            #expect(table.status == 0 && csv.status == 0, "\(kind): \(table.stderr) \(csv.stderr)")
            let records = try Self.records(csv.stdout)
            let tableLines = table.stdout.split(separator: "\n")
            #expect(records.count == tableLines.count, "\(kind): one record per table line")
            let headers = try #require(records.first)
            #expect(tableLines.first.map { String($0).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
                    == headers.joined(separator: " "), "\(kind): the table's column names")
            #expect(records.dropFirst().allSatisfy { $0.count == headers.count }, "\(kind): every record has every field")
        }
        // Refreshes too, with the dataset's history.
        let refreshes = try await run(["ls", "refreshes", "--workspace", "Sales Analytics", "--dataset", "Sales Model", "--output", "csv"], simulator)
        #expect(refreshes.status == 0, "\(refreshes.stderr)")
        #expect(try Self.records(refreshes.stdout).first == ["REQUEST ID", "TYPE", "STATUS", "STARTED", "DURATION", "ERROR"])
    }

    @Test func csvKeepsLineBreaksQuotedAndEscapesWhatWouldActOnATerminal() async throws {
        let simulator = try await SimulatorProcess.start(arguments: ["--hostile-names"])
        defer { simulator.stop() }
        let hostile = "7ec94ef3-72a0-4f7e-82ac-6657a3da0c9d"
        let csv = try await run(["ls", "users", "--workspace", hostile, "--output", "csv"], simulator)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(!csv.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        let records = try Self.records(csv.stdout)
        #expect(records.contains { $0.count == 5 && $0[1] == "Ops\nReaders, \"night\" \\u{1B}[31mshift" }, "\(records)")
        let workspaces = try await run(["ls", "workspaces", "--output", "csv"], simulator)
        #expect(workspaces.stdout.contains(#"Ops \u{1B}]0;PWNED\u{7}"#))
        #expect(!workspaces.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
    }
}

/// `ls apps` and `ls capacities`: tenant lists, with the refusal of Apps_GetApps to service principals in words.
@Suite(.serialized) struct TenantListTests {
    @Test func capacitiesForAnAppTokenAndAppsRefusedWithTheReason() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let environment = ["AZURE_CLIENT_SECRET": simulator.clientSecret]
        let table = try await Binary.run(["ls", "capacities"] + simulator.connectionArguments, environment: environment)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.split(separator: "\n").first.map { $0.hasPrefix("ID") && $0.contains("SKU") && $0.contains("ADMINS") } == true)
        #expect(table.stdout.contains("Contoso Premium P1") && table.stdout.contains("Active") && table.stdout.contains("West Europe"))
        let csv = try await Binary.run(["ls", "capacities", "--output", "csv"] + simulator.connectionArguments, environment: environment)
        let records = try ListKindsTests.records(csv.stdout)
        #expect(records.first == ["ID", "NAME", "SKU", "STATE", "REGION", "ADMINS", "ACCESS"])
        #expect(records.contains { $0[1] == "Fabric F64, paused" && $0[3] == "Suspended" }, "\(records)")
        let json = try await Binary.run(["ls", "capacities", "--output", "json"] + simulator.connectionArguments, environment: environment)
        let capacities = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(capacities.count == 2 && capacities.allSatisfy { $0["state"] is String && $0["capacityUserAccessRight"] is String })
        let apps = try await Binary.run(["ls", "apps"] + simulator.connectionArguments, environment: environment)
        #expect(apps.status == 1)
        #expect(apps.stderr.contains("does not accept service principals"), "\(apps.stderr)")
        // A user sees the apps installed for them.
        let users = try #require(simulator.info["users"] as? [[String: Any]])
        let alex = try #require(users.first { $0["mfa"] as? Bool == false })
        let publicClient = try #require((simulator.info["publicClient"] as? [String: Any])?["clientId"] as? String)
        var arguments = simulator.connectionArguments
        arguments[7] = publicClient
        let cache = Binary.scratch + "/cache-apps-\(UUID().uuidString.prefix(6))"
        let byUser = try await Binary.run(["ls", "apps", "--output", "csv", "--auth", "password", "--username", alex["username"] as! String] + arguments,
                                          environment: ["AZURE_PASSWORD": alex["password"] as! String, "XDG_CACHE_HOME": cache])
        #expect(byUser.status == 0, "\(byUser.stderr)")
        let appRecords = try ListKindsTests.records(byUser.stdout)
        #expect(appRecords.first == ["ID", "NAME", "PUBLISHED BY", "LAST UPDATE", "DESCRIPTION"])
        #expect(appRecords.contains { $0[1] == "Sales, \"Global\" 売上" && $0[2] == "Alex Wilber" }, "\(appRecords)")
        // An app's reports and dashboards, the app named by its name (commas, quotes and CJK included) or id.
        let userArguments = ["--auth", "password", "--username", alex["username"] as! String] + arguments
        let userEnvironment = ["AZURE_PASSWORD": alex["password"] as! String, "XDG_CACHE_HOME": cache]
        let reports = try await Binary.run(["ls", "reports", "--app", "Sales, \"Global\" 売上", "--output", "json"] + userArguments, environment: userEnvironment)
        #expect(reports.status == 0, "\(reports.stderr)")
        let appReports = try #require(try JSONSerialization.jsonObject(with: Data(reports.stdout.utf8)) as? [[String: Any]])
        let appId = try #require(appRecords.first { $0[1] == "Sales, \"Global\" 売上" }?[0])
        #expect(!appReports.isEmpty && appReports.allSatisfy { ($0["appId"] as? String)?.lowercased() == appId.lowercased() }, "\(appReports)")
        let dashboards = try await Binary.run(["ls", "dashboards", "--app", appId.uppercased(), "--output", "csv"] + userArguments, environment: userEnvironment)
        #expect(dashboards.status == 0, "\(dashboards.stderr)")
        #expect(try ListKindsTests.records(dashboards.stdout).first == ["ID", "NAME", "READ-ONLY"])
        let datasets = try await Binary.run(["ls", "datasets", "--app", appId] + userArguments, environment: userEnvironment)
        #expect(datasets.status == 2 && datasets.stderr.contains("an app's reports or dashboards"), "\(datasets.stderr)")
        let unknown = try await Binary.run(["ls", "reports", "--app", "No Such App"] + userArguments, environment: userEnvironment)
        #expect(unknown.status == 2 && unknown.stderr.contains("pbitui ls apps lists them"), "\(unknown.stderr)")
        // A user's workspaces start with My workspace, as on the screen (`me`, as --workspace takes it); an app's do not.
        let mine = try await Binary.run(["ls", "workspaces", "--output", "csv"] + userArguments, environment: userEnvironment)
        #expect(mine.status == 0, "\(mine.stderr)")
        #expect(try ListKindsTests.records(mine.stdout).dropFirst().first == ["me", "My workspace", "Shared"], "\(mine.stdout)")
        let theirs = try await Binary.run(["ls", "workspaces", "--output", "csv"] + simulator.connectionArguments, environment: environment)
        #expect(try !ListKindsTests.records(theirs.stdout).contains { $0.first == "me" }, "\(theirs.stdout)")
    }
}
