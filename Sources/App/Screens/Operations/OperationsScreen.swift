import APIDescriptions
import Automate
import EntraAuth
import Config
import Foundation
import PowerBI
import TerminalUI

/// The explorer's list (`:ops`, `o`): ``OperationsView`` on the stack.
enum OperationsScreen: ListScreen {
    static func keyScreen(_ state: AppState) -> KeyScreen { .operations }
    static func breadcrumb(_ state: AppState) -> [String] { ["Operations"] }
    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] { OperationsReducer.list(action, &state, now: now) }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        OperationsRenderer.renderList(state, layout: layout, theme: theme, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { false }

    /// Letters filter as they are typed (the list's keys are keys that are not typed); Backspace deletes
    /// one; Esc clears the filter first, then leaves.
    static func key(_ key: Key, action: Action?, _ state: inout AppState, now: Date) -> [Effect] {
        let filter = state.operations?.rows.filter ?? ""
        switch key {
        case let .character(character) where action == nil || action == .filter:
            if character == "/" && filter.isEmpty { return [] }
            setFilter(filter + String(character), &state)
            return []
        case .backspace:
            if !filter.isEmpty { setFilter(String(filter.dropLast()), &state) }
            return []
        case .escape where !filter.isEmpty:
            setFilter("", &state)
            return []
        default:
            guard let action else { return [] }
            return AppReducer.act(action, &state, now: now)
        }
    }

    static func list(_ state: AppState) -> OperationsView? { state.operations }
    static func setList(_ view: OperationsView, _ state: inout AppState) { state.operations = view }
    /// The operations keep the order that puts those the context fills first.
    static func sortable(_ view: OperationsView) -> [Int] { [] }

    /// With other APIs (`--spec`), the API comes first, as `pbitui ops` lists it.
    static func export(_ view: OperationsView, _ state: AppState, now: Date) -> ListExportColumns<ExplorerOperation> {
        let several = view.descriptions.count > 1
        return ListExportColumns(
            headers: (several ? ["API"] : []) + ["OPERATION", "METHOD", "PATH", "TAG", "SERVICE PRINCIPALS", "SCOPES"],
            cells: { entry in
                let operation = entry.operation
                return (several ? [view.descriptions[entry.api].title] : [])
                    + [operation.operationId, operation.method, operation.path, operation.tag, operation.servicePrincipal.word, operation.scopes.joined(separator: " ")]
            },
            object: { entry in
                guard several, var object = entry.operation.listingJSON.objectValue else { return entry.operation.listingJSON }
                object.insert("api", .string(view.descriptions[entry.api].title))
                return .object(object)
            })
    }
}

extension OperationsScreen {
    /// The operation on the row, with what the context fills.
    static func selection(_ state: AppState) -> Selection? {
        guard let view = state.operations, let entry = view.rows.row(at: view.selection.selected) else { return nil }
        return .operation(OperationView(entry.operation, in: view.descriptions[entry.api], context: view.context))
    }
}

/// One operation and its form: ``OperationView`` on the stack.
enum OperationScreen: ScreenUnit {
    /// The operation and its form (Ctrl-A: the form's request, or what is wrong with it).
    static func selection(_ state: AppState) -> Selection? { state.operation.map(Selection.operation) }

    static func automateCall(_ view: OperationView, cloud: Cloud?) -> Result<AutomateCall, AutomateProblem> {
        switch OperationsReducer.consoleRequest(view) {
        case let .success((request, _)): AutomateCalls.from(request, cloud: cloud, operation: view.operation, description: view.description)
        case let .failure(error): .failure(AutomateProblem("\(view.operation.operationId): \(error.message)"))
        }
    }

    static func keyScreen(_ state: AppState) -> KeyScreen { .operation }
    static func breadcrumb(_ state: AppState) -> [String] { ["Operations", state.operation?.operation.operationId ?? ""] }
    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        OperationsReducer.key(.escape, action: action, &state, now: now)
    }

    /// A parameter takes a paste on one line, the body as it is.
    static func paste(_ text: String, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.operation else { return [] }
        let isBody = view.focus >= view.fields.count
        OperationsReducer.edit(&view) { $0 += isBody ? text : PastedText.singleLine(text) }
        state.operation = view
        return []
    }

    /// The form sees every key (a printable one is text); its table binds none that could be typed.
    static func key(_ key: Key, action: Action?, _ state: inout AppState, now: Date) -> [Effect] {
        OperationsReducer.key(key, action: action ?? state.keys(.operation).action(for: key), &state, now: now)
    }

    /// A form: every printable key is text.
    static func takesEveryKey(_ state: AppState) -> Bool { true }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        OperationsRenderer.renderOperation(state, layout: layout, theme: theme, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { false }
}
