import Foundation
import Testing
import Tokens
@testable import Simulator

/// `executeQueries` as the service answers it (reference/workbench.md §1 and §9).
@Suite struct ExecuteQueriesEndpointTests {
    struct Found {
        let workspace: DemoWorkspace
        let dataset: DemoDataset
        var path: String { "/groups/\(workspace.id)/datasets/\(dataset.id)/executeQueries" }
    }

    /// The first dataset whose name starts with `prefix` in a workspace `member` belongs to.
    static func find(_ prefix: String, member: String, in core: SimulatorCore) -> Found? {
        for (index, workspace) in core.tenant.workspaces.enumerated() where workspace.members.contains(member) {
            let content = DemoContent.generate(seed: core.tenant.seed, workspaceIndex: index, count: core.tenant.itemsPerWorkspace, owner: "x")
            if let dataset = content.datasets.first(where: { $0.name.hasPrefix(prefix) }) { return Found(workspace: workspace, dataset: dataset) }
        }
        return nil
    }

    static func body(_ query: String, extra: String = "") -> String {
        let text = String(decoding: JSONValue.string(query).serializedBytes(), as: UTF8.self)
        return #"{"queries":[{"query":\#(text)}]\#(extra)}"#
    }

    func post(_ core: SimulatorCore, _ path: String, _ body: String, token: String) -> SimResponse {
        core.handle(SimRequest(method: "POST", path: "/v1.0/myorg" + path, query: [],
                               headers: ["Authorization": "Bearer \(token)", "Host": "127.0.0.1:1"], body: Data(body.utf8)))
    }

    func userToken(_ core: SimulatorCore, scopes: [String] = DemoTenant.consentedPermissions) throws -> (String, DemoUser) {
        let user = try #require(core.tenant.users.first)
        return (try core.issuer.userToken(for: core.tenant.publicClient, user: user, audience: TokenIssuer.powerBIResource,
                                          scopes: scopes, authMethods: ["pwd"]), user)
    }

