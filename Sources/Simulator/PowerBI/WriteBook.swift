import Foundation
import Synchronization
import Tokens

/// What the demo tenant's writes changed (the tenant itself is generated from its seed, so only the
/// changes are kept): users added to workspaces, parameter values, refresh schedules, who took a dataset over.
final class WriteBook: Sendable {
    private struct State {
        var addedUsers: [String: [JSONValue]] = [:]
        var parameters: [String: [String: String]] = [:]
        var schedules: [String: JSONValue] = [:]
        var owners: [String: String] = [:]
    }
    private let state = Mutex(State())

    func addUser(_ user: JSONValue, to workspaceId: String) {
        state.withLock { $0.addedUsers[workspaceId.lowercased(), default: []].append(user) }
    }

    func addedUsers(of workspaceId: String) -> [JSONValue] { state.withLock { $0.addedUsers[workspaceId.lowercased()] ?? [] } }

    func setParameters(_ values: [String: String], of datasetId: String) {
        state.withLock { $0.parameters[datasetId.lowercased(), default: [:]].merge(values) { _, new in new } }
    }

    func parameters(of datasetId: String) -> [String: String] { state.withLock { $0.parameters[datasetId.lowercased()] ?? [:] } }

    func setSchedule(_ schedule: JSONValue, of datasetId: String) { state.withLock { $0.schedules[datasetId.lowercased()] = schedule } }
    func schedule(of datasetId: String) -> JSONValue? { state.withLock { $0.schedules[datasetId.lowercased()] } }

    func setOwner(_ owner: String, of datasetId: String) { state.withLock { $0.owners[datasetId.lowercased()] = owner } }
    func owner(of datasetId: String) -> String? { state.withLock { $0.owners[datasetId.lowercased()] } }
}
