import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// Keys, loads, reloads and `:watch` of `:pulses`.
enum PulsesReducer {
    /// `:pulses`: on top of the workspace list, loading at once.
    static func open(_ state: inout AppState, now: Date) -> [Effect] {
        guard state.identity != nil, let workspaces = state.workspaces.value else {
            state.status = StatusMessage("Load the workspaces first (sign in, then :workspaces)", level: .warn)
            return []
        }
        var view = PulsesView()
        view.watch = state.pulses?.watch
        state.stack.reset([.workspaces, .pulses(view)])
        state.status = StatusMessage("Reading every refreshable: the admin API's refreshables when allowed, then \(workspaces.count) workspaces…")
        return [.pulses(.load(generation: view.generation, workspaces: workspaces, window: view.window))]
    }

    /// Starts a reload: the rows stay until the new ones are all in.
    static func reload(_ view: inout PulsesView, _ state: AppState) -> [Effect] {
        guard !view.isLoading, let workspaces = state.workspaces.value else { return [] }
        view.generation += 1
        view.isLoading = true
        view.isReloading = true
        view.pending = []
        view.workspacesAnswered = 0
        view.workspacesTotal = nil
        view.problems = []
        return [.pulses(.load(generation: view.generation, workspaces: workspaces, window: view.window))]
    }

    static func visibleRows(_ state: AppState) -> Int { max(1, AppLayout(size: state.size).visibleTableRows - 1) }

    static func action(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.pulses else { return [] }
        let page = visibleRows(state)
        var effects: [Effect] = []
        switch action {
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom:
            _ = view.apply(action, page: page, sortable: PulsesView.sortableColumns)
        case .sortNext, .sortReverse:
            // A new order keeps the selected pulse selected, where it was on screen.
            let key = view.selectedKey, offset = view.selection.offset
            _ = view.apply(action, page: page, sortable: PulsesView.sortableColumns)
            view.reselect(key, offset: offset, visibleRows: page)
        case .reload:
            effects = reload(&view, state)
            if effects.isEmpty { state.status = StatusMessage("Still loading: the reload starts when this load ends", level: .info) }
        case .open:
            guard let pulse = view.rows.row(at: view.selection.selected) else { return [] }
            state.pulses = view
            return openPulse(pulse, &state, now: now)
        case .refresh, .enhancedRefresh, .cancelRefresh:
            guard let pulse = view.rows.row(at: view.selection.selected) else { return [] }
            state.pulses = view
            guard pulse.kind == .dataset else {
                state.status = StatusMessage("Dataflows are refreshed from the service; pulses follows their transactions", level: .warn)
                return []
            }
            // An enhanced refresh runs again with its own tables and partitions: its details hold them.
            if action == .refresh, pulse.last?.refreshType?.rawValue == "ViaEnhancedApi" {
                let effects = openPulse(pulse, &state, now: now)
                state.status = StatusMessage("An enhanced refresh: r here runs it again with the same tables and partitions", level: .info)
                return effects
            }
            let (row, entry) = target(pulse, state)
            return RefreshReducer.start(action, row: row, in: entry, &state, now: now)
        case .copyID:
            state.pulses = view
            guard let pulse = view.rows.row(at: view.selection.selected) else { return [] }
            return Copying.copy(id: pulse.datasetId, what: pulse.kind == .dataset ? "dataset id" : "dataflow id", &state)
        case .back:
            state.stack.reset([.workspaces])
            return []
        default: break
        }
        view.selection.scrollToSelection(visibleRows: page, count: view.rows.count)
        state.pulses = view
        return effects
    }

    /// The dataset's details with the pulse's last refresh opened (its error explained, an enhanced one's
    /// tables loading); a dataflow's details.
    static func openPulse(_ pulse: Pulse, _ state: inout AppState, now: Date) -> [Effect] {
        let (row, entry) = target(pulse, state)
        guard pulse.kind == .dataset else {
            let effects = DetailsReducer.open(row, in: entry, section: .properties, &state, now: now)
            // Its last transaction's status is in the properties; the status line says it in words.
            if let last = pulse.last, let words = PowerBIClient.transactionWords(last) {
                state.status = StatusMessage("Last refresh of \(pulse.datasetName): " + words, level: last.state == .failed ? .error : .info)
            }
            return effects
        }
        var effects = DetailsReducer.open(row, in: entry, section: .history, &state, now: now)
        if let last = pulse.last { effects += DetailsReducer.openRefresh(last, &state, now: now) }
        return effects
    }

    /// The item and workspace a pulse stands for, as the other screens know them.
    static func target(_ pulse: Pulse, _ state: AppState) -> (ItemRow, WorkspaceEntry) {
        let workspace = state.workspaces.value?.first { ItemID.same($0.id, pulse.workspaceId ?? "") }
            ?? Workspace(json: .object(JSONObject([("id", .string(pulse.workspaceId ?? "")), ("name", .string(pulse.workspaceName)),
                                                   ("isOnDedicatedCapacity", .bool(pulse.capacity != "shared"))])))
        let entry = workspace.map(WorkspaceEntry.init) ?? .my
        var members: [(key: String, value: JSONValue)] = [(pulse.kind == .dataset ? "id" : "objectId", .string(pulse.datasetId)),
                                                          ("name", .string(pulse.datasetName))]
        if pulse.kind == .dataset { members.append(("isRefreshable", true)) }
        if pulse.kind == .dataflow, let last = pulse.last {
            // What the transactions API tells of the last refresh, shown among the properties.
            for key in ["transactionStatus", "startTime", "endTime", "refreshType", "transactionId"] {
                if let value = last.raw[key] { members.append(("lastRefresh." + key, value)) }
            }
        }
        if let owner = pulse.configuredBy.first { members.append(("configuredBy", .string(owner))) }
        let kind: ItemKind = pulse.kind == .dataset ? .datasets : .dataflows
        let row = ItemRow(kind, json: .object(JSONObject(members)))!
        return (row, entry)
    }