    @Test func rowsLeaveBlanksOutUnlessAskedAndStartWithAByteOrderMark() throws {
        let fixture = try ContentTests.Fixture()
        let sp = fixture.core.tenant.confidentialClient.servicePrincipal!.objectId
        let found = try #require(Self.find("Sales Model", member: sp, in: fixture.core) ?? Self.find("Finance", member: sp, in: fixture.core))
        let query = #"EVALUATE TOPN(40, Sales, Sales[Order Number], ASC)"#
        let response = post(fixture.core, found.path, Self.body(query), token: fixture.token)
        #expect(response.status == 200)
        #expect(Array(response.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let rows = try #require(try JSONValue.parse(response.body)["results"]?.arrayValue?.first?["tables"]?.arrayValue?.first?["rows"]?.arrayValue)
        #expect(rows.count == 40)
        #expect(rows.first?.objectValue?.keys.first == "Sales[Order Number]")
        #expect(String(decoding: response.body, as: UTF8.self).contains(#""Sales[Order Number]":9007199254740993"#), "exact past 2^53")
        #expect(rows.contains { $0["Sales[Discount]"] == nil }, "a blank discount is left out")
        let withNulls = post(fixture.core, found.path, Self.body(query, extra: #","serializerSettings":{"includeNulls":true}"#), token: fixture.token)
        let schema = try SwaggerSchema.load()
        #expect(schema.problems(try JSONValue.parse(response.body), against: "DatasetExecuteQueriesResponse") == [])
        #expect(schema.problems(try JSONValue.parse(withNulls.body), against: "DatasetExecuteQueriesResponse") == [])
        let nullRows = try #require(try JSONValue.parse(withNulls.body)["results"]?.arrayValue?.first?["tables"]?.arrayValue?.first?["rows"]?.arrayValue)
        #expect(nullRows.allSatisfy { $0.objectValue?.count == 8 })
        #expect(nullRows.contains { $0["Sales[Discount]"] == .null })
        // The path without the workspace reaches the same dataset.
        let short = post(fixture.core, "/datasets/\(found.dataset.id)/executeQueries", Self.body(query), token: fixture.token)
        #expect(short.status == 200, "the path without a workspace reaches it too")
        let (token, _) = try userToken(fixture.core)
        let alexFound = try #require(Self.find("Sales Model", member: fixture.core.tenant.users[0].principal.objectId, in: fixture.core))
        let viaShort = post(fixture.core, "/datasets/\(alexFound.dataset.id)/executeQueries", Self.body(query), token: token)
        #expect(viaShort.status == 200)
    }

    @Test func refusalsAndErrorsHaveTheServicesShapes() throws {
        let fixture = try ContentTests.Fixture()
        let sp = fixture.core.tenant.confidentialClient.servicePrincipal!.objectId
        let found = try #require(Self.find("Sales Model", member: sp, in: fixture.core))
        let bad = post(fixture.core, found.path, Self.body("EVALUATE\n  Nope"), token: fixture.token)
        #expect(bad.status == 400)
        let error = try JSONValue.parse(bad.body)["error"]
        #expect(error?["code"] == "DatasetExecuteQueriesError" && error?["message"] == nil)
        let details = error?["pbi.error"]?["details"]?.arrayValue ?? []
        #expect(details.first?["detail"]?["value"]?.stringValue?.hasPrefix("Query (2, 3) Failed to resolve name 'Nope'") == true)
        #expect(details.last?["code"] == "AnalysisServicesErrorCode" && details.last?["detail"]?["value"] == "3241803828")

        let two = try JSONValue.parse(post(fixture.core, found.path, Self.body("EVALUATE Product EVALUATE Customer"), token: fixture.token).body)
        #expect(two["results"]?.arrayValue?.first?["tables"]?.arrayValue?.first?["rows"]?.arrayValue?.count == DAXModel.products.count)
        #expect(two["results"]?.arrayValue?.first?["error"]?["message"]?.stringValue?.contains("More than one result table") == true)
        #expect(try SwaggerSchema.load().problems(two, against: "DatasetExecuteQueriesResponse") == [])

        let twoQueries = #"{"queries":[{"query":"EVALUATE Product"},{"query":"EVALUATE Product"}]}"#
        #expect(post(fixture.core, found.path, twoQueries, token: fixture.token).status == 400)
        #expect(post(fixture.core, found.path, "{", token: fixture.token).status == 400)
        #expect(post(fixture.core, "/groups/\(found.workspace.id)/datasets/\(UUID())/executeQueries", Self.body("EVALUATE Product"),
                     token: fixture.token).status == 404)
        let (noScopes, _) = try userToken(fixture.core, scopes: ["Workspace.Read.All"])
        let userFound = try #require(Self.find("Sales Model", member: fixture.core.tenant.users[0].principal.objectId, in: fixture.core))
        #expect(post(fixture.core, userFound.path, Self.body("EVALUATE Product"), token: noScopes).status == 401)
    }

    @Test func theLargeModelIsCutAtTheRowLimitWithAnErrorObject() throws {
        let fixture = try ContentTests.Fixture()
        let sp = fixture.core.tenant.confidentialClient.servicePrincipal!.objectId
        let found = try #require(Self.find("Web Traffic", member: sp, in: fixture.core))
        let response = post(fixture.core, found.path, Self.body("EVALUATE SELECTCOLUMNS(Sales, \"N\", Sales[Order Number])"), token: fixture.token)
        let table = try JSONValue.parse(response.body)["results"]?.arrayValue?.first?["tables"]?.arrayValue?.first
        #expect(response.status == 200)
        #expect(table?["rows"]?.arrayValue?.count == 100_000)
        #expect(table?["error"]?["message"]?.stringValue == "More than 100000 rows in a query result.")
        // Twenty columns: a million values come first, at 50,000 rows.
        let wide = (1...20).map { "\"C\($0)\", Sales[Quantity]" }.joined(separator: ", ")
        let values = try JSONValue.parse(post(fixture.core, found.path, Self.body("EVALUATE SELECTCOLUMNS(Sales, \(wide))"), token: fixture.token).body)
        #expect(values["results"]?.arrayValue?.first?["tables"]?.arrayValue?.first?["rows"]?.arrayValue?.count == 50_000)
        #expect(values["results"]?.arrayValue?.first?["tables"]?.arrayValue?.first?["error"]?["message"]?.stringValue?.contains("1000000 values") == true)
    }

