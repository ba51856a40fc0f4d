import Automate
import EntraAuth
import APIDescriptions
import Foundation
import PowerBI
import Tokens

/// The probes over datasets (a query, whether it may refresh), Fabric's API and the four ways.
extension Probes {
    /// How many workspaces the dataset probes look through for a dataset, at most.
    static let workspacesLooked = 10

    /// The datasets of the first workspaces (shared and personal alike), with their workspace.
    func datasets(in workspaces: [Workspace]) async -> [(workspace: Workspace, dataset: Dataset)] {
        let answers = await client.itemsInEach([.datasets], of: Array(workspaces.prefix(Self.workspacesLooked)), scope: { .group($0.id) })
        return answers.flatMap { workspace, kinds in
            kinds.flatMap { answer -> [(workspace: Workspace, dataset: Dataset)] in
                guard case let .success(objects) = answer.result else { return [] }
                return objects.compactMap(Dataset.init(json:)).map { (workspace, $0) }
            }
        }
    }

    /// `execute-queries`: `EVALUATE ROW("x", 1)` on a dataset it can read, one without row-level security
    /// where there is one.
    func executeQueries(in workspaces: [Workspace]) async -> DoctorRow {
        let name = DoctorCheck.executeQueries.rawValue
        let found = await datasets(in: workspaces)
        let plain = found.first { $0.dataset.raw["isEffectiveIdentityRequired"]?.boolValue != true }
        guard let (workspace, dataset) = plain ?? found.first else {
            return DoctorRow(name, .skipped, "no dataset in the first \(min(workspaces.count, Self.workspacesLooked)) workspaces to query")
        }
        let rowLevelSecurity = dataset.raw["isEffectiveIdentityRequired"]?.boolValue
        do throws(DAXFailure) {
            _ = try await client.executeQuery(DAXRequest(query: #"EVALUATE ROW("x", 1)"#), dataset: dataset.id, in: .group(workspace.id),
                                              rowLevelSecurity: rowLevelSecurity)
            return DoctorRow(name, .works, "EVALUATE ROW(\"x\", 1) on '\(Self.oneLine(dataset.name, limit: 60))' in '\(Self.oneLine(workspace.name, limit: 60))' answered")
        } catch {
            guard let service = error.service else { return DoctorRow(name, .unknown, Self.oneLine(error.message)) }
            let evidence = Self.evidence(.service(service)) + " on '\(Self.oneLine(dataset.name, limit: 60))'"
            guard [400, 401, 403].contains(service.status) else { return DoctorRow(name, .unknown, evidence) }
            return DoctorRow(name, .fails, evidence, advice: queryAdvice(service, rowLevelSecurity: rowLevelSecurity == true))
        }
    }

    /// `execute-dax-queries`: `EVALUATE ROW("x", 1)` through the Arrow API, on a dataset of a workspace on a capacity.
    func executeDaxQueries(in workspaces: [Workspace]) async -> DoctorRow {
        let name = DoctorCheck.executeDaxQueries.rawValue
        let onCapacity = workspaces.filter { $0.isOnDedicatedCapacity == true }
        guard !onCapacity.isEmpty else {
            return DoctorRow(name, .skipped, "no workspace on a capacity in sight: the Arrow query API answers only for models on Premium, Fabric or Embedded capacity")
        }
        let found = await datasets(in: onCapacity)
        guard let (workspace, dataset) = found.first(where: { $0.dataset.raw["isEffectiveIdentityRequired"]?.boolValue != true }) ?? found.first else {
            return DoctorRow(name, .skipped, "no dataset in the workspaces on a capacity to query")
        }
        let place = "'\(Self.oneLine(dataset.name, limit: 60))' in '\(Self.oneLine(workspace.name, limit: 60))'"
        do throws(DAXFailure) {
            _ = try await client.executeDaxQueries(DAXArrowRequest(query: #"EVALUATE ROW("x", 1)"#), dataset: dataset.id, in: .group(workspace.id))
            return DoctorRow(name, .works, "EVALUATE ROW(\"x\", 1) through executeDaxQueries on \(place) answered with an Arrow stream")
        } catch {
            let evidence = (error.service.map { Self.evidence(.service($0)) } ?? Self.oneLine(error.message, limit: 200)) + " on " + place
            if error.message.contains("XMLA") { return DoctorRow(name, .fails, evidence, advice: "turn on " + PortalSetting.xmlaEndpoints) }
            guard let service = error.service, [400, 401, 403].contains(service.status) else { return DoctorRow(name, .unknown, evidence) }
            return DoctorRow(name, .fails, evidence, advice: queryAdvice(service, rowLevelSecurity: dataset.raw["isEffectiveIdentityRequired"]?.boolValue == true)
                                + " (the Arrow API also needs " + PortalSetting.xmlaEndpoints + " and a capacity)")
        }
    }

    func queryAdvice(_ service: ServiceError, rowLevelSecurity: Bool) -> String {
        let said = (service.detail ?? "") + " " + (service.code ?? "")
        if said.contains("Execute Queries") { return "turn on " + PortalSetting.executeQueries }
        if identity.isApp, rowLevelSecurity {
            return "a service principal cannot query a dataset with row-level security: query as a user, or a dataset without RLS"
        }
        if service.status == 403 { return "the identity needs Build permission on the dataset (or a workspace role of Contributor or above)" }
        return "turn on " + PortalSetting.executeQueries + "; a user also needs the Dataset.Read.All scope and Build permission"
            + (identity.isApp ? "; an app also needs " + PortalSetting.servicePrincipalAPIs : "")
    }

    /// `refresh`: whether it may refresh a refreshable dataset, from its workspace role, without refreshing.
    func refresh(in workspaces: [Workspace]) async -> DoctorRow {
        let name = DoctorCheck.refresh.rawValue
        let found = await datasets(in: workspaces)
        guard let (workspace, dataset) = found.first(where: { $0.dataset.isRefreshable == true }) else {
            return DoctorRow(name, .skipped, "no refreshable dataset in the first \(min(workspaces.count, Self.workspacesLooked)) workspaces")
        }
        let users: [JSONValue]
        do throws(PowerBIError) { users = try await client.list("/groups/\(workspace.id)/users") } catch {
            return DoctorRow(name, Self.isRefusal(error) ? .fails : .unknown, Self.evidence(error) + " reading the members of '\(Self.oneLine(workspace.name, limit: 60))'",
                             advice: "a workspace Viewer cannot read its members or refresh: Contributor, Member or Admin can")
        }
        let me = [identity.token.clientId, identity.token.account, identity.claims?["oid"]?.stringValue].compactMap { $0?.lowercased() }
        let role = users.first { user in
            [user["identifier"], user["graphId"], user["emailAddress"]].compactMap { $0?.stringValue?.lowercased() }.contains(where: me.contains)
        }?["groupUserAccessRight"]?.stringValue
        let place = "'\(Self.oneLine(dataset.name, limit: 60))' in '\(Self.oneLine(workspace.name, limit: 60))'"
        guard let role else {
            return DoctorRow(name, .unknown, "\(place) is refreshable; this identity is not a member by name (a security group may hold it)")
        }
        if role.caseInsensitiveCompare("Viewer") == .orderedSame {
            return DoctorRow(name, .fails, "workspace role Viewer; \(place) is refreshable", advice: "a refresh needs Contributor, Member or Admin on the workspace")
        }
        if !identity.isApp, !identity.scopes.contains("Dataset.ReadWrite.All") {
            return DoctorRow(name, .fails, "workspace role \(role); the token lacks Dataset.ReadWrite.All",
                             advice: "sign in with the Dataset.ReadWrite.All scope (consented for this app)")
        }
        return DoctorRow(name, .works, "workspace role \(role); \(place) is refreshable (nothing was refreshed)")
    }

    /// `fabric-api`: a token for Fabric's audience and GET /v1/workspaces there.
    func fabricAPI(root: URL?) async -> DoctorRow {
        let name = DoctorCheck.fabricAPI.rawValue
        guard let root else { return DoctorRow(name, .skipped, "no Fabric API here (the demo tenant serves Power BI only; Fabric exists in the public cloud)") }
        let fabric = client.client(root: root, basePath: APIResource.fabric.basePath, scope: DefaultScope.of("https://api.fabric.microsoft.com"))
        do throws(PowerBIError) {
            let page = try await fabric.getJSON("/workspaces")
            return DoctorRow(name, .works, "GET \(root.host ?? "")/v1/workspaces answered 200 (\(page["value"]?.arrayValue?.count ?? 0) workspaces on the first page)")
        } catch {
            if case .auth = error { return DoctorRow(name, .fails, Self.evidence(error), advice: "the app needs a Fabric (Power BI Service) permission the token can carry for https://api.fabric.microsoft.com") }
            guard Self.isRefusal(error) else { return DoctorRow(name, .unknown, Self.evidence(error)) }
            return DoctorRow(name, .fails, Self.evidence(error), advice: identity.isApp ? "turn on " + PortalSetting.servicePrincipalAPIs : "sign in with the Workspace.Read.All scope for Fabric")
        }
    }

    /// `four-ways`: the four ways to refresh a dataset from Power Automate, with their verdicts for this identity.
    static func fourWays(_ identity: Identity, apiRoot: URL) -> DoctorRow {
        let name = DoctorCheck.fourWays.rawValue
        guard let operation = OperationCatalogue.powerBI.operation(id: "Datasets_RefreshDatasetInGroup"),
              let call = try? operation.call([("groupId", "{groupId}"), ("datasetId", "{datasetId}")], body: nil),
              let built = AutomateCall.operation(operation, call, description: OperationCatalogue.powerBI, root: URL(string: "https://api.powerbi.com")!,
                                                 audience: "https://analysis.windows.net/powerbi/api", authorityHost: URL(string: "https://login.microsoftonline.com")!) else {
            return DoctorRow(name, .unknown, "the refresh operation is missing from the description")
        }
        let advice = AutomateAdvisor.advise(built, identity: identity.automate)
        let summary = advice.map { "\($0.way.rawValue) \($0.verdict.rawValue)" }.joined(separator: ", ")
        guard advice.contains(where: { $0.verdict != .fails }) else {
            return DoctorRow(name, .fails, "refreshing a dataset from Power Automate: " + summary,
                             advice: advice.first?.reasons.first ?? "see `pbitui automate Datasets_RefreshDatasetInGroup`")
        }
        return DoctorRow(name, .works, "refreshing a dataset from Power Automate: " + summary + " (`pbitui automate Datasets_RefreshDatasetInGroup` writes them)")
    }
}
