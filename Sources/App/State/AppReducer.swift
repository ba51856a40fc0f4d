import Automate
import Inventory
import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// Everything that can happen to the app: terminal input and the results of work it started.
public enum AppEvent: Sendable {
    case terminal(TerminalEvent)
    case workspacesLoaded([Workspace])
    case workspacesFailed(message: String, requestId: String?)
    case signInProgress(SignInProgress)
    case signedIn(ConnectedSession)
    case signInFailed(SignInFailure)
    case itemsLoaded(WorkspaceScope, ItemKind, [ItemRow])
    case itemsFailed(WorkspaceScope, ItemKind, message: String, requestId: String?)
    case detailsLoaded(WorkspaceScope, datasetId: String, DetailsPayload)
    case detailsFailed(WorkspaceScope, datasetId: String, DetailsSection, message: String, requestId: String?)
    case refreshAccepted(RefreshTarget, RefreshTicket)
    case refreshRefused(RefreshTarget, message: String, requestId: String?)
    case refreshObserved(RefreshTarget, RefreshObservation)
    /// A look at a running refresh found no answer; `lookAgain` is the polling policy's word on trying again.
    case refreshPollFailed(RefreshTarget, message: String, lookAgain: Bool)
    case refreshCancelled(RefreshTarget)
    case refreshCancelFailed(RefreshTarget, message: String)
    case throttled(ThrottleNotice)
    /// The service asked for a wait too long to sit out; the person decides when to try again.
    case mustWait(ThrottleCountdown)
    /// What the session's token is (an app's or a user's), and its delegated scopes.
    case tokenKnown(kind: TokenKind, scopes: [String])
    /// One workspace's datasets for `:datasets`.
    case workspaceDatasets(WorkspaceEntry, [ItemRow])
    case workspaceDatasetsFailed(WorkspaceEntry, message: String)
    /// The newest row of a dataset's refresh history (nil: never refreshed), or why it could not be read.
    case lastRefreshLoaded(WorkspaceScope, datasetId: String, Result<Refresh?, LastRefreshFailure>)
    /// The detail of one refresh of the history (an enhanced refresh's tables and partitions).
    case refreshDetailLoaded(WorkspaceScope, datasetId: String, requestId: String, Result<RefreshDetail, LastRefreshFailure>)
    case callFailed(FailedCall)
    case tokenInspected(JWT)
    case tokenUnreadable(String)
    case tokenVerified(VerificationReport)
    case consoleAnswered(ConsoleResponse)
    /// A tenant list's objects, or why it could not be read.
    case tenantListLoaded(TenantKind, Result<[JSONValue], LastRefreshFailure>, requestId: String?)
    case consoleFailed(String)
    /// What trying a way on the Automate screen gave.
    case automateTried(AutomateWay, TrialOutcome)
    /// Who the session's token is, for the Automate screen's verdicts (its account, scopes and MFA).
    case automateIdentified(AutomateIdentity)
    /// A DAX query's answer (or why it failed) and how long it took.
    case daxAnswered(DAXJob, Result<DAXResult, DAXFailure>, milliseconds: Int)
    /// The DAX workbench's schema pane: the model from INFO.VIEW functions, or why not.
    case daxSchemaLoaded(DAXTarget, Result<DAXSchema, DAXFailure>)
    /// What `:open NAME` read.
    case daxQueryOpened(name: String, DAXOpenOutcome)
    /// What a `:pulses` load reported since the last batch (rows, problems, progress), for the load `generation`.
    case pulsesArrived(generation: Int, [PulseUpdate])
    /// A `:pulses` load has ended.
    case pulsesFinished(generation: Int)
    /// A lineage tree read from the tenant store.
    case lineageLoaded(generation: Int, Result<LineageAnswer, StoreProblem>)
    /// A batch of `:inventory` rows; `done` with the last, `failure` when the store could not be read.
    case inventoryArrived(generation: Int, [InventoryItem], done: Bool, failure: String?)
    /// The activity log read from the tenant store.
    case activityLoaded(generation: Int, Result<[ActivityEvent], StoreProblem>)
    /// `:go!`: one workspace's datasets and reports (those that match are kept), for search `generation`.
    case tenantSearchAnswered(generation: Int, found: [Pin])
    /// A wait asked for with ``Effect/wake(_:after:)`` is over.
    case woke(WakeReason)
    /// A theme loaded by `:theme`: the state holds the theme every frame is drawn with.
    case themeSwitched(Theme)
    /// A line for the status bar from the runtime (a copy done, a theme refused).
    case status(StatusMessage)
    /// A timer beat (spinner animation, countdowns) while something runs.
    case tick
}

