import Foundation
import Testing
import Tokens
@testable import Simulator

/// The Power BI content endpoints and the refresh state machine, called without HTTP.
@Suite struct ContentTests {
    static let key = try! RSASigningKey.generate()

    struct Fixture {
        let core: SimulatorCore
        let token: String

        init(refreshSeconds: Double = 1000) throws {
            core = SimulatorCore(options: SimulatorOptions(refreshSeconds: refreshSeconds), signingKey: ContentTests.key)
            let app = core.tenant.confidentialClient
            token = try core.issuer.appToken(for: app, principal: app.servicePrincipal!, audience: TokenIssuer.powerBIResource,
                                             authenticatedWith: "1")
        }

        func call(_ method: String, _ path: String, query: [(String, String)] = [], body: String? = nil) -> SimResponse {
            core.handle(SimRequest(method: method, path: "/v1.0/myorg" + path, query: query,
                                   headers: ["Authorization": "Bearer \(token)", "Host": "127.0.0.1:1"],
                                   body: Data((body ?? "").utf8)))
        }

        func json(_ method: String, _ path: String, query: [(String, String)] = [], body: String? = nil) throws -> JSONValue {
            try JSONValue.parse(call(method, path, query: query, body: body).body)
        }

        /// The first workspace the service principal sees on shared or dedicated capacity.
        func workspace(dedicated: Bool) -> DemoWorkspace {
            let sp = core.tenant.confidentialClient.servicePrincipal!.objectId
            return core.tenant.workspaces.first { $0.members.contains(sp) && $0.isOnDedicatedCapacity == dedicated }!
        }

        func dataset(_ kind: DemoDatasetKind, dedicated: Bool = false) throws -> (DemoWorkspace, JSONValue) {
            let workspace = workspace(dedicated: dedicated)
            let datasets = try json("GET", "/groups/\(workspace.id)/datasets")["value"]?.arrayValue ?? []
            let index = switch kind { case .importMode: 0; case .directQuery: 3; case .importFailing: 5 }
            return (workspace, datasets[index])
        }
    }

    @Test func listsEveryKindOfItemWithTheWireQuirks() throws {
        let fixture = try Fixture()
        let workspace = fixture.workspace(dedicated: false)
        let reports = try fixture.json("GET", "/groups/\(workspace.id)/reports")["value"]?.arrayValue ?? []
        let datasets = try fixture.json("GET", "/groups/\(workspace.id)/datasets")["value"]?.arrayValue ?? []
        let dashboards = try fixture.json("GET", "/groups/\(workspace.id)/dashboards")["value"]?.arrayValue ?? []
        let dataflows = try fixture.json("GET", "/groups/\(workspace.id)/dataflows")["value"]?.arrayValue ?? []
        #expect(datasets.count == 6 && reports.count == 6 && dashboards.count == 6 && dataflows.count == 6)
        #expect(reports.contains { $0["reportType"] == "PaginatedReport" && $0["datasetId"] == nil })
        #expect(reports.contains { $0["reportType"] == "PowerBIReport" && $0["datasetId"] != nil })
        #expect(dashboards.allSatisfy { $0["displayName"] != nil && $0["name"] == nil })
        #expect(dataflows.allSatisfy { $0["objectId"] != nil && $0["id"] == nil })
        #expect(datasets.contains { $0["isRefreshable"] == false })
        // createdDate comes with 0 to 7 fractional digits.
        let fractions = Set(datasets.compactMap { $0["createdDate"]?.stringValue }.map { date -> Int in
            guard let dot = date.firstIndex(of: ".") else { return 0 }
            return date[dot...].dropFirst().prefix { $0.isNumber }.count
        })
        #expect(fractions.count > 1)
        let one = try fixture.json("GET", "/groups/\(workspace.id)/datasets/\(datasets[0]["id"]!.stringValue!.uppercased())")
        #expect(one["id"] == datasets[0]["id"])
        #expect(one["@odata.context"]?.stringValue?.hasSuffix("#datasets/$entity") == true)
    }

    @Test func contentIsTheSameForTheSameSeed() throws {
        let a = try Fixture(), b = try Fixture()
        let workspace = a.workspace(dedicated: true)
        #expect(try a.json("GET", "/groups/\(workspace.id)/reports") == b.json("GET", "/groups/\(workspace.id)/reports"))
    }

