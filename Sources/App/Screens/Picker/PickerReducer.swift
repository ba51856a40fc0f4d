import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// `p` (pin), `:pins` and `:go TEXT`: places to jump to, and jumping there.
enum PickerReducer {
    // MARK: Pins

    /// `p`: pins what is selected on the screen in front, or unpins it; the file is written at once.
    static func togglePin(_ state: inout AppState, now: Date) -> [Effect] {
        guard let pin = state.front.selection(state)?.pin(now: now) else {
            state.status = StatusMessage("Nothing here to pin: select a workspace, dataset, report, dashboard or dataflow", level: .warn)
            return []
        }
        let pinned = state.pins.toggle(pin, in: state.contextKey)
        state.status = StatusMessage(pinned ? "Pinned \(pin.kind.rawValue) \(pin.name); :pins lists your pins" : "Unpinned \(pin.kind.rawValue) \(pin.name)",
                                     level: .ok)
        if var view = state.picker, view.purpose == .pins {
            view.rows = PickerView.model(state.pins.pins(of: state.contextKey).map { PickerView.Entry(pin: $0, score: 0) })
            view.selection.scrollToSelection(visibleRows: visibleRows(state), count: view.rows.count)
            state.picker = view
        }
        guard let path = state.pinsPath else { return [] }
        return [.savePins(path: path, contents: state.pins.encoded())]
    }

    /// `:pins`: this context's pins, newest first.
    static func openPins(_ state: inout AppState) -> [Effect] {
        var view = PickerView(purpose: .pins)
        view.rows = PickerView.model(state.pins.pins(of: state.contextKey).map { PickerView.Entry(pin: $0, score: 0) })
        state.stack.push(.picker(view))
        if view.rows.totalCount == 0 { state.status = StatusMessage("No pins yet: p on a workspace, dataset or report pins it", level: .info) }
        return []
    }

    // MARK: Go