/// Work the runtime must start after a state change.
public enum Effect: Sendable, Hashable {
    case loadWorkspaces
    case signIn(SignInRequest)
    case cancelSignIn
    case loadItems(WorkspaceScope, ItemKind)
    case loadDetails(WorkspaceScope, datasetId: String, DetailsSection)
    /// Sent once; never repeated by the runtime.
    case triggerRefresh(RefreshTarget, RefreshRequest)
    case pollRefresh(RefreshTarget, RefreshTicket, after: Duration)
    case cancelRefresh(RefreshTarget, requestId: String)
    /// The datasets of these workspaces, a few at a time, each answer an event of its own.
    case loadAllDatasets([WorkspaceEntry])
    /// The last refresh of each of these datasets (`$top=1` of its history), within the shared bound of
    /// four requests in flight.
    case loadLastRefreshes(WorkspaceScope, datasetIds: [String])
    /// One refresh's detail, for the history's opened row.
    case loadRefreshDetail(WorkspaceScope, datasetId: String, requestId: String)
    /// The session's current token, decoded, then verified against its issuer's keys.
    case inspectToken
    /// Put text on the terminal's clipboard (OSC 52).
    case copy(String)
    /// The API console's request, sent once.
    case callAPI(ConsoleRequest)
    /// The console's request as curl or a Power Automate action, onto the clipboard.
    case copyConsoleRequest(ConsoleRequest, ConsoleExport.Format)
    /// A tenant list (`GET /apps`, `GET /capacities`).
    case loadTenantList(TenantKind)
    /// `T` on the Automate screen: the call as `AutomateWay` would send it, with the session's sign-in.
    case tryWay(AutomateWay, AutomateCall, TokenKind?)
    /// The session's token decoded for the Automate screen (who, which scopes, MFA).
    case identifyForAutomate
    /// Write `contents` to `path` (atomically), then say `summary` (`:export`).
    /// Writes a file atomically. `makeFolders`: a folder pbitui owns (saved queries, the four ways' files) is
    /// made; a path a person typed (`:export`) must name a folder that exists.
    case export(path: String, contents: Data, summary: String, makeFolders: Bool = true)
    /// Runs a DAX query (executeQueries).
    case runDAX(DAXJob)
    /// Loads the DAX workbench's schema pane (INFO.VIEW.TABLES, COLUMNS, MEASURES).
    case loadDAXSchema(DAXTarget)
    /// Reads a saved query (`:open NAME`; an empty name lists them).
    case openDAXQuery(folder: String, name: String)
    /// Every refreshable in reach (the admin API's refreshables, then the workspaces), reported in batches.
    case loadPulses(generation: Int, workspaces: [Workspace], window: TimeInterval)
    /// The lineage of an item from the tenant store.
    case loadLineage(generation: Int, LineageTarget)
    /// Every item of the tenant store, in batches.
    case loadInventory(generation: Int, finding: InventoryFinding?)
    /// The newest events of the tenant store's activity log.
    case loadActivity(generation: Int, limit: Int)
    /// Wait, then send ``AppEvent/woke(_:)`` (a watch's next reload).
    case wake(WakeReason, after: Duration)
    /// Write the pins file (atomically, mode 0600).
    case savePins(path: String, contents: Data)
    /// `:go!`: every workspace's datasets and reports, four workspaces at a time.
    case searchTenant(generation: Int, workspaces: [Workspace], query: String)
    /// `:ctx` back to a context left this session: its session, kept open, serves again; the one in force
    /// is kept under `keeping`.
    case resumeContext(String, keeping: String)
    /// Ring the terminal bell.
    case bell
    /// Load a theme by name and draw with it.
    case switchTheme(String)
    /// Hold the main loop for this long (`:debug-stall MS`, hidden): lets a test prove that a signal ends
    /// a program whose loop is busy.
    case stall(milliseconds: Int)
}

