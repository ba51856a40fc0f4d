import Config
import EntraAuth
import Foundation
import TerminalUI

/// How the sign-in screen reacts to keys and to news from a running sign-in.
enum SignInReducer {
    static func key(_ key: Key, _ state: inout AppState, now: Date) -> [Effect] {
        switch state.signIn.phase {
        case .choosing: return methodKey(key, &state, now: now)
        case .form: return formKey(key, &state, now: now)
        case .working:
            if state.keys(.signInWorking).action(for: key) == .cancel {
                state.signIn.phase = .form(focus: 0)
                state.signIn.forgetSecrets()
                state.status = StatusMessage("Sign-in cancelled", level: .warn)
                return [.signIn(.cancel)]
            }
            return []
        }
    }

    private static func methodKey(_ key: Key, _ state: inout AppState, now: Date) -> [Effect] {
        guard let action = state.keys(.signInMethods).action(for: key) else { return [] }
        return AppReducer.act(action, &state, now: now)
    }

    /// An action on the list of methods (the forms take keys as text, not actions).
    static func action(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard state.signIn.phase == .choosing else { return [] }
        let count = state.signIn.options.count
        switch action {
        case .moveDown: state.signIn.list.move(by: 1, count: count)
        case .moveUp: state.signIn.list.move(by: -1, count: count)
        case .pageDown, .bottom: state.signIn.list.select(count - 1, count: count)
        case .pageUp, .top: state.signIn.list.select(0, count: count)
        case .open:
            state.signIn.failure = nil
            if case let .method(method) = state.signIn.selectedOption.id, let preset = state.signIn.presets[method] {
                state.signIn.values.merge(preset) { _, preset in preset }
            }
            if state.signIn.selectedOption.fields.isEmpty { return submit(&state, now: now) }
            state.signIn.phase = .form(focus: firstEmptyField(state.signIn))
        case .back:
            if state.identity != nil { state.stack.pop() }
        default:
            break
        }
        return []
    }

    private static func firstEmptyField(_ signIn: SignInState) -> Int {
        let fields = signIn.selectedOption.fields
        return fields.firstIndex { (signIn.values[$0] ?? "").isEmpty } ?? 0
    }

    private static func formKey(_ key: Key, _ state: inout AppState, now: Date) -> [Effect] {
        guard case let .form(focus) = state.signIn.phase else { return [] }
        let fields = state.signIn.selectedOption.fields
        if let action = state.keys(.signInForm).action(for: key) {
            switch action {
            case .submit:
                return submit(&state, now: now)
            case .nextField:
                state.signIn.phase = .form(focus: (focus + 1) % max(1, fields.count))
            case .previousField:
                state.signIn.phase = .form(focus: (focus + fields.count - 1) % max(1, fields.count))
            case .clearField:
                if let field = state.signIn.focusedField { state.signIn.values[field] = "" }
            case .switchToDeviceCode:
                guard state.signIn.failure?.offersDeviceCode == true else { return [] }
                return switchToDeviceCode(&state, now: now)
            case .back:
                state.signIn.phase = .choosing
                state.signIn.forgetSecrets()
            default:
                break
            }
            return []
        }
        guard let field = state.signIn.focusedField else { return [] }
        switch key {
        case let .character(character):
            state.signIn.values[field, default: ""].append(character)
        case .backspace:
            if state.signIn.values[field]?.isEmpty == false { state.signIn.values[field]?.removeLast() }
        default:
            break
        }
        return []
    }

    static func submit(_ state: inout AppState, now: Date) -> [Effect] {
        if let missing = state.signIn.missingField {
            let fields = state.signIn.selectedOption.fields
            state.signIn.failure = SignInFailure("\(missing.label): required for \(state.signIn.selectedOption.title.lowercased())", field: missing)
            state.signIn.phase = .form(focus: fields.firstIndex(of: missing) ?? 0)
            state.status = StatusMessage(state.signIn.failure!.message, level: .error)
            return []
        }
        let request = state.signIn.request
        state.signIn.failure = nil
        state.signIn.phase = .working(.working("Signing in with \(state.signIn.selectedOption.title.lowercased())…"), since: now)
        state.status = StatusMessage("Signing in…")
        return [.signIn(.start(request))]
    }

    private static func switchToDeviceCode(_ state: inout AppState, now: Date) -> [Effect] {
        guard let index = state.signIn.options.firstIndex(where: { $0.id == .method(.deviceCode) }) else { return [] }
        state.signIn.list.select(index, count: state.signIn.options.count)
        state.signIn.forgetSecrets()
        return submit(&state, now: now)
    }

    static func progress(_ progress: SignInProgress, _ state: inout AppState, now: Date) -> [Effect] {
        guard case let .working(_, since) = state.signIn.phase else { return [] }
        state.signIn.phase = .working(progress, since: since)
        return []
    }

    static func signedIn(identity: String, _ state: inout AppState, now: Date) -> [Effect] {
        state.identity = identity
        state.signIn.phase = .choosing
        state.signIn.failure = nil
        state.signIn.forgetSecrets()
        // A new session, perhaps another tenant: no screen or list of the old one stays.
        state.stack.reset([.workspaces])
        state.keptTenantLists = [:]
        state.workspaces = .loading(since: now)
        state.workspaceList = ListState()
        state.status = StatusMessage("Signed in: \(identity) · :doctor shows what it can do here", level: .ok)
        if state.doctorAfterSignIn {
            state.doctorAfterSignIn = false
            return [.workspaces(.load)] + DoctorScreen.open(&state)
        }
        return [.workspaces(.load)]
    }

    static func failed(_ failure: SignInFailure, _ state: inout AppState) -> [Effect] {
        guard state.signIn.isWorking else { return [] }
        state.doctorAfterSignIn = false
        let fields = state.signIn.selectedOption.fields
        state.signIn.failure = failure
        state.signIn.forgetSecrets()
        let focus = failure.field.flatMap { fields.firstIndex(of: $0) } ?? 0
        state.signIn.phase = fields.isEmpty ? .choosing : .form(focus: focus)
        state.status = StatusMessage(failure.message, level: .error)
        return []
    }
}
