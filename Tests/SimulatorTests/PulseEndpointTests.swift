import Foundation
import Testing
import Tokens
@testable import Simulator

/// The demo tenant's refresh pulse: the compressed schedule (refreshes that fire, fail, and turn the schedule
/// off after four failures in a row), the admin API's refreshables and dataflow transactions
/// (reference/workbench.md §4 and §9).
@Suite struct PulseEndpointTests {
    /// A dataset with the `number`th of a fixed series of ids: what the schedule draws is the same every run.
    static func dataset(_ kind: DemoDatasetKind, gateway: String? = nil, number: Int = 0) -> DemoDataset {
        DemoDataset(id: String(format: "00000000-0000-4000-8000-%012d", number), name: "Model", kind: kind, configuredBy: "alex", createdDate: Date(),
                    createdFractionDigits: 3, datasourceServer: "sql", datasourceDatabase: "db", gatewayId: gateway, datasourceId: "ds")
    }

    @Test func theScheduleFiresFailsNowAndThenAndTurnsItselfOffAfterFourFailuresInARow() throws {
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        let book = RefreshBook(refreshSeconds: 2, scheduleSeconds: 10, startedAt: now.addingTimeInterval(-2_000), offlineGateway: "offline")
        var failures = 0
        var disabledCount = 0
        for number in 0..<40 {
            let dataset = Self.dataset(.importMode, number: number)
            let (records, disabled) = book.scheduled(dataset, now: now)
            #expect(records.count >= 50 && records.count <= 60 || disabled, "one every 10 s over 2,000 s, the newest 60 kept")
            #expect(records.allSatisfy { $0.refreshType == "Scheduled" && $0.duration <= 8 })
            #expect(zip(records, records.dropFirst()).allSatisfy { abs($1.start.timeIntervalSince($0.start) - 10) < 0.001 })
            let finished = records.filter { $0.status(at: now) != .unknown }
            failures += finished.filter(\.fails).count
            // Never four finished failures in a row with another refresh after them: the schedule stops there.
            var run = 0
            for record in finished {
                #expect(run < 4, "a refresh after four failures in a row")
                run = record.fails ? run + 1 : 0
            }
            #expect(disabled == (run >= 4))
            if disabled { disabledCount += 1 }
            #expect(records.compactMap(\.failure).allSatisfy { RefreshFailure.occasional.contains($0) })
        }
        #expect(failures > 100 && failures < 800, "about 15 in 100 fail: \(failures) of ~2,000")
        #expect(disabledCount < 40, "most schedules stay on")
        // Behind the offline gateway, a failing refresh says the gateway is unreachable.
        let behind = Self.dataset(.importMode, gateway: "offline", number: 100)
        #expect(book.scheduled(behind, now: now).records.compactMap(\.failure).allSatisfy { $0 == .gatewayOffline })

        // A dataset without credentials failed its last four days: its schedule is off and nothing fires.
        let failing = Self.dataset(.importFailing, number: 101)
        #expect(book.scheduled(failing, now: now).records.isEmpty && book.scheduleDisabled(failing, now: now))
        // Turned on again, it fails four more times, then the service turns it off again.
        book.setScheduleEnabled(true, of: failing, now: now.addingTimeInterval(-500))
        let again = book.scheduled(failing, now: now)
        #expect(again.records.count == 4 && again.records.allSatisfy { $0.failure == .credentials } && again.disabled)
        // Turned off through the API, a schedule fires no more.
        let quiet = Self.dataset(.importMode, number: 102)
        book.setScheduleEnabled(false, of: quiet, now: now.addingTimeInterval(-1_000))
        #expect(book.scheduled(quiet, now: now).records.allSatisfy { $0.start < now.addingTimeInterval(-1_000) })
        // DirectQuery never refreshes; with no schedule period nothing fires.
        #expect(book.scheduled(Self.dataset(.directQuery), now: now).records.isEmpty)
        #expect(RefreshBook(refreshSeconds: 2).scheduled(Self.dataset(.importMode), now: now).records.isEmpty)
        // The history shows the scheduled refreshes among the API's, newest first, at most 60 (of a dataset whose
        // schedule stayed on: a schedule turned off keeps fewer).
        let steady = try #require((0..<40).map { Self.dataset(.importMode, number: $0) }.first { !book.scheduleDisabled($0, now: now) })
        let history = book.history(of: steady, now: now)
        #expect(history.count == 60 && zip(history, history.dropFirst()).allSatisfy { $0.start >= $1.start })
    }

