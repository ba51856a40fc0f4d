import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// `:pins` and `:go`: ``PickerView`` on the stack.
enum PickerScreen: ListScreen {
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

    static func list(_ state: AppState) -> PickerView? { state.picker }
    static func setList(_ view: PickerView, _ state: inout AppState) { state.picker = view }
    /// Pins keep their order (newest first), finds their rank.
    static func sortable(_ view: PickerView) -> [Int] { [] }
    static func export(_ view: PickerView, _ state: AppState, now: Date) -> ListExportColumns<PickerView.Entry> {
        ListExportColumns(headers: ["KIND", "NAME", "WORKSPACE", "ID"],
                          cells: { [$0.pin.kind.rawValue, $0.pin.name, $0.pin.workspaceName ?? "", $0.pin.id] },
                          object: { entry in
                              let pin = entry.pin
                              return .object(JSONObject([("kind", .string(pin.kind.rawValue)), ("id", .string(pin.id)), ("name", .string(pin.name)),
                                                         ("workspaceId", pin.workspaceId.map(JSONValue.string) ?? .null),
                                                         ("workspaceName", pin.workspaceName.map(JSONValue.string) ?? .null)]))
                          })
    }

    /// On `:pins`, `p` unpins the selected pin; on `:go`, it pins the selected find; `:ctx` lists profiles.
    static func selection(_ state: AppState) -> Selection? {
        guard let view = state.picker, let entry = view.rows.row(at: view.selection.selected) else { return nil }
        return view.purpose == .contexts ? .context(name: entry.pin.name) : .pin(entry.pin)
    }
}
