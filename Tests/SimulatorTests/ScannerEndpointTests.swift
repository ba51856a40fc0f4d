import Foundation
import Testing
import Tokens
@testable import Simulator

/// The demo tenant's admin scanner and activity log (reference/workbench.md §2, §3, §9).
@Suite struct ScannerEndpointTests {
    struct Fixture {
        let core: SimulatorCore
        let token: String

        init(limits: ScannerLimits = ScannerLimits(), metadataOff: Bool = false) throws {
            var options = SimulatorOptions(refreshSeconds: 1000)
            options.scannerLimits = limits
            options.metadataScanningOff = metadataOff
            core = SimulatorCore(options: options, signingKey: ContentTests.key)
            let app = core.tenant.confidentialClient
            token = try core.issuer.appToken(for: app, principal: app.servicePrincipal!, audience: TokenIssuer.powerBIResource, authenticatedWith: "1")
        }

        func call(_ method: String, _ path: String, query: [(String, String)] = [], body: String? = nil, token: String? = nil) -> SimResponse {
            core.handle(SimRequest(method: method, path: "/v1.0/myorg" + path, query: query,
                                   headers: ["Authorization": "Bearer \(token ?? self.token)", "Host": "127.0.0.1:1"],
                                   body: Data((body ?? "").utf8)))
        }

        func json(_ method: String, _ path: String, query: [(String, String)] = [], body: String? = nil) throws -> JSONValue {
            try JSONValue.parse(call(method, path, query: query, body: body).body)
        }

        func start(_ ids: [String], flags: [String] = []) throws -> String {
            let response = call("POST", "/admin/workspaces/getInfo", query: flags.map { ($0, "True") },
                                body: JSONValue.object(JSONObject([("workspaces", .array(ids.map(JSONValue.string)))])).serialized())
            #expect(response.status == 202)
            return try #require(try JSONValue.parse(response.body)["id"]?.stringValue)
        }

        /// Polls until the scan succeeds; the statuses seen on the way.
        func poll(_ id: String) throws -> [String] {
            var statuses: [String] = []
            while statuses.last != "Succeeded", statuses.count < 10 {
                statuses.append(try json("GET", "/admin/workspaces/scanStatus/\(id)")["status"]?.stringValue ?? "?")
            }
            return statuses
        }
    }