    @Test func datasetDetailsEndpoints() throws {
        let fixture = try Fixture()
        let (workspace, dataset) = try fixture.dataset(.importMode)
        let base = "/groups/\(workspace.id)/datasets/\(dataset["id"]!.stringValue!)"
        let sources = try fixture.json("GET", base + "/datasources")["value"]?.arrayValue ?? []
        #expect(sources.first?["datasourceType"] == "Sql")
        #expect(sources.first?["connectionDetails"]?["server"]?.stringValue?.isEmpty == false)
        let parameters = try fixture.json("GET", base + "/parameters")["value"]?.arrayValue ?? []
        #expect(parameters.allSatisfy { $0["currentValue"]?.stringValue != nil && $0["isRequired"]?.boolValue != nil })
        let schedule = try fixture.json("GET", base + "/refreshSchedule")
        #expect(schedule["enabled"] == true)
        #expect(schedule["times"]?.arrayValue?.isEmpty == false)
        let history = try fixture.json("GET", base + "/refreshes", query: [("$top", "2")])["value"]?.arrayValue ?? []
        #expect(history.count == 2)
        #expect(history.allSatisfy { $0["refreshType"] == "Scheduled" && $0["id"]?.intValue != nil })
    }

    @Test func itemsOutsideTheCallersWorkspacesAreNotFound() throws {
        let fixture = try Fixture()
        let sp = fixture.core.tenant.confidentialClient.servicePrincipal!.objectId
        let foreign = fixture.core.tenant.workspaces.first { !$0.members.contains(sp) }!
        let response = fixture.call("GET", "/groups/\(foreign.id)/datasets")
        #expect(response.status == 404)
        #expect(try JSONValue.parse(response.body)["error"]?["code"] == "PowerBIEntityNotFound")
        #expect(fixture.call("GET", "/groups/00000000-0000-4000-8000-000000000000/reports").status == 404)
    }

    @Test func serviceprincipalsHaveNoMyWorkspace() throws {
        let fixture = try Fixture()
        #expect(fixture.call("GET", "/reports").status == 401)
        #expect(fixture.call("GET", "/datasets").status == 401)
    }

