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
            if state.commandPrompt != nil { return PaletteReducer.key(key, &state, now: now) }
            if state.filterEditing { return FilterReducer.key(key, &state) }
            if var overlay = state.jsonOverlay {
                let height = max(1, AppLayout(size: state.size).visibleTableRows)
                if !overlay.viewer.handle(key, height: height, keys: state.keys(.jsonViewer)), !overlay.viewer.searching,
                   [.escape, .character("q"), .character("y"), .left, .backspace].contains(key) {
                    state.jsonOverlay = nil
                    return []
                }
                state.jsonOverlay = overlay
                return []
            }
            if state.helpVisible {
                let room = AppRenderer.helpRoom(state)
                let most = max(0, AppRenderer.helpLines(state).count - room)
                switch key {
                case .escape, .character("?"), .character("q"), .enter, .function(1): state.helpVisible = false
                case .down, .character("j"): state.helpScroll = min(most, state.helpScroll + 1)
                case .up, .character("k"): state.helpScroll = max(0, state.helpScroll - 1)
                case .pageDown, .character(" "): state.helpScroll = min(most, state.helpScroll + room)
                case .pageUp: state.helpScroll = max(0, state.helpScroll - room)
                default: break
                }
                return []
            }
            let front = state.front
            // While a JSON search is typed, every printable key belongs to it (`?` and `/` included).
            let action = front.takesEveryKey(state) ? nil : state.keys(state.keyScreen).action(for: key)
            if action == .filter, FilterReducer.canFilter(state) {
                state.filterEditing = true
                return []
            }
            if action == .help {
                state.helpVisible = true
                return []
            }
            if state.dialog != nil { return RefreshReducer.dialogKey(key, &state, now: now) }
            if state.enhancedForm != nil { return RefreshReducer.formKey(key, &state, now: now) }
            // Screens that take text (the sign-in forms, the console's fields, a JSON search) see the key;
            // everywhere else the key is only its action.
            return front.key(key, action: action, &state, now: now)
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
        case let .workspacesLoaded(workspaces):
            state.workspaces = .loaded(workspaces)
            state.workspaceList.select(state.workspaceList.selected, count: state.workspaceModel.count)
            WorkspacesReducer.clampSelection(&state)
            state.status = StatusMessage("Loaded \(workspaces.count) workspace\(workspaces.count == 1 ? "" : "s")", level: .ok)
            return []
        case let .workspacesFailed(message, requestId):
            state.workspaces = .failed(message: message, requestId: requestId)
            state.status = StatusMessage.failure(message, requestId)
            return []
        case let .signInProgress(progress):
            return SignInReducer.progress(progress, &state, now: now)
        case let .signedIn(session):
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
        case let .signInFailed(failure):
            state.pendingContext = nil
            return SignInReducer.failed(failure, &state)
        case .itemsLoaded, .itemsFailed:
            if case let .itemsLoaded(scope, _, rows) = event {
                let workspace = state.workspaces.value?.first { WorkspaceScope.group($0.id) == scope }
                let entry = workspace.map(WorkspaceEntry.init) ?? state.workspace.map(\.entry) ?? .my
                state.loadedItems.add(rows.compactMap { Pin.item($0, in: entry, now: now) })
            }
            return WorkspaceReducer.result(event, &state, now: now)
        case .detailsLoaded, .detailsFailed:
            return DetailsReducer.result(event, &state, now: now)
        case .refreshAccepted, .refreshRefused, .refreshObserved, .refreshPollFailed, .refreshCancelled, .refreshCancelFailed:
            return RefreshReducer.result(event, &state, now: now)
        case let .throttled(notice):
            state.throttle = ThrottleCountdown(until: notice.until, what: "\(notice.method) \(notice.path)", automatic: true)
            return []
        case let .mustWait(countdown):
            state.throttle = countdown
            return []
        case .workspaceDatasets, .workspaceDatasetsFailed:
            if case let .workspaceDatasets(entry, rows) = event { state.loadedItems.add(rows.compactMap { Pin.item($0, in: entry, now: now) }) }
            return AllDatasetsReducer.result(event, &state)
        case let .lastRefreshLoaded(scope, datasetId, result):
            let key = RefreshTarget.key(scope: scope, datasetId: datasetId)
            switch result {
            case let .success(refresh?): state.lastRefreshes[key] = .refresh(refresh)
            case .success(nil): state.lastRefreshes[key] = .never
            case let .failure(failure): state.lastRefreshes[key] = .unavailable(failure.message)
            }
            return []
        case let .refreshDetailLoaded(scope, datasetId, requestId, result):
            guard var details = state.details, details.workspace.scope == scope, ItemID.same(details.item.id, datasetId),
                  details.openedRefresh?.requestId == requestId else { return [] }
            switch result {
            case let .success(detail): details.refreshDetail = .loaded(detail)
            case let .failure(failure): details.refreshDetail = .failed(message: failure.message, requestId: nil)
            }
            state.details = details
            return []
        case let .callFailed(call):
            state.lastFailure = call
            return []
        case let .inspector(event):
            return InspectorReducer.result(event, &state, now: now)
        case let .console(event):
            return ConsoleReducer.result(event, &state, now: now)
        case let .dax(event):
            DAXReducer.reduce(event, &state, now: now)
            return []
        case let .automateTried(way, outcome):
            AutomateReducer.tried(way, outcome, &state)
            return []
        case let .automateIdentified(identity):
            AutomateReducer.identified(identity, &state)
            return []
        case let .tenantListLoaded(kind, result, requestId):
            TenantListReducer.loaded(kind, result, requestId: requestId, &state)
            return []
        case let .pulses(event):
            return PulsesReducer.reduce(event, &state, now: now)
        case let .lineageLoaded(generation, result):
            LineageReducer.loaded(generation, result, &state)
            return []
        case let .inventoryArrived(generation, items, done, failure):
            InventoryReducer.arrived(generation, items, done: done, failure: failure, &state)
            return []
        case let .activityLoaded(generation, result):
            ActivityReducer.loaded(generation, result, &state)
            return []
        case let .tenantSearchAnswered(generation, found):
            PickerReducer.tenantAnswered(generation, found: found, &state)
            return []
        case let .woke(.pulsesWatch(generation)):
            return PulsesReducer.watchDue(generation, &state)
        case let .themeSwitched(theme):
            state.theme = theme
            state.status = StatusMessage("Theme \(theme.name)", level: .ok)
            return []
        case let .status(message):
            state.status = message
            return []
        case let .tokenKnown(kind, scopes):
            state.tokenKind = kind
            state.tokenScopes = scopes
            WorkspacesReducer.clampSelection(&state)
            return []
        case .tick:
            state.spinnerFrame &+= 1
            state.toasts.removeAll { $0.until <= now }
            if let throttle = state.throttle, throttle.until <= now { state.throttle = nil }
            return []
        }
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
        if let effects = InspectorReducer.shared(action, &state, now: now) { return effects }
        if action == .automate { return AutomateReducer.open(state.front.automateCall(state), &state) }
        if action == .dax { return DAXReducer.open(state.front.daxTarget(state), &state, now: now) }
        if action == .pin { return PickerReducer.togglePin(&state, now: now) }
        // On the lineage and inventory screens L is their own (it follows the selected item from there).
        if action == .lineage, state.route != .inventory, state.route != .lineage { return LineageReducer.open(state.front.lineageTarget(state), &state) }
        if action == .operations {
            return OperationsReducer.open(state.front.operationContext(state) ?? .from(state, values: [:], origin: nil), &state, now: now)
        }
        return state.front.act(action, &state, now: now)
    }

    /// The palette's commands as the docs list them (``Palette`` holds what runs them).
    public static var commands: [(name: String, description: String, takesArgument: Bool)] {
        Palette.listed.map { ($0.name, $0.summary, $0.takesArgument) }
    }

}
