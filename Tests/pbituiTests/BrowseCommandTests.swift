import Foundation
import Testing

/// `ls` of every kind, `refresh` and `api` against `pbitui simulator` (DESIGN.md §3).
@Suite(.serialized) struct BrowseCommandTests {
    func run(_ arguments: [String], _ simulator: SimulatorProcess) async throws -> Binary.Result {
        try await Binary.run(arguments + simulator.connectionArguments, environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret])
    }

    func datasets(_ simulator: SimulatorProcess, workspace: String = "Sales Analytics") async throws -> [[String: Any]] {
        let result = try await run(["ls", "datasets", "--workspace", workspace, "--output", "json"], simulator)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test func listsEveryKindInAWorkspaceByNameOrId() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let datasets = try await datasets(simulator)
        #expect(datasets.count == 6)
        #expect(datasets.allSatisfy { $0["id"] is String && $0["@odata.context"] == nil })
        for kind in ["reports", "dashboards", "dataflows"] {
            let result = try await run(["ls", kind, "--workspace", "sales analytics"], simulator)
            #expect(result.status == 0, "\(kind): \(result.stderr)")
            #expect(result.stdout.split(separator: "\n").count == 7, "\(kind): a header and six rows\n\(result.stdout)")
        }
        let all = try await run(["ls", "dataflows"], simulator)
        #expect(all.status == 0)
        #expect(all.stdout.contains("WORKSPACE"), "items of every workspace name their workspace")
        let unknown = try await run(["ls", "reports", "--workspace", "No Such Workspace"], simulator)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no workspace with the id or name"))
    }

    /// What an administrator looks for first: each dataset's last refresh, in the table.
    @Test func lsDatasetsShowsEachLastRefresh() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let result = try await run(["ls", "datasets", "--workspace", "Sales Analytics"], simulator)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("LAST REFRESH") == true && lines.first?.contains("DURATION") == true, "\(lines.first ?? "")")
        #expect(lines.contains { $0.contains("HR Headcount") && $0.contains("Failed ModelRefreshFailed_CredentialsNotSpecified") }, "\(result.stdout)")
        #expect(lines.contains { $0.contains("Sales Model") && $0.contains("Completed") && $0.range(of: #"\d+m \d\ds"#, options: .regularExpression) != nil },
                "durations as the UI writes them (4m 02s): \(result.stdout)")
        #expect(lines.contains { $0.contains("DirectQuery") || $0.contains("Inventory Snapshot") })
        // The JSON stays the service's own objects.
        let json = try await run(["ls", "datasets", "--workspace", "Sales Analytics", "--output", "json"], simulator)
        #expect(!json.stdout.contains("LAST REFRESH") && !json.stdout.contains("lastRefresh"))
    }

    @Test func myWorkspaceIsForUsersOnly() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let result = try await run(["ls", "datasets", "--workspace", "me"], simulator)
        #expect(result.status == 1)
        #expect(result.stderr.contains("My workspace, which exists only for users"), "\(result.stderr)")
        let version = try await Binary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("pbitui "))
    }

    @Test func theSimulatorsLineNamesTheExpiredSecretAndTheBlockedServicePrincipal() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let confidential = try #require(simulator.info["confidentialClient"] as? [String: Any])
        let expired = try #require(confidential["expiredSecret"] as? String)
        let blocked = try #require(simulator.info["blockedClient"] as? [String: Any])
        let blockedId = try #require(blocked["clientId"] as? String)
        let blockedSecret = try #require(blocked["clientSecret"] as? String)
        let byExpired = try await Binary.run(["ls", "workspaces"] + simulator.connectionArguments, environment: ["AZURE_CLIENT_SECRET": expired])
        #expect(byExpired.status == 1)
        #expect(byExpired.stderr.contains("AADSTS7000222"), "\(byExpired.stderr)")
        var arguments = simulator.connectionArguments
        arguments[arguments.firstIndex(of: "--client-id")! + 1] = blockedId
        let byBlocked = try await Binary.run(["ls", "datasets", "--workspace", "Sales Analytics"] + arguments,
                                             environment: ["AZURE_CLIENT_SECRET": blockedSecret])
        #expect(byBlocked.status != 0)
        #expect(byBlocked.stderr.contains("401") || byBlocked.stderr.contains("no workspace"), "\(byBlocked.stderr)")
    }

    @Test func refreshWaitsForTheEndAndExitsByTheOutcome() async throws {
        let simulator = try await SimulatorProcess.start(arguments: ["--refresh-seconds", "1"])
        defer { simulator.stop() }
        let datasets = try await datasets(simulator)
        let good = try #require(datasets[0]["id"] as? String)
        let result = try await run(["refresh", "--workspace", "Sales Analytics", "--dataset", good, "--wait"], simulator)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.count == 36, "the request id comes first: \(lines)")
        #expect(lines.last == "Completed")
        let history = try await run(["ls", "refreshes", "--workspace", "Sales Analytics", "--dataset", good], simulator)
        #expect(history.stdout.contains(lines[0]), "the history knows the request id")

        let failing = try #require(datasets[5]["id"] as? String)
        let failed = try await run(["refresh", "--workspace", "Sales Analytics", "--dataset", failing, "--wait"], simulator)
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("Failed ModelRefreshFailed_CredentialsNotSpecified"), "\(failed.stdout)")

        let directQuery = try #require(datasets[3]["id"] as? String)
        let refused = try await run(["refresh", "--workspace", "Sales Analytics", "--dataset", directQuery], simulator)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("cannot be refreshed"), "\(refused.stderr)")
        #expect(refused.stderr.contains("RequestId"))
    }

    @Test func enhancedOptionsAreCheckedBeforeAnythingIsSent() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let bad = try await run(["refresh", "--workspace", "x", "--dataset", "y", "--type", "Everything"], simulator)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--type"))
        let combination = try await run(["refresh", "--workspace", "x", "--dataset", "y", "--commit-mode", "PartialBatch"], simulator)
        #expect(combination.status == 2)
        #expect(combination.stderr.contains("--no-apply-refresh-policy"))
        let posts = try Spawn.run(["curl", "-s", simulator.apiRoot + "/_simulator/stats"], captureOutput: true).output
        #expect(posts.contains("\"refreshPosts\":0") || posts.contains("\"refreshPosts\" : 0"), "\(posts)")
    }

    @Test func apiPrintsTheAnswerAndKeepsTheTokenOnItsHost() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let groups = try await run(["api", "GET", "/groups"], simulator)
        #expect(groups.status == 0, "\(groups.stderr)")
        #expect(groups.stderr.contains("HTTP 200"))
        #expect(groups.stdout.contains("\"value\""))
        let same = try await run(["api", "get", "/v1.0/myorg/groups?$top=1"], simulator)
        #expect(same.status == 0, "\(same.stderr)")
        let elsewhere = try await run(["api", "GET", "https://evil.example.com/v1.0/myorg/groups"], simulator)
        #expect(elsewhere.status == 1)
        #expect(elsewhere.stderr.contains("goes only to 127.0.0.1"))
        let missing = try await run(["api", "GET", "/groups/00000000-0000-0000-0000-000000000000/reports"], simulator)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("HTTP 404"))
        #expect(missing.stderr.contains("RequestId"))
        let badBody = try await run(["api", "POST", "/groups", "--body", "{not json"], simulator)
        #expect(badBody.status == 2)
    }
}

