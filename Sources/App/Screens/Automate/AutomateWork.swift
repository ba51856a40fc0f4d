import Automate
import Foundation
import PowerBI

extension TerminalApp {
    /// The screen's effects, where ``TerminalApp/carryOut(_:)`` hands them.
    func carryOut(_ effect: AutomateEffect) {
        switch effect {
        case .identify:
            background { client, _, emit in emit.yield(.automate(.identified(await AutomateTrying.identity(of: client)))) }
        case let .tryWay(way, call, tokenKind):
            let demo = session?.cloud == nil
            background { client, _, emit in
                let outcome = await AutomateTrying.attempt(way, call, client: client, tokenKind: tokenKind, demo: demo)
                emit.yield(.automate(.tried(way, outcome)))
            }
        }
    }
}
