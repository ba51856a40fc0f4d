import Foundation
import Inventory
import PowerBI
import TerminalSafety

/// The activity log read from the tenant store.
public enum ActivityScreenEvent: Sendable {
    case loaded(generation: Int, Result<[ActivityEvent], StoreProblem>)
}

public enum ActivityWork: Sendable, Hashable {
    /// The newest events of the tenant store's activity log.
    case load(generation: Int, limit: Int)
}

extension StoreWork {
    /// The newest `limit` events of the activity log.
    static func activity(limit: Int, folder: String?, _ client: PowerBIClient) async -> Result<[ActivityEvent], StoreProblem> {
        switch await open(folder: folder, client) {
        case let .failure(problem): return .failure(problem)
        case let .success(store):
            do {
                return .success(try await store.read { db in try ActivityLog.latest(limit: limit, in: db) })
            } catch {
                return .failure(StoreProblem(message: TerminalSafety.escape(error.description)))
            }
        }
    }
}
