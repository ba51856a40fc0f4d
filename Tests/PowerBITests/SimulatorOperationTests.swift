import EntraAuth
import Foundation
import HTTPCore
import Simulator
import TestSupport
import Testing
import Tokens
@testable import PowerBI

/// Every operation of DESIGN.md §6 against the in-process demo tenant, as the confidential client.
// Time limits are a hang's bound, not a speed target: a machine busy with other work may take minutes.
@Suite(.serialized, .timeLimit(.minutes(15))) struct SimulatorOperationTests {
    struct Fixture {
        let demo: DemoClient
        var simulator: SimulatorServer { demo.simulator }
        var client: PowerBIClient { demo.client }

        static func start(_ options: SimulatorOptions = SimulatorOptions(refreshSeconds: 1), pageSize: Int = 5000) async throws -> Fixture {
            Fixture(demo: try await DemoClient.start(options, pageSize: pageSize))
        }

        func stop() async { await demo.stop() }

        func workspace(_ name: String) async throws -> Workspace {
            try #require(try await client.workspaces().first { $0.name == name })
        }
    }

    /// Every kind's list through its specification: ids and names found, one cell per column, and no list where
    /// the API has none (dataflows and users of My workspace).
    @Test func everyKindIsListedThroughItsSpecification() async throws {
        let fixture = try await Fixture.start()
        defer { Task { await fixture.stop() } }
        let sales = try await fixture.workspace("Sales Analytics")
        for kind in ItemKind.allCases {
            let objects = try await fixture.client.itemObjects(kind, in: .group(sales.id))
            #expect(!objects.isEmpty, "\(kind)")
            for object in objects {
                #expect(kind.spec.id(of: object) != nil, "\(kind): \(object.serialized())")
                #expect(!kind.spec.name(of: object).isEmpty)
                #expect(kind.spec.cells(of: object).count == kind.spec.columns.count)
            }
        }
        let users = try await fixture.client.itemObjects(.users, in: .group(sales.id))
        let admins = users.filter { $0["groupUserAccessRight"]?.stringValue == "Admin" }.compactMap { $0["principalType"]?.stringValue }
        #expect(Set(admins) == ["User", "App"], "the first user and the confidential client administer the workspace")
        #expect(ItemKind.users.spec.path(in: .my) == nil && ItemKind.dataflows.spec.path(in: .my) == nil)
        #expect(ItemKind.users.spec.path(in: .group(sales.id)) == "/groups/\(sales.id)/users")
        #expect(ItemKind(named: "Users") == .users && ItemKind(named: "apps") == nil)
    }

    @Test func listsEveryKindOfItemWithTheWireQuirksDecoded() async throws {
        let fixture = try await Fixture.start()
        defer { Task { await fixture.stop() } }
        let sales = try await fixture.workspace("Sales Analytics")
        let scope = WorkspaceScope.group(sales.id)
        let reports = try await fixture.client.reports(in: scope)
        let datasets = try await fixture.client.datasets(in: scope)
        let dashboards = try await fixture.client.dashboards(in: scope)
        let dataflows = try await fixture.client.dataflows(in: scope)
        #expect(datasets.count == 6)
        #expect(reports.count == 6)
        #expect(reports.contains { $0.isPaginated && $0.datasetId == nil }, "paginated reports have no dataset")
        #expect(dashboards.allSatisfy { !$0.name.isEmpty && $0.name != $0.id }, "dashboards are named by displayName")
        #expect(dataflows.allSatisfy { $0.raw["objectId"]?.stringValue == $0.id }, "dataflows are identified by objectId")
        #expect(datasets.allSatisfy { $0.createdDate != nil }, "every createdDate parses, whatever its fractional digits")
        #expect(datasets.filter { $0.isRefreshable == false }.allSatisfy { $0.name.contains("DirectQuery") })
        // Upper-case ids work: ids compare without case.
        let upper = try await fixture.client.dataset(datasets[0].id.uppercased(), in: .group(sales.id.uppercased()))
        #expect(ItemID.same(upper.id, datasets[0].id))
    }

    @Test func readsDatasourcesParametersAndTheSchedule() async throws {
        let fixture = try await Fixture.start()
        defer { Task { await fixture.stop() } }
        let sales = try await fixture.workspace("Sales Analytics")
        let dataset = try #require(try await fixture.client.datasets(in: .group(sales.id)).first)
        let sources = try await fixture.client.datasources(of: dataset.id, in: .group(sales.id))
        #expect(!sources.isEmpty)
        #expect(sources[0].connection.contains("server="))
        let parameters = try await fixture.client.parameters(of: dataset.id, in: .group(sales.id))
        #expect(parameters.allSatisfy { !$0.name.isEmpty })
        let schedule = try await fixture.client.refreshSchedule(of: dataset.id, in: .group(sales.id))
        #expect(!schedule.summary.isEmpty)
        let history = try await fixture.client.refreshHistory(of: dataset.id, in: .group(sales.id), top: 3)
        #expect(history.count <= 3)
        #expect(history.allSatisfy { $0.startTime != nil })
    }

    @Test func aStandardRefreshIsFollowedThroughTheHistoryToItsEnd() async throws {
        // Fifteen seconds: the second request below must arrive while the first runs, on a busy machine too
        // (with one second, a loaded run once sent it after the end).
        let fixture = try await Fixture.start(SimulatorOptions(refreshSeconds: 15))
        defer { Task { await fixture.stop() } }
        let sales = try await fixture.workspace("Sales Analytics")
        let dataset = try #require(try await fixture.client.datasets(in: .group(sales.id)).first { $0.isRefreshable == true && !$0.name.contains("DirectQuery") })
        let ticket = try await fixture.client.triggerRefresh(of: dataset.id, in: .group(sales.id))
        #expect(ticket.requestId != nil, "the RequestId header names a standard refresh")
        #expect(!ticket.enhanced)
        // A second request while it runs is refused, in plain words.
        await #expect {
            _ = try await fixture.client.triggerRefresh(of: dataset.id, in: .group(sales.id))
        } throws: { error in
            String(describing: error).contains("already running") && String(describing: error).contains("HTTP 400")
        }
        let seen = Observations()
        let final = try await RefreshTracker(client: fixture.client, interval: .milliseconds(200), maximumInterval: .milliseconds(400))
            .follow(ticket, timeout: .seconds(300)) { seen.append($0.state) }
        #expect(final.state.isFinal)
        #expect(seen.states.last == final.state, "every change was reported, the last being the end: \(seen.states)")
        #expect(fixture.simulator.core.refreshPostCount == 2)
    }

    @Test func aFailingRefreshCarriesItsServiceExceptionErrorCode() async throws {
        let fixture = try await Fixture.start()
        defer { Task { await fixture.stop() } }
        let sales = try await fixture.workspace("Sales Analytics")
        let datasets = try await fixture.client.datasets(in: .group(sales.id))
        let failing = datasets[5]
        let ticket = try await fixture.client.triggerRefresh(of: failing.id, in: .group(sales.id))
        let final = try await RefreshTracker(client: fixture.client, interval: .milliseconds(200), maximumInterval: .milliseconds(400))
            .follow(ticket, timeout: .seconds(300))
        #expect(final.state == .failed)
        #expect(final.errorCode == "ModelRefreshFailed_CredentialsNotSpecified")
    }

    @Test func anEnhancedRefreshIsFollowedThroughItsDetailsAndCanBeCancelled() async throws {
        let fixture = try await Fixture.start(SimulatorOptions(refreshSeconds: 30))
        defer { Task { await fixture.stop() } }
        let finance = try await fixture.workspace("Finance — Monthly Close")
        #expect(finance.isOnDedicatedCapacity == true)
        let dataset = try #require(try await fixture.client.datasets(in: .group(finance.id)).first)
        let ticket = try await fixture.client.triggerRefresh(of: dataset.id, in: .group(finance.id), .enhanced(type: .full, commitMode: .transactional))
        #expect(ticket.enhanced)
        #expect(ticket.location?.hasSuffix(ticket.requestId ?? "-") == true, "the id is the Location's last segment")
        let running = try await RefreshTracker(client: fixture.client).observe(ticket)
        #expect(!running.state.isFinal)
        try await fixture.client.cancelRefresh(try #require(ticket.requestId), of: dataset.id, in: .group(finance.id))
        let after = try await RefreshTracker(client: fixture.client).observe(ticket)
        #expect(after.state == .cancelled)
    }

    @Test func refusalsAreExplainedInPlainWords() async throws {
        let fixture = try await Fixture.start()
        defer { Task { await fixture.stop() } }
        let sales = try await fixture.workspace("Sales Analytics")
        let datasets = try await fixture.client.datasets(in: .group(sales.id))
        await #expect {
            _ = try await fixture.client.triggerRefresh(of: datasets[3].id, in: .group(sales.id))
        } throws: { String(describing: $0).contains("cannot be refreshed") }
        await #expect {
            _ = try await fixture.client.triggerRefresh(of: datasets[0].id, in: .group(sales.id), .enhanced())
        } throws: { String(describing: $0).contains("Premium, PPU or Embedded") }
    }

    @Test func pagesThroughTenThousandWorkspaces() async throws {
        let fixture = try await Fixture.start(SimulatorOptions(workspaces: 10_000, items: 1))
        defer { Task { await fixture.stop() } }
        let workspaces = try await fixture.client.workspaces()
        #expect(workspaces.count >= 9_000, "the service principal is in most workspaces")
        #expect(Set(workspaces.map { $0.id.lowercased() }).count == workspaces.count)
    }

    @Test func fansOutOverWorkspacesWithBoundedConcurrency() async throws {
        let fixture = try await Fixture.start()
        defer { Task { await fixture.stop() } }
        let workspaces = try await fixture.client.workspaces()
        let results = await fixture.client.itemsInEach([.datasets], of: workspaces, scope: { .group($0.id) }, limit: 4)
        #expect(results.map(\.place.id) == workspaces.map(\.id), "results keep the order of the workspaces")
        #expect(results.allSatisfy { $0.answers.count == 1 && (try? $0.answers[0].result.get().count) == 6 })
    }

    /// The one fan-out, through a shared gate: never more requests than the gate allows, every place heard
    /// once with each kind asked, a refusal kept to its place.
    @Test func theOneFanOutKeepsToItsGateAndHearsEachPlaceOnce() async throws {
        let fixture = try await Fixture.start()
        defer { Task { await fixture.stop() } }
        let workspaces = Array(try await fixture.client.workspaces().prefix(40))
        let gate = RequestGate(limit: 3)
        let heard = Heard()
        let missing = Workspace(json: .object(JSONObject([("id", .string("00000000-0000-0000-0000-0000000000ff")), ("name", .string("Gone"))])))!
        let results = await fixture.client.itemsInEach([.datasets, .reports], of: workspaces + [missing], scope: { .group($0.id) },
                                                       gate: gate, priority: .background) { workspace, answers in
            heard.append(workspace.id, kinds: answers.count)
        }
        #expect(await gate.peak <= 3)
        #expect(heard.places.count == workspaces.count + 1 && Set(heard.places.map(\.id)).count == workspaces.count + 1)
        #expect(heard.places.allSatisfy { $0.kinds == 2 })
        #expect(results.dropLast().allSatisfy { $0.answers.map(\.kind) == [.datasets, .reports] && $0.answers.allSatisfy { (try? $0.result.get()) != nil } })
        let refused = try #require(results.last)
        #expect(refused.answers.allSatisfy { if case .failure = $0.result { true } else { false } }, "the unknown workspace answers 404 for both kinds")
    }
}

