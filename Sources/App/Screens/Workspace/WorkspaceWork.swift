import Foundation
import PowerBI

extension TerminalApp {
    /// The screen's effects, where ``TerminalApp/carryOut(_:)`` hands them.
    func carryOut(_ effect: WorkspaceEffect) {
        switch effect {
        case let .loadItems(scope, kind):
            background { client, _, emit in await BackgroundWork.items(kind, in: scope, client, emit) }
        }
    }
}

extension BackgroundWork {
    static func items(_ kind: ItemKind, in scope: WorkspaceScope, _ client: PowerBIClient, _ emit: Emit) async {
        do throws(PowerBIError) {
            emit.yield(.workspace(.itemsLoaded(scope, kind, ItemRow.rows(kind, try await client.itemObjects(kind, in: scope)))))
        } catch {
            report(error, "GET", kind.spec.path(in: scope) ?? scope.prefix + "/" + kind.rawValue, emit: emit)
            emit.yield(.workspace(.itemsFailed(scope, kind, message: error.headline, requestId: error.requestId)))
        }
    }
}