/// Why the app asked to be woken.
public enum WakeReason: Sendable, Hashable {
    /// `:watch`: reload `:pulses` if its load is still `generation`.
    case pulsesWatch(generation: Int)
}

/// What a details call brought back.
public enum DetailsPayload: Sendable {
    case history([Refresh])
    case datasources([Datasource])
    case parameters([DatasetParameter])
    case schedule(RefreshSchedule)
}

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
            if state.commandPrompt != nil { return commandKey(key, &state, now: now) }
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
        case .tokenInspected, .tokenUnreadable, .tokenVerified:
            return InspectorReducer.result(event, &state, now: now)
        case .consoleAnswered, .consoleFailed:
            return ConsoleReducer.result(event, &state, now: now)
        case let .daxAnswered(job, outcome, milliseconds):
            DAXReducer.answered(job, outcome, milliseconds: milliseconds, &state, now: now)
            return []
        case let .daxSchemaLoaded(target, outcome):
            DAXReducer.schemaLoaded(target, outcome, &state)
            return []
        case let .daxQueryOpened(name, outcome):
            DAXReducer.opened(name: name, outcome, &state)
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
        case let .pulsesArrived(generation, updates):
            PulsesReducer.arrived(generation, updates, &state)
            return []
        case let .pulsesFinished(generation):
            return PulsesReducer.finished(generation, &state, now: now)
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

    /// Keys while the `:` palette is open: typing, Backspace, Tab completes (again: the next completion),
    /// ↑/↓ step through the history, Enter runs, Esc closes.
    static func commandKey(_ key: Key, _ state: inout AppState, now: Date) -> [Effect] {
        guard var prompt = state.commandPrompt else { return [] }
        switch key {
        case .escape:
            state.commandPrompt = nil
            return []
        case .backspace:
            if prompt.text.isEmpty { state.commandPrompt = nil; return [] }
            prompt.text.removeLast()
            prompt.completionIndex = nil
            prompt.completionBase = nil
        case let .character(character):
            prompt.text.append(character)
            prompt.completionIndex = nil
            prompt.completionBase = nil
        case .tab, .backTab:
            var base = prompt.completionBase ?? prompt.text
            var candidates = completions(for: base, state)
            // One command that takes an argument is complete (`:th` → `theme `): Tab goes on to its arguments.
            if candidates.count == 1, candidates[0].text == prompt.text, prompt.text.hasSuffix(" ") {
                base = prompt.text
                candidates = completions(for: base, state)
                prompt.completionIndex = nil
            }
            guard !candidates.isEmpty else { break }
            let step = key == .tab ? 1 : -1
            let index = prompt.completionIndex.map { ($0 + step + candidates.count) % candidates.count } ?? (key == .tab ? 0 : candidates.count - 1)
            prompt.completionBase = base
            prompt.completionIndex = index
            prompt.text = candidates[index].text
            // A lone command that takes an argument starts a fresh completion from its argument.
            if candidates.count == 1, prompt.text.hasSuffix(" ") {
                prompt.completionBase = nil
                prompt.completionIndex = nil
            }
        case .up, .down:
            guard !state.commandHistory.isEmpty else { break }
            var position = prompt.historyPosition ?? state.commandHistory.count
            position += key == .up ? -1 : 1
            if position >= state.commandHistory.count {
                prompt.historyPosition = nil
                prompt.text = ""
            } else {
                prompt.historyPosition = max(0, position)
                prompt.text = state.commandHistory[max(0, position)]
            }
            prompt.completionIndex = nil
            prompt.completionBase = nil
        case .enter:
            let text = prompt.text.trimmingCharacters(in: .whitespaces)
            state.commandPrompt = nil
            if !text.isEmpty {
                state.commandHistory.removeAll { $0 == text }
                state.commandHistory.append(text)
                if state.commandHistory.count > 50 { state.commandHistory.removeFirst() }
            }
            return run(command: text, &state, now: now)
        default:
            break
        }
        state.commandPrompt = prompt
        return []
    }

    /// What Tab offers for what was typed: command names, then theme names after `theme `, methods and
    /// resources after `api `.
    public static func completions(for text: String, _ state: AppState) -> [(text: String, description: String)] {
        let lowered = text.lowercased()
        if let space = lowered.firstIndex(of: " ") {
            let command = String(lowered[..<space])
            let argument = String(lowered[lowered.index(after: space)...]).trimmingCharacters(in: .whitespaces)
            switch command {
            case "theme":
                return state.themeNames.filter { $0.lowercased().hasPrefix(argument) }
                    .map { ("theme " + $0, $0 == state.themeName ? "in use" : "") }
            case "export", "export!":
                guard !argument.contains(" ") else { return [] }
                return ListExport.Format.allCases.map(\.rawValue).filter { $0.hasPrefix(argument) }.map { ("\(command) \($0) ", "") }
            case "api":
                guard !argument.contains(" ") else { return [] }
                return ConsoleRequest.methods.filter { $0.lowercased().hasPrefix(argument) }.map { ("api \($0) /", "") }
            default:
                return []
            }
        }
        return commands.filter { $0.name.hasPrefix(lowered) }.map { ($0.name + ($0.takesArgument ? " " : ""), $0.description) }
    }

    /// The commands of the `:` palette (DESIGN.md §4), in the order Tab offers them.
    public static let commands: [(name: String, description: String, takesArgument: Bool)] = [
        ("workspaces", "Go to the workspace list", false),
        ("datasets", "Every dataset of every workspace, loaded four workspaces at a time", false),
        ("token", "The token inspector", false),
        ("apps", "The apps installed for you (user sign-ins)", false),
        ("capacities", "The capacities you have rights on: SKU, state, region, admins", false),
        ("api", "The API console: any call to Power BI, Fabric, Graph or ARM (:api GET /groups)", true),
        ("ops", "Every operation of the Power BI REST API: what it needs, and a form to call it (o on a row fills its ids)", false),
        ("theme", "Switch the theme (:theme NAME; Tab lists them)", true),
        ("export", "Write the list on screen to a file: :export csv|json PATH", true),
        ("dax", "The DAX workbench on the selected dataset (e on a dataset), or the one open before", false),
        ("save", "DAX workbench: save the query as NAME.dax in the queries folder (:save NAME)", true),
        ("open", "DAX workbench: open a saved query (:open NAME; :open lists them)", true),
        ("dax-against", "DAX workbench: run the query on another loaded dataset and compare the rows (:dax-against DATASET)", true),
        ("impersonate", "DAX workbench: run queries as this user, to test row-level security (:impersonate UPN; empty: yourself)", true),
        ("nulls", "DAX workbench: send blank values as null (includeNulls) or leave them out", false),
        ("history", "DAX workbench: every query run this session, with its dataset and outcome", false),
        ("pulses", "Every refreshable in reach: last refresh, usual duration, failures, next run; failing first", false),
        ("watch", "Pulses: reload every SECONDS (:watch 30), :watch off stops", true),
        ("go", "Jump to a workspace, dataset or report by a few letters of its name (:go sales); :go! searches every workspace", true),
        ("ctx", "Contexts: the profiles of config.toml; :ctx NAME signs in with one, each keeping its place", true),
        ("pins", "Your pins in this context (p pins the selected workspace, dataset or report)", false),
        ("inventory", "Every item of the tenant store (pbitui scan fills it), Tab one kind; :inventory unused|cross-workspace|shared", true),
        ("lineage", "Lineage from the tenant store: :lineage NAME (an id, a name or kind:name), or of the selected item (L)", true),
        ("activity", "The activity log of the tenant store (pbitui activity fills it): events, counts per activity, user, day", false),
        ("signin", "Go to the sign-in screen", false),
        ("quit", "Quit pbitui", false),
    ]

    static func run(command: String, _ state: inout AppState, now: Date) -> [Effect] {
        let name = command.split(separator: " ").first.map(String.init) ?? ""
        switch name.lowercased() {
        case "":
            return []
        case "signin", "sign-in", "login":
            if state.signIn.isWorking { return [] }
            state.signIn.phase = .choosing
            state.signIn.failure = nil
            if state.route != .signIn { state.stack.push(.signIn) }
            return []
        case "workspaces", "ws":
            guard state.identity != nil else {
                state.status = StatusMessage("Sign in first: choose a method and press Enter", level: .warn)
                return []
            }
            state.stack.reset([.workspaces])
            return state.workspaces.value == nil && !state.workspaces.isLoading ? WorkspacesReducer.action(.reload, &state, now: now) : []
        case "export", "export!":
            return ListExport.command(String(command.drop { $0 != " " }.dropFirst()), force: name == "export!", &state, now: now)
        case "dax":
            return DAXReducer.open(state.front.daxTarget(state), &state, now: now)
        case "save", "open", "dax-against", "impersonate", "nulls", "history":
            return DAXReducer.command(name.lowercased(), String(command.drop { $0 != " " }.dropFirst()), &state, now: now)
        case "pulses":
            return PulsesReducer.open(&state, now: now)
        case "ctx", "context":
            return ContextSwitch.command(String(command.drop { $0 != " " }.dropFirst()), &state, now: now)
        case "pins":
            return PickerReducer.openPins(&state)
        case "inventory":
            return InventoryReducer.command(String(command.drop { $0 != " " }.dropFirst()), &state)
        case "activity":
            return ActivityReducer.open(&state)
        case "lineage":
            let argument = String(command.drop { $0 != " " }.dropFirst()).trimmingCharacters(in: .whitespaces)
            guard state.identity != nil else {
                state.status = StatusMessage("Sign in first: the store is the signed-in tenant's", level: .warn)
                return []
            }
            return LineageReducer.open(argument.isEmpty ? state.front.lineageTarget(state) : .text(argument), &state)
        case "go", "go!":
            return PickerReducer.go(String(command.drop { $0 != " " }.dropFirst()), tenant: name == "go!", &state, now: now)
        case "watch":
            return PulsesReducer.watchCommand(String(command.drop { $0 != " " }.dropFirst()), &state)
        case "apps", "capacities":
            return TenantListReducer.open(TenantKind(named: name)!, &state, now: now)
        case "ops", "operations":
            // The ids of what is loaded are offered by name, without filling anything.
            return OperationsReducer.open(.from(state, values: [:], origin: nil), &state, now: now)
        case "token", "t":
            return InspectorReducer.open(diagnosing: nil, &state, now: now)
        case "datasets", "ds":
            guard state.identity != nil, let workspaces = state.workspaces.value else {
                state.status = StatusMessage("Load the workspaces first (sign in, then :workspaces)", level: .warn)
                return []
            }
            let entries = workspaces.map(WorkspaceEntry.init)
            state.stack.reset([.workspaces, .allDatasets(AllDatasetsView(total: entries.count))])
            state.status = StatusMessage("Loading the datasets of \(entries.count) workspaces…")
            return [.loadAllDatasets(entries)]
        case "quit", "q", "q!":
            state.shouldQuit = true
            state.exitStatus = 0
            return []
        case "api", "console":
            let effects = ConsoleReducer.open(&state)
            let words = command.split(separator: " ").dropFirst().map(String.init)
            if var console = state.console, !words.isEmpty {
                if let method = ConsoleRequest.methods.first(where: { $0 == words[0].uppercased() }) {
                    console.request.method = method
                    if words.count > 1 { console.request.path = words[1] }
                } else {
                    console.request.path = words[0]
                }
                console.focus = .path
                state.console = console
            }
            return effects
        case "debug-stall":
            // Not listed or completed: a test's way to keep the main loop busy (at most 60 s).
            let milliseconds = command.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 5_000
            return [.stall(milliseconds: min(max(0, milliseconds), 60_000))]
        case "theme", "colorscheme", "colo":
            let name = command.split(separator: " ").dropFirst().first.map(String.init) ?? ""
            guard !name.isEmpty else {
                state.status = StatusMessage("Themes: " + state.themeNames.joined(separator: ", ") + " (in use: \(state.themeName)); :theme NAME switches", level: .info)
                return []
            }
            return [.switchTheme(name)]
        default:
            state.status = StatusMessage("Unknown command :\(name); known: " + commands.map { ":" + $0.name }.joined(separator: ", "), level: .error)
            return []
        }
    }
}
