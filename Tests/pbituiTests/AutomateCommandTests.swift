import Foundation
import Testing

/// `pbitui automate`: verdicts and files for the four ways, against the demo tenant and a simulator.
@Suite(.serialized) struct AutomateCommandTests {
    static let group = "f089354e-8366-4e18-aea3-4cb4a3a50b48"
    static let dataset = "cfafbeb1-8037-4d0c-896e-a46fb27ff229"

    static func files(under folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter { !$0.hasSuffix("3-custom-connector") }.sorted()
    }

    @Test func aRefreshAsFourWaysAndAsWholeFlows() async throws {
        let out = Binary.scratch + "/automate-\(UUID().uuidString.prefix(8))"
        let run = try await Binary.run(["automate", "Datasets_RefreshDatasetInGroup", "--groupId", Self.group, "--datasetId", Self.dataset,
                                        "--flow", "refresh-and-wait", "--out", out, "--output", "json", "--demo"])
        #expect(run.status == 0, "\(run.stderr)")
        let ways = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(ways.map { $0["way"] as? Int } == [1, 2, 3, 4])
        // The demo signs in as its confidential client: an app, so the password way needs a user.
        #expect(ways.map { $0["verdict"] as? String } == ["works", "conditional", "works", "conditional"])
        #expect((ways[1]["reasons"] as? [String])?.contains { $0.contains("needs a user account without MFA") } == true)
        #expect(ways.allSatisfy { ($0["files"] as? [String])?.isEmpty == false && ($0["pros"] as? [String])?.isEmpty == false })
        #expect(Self.files(under: out) == [
            "1-http-service-principal-refresh-and-wait.json", "1-http-service-principal.json",
            "2-http-user-password-refresh-and-wait.json", "2-http-user-password.json",
            "3-custom-connector/README.md", "3-custom-connector/apiDefinition.swagger.json", "3-custom-connector/apiProperties.json",
            "3-custom-connector/flow-refresh-and-wait.json",
            "4-http-entra-id-connector-refresh-and-wait.json", "4-http-entra-id-connector.json",
        ])
        // Written for the public cloud, whatever the demo's loopback address; never the demo app's secret.
        for file in Self.files(under: out) {
            let text = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
            #expect(!text.contains("127.0.0.1"), "\(file)")
            #expect(!text.lowercased().contains("client_secret=") || text.contains("client_secret=@{"), "\(file)")
            if file.hasSuffix(".json") { _ = try JSONSerialization.jsonObject(with: Data(text.utf8)) }
        }
        let flow = try String(contentsOfFile: out + "/1-http-service-principal-refresh-and-wait.json", encoding: .utf8)
        #expect(flow.contains("\"Until_the_refresh_ends\"") && flow.contains("https://api.powerbi.com/v1.0/myorg/groups/\(Self.group)/datasets/\(Self.dataset)/refreshes?$top=1"))

        // The table says the ready-made action first.
        let table = try await Binary.run(["automate", "Datasets_RefreshDatasetInGroup", "--groupId", Self.group, "--datasetId", Self.dataset,
                                          "--way", "1", "--out", out + "-table", "--output", "text"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.hasPrefix("Simplest: Power Automate's Power BI connector has \"Refresh a dataset\""))
        #expect(table.stdout.contains("1  works"))
        #expect(Self.files(under: out + "-table") == ["1-http-service-principal.json"])
    }

    @Test func aSignedInAppNeverLeavesItsSecretAndBadUsageExitsTwo() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let out = Binary.scratch + "/automate-sp-\(UUID().uuidString.prefix(8))"
        let run = try await Binary.run(["automate", "GET /groups?$top=5", "--out", out, "--output", "json"] + simulator.connectionArguments,
                                       environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains(simulator.clientSecret))
        for file in Self.files(under: out) {
            let text = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
            #expect(!text.contains(simulator.clientSecret), "\(file) holds the secret")
            #expect(!text.contains("eyJ"), "\(file) holds something like a token")
        }
        // The call was found as an operation (Groups_GetGroups) and its app client id filled in.
        let one = try String(contentsOfFile: out + "/1-http-service-principal.json", encoding: .utf8)
        #expect(one.contains("https://api.powerbi.com/v1.0/myorg/groups?$top=5"))
        #expect(one.contains(simulator.clientId))

        let notRefresh = try await Binary.run(["automate", "Groups_GetGroups", "--flow", "refresh-and-wait", "--out", out])
        #expect(notRefresh.status == 2)
        #expect(notRefresh.stderr.contains("is not a refresh"))
        let missing = try await Binary.run(["automate", "Datasets_RefreshDatasetInGroup", "--groupId", Self.group, "--out", out])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("datasetId"))
        let wrong = try await Binary.run(["automate", "FETCH /groups", "--out", out])
        #expect(wrong.status == 2)
    }

    @Test func tryProvesEachWayAgainstTheDemoTenant() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let alex = try #require(simulator.users.first { !$0.mfa })
        let megan = try #require(simulator.users.first { $0.mfa })
        func tried(_ arguments: [String], user: (username: String, password: String, mfa: Bool), status: Int32 = 0) async throws -> [[String: Any]] {
            let out = Binary.scratch + "/automate-try-\(UUID().uuidString.prefix(8))"
            let run = try await Binary.run(["automate"] + arguments + ["--try", "--out", out, "--output", "json", "--username", user.username]
                                           + simulator.connectionArguments,
                                           environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret, "AZURE_PASSWORD": user.password])
            #expect(run.status == status, "\(run.stderr)")
            if status == 1 { #expect(run.stderr.contains("failed when tried"), "\(run.stderr)") }
            #expect(!run.stdout.contains(simulator.clientSecret) && !run.stdout.contains(user.password))
            return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        }
        // Alex (no MFA): the app and the password grant both get the groups; the delegated ways need a user's sign-in.
        let groups = try await tried(["GET /groups?$top=2"], user: alex)
        #expect((groups[0]["tried"] as? [String: Any])?["status"] as? Int == 200)
        #expect((groups[0]["tried"] as? [String: Any])?["requestId"] is String)
        #expect((groups[1]["tried"] as? [String: Any])?["status"] as? Int == 200)
        #expect(((groups[2]["tried"] as? [String: Any])?["skipped"] as? String)?.contains("delegated sign-in") == true)
        // Megan has MFA: the password grant fails with AADSTS50076; the app is refused on a user-only endpoint.
        // A way that was tried and failed makes the exit status 1 (skipped ways do not count).
        let apps = try await tried(["Apps_GetApps"], user: megan, status: 1)
        #expect(apps[0]["verdict"] as? String == "fails")
        let refusedStatus = (apps[0]["tried"] as? [String: Any])?["status"] as? Int ?? 0
        #expect([401, 403].contains(refusedStatus), "\(apps[0])")
        #expect(((apps[1]["tried"] as? [String: Any])?["error"] as? String)?.contains("AADSTS50076") == true, "\(apps[1])")

        // A user's own sign-in (the password method with the public client) tries the delegated ways 3 and 4.
        var userArguments = simulator.connectionArguments
        userArguments[7] = simulator.publicClientId
        let delegated = try await Binary.run(["automate", "GET /groups?$top=2", "--try", "--output", "json", "--auth", "password", "--username", alex.username,
                                              "--out", Binary.scratch + "/automate-try-user"] + userArguments,
                                             environment: ["AZURE_PASSWORD": alex.password, "XDG_CACHE_HOME": Binary.scratch + "/cache-automate-\(UUID().uuidString.prefix(6))"])
        #expect(delegated.status == 0, "\(delegated.stderr)")
        let viaUser = try #require(try JSONSerialization.jsonObject(with: Data(delegated.stdout.utf8)) as? [[String: Any]])
        #expect(((viaUser[0]["tried"] as? [String: Any])?["skipped"] as? String)?.contains("app's credentials") == true)
        #expect((viaUser[2]["tried"] as? [String: Any])?["status"] as? Int == 200)
        #expect((viaUser[3]["tried"] as? [String: Any])?["status"] as? Int == 200)

        // A call that changes something is sent once per way: only with --yes.
        let refresh = try await Binary.run(["automate", "Datasets_RefreshDatasetInGroup", "--groupId", Self.group, "--datasetId", Self.dataset,
                                            "--try", "--out", Binary.scratch + "/automate-try-no"] + simulator.connectionArguments,
                                           environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret])
        #expect(refresh.status == 2)
        #expect(refresh.stderr.contains("add --yes"))
        let unsigned = try await Binary.run(["automate", "Groups_GetGroups", "--try", "--out", Binary.scratch + "/automate-try-none"],
                                            environment: ["AZURE_TENANT_ID": "", "AZURE_CLIENT_ID": ""])
        #expect(unsigned.status == 2)
        #expect(unsigned.stderr.contains("--try needs a sign-in"))
    }
}
