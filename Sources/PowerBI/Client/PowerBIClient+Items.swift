import APIDescriptions
import Foundation
import HTTPCore
import Tokens

extension PowerBIClient {
    /// The items of one kind in a workspace, decoded leniently, duplicates (by id) removed.
    ///
    /// ```swift
    /// let datasets = try await client.items(Dataset.self, in: .group(workspace.id))
    /// ```
    public func items<Item: PowerBIItem>(_ type: Item.Type, in scope: WorkspaceScope) async throws(PowerBIError) -> [Item] {
        var seen = Set<String>()
        return try await itemObjects(Item.kind, in: scope).compactMap(Item.init(json:)).filter { seen.insert(ItemID.key($0.id)).inserted }
    }

    /// The items of one kind as the service sent them. My workspace has no dataflows or users API: its list
    /// of those is empty.
    public func itemObjects(_ kind: ItemKind, in scope: WorkspaceScope) async throws(PowerBIError) -> [JSONValue] {
        guard let path = kind.spec.path(in: scope) else { return [] }
        return try await list(path)
    }

    public func reports(in scope: WorkspaceScope) async throws(PowerBIError) -> [Report] { try await items(Report.self, in: scope) }
    public func datasets(in scope: WorkspaceScope) async throws(PowerBIError) -> [Dataset] { try await items(Dataset.self, in: scope) }
    public func dashboards(in scope: WorkspaceScope) async throws(PowerBIError) -> [Dashboard] { try await items(Dashboard.self, in: scope) }
    public func dataflows(in scope: WorkspaceScope) async throws(PowerBIError) -> [Dataflow] { try await items(Dataflow.self, in: scope) }

    /// One dataset (`GET …/datasets/{id}`).
    public func dataset(_ id: String, in scope: WorkspaceScope) async throws(PowerBIError) -> Dataset {
        let json = try await getJSON(datasetPath(id, scope))
        guard let dataset = Dataset(json: json) else {
            throw .malformedResponse(method: "GET", path: datasetPath(id, scope), status: 200, detail: "a dataset without an id", requestId: nil)
        }
        return dataset
    }

    public func datasources(of datasetId: String, in scope: WorkspaceScope) async throws(PowerBIError) -> [Datasource] {
        try await list(datasetPath(datasetId, scope) + "/datasources").map(Datasource.init(json:))
    }

    public func parameters(of datasetId: String, in scope: WorkspaceScope) async throws(PowerBIError) -> [DatasetParameter] {
        try await list(datasetPath(datasetId, scope) + "/parameters").compactMap(DatasetParameter.init(json:))
    }

    public func refreshSchedule(of datasetId: String, in scope: WorkspaceScope) async throws(PowerBIError) -> RefreshSchedule {
        RefreshSchedule(json: try await getJSON(datasetPath(datasetId, scope) + "/refreshSchedule"))
    }

    func datasetPath(_ id: String, _ scope: WorkspaceScope) -> String {
        scope.prefix + "/datasets/" + FormEncodingPath.segment(id)
    }

    /// What one workspace answered in a fan-out: each kind asked, with its objects or its refusal.
    public typealias KindAnswers = [(kind: ItemKind, result: Result<[JSONValue], PowerBIError>)]

    /// The one fan-out over workspaces: each place's objects of `kinds` (one request after another within a
    /// place), at most `limit` places at a time, and through `gate` when one is given, so that fan-outs
    /// running together keep to its limit. `each` hears every place's answers as they come (a screen shows
    /// them at once); they also come back in the places' order. One refusal does not hide the others.
    ///
    /// `ls KIND` without `--workspace`, `:datasets` and `:go!` all go through here.
    @discardableResult
    public func itemsInEach<Place: Sendable>(
        _ kinds: [ItemKind], of places: [Place], scope: @escaping @Sendable (Place) -> WorkspaceScope, limit: Int = 4,
        gate: RequestGate? = nil, priority: RequestGate.Priority = .urgent,
        each: @escaping @Sendable (Place, KindAnswers) async -> Void = { _, _ in }
    ) async -> [(place: Place, answers: KindAnswers)] {
        await BoundedConcurrency.map(places, limit: gate?.limit ?? limit) { place in
            var answers: KindAnswers = []
            for kind in kinds {
                let load: @Sendable () async -> Result<[JSONValue], PowerBIError> = {
                    do throws(PowerBIError) { return .success(try await self.itemObjects(kind, in: scope(place))) } catch { return .failure(error) }
                }
                answers.append((kind, gate == nil ? await load() : await gate!.run(priority, load)))
            }
            await each(place, answers)
            return (place, answers)
        }
    }
}
