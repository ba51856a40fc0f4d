import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// `:pins` and `:go`: ``PickerView`` on the stack.
enum PickerScreen: ScreenUnit {
    static func keyScreen(_ state: AppState) -> KeyScreen { .picker }

    static func breadcrumb(_ state: AppState) -> [String] {
        switch state.picker?.purpose {
        case let .go(query, _)?: ["Go to \"\(query)\""]
        case .contexts?: ["Contexts"]
        default: ["Pins"]
        }
    }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        PickerReducer.action(action, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        PickerRenderer.render(state, layout: layout, theme: theme, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { state.picker?.isSearching == true }

    static func filter(_ state: AppState) -> String? { state.picker?.rows.filter }

    static func setFilter(_ text: String, _ state: inout AppState) {
        guard var view = state.picker else { return }
        view.rows.setFilter(text, selection: &view.selection, visibleRows: PickerReducer.visibleRows(state))
        state.picker = view
    }

    static func select(line: Int, _ state: inout AppState) -> Bool {
        guard var view = state.picker, view.selection.select(line: line, count: view.rows.count) else { return false }
        state.picker = view
        return true
    }

    static func table(_ state: AppState, now: Date) -> ListExport.Table? {
        guard let view = state.picker else { return nil }
        let pins = view.rows.visibleRows.map(\.pin)
        return ListExport.Table(headers: ["KIND", "NAME", "WORKSPACE", "ID"],
                                rows: pins.map { [$0.kind.rawValue, $0.name, $0.workspaceName ?? "", $0.id] },
                                objects: pins.map { pin in
                                    .object(JSONObject([("kind", .string(pin.kind.rawValue)), ("id", .string(pin.id)), ("name", .string(pin.name)),
                                                        ("workspaceId", pin.workspaceId.map(JSONValue.string) ?? .null),
                                                        ("workspaceName", pin.workspaceName.map(JSONValue.string) ?? .null)]))
                                })
    }

    /// On `:pins`, `p` unpins the selected pin; on `:go`, it pins the selected find.
    static func pinTarget(_ state: AppState, now: Date) -> Pin? {
        guard let view = state.picker, view.purpose != .contexts, let entry = view.rows.row(at: view.selection.selected) else { return nil }
        return entry.pin
    }
}
