import Automate
import Inventory
import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens


/// How state changes: a pure function of the state and an event, returning the work to start.
public enum AppReducer {
    public static func reduce(_ state: inout AppState, _ event: AppEvent, now: Date = Date()) -> [Effect] {
        guard case .terminal = event else { return reduceEvent(&state, event, now: now) }
        // A status line belongs to the view it was said on: moving to another screen or tab without a new
        // message clears it (a console "HTTP 200" does not follow the person to the workspace list).
        let before = (route: state.route, tab: state.workspace?.tab, status: state.status)
        let effects = reduceEvent(&state, event, now: now)
        if (state.route != before.route || state.workspace?.tab != before.tab), state.status == before.status {
            state.status = nil
        }
        return effects
    }

    /// A paste goes where a typed key would: the palette, the filter, a JSON search, the refresh form's
    /// tables, else the screen's own field (``ScreenUnit/paste(_:_:now:)``). One-line fields take it on one line.
    static func paste(_ text: String, _ state: inout AppState, now: Date) -> [Effect] {
        let line = PastedText.singleLine(text)
        if var prompt = state.commandPrompt {
            prompt.text += line
            prompt.completionIndex = nil
            prompt.completionBase = nil
            state.commandPrompt = prompt
            return []
        }
        if state.filterEditing {
            FilterReducer.set(FilterReducer.text(state) + line, &state)
            return []
        }
        if var overlay = state.jsonOverlay {
            if overlay.viewer.searching { overlay.viewer.search += line }
            state.jsonOverlay = overlay
            return []
        }
        if state.helpVisible || state.dialog != nil { return [] }
        if var form = state.enhancedForm {
            if form.focus == .tables { form.tables += line }
            state.enhancedForm = form
            return []
        }
        return state.front.paste(text, &state, now: now)
    }

    static func reduceEvent(_ state: inout AppState, _ event: AppEvent, now: Date) -> [Effect] {
        switch event {
        case let .terminal(.key(key)):
            return KeyRouter.key(key, &state, now: now)
        case .throttled, .mustWait, .callFailed, .themeSwitched, .status, .tokenKnown, .tick:
            sessionWide(event, &state, now: now)
            return []
        case let .terminal(.resize(rows, columns)):
            state.size = (rows, columns)
            WorkspacesReducer.clampSelection(&state)
            return []
        case let .terminal(.mouse(event)):
            return MouseReducer.event(event, &state, now: now)
        case let .terminal(.paste(text)):
            return paste(text, &state, now: now)
        case let .terminal(.terminate(signal)):
            state.shouldQuit = true
            state.exitStatus = 128 + signal
            return []
        case let .workspaces(event):
            WorkspacesReducer.result(event, &state)
            return []
        case let .signIn(.progress(progress)):
            return SignInReducer.progress(progress, &state, now: now)
        case let .signIn(.signedIn(session)):
            return sessionStarted(session, &state, now: now)
        case let .signIn(.failed(failure)):
            state.pendingContext = nil
            return SignInReducer.failed(failure, &state)
        case let .workspace(event):
            if case let .itemsLoaded(scope, _, rows) = event {
                let workspace = state.workspaces.value?.first { WorkspaceScope.group($0.id) == scope }
                let entry = workspace.map(WorkspaceEntry.init) ?? state.workspace.map(\.entry) ?? .my
                state.loadedItems.add(rows.compactMap { Pin.item($0, in: entry, now: now) })
            }
            return WorkspaceReducer.result(event, &state, now: now)
        case let .details(event):
            return DetailsReducer.result(event, &state, now: now)
        case let .refresh(event):
            return RefreshReducer.result(event, &state, now: now)
        case let .allDatasets(event):
            if case let .arrived(entry, rows) = event { state.loadedItems.add(rows.compactMap { Pin.item($0, in: entry, now: now) }) }
            return AllDatasetsReducer.result(event, &state)
        case let .inspector(event):
            return InspectorReducer.result(event, &state, now: now)
        case let .console(event):
            return ConsoleReducer.result(event, &state, now: now)
        case let .dax(event):
            DAXReducer.reduce(event, &state, now: now)
            return []
        case let .automate(.tried(way, outcome)):
            AutomateReducer.tried(way, outcome, &state)
            return []
        case let .automate(.identified(identity)):
            AutomateReducer.identified(identity, &state)
            return []
        case let .tenantList(.loaded(kind, result, requestId)):
            TenantListReducer.loaded(kind, result, requestId: requestId, &state)
            return []
        case let .pulses(event):
            return PulsesReducer.reduce(event, &state, now: now)
        case let .lineage(.loaded(generation, result)):
            LineageReducer.loaded(generation, result, &state)
            return []
        case let .inventory(.arrived(generation, items, done, failure)):
            InventoryReducer.arrived(generation, items, done: done, failure: failure, &state)
            return []
        case let .registered(event):
            return Palette.registered(event.screen)?.reduceAny(event.event, &state, now: now) ?? []
        case let .picker(.tenantAnswered(generation, found)):
            PickerReducer.tenantAnswered(generation, found: found, &state)
            return []
        case let .woke(.pulsesWatch(generation)):
            return PulsesReducer.watchDue(generation, &state)
        }
    }