    @Test func securityIdentitiesAndTheTenantSetting() throws {
        let fixture = try ContentTests.Fixture()
        let core = fixture.core
        let alex = core.tenant.users[0]
        let sp = core.tenant.confidentialClient.servicePrincipal!.objectId
        if let secured = Self.find("Customer 360", member: sp, in: core) {
            let refused = post(core, secured.path, Self.body("EVALUATE Product"), token: fixture.token)
            #expect(refused.status == 401)
            #expect(String(decoding: refused.body, as: UTF8.self).contains("row-level security"))
        }
        if let sso = Self.find("Sales Model (DirectQuery)", member: sp, in: core) ?? Self.find("Finance Actuals (DirectQuery)", member: sp, in: core) {
            #expect(post(core, sso.path, Self.body("EVALUATE Product"), token: fixture.token).status == 401)
        }
        let secured = try #require(Self.find("Customer 360", member: alex.principal.objectId, in: core))
        let (token, _) = try userToken(core)
        let regions = "EVALUATE SUMMARIZECOLUMNS(Sales[Region], \"N\", COUNTROWS(Sales))"
        let own = try JSONValue.parse(post(core, secured.path, Self.body(regions), token: token).body)
        #expect(own["results"]?.arrayValue?.first?["tables"]?.arrayValue?.first?["rows"]?.arrayValue?.map { $0["Sales[Region]"]?.stringValue } == ["West"])
        let asMegan = try JSONValue.parse(post(core, secured.path, Self.body(regions, extra: #","impersonatedUserName":"megan@pbitui-demo.onmicrosoft.com""#),
                                               token: token).body)
        #expect(asMegan["results"]?.arrayValue?.first?["tables"]?.arrayValue?.first?["rows"]?.arrayValue?.map { $0["Sales[Region]"]?.stringValue } == ["East"])

        var options = SimulatorOptions()
        options.executeQueriesOff = true
        let off = SimulatorCore(options: options, signingKey: ContentTests.key)
        let offFound = try #require(Self.find("Sales Model", member: sp, in: off))
        let app = off.tenant.confidentialClient
        let offToken = try off.issuer.appToken(for: app, principal: app.servicePrincipal!, audience: TokenIssuer.powerBIResource, authenticatedWith: "1")
        let response = post(off, offFound.path, Self.body("EVALUATE Product"), token: offToken)
        #expect(response.status == 401 && String(decoding: response.body, as: UTF8.self).contains("Dataset Execute Queries REST API"))
    }

    @Test func theHundredAndTwentyFirstQueryOfAMinuteIs429() throws {
        let book = QueryBook()
        let start = Date()
        for second in 0..<120 { #expect(book.admit("a", now: start.addingTimeInterval(Double(second) / 4)) == nil) }
        let wait = book.admit("a", now: start.addingTimeInterval(30))
        #expect(wait == 30, "the oldest of the minute leaves in 30 s")
        #expect(book.admit("b", now: start.addingTimeInterval(30)) == nil, "per user")
        #expect(book.admit("a", now: start.addingTimeInterval(60.1)) == nil, "the window slides")

        let fixture = try ContentTests.Fixture()
        let sp = fixture.core.tenant.confidentialClient.servicePrincipal!.objectId
        let found = try #require(Self.find("Sales Model", member: sp, in: fixture.core))
        var statuses: [Int] = []
        for _ in 0..<121 { statuses.append(post(fixture.core, found.path, Self.body("EVALUATE ROW(\"x\", 1)"), token: fixture.token).status) }
        #expect(statuses.prefix(120).allSatisfy { $0 == 200 } && statuses.last == 429)
        let limited = post(fixture.core, found.path, Self.body("EVALUATE ROW(\"x\", 1)"), token: fixture.token)
        #expect(limited.headers.contains { $0.0 == "Retry-After" && Int($0.1) != nil })
    }
}
