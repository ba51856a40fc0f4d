import Config
import Foundation
import PowerBI
import TerminalUI

/// An item's details: ``DetailsView`` on the stack, over the list it was opened from.
enum DetailsScreen: ScreenUnit {
    static func selection(_ state: AppState) -> Selection? { state.details.map { .item($0.item, in: $0.workspace) } }

    static func keyScreen(_ state: AppState) -> KeyScreen { .details }

    static func breadcrumb(_ state: AppState) -> [String] {
        guard let details = state.details else { return ["Workspaces"] }
        let home = if case .app = details.workspace.scope { "Apps" } else { "Workspaces" }
        return [home, TextFit.truncate(details.workspace.name, to: 24), details.item.kind.title, TextFit.truncate(details.item.name, to: 30)]
    }

    /// The JSON section's viewer takes keys of its own (search text among them).
    static func key(_ key: Key, action: Action?, _ state: inout AppState, now: Date) -> [Effect] {
        DetailsReducer.key(key, &state, now: now)
    }

    static func takesEveryKey(_ state: AppState) -> Bool { state.details?.json?.searching == true }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        DetailsReducer.action(action, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        DetailsRenderer.render(state, layout: layout, theme: theme, now: now, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool {
        state.details.map { $0.history.isLoading || $0.datasources.isLoading || $0.parameters.isLoading || $0.schedule.isLoading } == true
    }
}
