import Foundation
import TerminalUI

extension WorkspacesScreen {
    static let commands: [PaletteCommand] = [
        PaletteCommand("workspaces", aliases: ["ws"], "Go to the workspace list") { _, _, state, now in
            guard state.identity != nil else {
                state.status = StatusMessage("Sign in first: choose a method and press Enter", level: .warn)
                return []
            }
            state.stack.reset([.workspaces])
            return state.workspaces.value == nil && !state.workspaces.isLoading ? WorkspacesReducer.action(.reload, &state, now: now) : []
        },
    ]
}