    @Test func groupsFilter() throws {
        let fixture = try Fixture()
        let names = { (filter: String) throws -> [String] in
            try fixture.json("GET", "/groups", query: [("$filter", filter)])["value"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        }
        #expect(try names("contains(name,'sales')") == ["Sales Analytics"])
        #expect(try names("name eq 'Vertrieb Österreich' or contains(name, '東京')") == ["Vertrieb Österreich", "販売分析 東京"])
        #expect(try names("isOnDedicatedCapacity eq true") == ["Finance — Monthly Close", "Ventes France (été 2026)"])
        #expect(fixture.call("GET", "/groups", query: [("$filter", "drop table")]).status == 400)
    }

    @Test func standardRefreshAnswers202WithOnlyARequestId() throws {
        let fixture = try Fixture()
        let (workspace, dataset) = try fixture.dataset(.importMode)
        let path = "/groups/\(workspace.id)/datasets/\(dataset["id"]!.stringValue!)/refreshes"
        let response = fixture.call("POST", path, body: #"{"notifyOption":"NoNotification"}"#)
        #expect(response.status == 202)
        #expect(response.body.isEmpty)
        #expect(response.header("Location") == nil)
        let requestId = try #require(response.header("RequestId"))
        let newest = try fixture.json("GET", path)["value"]?.arrayValue?.first
        #expect(newest?["requestId"]?.stringValue == requestId)
        #expect(newest?["status"] == "Unknown")
        #expect(newest?["refreshType"] == "ViaApi")
        #expect(newest?["endTime"] == nil)
        // One at a time.
        let second = fixture.call("POST", path)
        #expect(second.status == 400)
        #expect(String(decoding: second.body, as: UTF8.self).contains("already executing"))
        #expect(fixture.core.refreshPostCount == 2)
    }

    @Test func refreshesCompleteOrFailWhenTheirTimeIsUp() throws {
        let fixture = try Fixture(refreshSeconds: 0)
        let (workspace, good) = try fixture.dataset(.importMode)
        let goodPath = "/groups/\(workspace.id)/datasets/\(good["id"]!.stringValue!)/refreshes"
        #expect(fixture.call("POST", goodPath).status == 202)
        #expect(try fixture.json("GET", goodPath)["value"]?.arrayValue?.first?["status"] == "Completed")

        let (_, bad) = try fixture.dataset(.importFailing)
        let badPath = "/groups/\(workspace.id)/datasets/\(bad["id"]!.stringValue!)/refreshes"
        #expect(fixture.call("POST", badPath).status == 202)
        let failed = try #require(try fixture.json("GET", badPath)["value"]?.arrayValue?.first)
        #expect(failed["status"] == "Failed")
        let exception = try JSONValue.parse(try #require(failed["serviceExceptionJson"]?.stringValue))
        #expect(exception["errorCode"] == "ModelRefreshFailed_CredentialsNotSpecified")
    }

    @Test func theNinthRefreshOnSharedCapacityHitsTheDailyLimit() throws {
        let fixture = try Fixture(refreshSeconds: 0)
        let (workspace, dataset) = try fixture.dataset(.importMode)
        let path = "/groups/\(workspace.id)/datasets/\(dataset["id"]!.stringValue!)/refreshes"
        for attempt in 1...8 { #expect(fixture.call("POST", path).status == 202, "refresh \(attempt)") }
        let ninth = fixture.call("POST", path)
        #expect(ninth.status == 400)
        #expect(try JSONValue.parse(ninth.body)["error"]?["message"] ==
                "Invalid dataset refresh request. Number of refresh requests in last 24 hours exceeded limit")
    }

    @Test func directQueryDatasetsAreNotRefreshable() throws {
        let fixture = try Fixture()
        let (workspace, dataset) = try fixture.dataset(.directQuery)
        #expect(dataset["isRefreshable"] == false)
        #expect(fixture.call("POST", "/groups/\(workspace.id)/datasets/\(dataset["id"]!.stringValue!)/refreshes").status == 400)
    }

    @Test func enhancedRefreshNeedsDedicatedCapacity() throws {
        let fixture = try Fixture()
        let (shared, dataset) = try fixture.dataset(.importMode)
        let refused = fixture.call("POST", "/groups/\(shared.id)/datasets/\(dataset["id"]!.stringValue!)/refreshes",
                                   body: #"{"type":"Full","commitMode":"Transactional"}"#)
        #expect(refused.status == 400)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("shared capacities"))
    }

    @Test func enhancedRefreshHasDetailsAndCanBeCancelled() throws {
        let fixture = try Fixture()
        let (workspace, dataset) = try fixture.dataset(.importMode, dedicated: true)
        let path = "/groups/\(workspace.id)/datasets/\(dataset["id"]!.stringValue!)/refreshes"
        let started = fixture.call("POST", path, body: #"{"type":"Full","commitMode":"PartialBatch","maxParallelism":2}"#)
        #expect(started.status == 202)
        let refreshId = try #require(started.header("x-ms-request-id"))
        #expect(started.header("Location") == "http://127.0.0.1:1/v1.0/myorg\(path)/\(refreshId)")
        let running = fixture.call("GET", "\(path)/\(refreshId)")
        #expect(running.status == 202)
        #expect(try JSONValue.parse(running.body)["commitMode"] == "PartialBatch")
        #expect(try JSONValue.parse(running.body)["startTime"]?.stringValue?.hasSuffix("Z") == false)
        #expect(fixture.call("DELETE", "\(path)/\(refreshId)").status == 200)
        let done = fixture.call("GET", "\(path)/\(refreshId)")
        #expect(done.status == 200)
        #expect(try JSONValue.parse(done.body)["extendedStatus"] == "Cancelled")
        #expect(try fixture.json("GET", path)["value"]?.arrayValue?.first?["status"] == "Cancelled")
    }

    @Test func badRefreshBodiesAreRefused() throws {
        let fixture = try Fixture()
        let (workspace, dataset) = try fixture.dataset(.importMode, dedicated: true)
        let path = "/groups/\(workspace.id)/datasets/\(dataset["id"]!.stringValue!)/refreshes"
        #expect(fixture.call("POST", path, body: "{not json").status == 400)
        #expect(fixture.call("POST", path, body: #"{"type":"Everything"}"#).status == 400)
        #expect(fixture.call("POST", path, body: #"{"notifyOption":"MailOnFailure"}"#).status == 400)
        #expect(fixture.call("POST", path, body: #"{"type":"Full","notifyOption":"NoNotification"}"#).status == 400)
    }
}
