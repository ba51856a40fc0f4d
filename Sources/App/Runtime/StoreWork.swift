import Foundation
import Inventory
import PowerBI
import TerminalSafety

/// Why a store screen has nothing to show: no store yet, or one that could not be read.
public struct StoreProblem: Error, Sendable, Hashable {
    public let message: String
}

/// What a lineage read found: the tree, or the items a name may mean (to choose from).
public enum LineageAnswer: Sendable {
    case tree(LineageTree)
    case choices([LineageNode])
}

/// The store screens' reads: the signed-in tenant's store (named after the token's tenant), read off the
/// main actor; the answers come back as events.
enum StoreWork {
    typealias Emit = AsyncStream<AppEvent>.Continuation

    /// The tenant's store, if a scan or a download made one.
    static func open(folder: String?, _ client: PowerBIClient) async -> Result<TenantStore, StoreProblem> {
        guard let folder else { return .failure(StoreProblem(message: "No place for tenant stores: set XDG_DATA_HOME or HOME")) }
        guard let tenant = try? await client.currentToken().tenantId, let path = StoreLocation.path(tenantId: tenant, folder: folder) else {
            return .failure(StoreProblem(message: "The token names no tenant, so there is no tenant store to read"))
        }
        guard FileManager.default.fileExists(atPath: path) else {
            return .failure(StoreProblem(message: "No tenant store yet (\(TerminalSafety.escape(path))): `pbitui scan --lineage` or `pbitui activity` fills it"))
        }
        do { return .success(try TenantStore(path: path)) } catch {
            return .failure(StoreProblem(message: TerminalSafety.escape(error.description)))
        }
    }

    static func lineage(_ generation: Int, _ target: LineageTarget, folder: String?, _ client: PowerBIClient, _ emit: Emit) async {
        let result: Result<LineageAnswer, StoreProblem>
        switch await open(folder: folder, client) {
        case let .failure(problem): result = .failure(problem)
        case let .success(store):
            let query = target.query
            do {
                result = .success(try await store.read { db -> LineageAnswer in
                    let found = try Lineage.matches(query, in: db)
                    guard found.count == 1 else {
                        if found.isEmpty { throw StoreError.notFound("No item named or with the id \"\(TerminalSafety.escape(query))\" in the tenant store") }
                        return .choices(found)
                    }
                    return .tree(try Lineage.tree(of: found[0], in: db))
                })
            } catch {
                result = .failure(StoreProblem(message: TerminalSafety.escape(error.description)))
            }
        }
        emit.yield(.lineage(.loaded(generation: generation, result)))
    }

    static func inventory(_ generation: Int, finding: InventoryFinding?, folder: String?, _ client: PowerBIClient, _ emit: Emit) async {
        switch await open(folder: folder, client) {
        case let .failure(problem):
            emit.yield(.inventory(.arrived(generation: generation, [], done: true, failure: problem.message)))
        case let .success(store):
            do {
                try await store.read { db in
                    try InventoryItem.all(in: db, finding: finding) { batch in emit.yield(.inventory(.arrived(generation: generation, batch, done: false, failure: nil))) }
                }
                emit.yield(.inventory(.arrived(generation: generation, [], done: true, failure: nil)))
            } catch {
                emit.yield(.inventory(.arrived(generation: generation, [], done: true, failure: TerminalSafety.escape(error.description))))
            }
        }
    }
}
