import Foundation
import PowerBI

extension TerminalApp {
    /// The screen's effects, where ``TerminalApp/carryOut(_:)`` hands them.
    func carryOut(_ effect: TenantListEffect) {
        switch effect {
        case let .load(kind):
            background { client, _, emit in await BackgroundWork.tenantList(kind, client, emit) }
        }
    }
}

extension BackgroundWork {
    static func tenantList(_ kind: TenantKind, _ client: PowerBIClient, _ emit: Emit) async {
        do throws(PowerBIError) {
            emit.yield(.tenantList(.loaded(kind, .success(try await client.list(kind.spec.path)), requestId: nil)))
        } catch {
            report(error, "GET", kind.spec.path, emit: emit)
            emit.yield(.tenantList(.loaded(kind, .failure(LastRefreshFailure(error.headline)), requestId: error.requestId)))
        }
    }
}
