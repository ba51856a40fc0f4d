import Foundation
import PowerBI

extension TerminalApp {
    /// The screen's effects, where ``TerminalApp/carryOut(_:)`` hands them.
    func carryOut(_ effect: DetailsEffect) {
        switch effect {
        case let .load(scope, datasetId, section):
            background { client, _, emit in await BackgroundWork.details(section, of: datasetId, in: scope, client, emit) }
        }
    }
}

extension BackgroundWork {
    static func details(_ section: DetailsSection, of datasetId: String, in scope: WorkspaceScope, _ client: PowerBIClient, _ emit: Emit) async {
        do throws(PowerBIError) {
            let payload: DetailsPayload
            switch section {
            case .datasources: payload = .datasources(try await client.datasources(of: datasetId, in: scope))
            case .parameters: payload = .parameters(try await client.parameters(of: datasetId, in: scope))
            case .schedule: payload = .schedule(try await client.refreshSchedule(of: datasetId, in: scope))
            case .history, .properties, .json: payload = .history(try await client.refreshHistory(of: datasetId, in: scope, top: 30))
            }
            emit.yield(.details(.loaded(scope, datasetId: datasetId, payload)))
        } catch {
            report(error, "GET", scope.prefix + "/datasets/" + datasetId, emit: emit)
            emit.yield(.details(.failed(scope, datasetId: datasetId, section, message: error.headline, requestId: error.requestId)))
        }
    }
}
