import Foundation
import TerminalUI

extension LineageScreen {
    static let commands: [PaletteCommand] = [
        PaletteCommand("lineage", takesArgument: true, "Lineage from the tenant store: :lineage NAME (an id, a name or kind:name), or of the selected item (L)") { argument, _, state, _ in
            guard state.identity != nil else {
                state.status = StatusMessage("Sign in first: the store is the signed-in tenant's", level: .warn)
                return []
            }
            return LineageReducer.open(argument.isEmpty ? state.front.selection(state)?.lineageTarget : .text(argument), &state)
        },
    ]
}