    /// What a load reported; answers of an older load are dropped.
    static func arrived(_ generation: Int, _ updates: [PulseUpdate], _ state: inout AppState) {
        let page = visibleRows(state)
        // In place: the rows (100,000 of them at 10,000 workspaces) must not be copied for each batch.
        state.stack.modify({ if case let .pulses(view) = $0 { view } else { nil } }, wrap: AppScreen.pulses) { view in
            arrived(generation, updates, &view, visibleRows: page)
        }
    }

    static func arrived(_ generation: Int, _ updates: [PulseUpdate], _ view: inout PulsesView, visibleRows: Int) {
        guard view.generation == generation else { return }
        let key = view.selectedKey
        var fresh: [Pulse] = []
        for update in updates {
            switch update {
            case let .pulses(pulses): fresh += pulses
            case let .problem(text): view.problems.append(text)
            case let .fromRefreshables(count): view.refreshables = count
            case let .adminRefused(reason): view.adminRefused = reason
            case let .workspacesToRead(count): view.workspacesTotal = count
            case .workspaceDone: view.workspacesAnswered += 1
            }
        }
        if view.isReloading {
            view.pending += fresh
        } else if !fresh.isEmpty {
            view.rows.append(fresh)
            for pulse in fresh { if let failure = PulsesView.failureKey(pulse) { view.seenFailures.insert(failure) } }
            view.reselect(key, offset: view.selection.offset, visibleRows: visibleRows)
        }
    }

    /// The load ended: a reload's rows replace the old ones, failures not seen before raise a toast (and
    /// the bell when the configuration asks for it), and a watch schedules the next reload.
    static func finished(_ generation: Int, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.pulses, view.generation == generation else { return [] }
        var effects: [Effect] = []
        if view.isReloading {
            let key = view.selectedKey
            var model = PulsesView.model(view.pending)
            model.setSort(view.rows.sort)
            model.setFilter(view.rows.filter)
            view.rows = model
            view.pending = []
            view.reselect(key, offset: view.selection.offset, visibleRows: visibleRows(state))
            let newlyFailed = view.rows.rows.filter { pulse in PulsesView.failureKey(pulse).map { !view.seenFailures.contains($0) } ?? false }
            for pulse in newlyFailed { if let failure = PulsesView.failureKey(pulse) { view.seenFailures.insert(failure) } }
            if !newlyFailed.isEmpty {
                let first = newlyFailed[0]
                var text = "Refresh failed: \(first.datasetName) in \(first.workspaceName)"
                if let code = first.last?.errorCode { text += " (\(code))" }
                if newlyFailed.count > 1 { text += " and \(newlyFailed.count - 1) more" }
                state.toasts.append(Toast(text: text, level: .error, until: now.addingTimeInterval(8)))
                if state.bell { effects.append(.bell) }
            }
        }
        view.isLoading = false
        view.isReloading = false
        view.loadedAt = now
        if let seconds = view.watch { effects.append(.wake(.pulsesWatch(generation: view.generation), after: .seconds(seconds))) }
        let failing = view.rows.rows.filter(\.lastFailed).count
        var text = "\(view.rows.totalCount) refreshables, \(failing) failing"
        if let count = view.refreshables { text += " · \(count) from the admin API's refreshables" }
        if view.adminRefused != nil { text += " · not an administrator: read workspace by workspace" }
        if !view.problems.isEmpty { text += " · \(view.problems.count) could not be read: \(view.problems[0])" }
        state.status = StatusMessage(text, level: view.problems.isEmpty ? .ok : .warn)
        state.pulses = view
        return effects
    }

    /// A watch's time has come: reload, unless the watch was turned off or another load came first.
    static func watchDue(_ generation: Int, _ state: inout AppState) -> [Effect] {
        guard var view = state.pulses, view.generation == generation, view.watch != nil else { return [] }
        let effects = reload(&view, state)
        state.pulses = view
        return effects
    }

    /// `:watch SECONDS`, `:watch off`, `:watch` (says how it stands).
    static func watchCommand(_ argument: String, _ state: inout AppState) -> [Effect] {
        guard var view = state.pulses, state.route == .pulses else {
            state.status = StatusMessage(":watch reloads :pulses on an interval; open :pulses first", level: .warn)
            return []
        }
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        switch text {
        case "":
            state.status = StatusMessage(view.watch.map { "Reloading every \($0) s; :watch off stops" } ?? "Not watching; :watch 30 reloads every 30 s")
            return []
        case "off", "0", "stop":
            view.watch = nil
            state.pulses = view
            state.status = StatusMessage("Stopped watching", level: .ok)
            return []
        default:
            guard let seconds = Int(text.hasSuffix("s") ? String(text.dropLast()) : text), (5...86_400).contains(seconds) else {
                state.status = StatusMessage(":watch takes seconds between 5 and 86400, or off", level: .error)
                return []
            }
            view.watch = seconds
            state.pulses = view
            state.status = StatusMessage("Reloading every \(seconds) s while :pulses is open; :watch off stops", level: .ok)
            // The next reload follows the load in flight, or starts after the interval.
            return view.isLoading ? [] : [.wake(.pulsesWatch(generation: view.generation), after: .seconds(seconds))]
        }
    }
}