    /// What the whole session shares: throttling, the last failure, the theme, the status line, the token's
    /// kind, and the timer's beat.
    static func sessionWide(_ event: AppEvent, _ state: inout AppState, now: Date) {
        switch event {
        case let .throttled(notice):
            state.throttle = ThrottleCountdown(until: notice.until, what: "\(notice.method) \(notice.path)", automatic: true)
        case let .mustWait(countdown):
            state.throttle = countdown
        case let .callFailed(call):
            state.lastFailure = call
        case let .themeSwitched(theme):
            state.theme = theme
            state.status = StatusMessage("Theme \(theme.name)", level: .ok)
        case let .status(message):
            state.status = message
        case let .tokenKnown(kind, scopes):
            state.tokenKind = kind
            state.tokenScopes = scopes
            WorkspacesReducer.clampSelection(&state)
        case .tick:
            state.spinnerFrame &+= 1
            state.toasts.removeAll { $0.until <= now }
            if let throttle = state.throttle, throttle.until <= now { state.throttle = nil }
        default:
            break
        }
    }

    /// A sign-in finished: the session's identity and token, and nothing of the old session left on screen.
    static func sessionStarted(_ session: ConnectedSession, _ state: inout AppState, now: Date) -> [Effect] {
        // A `:ctx` sign-in: the context left keeps its place (and the runtime its session).
        if let name = state.pendingContext {
            ContextSwitch.save(&state)
            state.context = name
            state.pendingContext = nil
        } else {
            state.context = nil
        }
        adopt(session, &state)
        // A new session, perhaps another tenant: nothing of the old one stays on screen.
        state.refreshes = [:]
        state.lastRefreshes = [:]
        state.loadedItems = LoadedItems()
        state.lastFailure = nil
        state.workspaces = .idle
        // A context opened for the first time starts unfiltered (one left keeps its filter in its place).
        state.workspaceFilter = ""
        state.filterEditing = false
        return SignInReducer.signedIn(identity: session.identity, &state, now: now)
    }

    /// What the state knows of a session from its start (the runtime's first one and every sign-in): the
    /// token's kind and scopes when known, and the demo tenant's presets for the sign-in forms.
    static func adopt(_ session: ConnectedSession, _ state: inout AppState) {
        state.tokenKind = session.tokenKind
        state.tokenScopes = session.scopes
        state.cloud = session.cloud
        state.knownIdentity = nil
        if let demo = session.demo {
            state.signIn.presets = demo.presets
            state.signIn.presetsNote = demo.note
            state.signIn.authority = demo.authority
        }
    }

    /// An action on the screen in front, from a key (after the person's remapping) or from the mouse: the
    /// one way into the screens. The actions every screen shares (`q`, `:`, `t`, `d`) are handled here, once.
    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        let selection = state.front.selection(state)
        if action == .diagnose, let pulse = selection?.failedPulse { return PulsesReducer.openPulse(pulse, &state, now: now) }
        if let effects = InspectorReducer.shared(action, &state, now: now) { return effects }
        switch action {
        case .automate: return AutomateReducer.open(selection?.automateCall(state), &state)
        case .dax: return DAXReducer.open(selection?.daxTarget, &state, now: now)
        case .pin: return PickerReducer.togglePin(&state, now: now)
        // On the lineage and inventory screens L is their own (it follows the selected item from there).
        case .lineage where state.route != .inventory && state.route != .lineage: return LineageReducer.open(selection?.lineageTarget, &state)
        case .operations: return OperationsReducer.open(selection?.operationContext(state) ?? .from(state, values: [:], origin: nil), &state, now: now)
        default: return state.front.act(action, &state, now: now)
        }
    }

    /// The palette's commands as the docs list them (``Palette`` holds what runs them).
    /// The key tables of the screens that bring their own, as `docs/KEYS.md` lists them after the others.
    public static var registeredKeys: [(title: String, about: String, table: KeyTable)] {
        Palette.registered.map { ($0.keysTitle, $0.keysAbout, $0.keys) }
    }

    public static var commands: [(name: String, description: String, takesArgument: Bool)] {
        Palette.listed.map { ($0.name, $0.summary, $0.takesArgument) }
    }

}