/// `pbitui decode` and `pbitui verify` (DESIGN.md §3).
@Suite(.serialized) struct TokenCommandTests {
    @Test func decodeExplainsAndVerifyChecksASimulatorToken() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let environment = ["AZURE_CLIENT_SECRET": simulator.clientSecret]
        let token = try await Binary.run(["token", "--raw"] + simulator.connectionArguments, environment: environment).stdout
        let decoded = try await Binary.run(["decode", "--output", "json"], stdin: token)
        #expect(decoded.status == 0, "\(decoded.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(decoded.stdout.utf8)) as? [String: Any])
        #expect((json["header"] as? [String: Any])?["alg"] as? String == "RS256")
        #expect((json["payload"] as? [String: Any])?["aud"] as? String == "https://analysis.windows.net/powerbi/api")
        let text = try await Binary.run(["decode", "-"], stdin: "Bearer " + token)
        #expect(text.stdout.contains("App-only token"))
        #expect(text.stdout.contains("appidacr") && text.stdout.contains("client secret"))
        #expect(!text.stdout.contains(token.trimmingCharacters(in: .whitespacesAndNewlines)), "decode never prints the token back")
        let verified = try await Binary.run(["verify", "--authority-host", simulator.authorityHost,
                                             "--audience", "https://analysis.windows.net/powerbi/api"], stdin: token)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("✓ signature"))
        #expect(verified.stdout.hasSuffix("verified\n"))
        let wrongAudience = try await Binary.run(["verify", "--authority-host", simulator.authorityHost, "--audience", "https://graph.microsoft.com"], stdin: token)
        #expect(wrongAudience.status == 1)
        #expect(wrongAudience.stderr.contains("not verified: aud"))
        let asJSON = try await Binary.run(["verify", "--output", "json", "--authority-host", simulator.authorityHost], stdin: token)
        #expect(asJSON.status == 0, "\(asJSON.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(asJSON.stdout.utf8)) as? [String: Any])
        #expect(report["outcome"] as? String == "verified")
        #expect((report["checks"] as? [[String: Any]])?.contains { $0["name"] as? String == "signature" && $0["passed"] as? Bool == true } == true)
        let huge = try await Binary.run(["decode"], stdin: "eyJhbGciOiJSUzI1NiJ9." + String(repeating: "A", count: 1 << 20) + ".c2ln")
        #expect(huge.status == 2)
        #expect(huge.stderr.contains("up to 1 MiB"))
    }

    @Test(arguments: [
        ("eyJhbGciOiJSUzI1NiJ9.eyJpc3Mi*E.c2ln", "invalid base64url character '*' at offset 8"),
        ("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d", "encrypted token (JWE"),
        ("eyJhbGciOiJub25lIn0.WzEsMl0.", "payload segment is an array"),
        ("abc.def", "found 2"),
    ])
    func malformedTokensNameTheirFault(input: String, fault: String) async throws {
        let result = try await Binary.run(["decode"], stdin: input)
        #expect(result.status == 2)
        #expect(result.stderr.contains(fault), "\(result.stderr)")
    }

    @Test func controlCharactersInClaimsAreShownEscaped() async throws {
        let payload = Data(#"{"name":"\u001b[31mred\u202e","exp":4000000000}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let result = try await Binary.run(["decode"], stdin: "eyJhbGciOiJSUzI1NiJ9.\(payload).c2ln")
        #expect(result.status == 0)
        #expect(result.stdout.contains(#"\u{1B}[31mred\u{202E}"#))
        #expect(!result.stdout.contains("\u{1B}[31m".unicodeScalars.first.map(String.init)! + "[31m"))
    }

    /// `alg: none` and HMAC are refused before any key is looked for: no `tid`, no issuer, no discovery needed.
    @Test(arguments: [("none", "alg none"), ("HS256", "HMAC")])
    func aRefusedAlgorithmIsNamedBeforeKeys(algorithm: String, said: String) async throws {
        func segment(_ json: String) -> String {
            Data(json.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let token = segment(#"{"alg":"\#(algorithm)","typ":"JWT"}"#) + "." + segment(#"{"aud":"https://analysis.windows.net/powerbi/api","exp":4000000000}"#) + "."
        let result = try await Binary.run(["verify"], stdin: token)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(said), "\(result.stderr)")
        #expect(!result.stderr.contains("signing keys") && !result.stderr.contains("kid"), "nothing about keys: \(result.stderr)")
        #expect(result.stdout.contains("✗ algorithm"))
    }

    @Test(arguments: ["abc.def", "not a token at all", "eyJhbGciOiJub25lIn0.WzEsMl0.", ""])
    func notATokenExitsTwoNamingTheFault(input: String) async throws {
        for command in ["decode", "verify"] {
            let result = try await Binary.run([command], stdin: input)
            #expect(result.status == 2, "\(command) \(input): \(result.stderr)")
            #expect(result.stderr.contains("JWT") || result.stderr.contains("token"), "\(result.stderr)")
        }
    }
}
