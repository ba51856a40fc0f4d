import Config
import Foundation
import PowerBI
import TerminalUI

/// The mouse: a click selects the row under it, a double click opens it, the wheel scrolls (three rows a
/// notch). Clicks on the tab line switch tabs. The mouse produces actions (``AppReducer/act(_:_:now:)``),
/// never keys, so that a remapped `move_down` still follows the wheel.
enum MouseReducer {
    static let wheelStep = 3

    static func event(_ event: MouseEvent, _ state: inout AppState, now: Date) -> [Effect] {
        guard state.commandPrompt == nil, !state.filterEditing, !state.helpVisible, state.dialog == nil, state.enhancedForm == nil else { return [] }
        let layout = AppLayout(size: state.size)
        switch event.kind {
        case .wheelUp, .wheelDown:
            // The wheel is the move actions, whatever keys the person gave them.
            let action: Action = event.kind == .wheelUp ? .moveUp : .moveDown
            if var overlay = state.jsonOverlay {
                for _ in 0..<wheelStep { _ = overlay.viewer.perform(action, height: max(1, layout.visibleTableRows)) }
                state.jsonOverlay = overlay
                return []
            }
            var effects: [Effect] = []
            for _ in 0..<wheelStep { effects += AppReducer.act(action, &state, now: now) }
            return effects
        case .click, .doubleClick:
            if state.route == .workspace, event.row == layout.titleRow, let view = state.workspace {
                return clickTab(column: event.column, view: view, &state, now: now)
            }
            let firstDataRow = layout.table.row + 1
            guard event.row >= firstDataRow, event.row < layout.statusRow else { return [] }
            let line = event.row - firstDataRow
            guard state.front.select(line: line, &state) else { return [] }
            return event.kind == .doubleClick ? AppReducer.act(.open, &state, now: now) : []
        }
    }

    /// The tab labels are drawn left to right from column 1, each " Label (n) " plus a space.
    static func clickTab(column: Int, view: WorkspaceView, _ state: inout AppState, now: Date) -> [Effect] {
        var x = 1
        for kind in view.tabs {
            let width = DisplayWidth.of(" \(WorkspaceRenderer.tabLabel(kind, view: view, state: state)) ") + 1
            if column >= x, column < x + width {
                var effects: [Effect] = []
                var guardSteps = 0
                while state.workspace?.tab != kind, guardSteps < view.tabs.count {
                    effects += AppReducer.act(.nextTab, &state, now: now)
                    guardSteps += 1
                }
                return effects
            }
            x += width
        }
        return []
    }
}