    @Test func refreshablesNeedTopPageExpandFilterAndRefuseNonAdmins() throws {
        let fixture = try ContentTests.Fixture()
        #expect(fixture.call("GET", "/admin/capacities/refreshables").status == 400, "$top is required")
        let dedicated = fixture.core.tenant.workspaces.filter(\.isOnDedicatedCapacity)
        let expected = dedicated.count * (0..<fixture.core.tenant.itemsPerWorkspace).filter { $0 % 6 != 3 }.count
        var ids: [String] = []
        var skip = 0
        let schema = try SwaggerSchema.load()
        while true {
            let page = try fixture.json("GET", "/admin/capacities/refreshables", query: [("$top", "7"), ("$skip", String(skip)), ("$expand", "capacity,group")])
            #expect(schema.problems(page, against: "Refreshables") == [])
            let value = try #require(page["value"]?.arrayValue)
            for item in value {
                ids.append(try #require(item["id"]?.stringValue))
                #expect(item["configuredBy"]?.arrayValue?.first?.stringValue != nil, "configuredBy is an array here")
                #expect(item["capacity"]?["sku"]?.stringValue == "P1" && item["group"]?["name"]?.stringValue != nil)
                #expect(item["kind"]?.stringValue == "Dataset" && item["refreshCount"]?.intValue != nil && item["medianDuration"]?.doubleValue != nil)
                #expect(item["lastRefresh"]?["status"]?.stringValue != nil && item["refreshSchedule"]?["days"] != nil)
            }
            skip += value.count
            if value.count < 7 { break }
        }
        #expect(ids.count == expected && Set(ids).count == expected, "every dataset of the dedicated workspaces once, DirectQuery left out")
        let plain = try fixture.json("GET", "/admin/capacities/refreshables", query: [("$top", "1")])
        #expect(plain["value"]?.arrayValue?.first?["capacity"] == nil, "capacity only when expanded")
        let failing = try #require(try fixture.json("GET", "/admin/capacities/refreshables", query: [("$top", "100"), ("$filter", "refreshFailures gt 1")])["value"]?.arrayValue)
        #expect(!failing.isEmpty && failing.allSatisfy { ($0["refreshFailures"]?.intValue ?? 0) > 1 })
        #expect(fixture.call("GET", "/admin/capacities/refreshables", query: [("$top", "1"), ("$filter", "name eq 'x'")]).status == 400)
        #expect(fixture.call("GET", "/admin/capacities/refreshables", query: [("$top", "1"), ("$expand", "owner")]).status == 400)
        // One refreshable of a capacity comes as a `value` array.
        let capacity = try #require(dedicated.first?.capacityId)
        let one = try fixture.json("GET", "/admin/capacities/\(capacity.uppercased())/refreshables/\(ids[0].uppercased())", query: [("$expand", "group")])
        #expect(one["value"]?.arrayValue?.count == 1 && one["value"]?.arrayValue?.first?["id"]?.stringValue == ids[0])
        #expect(fixture.call("GET", "/admin/capacities/\(UUID().uuidString)/refreshables", query: [("$top", "1")]).status == 404)
        // A user who is not a Fabric administrator is refused as the service refuses.
        let megan = fixture.core.tenant.users[1]
        let token = try fixture.core.issuer.userToken(for: fixture.core.tenant.publicClient, user: megan, audience: TokenIssuer.powerBIResource,
                                                      scopes: DemoTenant.consentedPermissions + ["Tenant.Read.All"], authMethods: ["pwd", "mfa"])
        let refused = fixture.core.handle(SimRequest(method: "GET", path: "/v1.0/myorg/admin/capacities/refreshables", query: [("$top", "1")],
                                                     headers: ["Authorization": "Bearer \(token)"], body: Data()))
        #expect(refused.status == 401 && String(decoding: refused.body, as: UTF8.self).contains("PowerBINotAuthorizedException"))
    }

    @Test func dataflowTransactionsHaveTheServicesIdShape() throws {
        let fixture = try ContentTests.Fixture()
        let workspace = fixture.workspace(dedicated: false)
        let dataflows = try #require(try fixture.json("GET", "/groups/\(workspace.id)/dataflows")["value"]?.arrayValue)
        var statuses = Set<String>()
        let schema = try SwaggerSchema.load()
        for dataflow in dataflows {
            let id = try #require(dataflow["objectId"]?.stringValue)
            let answer = try fixture.json("GET", "/groups/\(workspace.id)/dataflows/\(id)/transactions")
            #expect(schema.problems(answer, against: "DataflowTransactions") == [])
            let rows = try #require(answer["value"]?.arrayValue)
            #expect(rows.count == 5)
            for row in rows {
                let text = try #require(row["id"]?.stringValue)
                #expect(text.contains("Z@") && text.contains("$"), "time@guid$n: \(text)")
                statuses.insert(row["status"]?.stringValue ?? "")
            }
        }
        #expect(statuses == ["Success", "Failed"])
        #expect(fixture.call("GET", "/groups/\(workspace.id)/dataflows/\(UUID().uuidString)/transactions").status == 404)
    }
}
