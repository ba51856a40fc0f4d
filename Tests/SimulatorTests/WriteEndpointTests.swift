import APIDescriptions
import Foundation
import Testing
import Tokens
@testable import Simulator

/// The demo tenant's newer operations: answers conform to the official definitions, writes are validated
/// as the service validates them and are seen by the reads afterwards.
@Suite struct WriteEndpointTests {
    @Test func theNewReadsConformToTheirDefinitions() throws {
        let schema = try SwaggerSchema.load()
        let fixture = try ContentTests.Fixture()
        let workspace = fixture.workspace(dedicated: true)
        let report = try #require(try fixture.json("GET", "/groups/\(workspace.id)/reports")["value"]?.arrayValue?.first?["id"]?.stringValue)
        let dataset = try #require(try fixture.json("GET", "/groups/\(workspace.id)/datasets")["value"]?.arrayValue?.first?["id"]?.stringValue)
        let pipeline = try #require(try fixture.json("GET", "/pipelines")["value"]?.arrayValue?.first?["id"]?.stringValue)
        let reads: [(String, [(String, String)], String)] = [
            ("/groups/\(workspace.id)/reports/\(report)/pages", [], "Pages"),
            ("/groups/\(workspace.id)/datasets/\(dataset)/users", [], "DatasetUsersAccess"),
            ("/admin/groups", [("$top", "5")], "AdminGroups"),
            ("/admin/capacities", [], "Capacities"),
            ("/pipelines", [], "Pipelines"),
            ("/pipelines/\(pipeline)/stages", [], "PipelineStages"),
        ]
        for (path, query, definition) in reads {
            let response = fixture.call("GET", path, query: query)
            #expect(response.status == 200, "\(path): \(response.status)")
            let body = try JSONValue.parse(response.body)
            let value = body["value"]?.arrayValue ?? []
            #expect(value.count > 0, "\(path)")
            #expect(schema.problems(body, against: definition) == [], "\(path)")
        }
        #expect(fixture.call("GET", "/admin/groups").status == 400, "$top is required")
        #expect(try fixture.json("GET", "/admin/groups", query: [("$top", "3")])["value"]?.arrayValue?.count == 3)
    }

