import Foundation
import Testing

/// `pbitui ops` and `pbitui call` (the operations of the official description).
@Suite(.serialized) struct OperationCommandTests {
    func run(_ arguments: [String], _ simulator: SimulatorProcess) async throws -> Binary.Result {
        try await Binary.run(arguments + simulator.connectionArguments, environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret])
    }

    @Test func opsListsSearchesAndShows() async throws {
        let all = try await Binary.run(["ops", "--output", "json"])
        #expect(all.status == 0, "\(all.stderr)")
        let operations = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])
        #expect(operations.count == 286)
        let executeQueries = try #require(operations.first { $0["operationId"] as? String == "Datasets_ExecuteQueriesInGroup" })
        #expect(executeQueries["method"] as? String == "POST")
        #expect(executeQueries["tag"] as? String == "Datasets")
        #expect(executeQueries["servicePrincipal"] as? String == "conditional")
        #expect(executeQueries["condition"] as? String == "not for datasets with RLS or SSO")
        #expect(executeQueries["scopes"] as? [String] == ["Dataset.ReadWrite.All", "Dataset.Read.All"])
        #expect(operations.first { $0["operationId"] as? String == "Apps_GetApps" }?["condition"] == nil)
        // The words are DESIGN.md's: yes, no, only, conditional, unknown (where the description does not say).
        let words = Set(operations.compactMap { $0["servicePrincipal"] as? String })
        #expect(words == ["yes", "no", "only", "conditional", "unknown"], "\(words)")

        let found = try await Binary.run(["ops", "refresh", "history", "--tag", "Datasets"])
        #expect(found.status == 0, "\(found.stderr)")
        let lines = found.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("TAG") == true)
        #expect(lines.count == 3, "\(found.stdout)")
        #expect(found.stdout.contains("Datasets_GetRefreshHistoryInGroup"))

        let nothing = try await Binary.run(["ops", "no-such-words-anywhere"])
        #expect(nothing.status == 1)
        let badTag = try await Binary.run(["ops", "--tag", "Nope"])
        #expect(badTag.status == 2)
        #expect(badTag.stderr.contains("Datasets"))

        let shown = try await Binary.run(["ops", "show", "datasets_executequeriesingroup"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("POST /v1.0/myorg/groups/{groupId}/datasets/{datasetId}/executeQueries"))
        #expect(shown.stdout.contains("Service principals: conditional: not for datasets with RLS or SSO"))
        #expect(shown.stdout.contains("\"query\": \"\""), "the body to start from")
        // Links are shown as their text.
        #expect(shown.stdout.contains("see Manage dataset access permissions"))
        #expect(!shown.stdout.contains("](/power-bi"))
        let unknown = try await Binary.run(["ops", "show", "Datasets_GetRefreshHistoryInGrop"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean"))
    }

    @Test func callChecksItsArgumentsBeforeAnythingIsSent() async throws {
        // Nothing listens on port 9: a call that got as far as sending would fail with 1, not 2.
        let nowhere = ["--authority-host", "http://127.0.0.1:9", "--api-root", "http://127.0.0.1:9", "--tenant", "t", "--client-id", "c"]
        let environment = ["AZURE_CLIENT_SECRET": "s3cr3t-not-used"]
        let missing = try await Binary.run(["call", "Datasets_GetRefreshHistoryInGroup", "--groupId", "g"] + nowhere, environment: environment)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("needs --datasetId"))
        let outside = try await Binary.run(["call", "Reports_ExportReportInGroup", "--groupId", "g", "--reportId", "r",
                                            "--downloadType", "Everything"] + nowhere, environment: environment)
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("'Everything' is not one of IncludeModel, LiveConnect"))
        let unknown = try await Binary.run(["call", "Groups_GetGroups", "--workspace", "x"] + nowhere, environment: environment)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("its parameters are --$filter, --$top, --$skip"))
        let notANumber = try await Binary.run(["call", "Groups_GetGroups", "--top", "ten"] + nowhere, environment: environment)
        #expect(notANumber.status == 2)
        #expect(notANumber.stderr.contains("not an integer"))
        let noBody = try await Binary.run(["call", "Datasets_ExecuteQueriesInGroup", "--groupId", "g", "--datasetId", "d"] + nowhere, environment: environment)
        #expect(noBody.status == 2)
        #expect(noBody.stderr.contains("needs a body"))
        let unasked = try await Binary.run(["call", "Datasets_RefreshDatasetInGroup", "--groupId", "g", "--datasetId", "d",
                                            "--body", #"{"notifyOption":"NoNotification"}"#] + nowhere, environment: environment, stdin: "")
        #expect(unasked.status == 2)
        #expect(unasked.stderr.contains("add --yes"))
        let readOnly = try await Binary.run(["call", "Datasets_RefreshDatasetInGroup", "--groupId", "g", "--datasetId", "d", "--read-only", "--yes",
                                             "--body", #"{"notifyOption":"NoNotification"}"#] + nowhere, environment: environment)
        #expect(readOnly.status == 2)
        #expect(readOnly.stderr.contains("only reads are sent"))
    }

    @Test func callSendsPrintsAndExplainsWhatTheDemoTenantDoesNotModel() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let groups = try await run(["call", "Groups_GetGroups", "--top", "2", "--$filter", "name eq 'Sales Analytics'"], simulator)
        #expect(groups.status == 0, "\(groups.stderr)")
        #expect(groups.stderr.contains("HTTP 200"))
        #expect(groups.stderr.contains("RequestId"))
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(groups.stdout.utf8)) as? [String: Any])
        let value = try #require(answer["value"] as? [[String: Any]])
        #expect(value.count == 1)
        let workspace = try #require(value.first?["id"] as? String)
        let datasets = try await run(["ls", "datasets", "--workspace", workspace, "--output", "json"], simulator)
        let dataset = try #require((try JSONSerialization.jsonObject(with: Data(datasets.stdout.utf8)) as? [[String: Any]])?.first?["id"] as? String)
        let history = try await run(["call", "Datasets_GetRefreshHistoryInGroup", "--groupId", workspace, "--datasetId", dataset, "--top", "1"], simulator)
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("\"value\""))

        let gateways = try await run(["call", "Dashboards_GetDashboards"], simulator)
        #expect(gateways.status == 1)
        #expect(gateways.stderr.contains("the demo tenant does not model Dashboards_GetDashboards"))
        let create = try await run(["call", "Groups_CreateGroup", "--body", #"{"name":"New"}"#, "--yes"], simulator)
        #expect(create.status == 1)
        #expect(create.stderr.contains("does not model Groups_CreateGroup"))
    }
}