    @Test func theModifiedListIsABareArrayWithPersonalWorkspacesAndAWindow() throws {
        let fixture = try Fixture()
        let all = try fixture.json("GET", "/admin/workspaces/modified")
        let ids = try #require(all.arrayValue).compactMap { $0["id"]?.stringValue }
        #expect(ids.count == fixture.core.tenant.workspaces.count + fixture.core.tenant.users.count, "every workspace and one personal one per user")
        let shared = try fixture.json("GET", "/admin/workspaces/modified", query: [("excludePersonalWorkspaces", "True")])
        #expect(shared.arrayValue?.count == fixture.core.tenant.workspaces.count)
        // Modification times spread over 40 days: a window of ten days holds some, not all.
        let since = Date().addingTimeInterval(-10 * 86_400).ISO8601Format()
        let recent = try #require(try fixture.json("GET", "/admin/workspaces/modified", query: [("modifiedSince", since)]).arrayValue)
        #expect(recent.count < ids.count)
        // A write to a workspace puts it in the list of the last minute.
        let workspace = fixture.core.tenant.workspaces[0]
        let added = fixture.call("POST", "/groups/\(workspace.id)/users",
                                 body: #"{"emailAddress":"new.person@pbitui-demo.onmicrosoft.com","groupUserAccessRight":"Viewer"}"#)
        #expect(added.status == 200)
        let minute = try fixture.json("GET", "/admin/workspaces/modified", query: [("modifiedSince", Date().addingTimeInterval(-60).ISO8601Format())])
        #expect(minute.arrayValue?.compactMap { $0["id"]?.stringValue } == [workspace.id])
        #expect(fixture.call("GET", "/admin/workspaces/modified", query: [("modifiedSince", Date().addingTimeInterval(-31 * 86_400).ISO8601Format())]).status == 400)
        #expect(fixture.call("GET", "/admin/workspaces/modified", query: [("modifiedSince", "yesterday")]).status == 400)
    }

    @Test func aScanGoesNotStartedRunningSucceededAndItsResultHasTheServicesShape() throws {
        let fixture = try Fixture()
        let tenant = fixture.core.tenant
        let ids = tenant.workspaces.prefix(6).map(\.id)
        let response = fixture.call("POST", "/admin/workspaces/getInfo", query: [("lineage", "True"), ("datasourceDetails", "True")],
                                    body: JSONValue.object(JSONObject([("workspaces", .array(ids.map(JSONValue.string)))])).serialized())
        #expect(response.status == 202)
        let scan = try JSONValue.parse(response.body)
        let id = try #require(scan["id"]?.stringValue)
        #expect(scan["status"]?.stringValue == "NotStarted")
        #expect(response.header("Location")?.hasSuffix("/v1.0/myorg/admin/workspaces/scanStatus/\(id)") == true)
        #expect(try SwaggerSchema.load().problems(scan, against: "ScanRequest") == [])
        #expect(fixture.call("GET", "/admin/workspaces/scanResult/\(id)").status == 400, "no result before the scan succeeded")
        #expect(try fixture.poll(id) == ["NotStarted", "Running", "Succeeded"])
        let result = try fixture.json("GET", "/admin/workspaces/scanResult/\(id)")
        #expect(try SwaggerSchema.load().problems(result, against: "WorkspaceInfoResponse") == [])
        let workspaces = try #require(result["workspaces"]?.arrayValue)
        #expect(workspaces.compactMap { $0["id"]?.stringValue } == ids)
        let first = workspaces[0]
        #expect(first["dataflows"]?.arrayValue?.first?["objectId"]?.stringValue != nil, "dataflows are named by objectId")
        #expect(first["dashboards"]?.arrayValue?.first?["displayName"]?.stringValue != nil, "dashboards by displayName")
        #expect(first["datamarts"]?.arrayValue?.first?["UpstreamDataflows"] != nil, "datamarts' capitalised keys")
        let dataset = try #require(first["datasets"]?.arrayValue?.first)
        #expect(dataset["upstreamDataflows"]?.arrayValue?.first?["targetDataflowId"]?.stringValue == first["dataflows"]?.arrayValue?.first?["objectId"]?.stringValue)
        // Every usage joins an instance, and instances are shared.
        let instances = Set(try #require(result["datasourceInstances"]?.arrayValue).compactMap { $0["datasourceId"]?.stringValue })
        let usages = workspaces.flatMap { ($0["datasets"]?.arrayValue ?? []) + ($0["dataflows"]?.arrayValue ?? []) }
            .flatMap { $0["datasourceUsages"]?.arrayValue ?? [] }.compactMap { $0["datasourceInstanceId"]?.stringValue }
        #expect(!usages.isEmpty && Set(usages).isSubset(of: instances) && Set(usages).count < usages.count)
        // The fifth workspace's third dataset reads a dataflow of the fourth: groupId names the other workspace.
        let crossing = workspaces[4]["datasets"]?.arrayValue?[2]["upstreamDataflows"]?.arrayValue ?? []
        #expect(crossing.contains { $0["groupId"]?.stringValue == ids[3] })
        // Without the flags: no lineage, no instances, no users.
        let plain = try fixture.start(ids)
        _ = try fixture.poll(plain)
        let bare = try fixture.json("GET", "/admin/workspaces/scanResult/\(plain)")
        #expect(bare["datasourceInstances"] == nil && bare["workspaces"]?.arrayValue?.first?["users"] == nil)
        #expect(bare["workspaces"]?.arrayValue?.first?["datasets"]?.arrayValue?.first?["datasourceUsages"] == nil)
        #expect(fixture.call("GET", "/admin/workspaces/scanStatus/\(UUID().uuidString)").status == 404)
    }

    @Test func usersSchemaAndExpressionsComeWhenAskedAndTheTenantAllows() throws {
        let on = try Fixture()
        let id = try on.start([on.core.tenant.workspaces[0].id], flags: ["getArtifactUsers", "datasetSchema", "datasetExpressions"])
        _ = try on.poll(id)
        let workspace = try #require(try on.json("GET", "/admin/workspaces/scanResult/\(id)")["workspaces"]?.arrayValue?.first)
        #expect(workspace["users"]?.arrayValue?.isEmpty == false)
        let dataset = try #require(workspace["datasets"]?.arrayValue?.first)
        #expect(dataset["tables"]?.arrayValue?.first?["columns"]?.arrayValue?.isEmpty == false)
        #expect(dataset["expressions"]?.arrayValue?.first?["expression"]?.stringValue?.contains("IsParameterQuery=true") == true)
        #expect(dataset["users"]?.arrayValue?.first?["datasetUserAccessRight"] != nil)
        // With the tenant settings off, the flags are accepted and the fields are simply absent.
        let off = try Fixture(metadataOff: true)
        let other = try off.start([off.core.tenant.workspaces[0].id], flags: ["datasetSchema", "datasetExpressions"])
        _ = try off.poll(other)
        let withheld = try #require(try off.json("GET", "/admin/workspaces/scanResult/\(other)")["workspaces"]?.arrayValue?.first?["datasets"]?.arrayValue?.first)
        #expect(withheld["tables"] == nil && withheld["expressions"] == nil)
    }

    @Test func getInfoTakesOneToAHundredWithinTheBudgetAndTheConcurrencyLimit() throws {
        let fixture = try Fixture(limits: ScannerLimits(getInfoPerWindow: 5, concurrentScans: 2, windowSeconds: 3600, scanSeconds: 600))
        let ids = fixture.core.tenant.workspaces.map(\.id)
        let tooMany = (0..<101).map { _ in UUID().uuidString }
        for list in [[], tooMany] {
            let refused = fixture.call("POST", "/admin/workspaces/getInfo", body: JSONValue.object(JSONObject([("workspaces", .array(list.map(JSONValue.string)))])).serialized())
            #expect(refused.status == 400 && String(decoding: refused.body, as: UTF8.self).contains("between 1 and 100"))
        }
        #expect(fixture.call("POST", "/admin/workspaces/getInfo", body: "not json").status == 400)
        let first = try fixture.start([ids[0]])
        let second = try fixture.start([ids[1]])
        // Two scans unfinished: a third must wait.
        let busy = fixture.call("POST", "/admin/workspaces/getInfo", body: #"{"workspaces":["\#(ids[2])"]}"#)
        #expect(busy.status == 429 && busy.header("Retry-After") == "1")
        _ = try fixture.poll(first)
        let third = try fixture.start([ids[2]])
        _ = try fixture.poll(second)
        _ = try fixture.poll(third)
        // The budget: five calls a window; the sixth is told how long until the oldest leaves it.
        _ = try fixture.poll(try fixture.start([ids[3]]))
        _ = try fixture.poll(try fixture.start([ids[4]]))
        let spent = fixture.call("POST", "/admin/workspaces/getInfo", body: #"{"workspaces":["\#(ids[5])"]}"#)
        #expect(spent.status == 429)
        #expect(Int(spent.header("Retry-After") ?? "") ?? 0 > 3500)
        #expect(try JSONValue.parse(spent.body)["message"]?.stringValue?.contains("Retry in") == true)
    }

    @Test func onlyAdministratorsAndAllowedServicePrincipalsWithoutAdminConsentMayCall() throws {
        let fixture = try Fixture()
        let tenant = fixture.core.tenant
        func token(_ app: DemoApplication) throws -> String {
            try fixture.core.issuer.appToken(for: app, principal: app.servicePrincipal!, audience: TokenIssuer.powerBIResource, authenticatedWith: "1")
        }
        func user(_ index: Int, scopes: [String]) throws -> String {
            try fixture.core.issuer.userToken(for: tenant.publicClient, user: tenant.users[index], audience: TokenIssuer.powerBIResource,
                                              scopes: scopes, authMethods: ["pwd", "mfa"])
        }
        let paths: [(String, String, [(String, String)])] = [
            ("GET", "/admin/workspaces/modified", []), ("POST", "/admin/workspaces/getInfo", []),
            ("GET", "/admin/activityevents", [("startDateTime", "'\(Self.today)T00:00:00'"), ("endDateTime", "'\(Self.today)T23:59:59'")]),
        ]
        let alex = try user(0, scopes: DemoTenant.consentedPermissions + ["Tenant.Read.All"])
        for (method, path, query) in paths {
            let body = method == "POST" ? #"{"workspaces":["\#(tenant.workspaces[0].id)"]}"# : nil
            #expect([200, 202].contains(fixture.call(method, path, query: query, body: body, token: alex).status), "\(path) for the administrator")
            for refused in [try token(tenant.managedIdentity), try token(tenant.blockedClient), try user(1, scopes: DemoTenant.consentedPermissions + ["Tenant.Read.All"]),
                            try user(0, scopes: DemoTenant.consentedPermissions.filter { !$0.hasPrefix("Tenant.") })] {
                let answer = fixture.call(method, path, query: query, body: body, token: refused)
                #expect(answer.status == 401 && String(decoding: answer.body, as: UTF8.self).contains("PowerBINotAuthorizedException"), "\(path)")
            }
        }
    }

    static var today: String { dayText(Date()) }
    static func dayText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    @Test func activityEventsTakeOneQuotedDayAndPageByHourToTheLastResultSet() throws {
        let fixture = try Fixture()
        let day = Self.dayText(Date().addingTimeInterval(-3 * 86_400))
        let window = [("startDateTime", "'\(day)T00:00:00'"), ("endDateTime", "'\(day)T23:59:59'")]
        var page = try fixture.json("GET", "/admin/activityevents", query: window)
        var pages = 1
        var empty = 0
        var events: [JSONValue] = []
        while true {
            #expect(try SwaggerSchema.load().problems(page, against: "ActivityEventResponse") == [])
            let entities = try #require(page["activityEventEntities"]?.arrayValue)
            events += entities
            if page["lastResultSet"]?.boolValue == true { break }
            if entities.isEmpty { empty += 1 }
            let uri = try #require(page["continuationUri"]?.stringValue)
            // The token sits URL-encoded in quotes in the URI; followed verbatim.
            let components = try #require(URLComponents(string: uri))
            #expect(uri.contains("continuationToken='%2BRID%3A"))
            let query = (components.percentEncodedQuery ?? "").split(separator: "&").map { part -> (String, String) in
                let pair = part.split(separator: "=", maxSplits: 1)
                return (String(pair[0]), String(pair.count > 1 ? pair[1] : "").removingPercentEncoding ?? "")
            }
            page = try fixture.json("GET", "/admin/activityevents", query: query)
            pages += 1
        }
        #expect(pages == 24, "a page per hour")
        #expect(empty > 0, "night hours are empty pages that still carry a continuation")
        #expect(events.count >= 40 && events.count <= 120)
        #expect(Set(events.compactMap { $0["Id"]?.stringValue }).count == events.count)
        let event = try #require(events.first)
        #expect(event["WorkSpaceName"] != nil && event["CreationTime"]?.stringValue?.count == 19, "WorkSpaceName, zone-less CreationTime")
        #expect(events.allSatisfy { $0["CreationTime"]?.stringValue?.hasPrefix(day) == true })
        // The filter: eq and and, any case.
        let filtered = try fixture.json("GET", "/admin/activityevents",
                                        query: window.map { ($0.0, $0.1.replacingOccurrences(of: "T00:00:00", with: "T08:00:00").replacingOccurrences(of: "T23:59:59", with: "T08:59:59")) }
                                            + [("$filter", "activity eq 'viewreport' and UserId eq 'alex@pbitui-demo.onmicrosoft.com'")])
        #expect(filtered["activityEventEntities"]?.arrayValue?.allSatisfy {
            $0["Activity"]?.stringValue == "ViewReport" && $0["UserId"]?.stringValue == "alex@pbitui-demo.onmicrosoft.com" } == true)
        #expect(filtered["lastResultSet"]?.boolValue == true, "one hour, one page")
    }

    @Test func activityEventsRefuseWhatTheServiceRefuses() throws {
        let fixture = try Fixture(limits: ScannerLimits(activityPerWindow: 6))
        let day = Self.today
        let twoDays = fixture.call("GET", "/admin/activityevents", query: [("startDateTime", "'\(day)T00:00:00'"),
                                                                           ("endDateTime", "'\(Self.dayText(Date().addingTimeInterval(86_400)))T00:00:00'")])
        #expect(twoDays.status == 400 && twoDays.header("Content-Type") == "application/octet-stream")
        let unquoted = fixture.call("GET", "/admin/activityevents", query: [("startDateTime", "\(day)T00:00:00"), ("endDateTime", "\(day)T23:59:59")])
        #expect(unquoted.status == 400)
        let old = Self.dayText(Date().addingTimeInterval(-40 * 86_400))
        #expect(fixture.call("GET", "/admin/activityevents", query: [("startDateTime", "'\(old)T00:00:00'"), ("endDateTime", "'\(old)T23:59:59'")]).status == 400)
        #expect(fixture.call("GET", "/admin/activityevents", query: [("continuationToken", "'garbage'")]).status == 400)
        #expect(fixture.call("GET", "/admin/activityevents", query: [("startDateTime", "'\(day)T00:00:00'"), ("endDateTime", "'\(day)T00:59:59'"),
                                                                     ("$filter", "Activity ne 'x'")]).status == 400)
        // Six calls in the window (refused ones count); the seventh waits.
        #expect(fixture.call("GET", "/admin/activityevents", query: [("startDateTime", "'\(day)T00:00:00'"), ("endDateTime", "'\(day)T00:59:59'")]).status == 200)
        let throttled = fixture.call("GET", "/admin/activityevents", query: [("startDateTime", "'\(day)T00:00:00'"), ("endDateTime", "'\(day)T00:59:59'")])
        #expect(throttled.status == 429 && Int(throttled.header("Retry-After") ?? "") != nil)
    }
}
