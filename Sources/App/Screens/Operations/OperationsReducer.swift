import APIDescriptions
import Config
import Foundation
import PowerBI
import TerminalUI

/// Actions of the explorer and of an operation's form.
enum OperationsReducer {
    /// `:ops`, or `o` on a row (the row's ids fill the parameters they fit).
    static func open(_ context: OperationContext, _ state: inout AppState, now: Date) -> [Effect] {
        // The explorer opens fresh from each row: another row's ids would be wrong here.
        if state.route == .operation { state.stack.pop() }
        let view = OperationsView(context: context, others: state.descriptions)
        state.stack.push(.operations(view))
        let filled = context.values.keys.sorted().joined(separator: ", ")
        let apis = view.descriptions.count > 1 ? " of \(view.descriptions.count) APIs" : ""
        state.status = StatusMessage(filled.isEmpty ? "\(view.operationCount) operations\(apis): / filters, Enter opens one"
                                                    : "Filled from \(context.origin ?? "the row"): \(filled); ✓ marks the operations they complete",
                                     level: .info)
        return []
    }

    static func list(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.operations else { return [] }
        let page = max(1, AppLayout(size: state.size).visibleTableRows - 1)
        switch action {
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom:
            _ = view.apply(action, page: page, sortable: [])
        case .open:
            guard let entry = view.rows.row(at: view.selection.selected) else { return [] }
            state.operations = view
            state.stack.push(.operation(OperationView(entry.operation, in: view.descriptions[entry.api], context: view.context)))
            return []
        case .copyID:
            guard let entry = view.rows.row(at: view.selection.selected) else { return [] }
            state.operations = view
            return Copying.copy(id: entry.operation.operationId, what: "operation id", &state)
        case .back:
            state.stack.pop()
            return []
        default:
            break
        }
        view.selection.scrollToSelection(visibleRows: page, count: view.rows.count)
        state.operations = view
        return []
    }

    // MARK: The form

    static func key(_ key: Key, action: Action?, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.operation else { return [] }
        defer { if state.route == .operation { state.operation = view } }
        switch action {
        case .submit?:
            return send(&view, &state, now: now)
        case .nextField?:
            view.focus = (view.focus + 1) % max(1, view.fieldCount)
        case .previousField?:
            view.focus = (view.focus - 1 + max(1, view.fieldCount)) % max(1, view.fieldCount)
        case .cycleNext?, .cyclePrevious?:
            cycle(&view, forward: action == .cycleNext)
        case .deleteBackward?:
            edit(&view) { if !$0.isEmpty { $0.removeLast() } }
        case .clearField?:
            edit(&view) { $0 = "" }
        case .pageDown?:
            view.scroll += max(1, state.size.rows / 2)
        case .pageUp?:
            view.scroll = max(0, view.scroll - max(1, state.size.rows / 2))
        case .back?:
            state.operation = view
            state.stack.pop()
            return []
        case .help?:
            state.helpVisible = true
        case .automate?:
            state.operation = view
            return AutomateReducer.open(OperationScreen.selection(state)?.automateCall(state), &state)
        default:
            if case let .character(character) = key { edit(&view) { $0.append(character) } }
        }
        return []
    }

    /// Changes the text of the field with the focus.
    static func edit(_ view: inout OperationView, _ change: (inout String) -> Void) {
        if view.focus < view.fields.count {
            change(&view.fields[view.focus].value)
        } else if view.hasBody {
            change(&view.body)
        }
        view.problem = nil
    }

    /// ←/→ on a field with choices: the next enum value or loaded item.
    static func cycle(_ view: inout OperationView, forward: Bool) {
        guard view.focus < view.fields.count else { return }
        let field = view.fields[view.focus]
        guard !field.choices.isEmpty else { return }
        let current = field.choices.firstIndex { $0.id == field.value }
        let next = current.map { ($0 + (forward ? 1 : -1) + field.choices.count) % field.choices.count } ?? (forward ? 0 : field.choices.count - 1)
        view.fields[view.focus].value = field.choices[next].id
        view.problem = nil
    }

    /// The console request the form makes, or why it makes none (the problem names the parameter).
    static func consoleRequest(_ view: OperationView) -> Result<(ConsoleRequest, OperationCall), CallArgumentError> {
        let values = view.fields.filter { !$0.value.isEmpty }.map { ($0.parameter.name, $0.value) }
        let text = view.body.trimmingCharacters(in: .whitespaces)
        let call: OperationCall
        do {
            call = try view.operation.call(values, body: view.hasBody && !text.isEmpty ? Data(text.utf8) : nil)
        } catch {
            return .failure(error)
        }
        var api: DescribedAPI?
        if !view.description.isPowerBI {
            do { api = try DescribedAPI(view.description) } catch { return .failure(CallArgumentError(message: error.description)) }
        }
        var path = call.path.hasPrefix("/v1.0/myorg/") && api == nil ? String(call.path.dropFirst("/v1.0/myorg".count)) : call.path
        let query = call.queryItems.map { name, value in
            name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))) ?? value)
        }
        if !query.isEmpty { path += "?" + query.joined(separator: "&") }
        let request = ConsoleRequest(method: view.operation.method, resource: .powerbi, path: path,
                                     body: call.body.map { String(decoding: $0, as: UTF8.self) } ?? "", api: api)
        return .success((request, call))
    }

    /// Checks the form against the description, then hands the request to the API console, which sends
    /// it (asking first for anything but GET, refusing it in read-only mode) and shows the answer.
    static func send(_ view: inout OperationView, _ state: inout AppState, now: Date) -> [Effect] {
        let request: ConsoleRequest
        let call: OperationCall
        switch consoleRequest(view) {
        case let .success((made, checked)):
            (request, call) = (made, checked)
        case let .failure(error):
            view.problem = error.message
            if let index = view.fields.firstIndex(where: { error.message.contains("--" + $0.parameter.name) }) {
                view.focus = index
            } else if error.message.contains("body") || error.message.contains("not JSON") {
                view.focus = view.fields.count
            }
            state.status = StatusMessage(error.message, level: .error)
            return []
        }
        if !call.headers.isEmpty {
            state.status = StatusMessage("Header parameters are not sent from the screen: `pbitui call \(view.operation.operationId)` sends them", level: .warn)
        }
        state.operation = view
        let effects = ConsoleReducer.open(&state)
        guard var console = state.console else { return effects }
        console.request = request
        console.focus = .response
        let sent = ConsoleReducer.send(&console, &state, now: now)
        state.console = console
        return effects + sent
    }
}