    @Test func aWorkspaceUserIsAddedOnceAndListedAfterwards() throws {
        let fixture = try ContentTests.Fixture()
        let workspace = fixture.workspace(dedicated: false)
        let path = "/groups/\(workspace.id)/users"
        #expect(fixture.call("POST", path, body: #"{"emailAddress":"new@contoso.com"}"#).status == 400, "the access right is required")
        let wrong = try fixture.json("POST", path, body: #"{"emailAddress":"new@contoso.com","groupUserAccessRight":"Owner"}"#)
        #expect(wrong["error"]?["message"]?.stringValue?.contains("Admin, Contributor, Member, Viewer") == true)
        #expect(fixture.call("POST", path, body: #"{"emailAddress":"new@contoso.com","groupUserAccessRight":"Viewer"}"#).status == 200)
        let again = try fixture.json("POST", path, body: #"{"emailAddress":"NEW@contoso.com","groupUserAccessRight":"Member"}"#)
        #expect(again["error"]?["code"]?.stringValue == "AddingAlreadyExistsGroupUserNotSupportedError")
        let users = try fixture.json("GET", path)["value"]?.arrayValue ?? []
        #expect(users.contains { $0["emailAddress"]?.stringValue == "new@contoso.com" && $0["groupUserAccessRight"]?.stringValue == "Viewer" })
        #expect(try SwaggerSchema.load().problems(try fixture.json("GET", path), against: "GroupUsers") == [])
    }

    @Test func parametersScheduleAndOwnerChangeAndAreReadBack() throws {
        let fixture = try ContentTests.Fixture()
        let (workspace, dataset) = try fixture.dataset(.importMode)
        let base = "/groups/\(workspace.id)/datasets/\(dataset["id"]!.stringValue!)"
        let unknown = try fixture.json("POST", base + "/Default.UpdateParameters", body: #"{"updateDetails":[{"name":"Nope","newValue":"x"}]}"#)
        #expect(unknown["error"]?["message"]?.stringValue == "Parameter 'Nope' does not exist in the dataset.")
        #expect(fixture.call("POST", base + "/Default.UpdateParameters", body: #"{"updateDetails":[{"name":"Database","newValue":"SalesProd"}]}"#).status == 200)
        let parameters = try fixture.json("GET", base + "/parameters")["value"]?.arrayValue ?? []
        #expect(parameters.first { $0["name"] == "Database" }?["currentValue"]?.stringValue == "SalesProd")

        // Shared capacity: at most eight times a day, on the hour or half hour.
        let nine = (0..<9).map { "\"0\($0):00\"" }.joined(separator: ",")
        #expect(fixture.call("PATCH", base + "/refreshSchedule", body: #"{"value":{"times":[\#(nine)]}}"#).status == 400)
        let odd = try fixture.json("PATCH", base + "/refreshSchedule", body: #"{"value":{"times":["07:15"]}}"#)
        #expect(odd["error"]?["message"]?.stringValue?.contains("hh:30") == true)
        #expect(fixture.call("PATCH", base + "/refreshSchedule", body: #"{"value":{"days":["Monday"],"times":["07:30"],"enabled":true}}"#).status == 200)
        let schedule = try fixture.json("GET", base + "/refreshSchedule")
        #expect(schedule["times"] == ["07:30"] && schedule["days"] == ["Monday"])
        #expect(try SwaggerSchema.load().problems(schedule, against: "RefreshSchedule") == [])

        #expect(fixture.call("POST", base + "/Default.TakeOver").status == 200)
        let owner = try fixture.json("GET", base)["configuredBy"]?.stringValue
        #expect(owner == fixture.core.tenant.confidentialClient.clientId, "the service principal took it over")
    }
}

/// On-premises data gateways and their data sources, and a workspace's imports.
@Suite struct GatewayEndpointTests {
    @Test func gatewaysTheirDatasourcesAndStatusConform() throws {
        let schema = try SwaggerSchema.load()
        let fixture = try ContentTests.Fixture()
        let gateways = try fixture.json("GET", "/gateways")
        #expect(schema.problems(gateways, against: "Gateways") == [])
        let list = gateways["value"]?.arrayValue ?? []
        #expect(list.map { $0["gatewayStatus"]?.stringValue } == ["Live", "Offline"])
        let live = try #require(list.first?["id"]?.stringValue), offline = try #require(list.last?["id"]?.stringValue)
        #expect(schema.problems(try fixture.json("GET", "/gateways/\(live.uppercased())"), against: "Gateway") == [])
        let datasources = try fixture.json("GET", "/gateways/\(live)/datasources")
        #expect(schema.problems(datasources, against: "GatewayDatasources") == [])
        let datasource = try #require(datasources["value"]?.arrayValue?.first?["id"]?.stringValue)
        #expect(schema.problems(try fixture.json("GET", "/gateways/\(live)/datasources/\(datasource)"), against: "GatewayDatasource") == [])
        #expect(fixture.call("GET", "/gateways/\(live)/datasources/\(datasource)/status").status == 200)
        let offlineSource = try #require(try fixture.json("GET", "/gateways/\(offline)/datasources")["value"]?.arrayValue?.first?["id"]?.stringValue)
        let unreachable = try fixture.json("GET", "/gateways/\(offline)/datasources/\(offlineSource)/status")
        #expect(unreachable["error"]?["code"]?.stringValue == "DM_GWPipeline_Client_GatewayUnreachable")
        #expect(fixture.call("GET", "/gateways/00000000-0000-4000-8000-000000000000").status == 404)
        // A dataset on premises names one of these gateways.
        var named: Set<String> = []
        for workspace in fixture.core.tenant.workspaces.prefix(6) where workspace.members.contains(fixture.core.tenant.confidentialClient.servicePrincipal!.objectId) {
            for datasource in try fixture.json("GET", "/groups/\(workspace.id)/datasets")["value"]?.arrayValue ?? [] {
                let id = datasource["id"]!.stringValue!
                if let gateway = try fixture.json("GET", "/groups/\(workspace.id)/datasets/\(id)/datasources")["value"]?.arrayValue?.first?["gatewayId"]?.stringValue {
                    named.insert(gateway)
                }
            }
        }
        #expect(!named.isEmpty && named.isSubset(of: [live, offline]))
    }

    @Test func importsConform() throws {
        let fixture = try ContentTests.Fixture()
        let workspace = fixture.workspace(dedicated: false)
        let imports = try fixture.json("GET", "/groups/\(workspace.id)/imports")
        #expect(try SwaggerSchema.load().problems(imports, against: "Imports") == [])
        let first = try #require(imports["value"]?.arrayValue?.first)
        #expect(first["importState"] == "Succeeded")
        #expect(first["reports"]?.arrayValue?.count == 1 && first["datasets"]?.arrayValue?.count == 1)
    }
}
