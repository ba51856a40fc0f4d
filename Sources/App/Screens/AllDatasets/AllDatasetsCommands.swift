import Foundation
import TerminalUI

extension AllDatasetsScreen {
    static let commands: [PaletteCommand] = [
        PaletteCommand("datasets", aliases: ["ds"], "Every dataset of every workspace, loaded four workspaces at a time") { _, _, state, _ in
            guard state.identity != nil, let workspaces = state.workspaces.value else {
                state.status = StatusMessage("Load the workspaces first (sign in, then :workspaces)", level: .warn)
                return []
            }
            let entries = workspaces.map(WorkspaceEntry.init)
            state.stack.reset([.workspaces, .allDatasets(AllDatasetsView(total: entries.count))])
            state.status = StatusMessage("Loading the datasets of \(entries.count) workspaces…")
            return [.allDatasets(.load(entries))]
        },
    ]
}