/// `--spec FILE` and a profile's `specs`: another Entra-protected API's Swagger 2.0 or OpenAPI 3 description.
@Suite(.serialized) struct SpecCommandTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("APIDescriptionsTests/Fixtures/multi/api.json").path

    @Test func opsListsAndShowsTheOperationsOfAnotherDescription() async throws {
        let listed = try await Binary.run(["ops", "--spec", Self.fixture, "items"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.split(separator: "\n").first?.hasPrefix("API") == true)
        #expect(listed.stdout.contains("Contoso Inventory") && listed.stdout.contains("Items_List"))
        let json = try await Binary.run(["ops", "--spec", Self.fixture, "--tag", "Items", "--output", "json"])
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(objects.map { $0["operationId"] as? String } == ["Items_List", "Items_Create"])
        #expect(objects.allSatisfy { $0["api"] as? String == "Contoso Inventory" })
        #expect(objects.first?["path"] as? String == "/v1/workspaces/{workspaceId}/items")
        let shown = try await Binary.run(["ops", "show", "Items_Create", "--spec", Self.fixture])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("Service principals: no"))
        #expect(shown.stdout.contains("\"displayName\": \"\""), "the body from the schema in common/definitions.json")
        let missing = try await Binary.run(["ops", "--spec", "/nonexistent/api.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/api.json: cannot read it"))
        // OpenAPI 3 in YAML, with schemas in a file next to it.
        let yaml = URL(fileURLWithPath: Self.fixture).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("openapi3/api.yaml").path
        let orders = try await Binary.run(["ops", "--spec", yaml, "--tag", "Orders", "--output", "json"])
        #expect(orders.status == 0, "\(orders.stderr)")
        let listed3 = try #require(try JSONSerialization.jsonObject(with: Data(orders.stdout.utf8)) as? [[String: Any]])
        #expect(listed3.compactMap { $0["operationId"] as? String }.sorted() == ["Orders_Create", "Orders_List"])
        #expect(listed3.first { $0["operationId"] as? String == "Orders_Create" }?["scopes"] as? [String] == ["Orders.ReadWrite"])
        let broken = Binary.scratch + "/openapi3-\(UUID().uuidString.prefix(6)).yaml"
        try "openapi: 3.1.0\ninfo: {version: '1'}\npaths: {}\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let refused = try await Binary.run(["ops", "--spec", broken])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("not a valid OpenAPI 3.1.0 description"), "\(refused.stderr)")
    }

    @Test func aProfileNamesItsSpecs() async throws {
        let home = Binary.scratch + "/config-spec-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home + "/pbitui", withIntermediateDirectories: true)
        try "[profiles.inventory]\nspecs = [\"\(Self.fixture)\"]\n".write(toFile: home + "/pbitui/config.toml", atomically: true, encoding: .utf8)
        let listed = try await Binary.run(["ops", "--profile", "inventory", "--tag", "Items", "--output", "json"], environment: ["XDG_CONFIG_HOME": home])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("Items_Create"))
        try "[profiles.inventory]\nspecs = \"one.json\"\n".write(toFile: home + "/pbitui/config.toml", atomically: true, encoding: .utf8)
        let wrong = try await Binary.run(["ops", "--profile", "inventory"], environment: ["XDG_CONFIG_HOME": home])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("expected an array"))
    }

    @Test func callSendsToTheHostTheDescriptionNames() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        // A description of a loopback API: the demo tenant's own Power BI paths, at the host it listens on.
        let host = try #require(URL(string: simulator.apiRoot)).host! + ":" + String(try #require(URL(string: simulator.apiRoot)?.port))
        let spec = Binary.scratch + "/loopback-\(UUID().uuidString.prefix(6)).json"
        try """
            {"swagger":"2.0","info":{"title":"Loopback","version":"1"},"host":"\(host)","basePath":"/v1.0/myorg",
             "paths":{"/groups":{"get":{"operationId":"Loopback_Groups","parameters":[{"name":"$top","in":"query","type":"integer"}],
             "responses":{"200":{"description":"OK"}}}}}}
            """.write(toFile: spec, atomically: true, encoding: .utf8)
        let arguments = ["call", "Loopback_Groups", "--spec", spec, "--top", "1", "--resource", "https://analysis.windows.net/powerbi/api"]
            + simulator.connectionArguments
        let answer = try await Binary.run(arguments, environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret])
        #expect(answer.status == 0, "\(answer.stderr)")
        #expect(answer.stderr.contains("HTTP 200"))
        #expect(answer.stdout.contains("\"value\""))
        let badAudience = try await Binary.run(["call", "Loopback_Groups", "--spec", spec, "--resource", "contoso"] + simulator.connectionArguments,
                                               environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret])
        #expect(badAudience.status == 2)
        #expect(badAudience.stderr.contains("is not an audience"))
        // OpenAPI 3 in YAML: the audience comes from the description's OAuth2 scope, no --resource needed.
        let yaml = try simulator.loopbackSpec(title: "Loopback 3", operationId: "Loopback3_Groups")
        let answer3 = try await Binary.run(["call", "Loopback3_Groups", "--spec", yaml, "--top", "1"] + simulator.connectionArguments,
                                           environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret])
        #expect(answer3.status == 0, "\(answer3.stderr)")
        #expect(answer3.stdout.contains("\"value\""))
        let remote = try await Binary.run(["call", "Items_List", "--spec", Self.fixture, "--workspaceId", "w", "--demo"])
        #expect(remote.status == 2)
        #expect(remote.stderr.contains("serves the Power BI API only"))
    }
}