final class Heard: @unchecked Sendable {
    private let lock = NSLock()
    private var _places: [(id: String, kinds: Int)] = []
    var places: [(id: String, kinds: Int)] { lock.withLock { _places } }
    func append(_ id: String, kinds: Int) { lock.withLock { _places.append((id, kinds)) } }
}

final class Observations: @unchecked Sendable {
    private let lock = NSLock()
    private var _states: [RefreshState] = []
    var states: [RefreshState] { lock.withLock { _states } }
    func append(_ state: RefreshState) { lock.withLock { _states.append(state) } }
}

@Suite(.timeLimit(.minutes(10))) struct TenantSettingTests {
    @Test func aServicePrincipalTheTenantDoesNotAllowIsExplained() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let transport = try AsyncHTTPTransport()
        let info = simulator.info
        let blocked = simulator.core.tenant.blockedClient
        let credential = ClientSecretCredential(authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId,
                                                clientId: blocked.clientId, secret: Secret(blocked.secret!), transport: transport)
        let client = PowerBIClient(apiRoot: URL(string: info.apiRoot)!, credential: credential,
                                   scope: Cloud.public.powerBIDefaultScope, transport: transport)
        await #expect {
            _ = try await client.workspaces()
        } throws: { error in
            let text = String(describing: error)
            return text.contains("HTTP 401") && text.contains("Service principals can use Fabric APIs") && text.contains("RequestId")
        }
        await transport.shutdown()
        await simulator.stop()
    }
}