    /// `:go TEXT` (`:go! TEXT` also searches every workspace's datasets and reports): what was loaded that
    /// matches, best first; a single match opens at once.
    static func go(_ query: String, tenant: Bool, _ state: inout AppState, now: Date) -> [Effect] {
        let text = query.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            state.status = StatusMessage(":go TEXT jumps to a workspace, dataset or report whose name holds the letters of TEXT in order; :go! TEXT searches the whole tenant",
                                         level: .info)
            return []
        }
        let entries = matches(text, in: candidates(state, now: now))
        if entries.count == 1, !tenant {
            state.status = StatusMessage("\(entries[0].pin.kind.rawValue.capitalized) \(entries[0].pin.name)", level: .ok)
            return open(entries[0].pin, &state, now: now)
        }
        var view = PickerView(purpose: .go(query: text, tenant: tenant))
        view.rows = goModel(entries)
        view.generation = (state.picker?.generation ?? 0) + 1
        var effects: [Effect] = []
        if tenant, let workspaces = state.workspaces.value {
            view.workspacesTotal = workspaces.count
            effects = [.picker(.searchTenant(generation: view.generation, workspaces: workspaces, query: text))]
        } else if entries.isEmpty {
            state.status = StatusMessage("Nothing loaded matches \"\(text)\"; :go! \(text) searches every workspace", level: .warn)
            return []
        }
        state.stack.push(.picker(view))
        return effects
    }

    static func goModel(_ entries: [PickerView.Entry]) -> ListModel<PickerView.Entry> {
        var model = ListModel(entries, search: { $0.pin.name + "\u{0}" + ($0.pin.workspaceName ?? "") + "\u{0}" + $0.pin.id },
                              cells: { [$0.pin.kind.rawValue, $0.pin.name, $0.pin.workspaceName ?? "", rankKey($0.score)] })
        model.setSort(SortOrder(column: 3))
        return model
    }

    /// A sort key that puts higher scores first: the distance from a ceiling, zero-padded. (`%d` in a
    /// format takes 32 bits: a 64-bit score wrapped and the best match sorted last.)
    static func rankKey(_ score: Int) -> String {
        let distance = String(max(0, 1_000_000_000_000 - score))
        return String(repeating: "0", count: max(0, 15 - distance.count)) + distance
    }

    /// Everything loaded in this session that can be opened: workspaces, the items of every workspace tab
    /// opened and of `:datasets`, `:pulses` and the pins.
    static func candidates(_ state: AppState, now: Date) -> [Pin] {
        var found: [Pin] = []
        for workspace in state.workspaces.value ?? [] {
            found.append(Pin(kind: .workspace, id: workspace.id, name: workspace.name, workspaceId: workspace.id, workspaceName: workspace.name, pinnedAt: now))
        }
        found += state.loadedItems.items
        if let pulses = state.pulses {
            found += pulses.rows.rows.map { pulse in
                Pin(kind: pulse.kind == .dataset ? .dataset : .dataflow, id: pulse.datasetId, name: pulse.datasetName,
                    workspaceId: pulse.workspaceId, workspaceName: pulse.workspaceName, pinnedAt: now)
            }
        }
        found += state.pins.pins(of: state.contextKey)
        return found
    }

    /// The candidates that match, each once, best first.
    static func matches(_ query: String, in candidates: [Pin]) -> [PickerView.Entry] {
        var seen = Set<String>()
        var entries: [PickerView.Entry] = []
        for pin in candidates {
            guard let score = FuzzyMatch.score(query, in: pin.name), seen.insert(pin.kind.rawValue + ":" + pin.id.lowercased()).inserted else { continue }
            entries.append(PickerView.Entry(pin: pin, score: score))
        }
        return entries.sorted { $0.score > $1.score }
    }

    /// `:go!`: one workspace's matching datasets and reports arrived.
    static func tenantAnswered(_ generation: Int, found: [Pin], _ state: inout AppState) {
        guard var view = state.picker, view.generation == generation, case let .go(query, _) = view.purpose else { return }
        view.workspacesAnswered += 1
        let known = Set(view.rows.rows.map { $0.pin.kind.rawValue + ":" + $0.pin.id.lowercased() })
        let fresh = matches(query, in: found).filter { !known.contains($0.pin.kind.rawValue + ":" + $0.pin.id.lowercased()) }
        if !fresh.isEmpty {
            let key = view.rows.row(at: view.selection.selected).map { $0.pin.kind.rawValue + ":" + $0.pin.id.lowercased() }
            view.rows.append(fresh)
            if let key, let position = (0..<view.rows.count).first(where: { view.rows[$0].pin.kind.rawValue + ":" + view.rows[$0].pin.id.lowercased() == key }) {
                view.selection.keep(selected: position, offset: view.selection.offset, visibleRows: visibleRows(state), count: view.rows.count)
            }
        }
        if !view.isSearching { state.status = StatusMessage("\(view.rows.totalCount) matches for \"\(query)\" in \(view.workspacesTotal) workspaces", level: .ok) }
        state.picker = view
    }

    // MARK: Keys

    static func visibleRows(_ state: AppState) -> Int { max(1, AppLayout(size: state.size).visibleTableRows - 1) }

    static func action(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.picker else { return [] }
        let page = visibleRows(state)
        switch action {
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom:
            _ = view.apply(action, page: page, sortable: [])
        case .open:
            guard let entry = view.rows.row(at: view.selection.selected) else { return [] }
            state.picker = view
            if view.purpose == .contexts {
                guard !entry.pin.id.isEmpty else {
                    state.status = StatusMessage("This sign-in is in force; choose a profile to switch", level: .info)
                    return []
                }
                return ContextSwitch.switchTo(entry.pin.id, &state, now: now)
            }
            return open(entry.pin, &state, now: now)
        case .copyID:
            guard let entry = view.rows.row(at: view.selection.selected) else { return [] }
            return Copying.copy(id: entry.pin.id, what: "\(entry.pin.kind.rawValue) id", &state)
        case .back:
            state.stack.pop()
            return []
        default: break
        }
        view.selection.scrollToSelection(visibleRows: page, count: view.rows.count)
        state.picker = view
        return []
    }

    /// Opens a pinned or found place: a workspace's contents, an item's details.
    static func open(_ pin: Pin, _ state: inout AppState, now: Date) -> [Effect] {
        let workspace = state.workspaces.value?.first { ItemID.same($0.id, pin.workspaceId ?? "") }
            ?? pin.workspaceId.flatMap { id in
                Workspace(json: .object(JSONObject([("id", .string(id)), ("name", .string(pin.workspaceName ?? id))])))
            }
        let entry = workspace.map(WorkspaceEntry.init) ?? .my
        guard let kind = pin.itemKind else { return WorkspaceReducer.open(entry, &state, now: now) }
        let idKey = kind == .dataflows ? "objectId" : "id"
        let nameKey = kind == .dashboards ? "displayName" : "name"
        guard let row = ItemRow(kind, json: .object(JSONObject([(idKey, .string(pin.id)), (nameKey, .string(pin.name))]))) else { return [] }
        return DetailsReducer.open(row, in: entry, section: .properties, &state, now: now)
    }
}
