import Foundation
import PowerBI

extension TerminalApp {
    /// The screen's effects, where ``TerminalApp/carryOut(_:)`` hands them.
    func carryOut(_ effect: WorkspacesEffect) {
        switch effect {
        case .load:
            background { client, _, emit in await BackgroundWork.workspaces(client, emit) }
        }
    }
}

extension BackgroundWork {
    static func workspaces(_ client: PowerBIClient, _ emit: Emit) async {
        do throws(PowerBIError) {
            emit.yield(.workspaces(.loaded(try await client.workspaces())))
        } catch {
            report(error, "GET", "/groups", emit: emit)
            emit.yield(.workspaces(.failed(message: error.headline, requestId: error.requestId)))
        }
    }
}
