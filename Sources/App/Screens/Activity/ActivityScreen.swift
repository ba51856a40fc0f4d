import Config
import Foundation
import Inventory
import PowerBI
import TerminalSafety
import TerminalUI
import Tokens

/// `:activity`: the activity log in the tenant store (what `pbitui activity` downloaded), newest first, and
/// its counts per activity, user and day. `Tab` steps from the events to each count; the counts are of the
/// events the `/` filter keeps; `Enter` on a count filters the events by it.
public struct ActivityView: Sendable {
    public enum Mode: Int, Sendable, CaseIterable {
        case events, activity, user, day
        var title: String { ["events", "per activity", "per user", "per day"][rawValue] }
    }

    /// A count of events sharing an activity, a user or a day.
    public struct Count: Sendable, Hashable {
        public let key: String
        public let events: Int
    }

    static let titles = ["TIME", "ACTIVITY", "USER", "WORKSPACE", "ITEM", "OK"]
    static let countTitles = ["KEY", "EVENTS"]
    /// The newest events the screen holds.
    static let limit = 200_000

    public var generation: Int
    public var events = ActivityView.model([])
    public var counts = ActivityView.countModel([])
    public var mode = Mode.events
    public var selection = ListState()
    public var isLoading = true
    public var failure: String?

    init(generation: Int) { self.generation = generation }

    static func model(_ events: [ActivityEvent]) -> ListModel<ActivityEvent> {
        ListModel(events, search: { [$0.activity, $0.user, $0.workspaceName ?? "", $0.itemName ?? "", $0.creationTime].joined(separator: "\u{0}") },
                  // The service's ISO time sorts as time; the shown one (local, zone named) is for reading.
                  sortKey: { event, column in column == 0 ? event.creationTime : cells(event)[min(column, 5)] })
    }

    static func countModel(_ counts: [Count]) -> ListModel<Count> {
        ListModel(counts, search: { $0.key }, sortKey: { count, column in
            column == 0 ? count.key : String(repeating: "0", count: max(0, 12 - String(count.events).count)) + String(count.events)
        })
    }

    static func cells(_ event: ActivityEvent) -> [String] {
        [HumanTime.local(text: event.creationTime), event.activity, event.user, event.workspaceName ?? "", event.itemName ?? "",
         event.isSuccess.map { $0 ? "yes" : "no" } ?? ""]
    }

    /// The counts of the events the filter keeps, for the current mode: most first, days in order.
    mutating func recount() {
        guard mode != .events else { return }
        var tally: [String: Int] = [:]
        for index in 0..<events.count {
            let event = events[index]
            let key = switch mode {
            case .activity: event.activity
            case .user: event.user
            case .day: String(event.creationTime.prefix(10))
            case .events: ""
            }
            tally[key, default: 0] += 1
        }
        var model = Self.countModel(tally.map { Count(key: $0.key, events: $0.value) })
        model.setSort(mode == .day ? SortOrder(column: 0, ascending: false) : SortOrder(column: 1, ascending: false))
        counts = model
    }

    var count: Int { mode == .events ? events.count : counts.count }
}

enum ActivityReducer {
    static func open(_ state: inout AppState) -> [Effect] {
        guard state.identity != nil else {
            state.status = StatusMessage("Sign in first: the store is the signed-in tenant's", level: .warn)
            return []
        }
        let generation = ActivityScreen.nextGeneration(&state)
        state.stack.reset([.workspaces, ActivityScreen.screen(ActivityView(generation: generation))])
        state.status = StatusMessage("Reading the activity log from the tenant store (pbitui activity fills it)…")
        return [ActivityScreen.effect(.load(generation: generation, limit: ActivityView.limit))]
    }

    static func loaded(_ generation: Int, _ result: Result<[ActivityEvent], StoreProblem>, _ state: inout AppState) {
        guard var view = state.activity, view.generation == generation else { return }
        view.isLoading = false
        switch result {
        case let .success(events):
            view.events = ActivityView.model(events)
            view.recount()
            let days = Set(events.map { $0.creationTime.prefix(10) }).count
            let users = Set(events.map(\.user)).count
            state.status = StatusMessage("\(events.count) events over \(days) days by \(users) users" + (events.count >= ActivityView.limit ? " (the newest \(ActivityView.limit))" : "")
                                         + " · Tab: counts per activity, user, day", level: .ok)
        case let .failure(problem):
            view.failure = problem.message
            state.status = StatusMessage(problem.message, level: .error)
        }
        state.activity = view
    }

    static func visibleRows(_ state: AppState) -> Int { max(1, AppLayout(size: state.size).visibleTableRows - 1) }

    static func action(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.activity else { return [] }
        let page = visibleRows(state)
        switch action {
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom:
            _ = view.selection.apply(action, count: view.count, page: page)
        case .sortNext, .sortReverse:
            if view.mode == .events {
                let sortable = Array(ActivityView.titles.indices)
                view.events.setSort(action == .sortNext ? SortOrder.next(after: view.events.sort, sortable: sortable) : SortOrder.reversed(view.events.sort, sortable: sortable))
            } else {
                view.counts.setSort(action == .sortNext ? SortOrder.next(after: view.counts.sort, sortable: [0, 1]) : SortOrder.reversed(view.counts.sort, sortable: [0, 1]))
            }
        case .nextTab, .previousTab:
            let all = ActivityView.Mode.allCases
            view.mode = all[(view.mode.rawValue + (action == .nextTab ? 1 : all.count - 1)) % all.count]
            view.recount()
            view.selection.select(0, count: view.count)
        case .open:
            guard view.mode != .events, let count = view.counts.row(at: view.selection.selected) else { return [] }
            view.mode = .events
            view.events.setFilter(count.key, selection: &view.selection, visibleRows: page)
            view.selection.select(0, count: view.count)
            state.status = StatusMessage("Events of \(TerminalSafety.escape(count.key)) (\(view.events.count)); Esc clears the filter")
        case .reload:
            state.activity = view
            return open(&state)
        case .back:
            state.stack.reset([.workspaces])
            return []
        default:
            break
        }
        view.selection.scrollToSelection(visibleRows: page, count: view.count)
        state.activity = view
        return []
    }
}

/// `:activity`: ``ActivityView`` on the stack. A registered screen: everything it has is in this folder,
/// and one line in ``Palette/units`` registers it.
enum ActivityScreen: RegisteredScreen {
    typealias View = ActivityView
    static let name = "activity"
    static let keysTitle = "The activity log (`:activity`)"
    static let keys = KeyTable(KeyTable.movement + [
        KeyTable.filter,
        KeyBinding(.nextTab, keys: [.tab], label: "counts", description: "Events, then counts per activity, per user, per day (of the filtered events)"),
        KeyBinding(.previousTab, keys: [.backTab], label: "previous", description: "The previous view", showInHints: false),
        KeyBinding(.open, keys: [.enter, .right, .character("l")], keyLabel: "Enter", label: "its events",
                   description: "On a count: the events of that activity, user or day"),
    ] + KeyTable.sorting + [KeyBinding(.reload, keys: [.control("r")], label: "reload", description: "Read the store again (after pbitui activity)"),
                            KeyTable.inspect, KeyTable.back, KeyTable.help, KeyTable.command, KeyTable.quit])

    static func screen(_ view: ActivityView) -> AppScreen { .registered(RegisteredView(name: name, state: view)) }

    static func reduce(_ event: ActivityScreenEvent, _ state: inout AppState, now: Date) -> [Effect] {
        switch event {
        case let .loaded(generation, result): ActivityReducer.loaded(generation, result, &state)
        }
        return []
    }

    static func work(_ work: ActivityWork, _ context: WorkContext, _ emit: @escaping @Sendable (ActivityScreenEvent) -> Void) async {
        switch work {
        case let .load(generation, limit):
            emit(.loaded(generation: generation, await StoreWork.activity(limit: limit, folder: context.storeFolder, context.client)))
        }
    }
    static func breadcrumb(_ state: AppState) -> [String] { ["Workspaces", "Activity", state.activity?.mode.title ?? ""] }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        ActivityReducer.action(action, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        ActivityRenderer.render(state, layout: layout, theme: theme, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { state.activity?.isLoading == true }

    /// The filter is the events' (the counts are of what it keeps).
    static func filter(_ state: AppState) -> String? { state.activity?.events.filter }

    static func setFilter(_ text: String, _ state: inout AppState) {
        guard var view = state.activity else { return }
        if view.mode == .events {
            view.events.setFilter(text, selection: &view.selection, visibleRows: ActivityReducer.visibleRows(state))
        } else {
            var ignored = ListState()
            view.events.setFilter(text, selection: &ignored, visibleRows: 1)
            view.recount()
            view.selection.select(0, count: view.count)
        }
        state.activity = view
    }

    static func select(line: Int, _ state: inout AppState) -> Bool {
        guard var view = state.activity, view.selection.select(line: line, count: view.count) else { return false }
        state.activity = view
        return true
    }

    static func table(_ state: AppState, now: Date) -> ListExport.Table? {
        guard let view = state.activity else { return nil }
        if view.mode == .events {
            let events = view.events.visibleRows
            return ListExport.Table(headers: ActivityView.titles + ["ID"], rows: events.map { ActivityView.cells($0) + [$0.id] },
                                    objects: events.map { (try? JSONValue.parse(Data($0.json.utf8))) ?? .null })
        }
        let headers = [view.mode.title.replacingOccurrences(of: "per ", with: "").uppercased(), "EVENTS"]
        let rows = view.counts.visibleRows.map { [$0.key, String($0.events)] }
        return ListExport.Table(headers: headers, rows: rows, objects: rows.map { ListExport.object(headers, $0) })
    }
}

enum ActivityRenderer {
    static func render(_ state: AppState, layout: AppLayout, theme: Theme, into buffer: inout CellBuffer) {
        guard let view = state.activity else { return }
        var title = "Activity (\(view.events.totalCount) events)"
        if !view.events.filter.isEmpty { title = "Activity (\(view.events.count) of \(view.events.totalCount) events · /\(TerminalSafety.escape(view.events.filter)))" }
        title += " · " + view.mode.title
        if view.isLoading { title += " " + AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count] }
        buffer.put(title, row: layout.titleRow, column: 1, style: theme[.title])
        if let failure = view.failure {
            buffer.put(TerminalSafety.escape(failure), row: layout.table.row + 2, column: 1, style: theme[.error])
            return
        }
        let window = TableView.window(view.selection, visibleRows: layout.visibleTableRows, count: view.count)
        if view.mode == .events {
            var roles: [ColorRole?] = []
            let rows = window.map { index -> [String] in
                let event = view.events[index]
                roles.append(event.isSuccess == false ? .error : nil)
                return ActivityView.cells(event).map { TerminalSafety.escape($0) }
            }
            let order = view.events.sort
            func column(_ index: Int, _ width: TableColumn.Width, yields: Bool = false) -> TableColumn {
                TableColumn(SortOrder.title(ActivityView.titles[index], column: index, order: order), width: width, yieldsRoom: yields)
            }
            TableView(columns: [
                column(0, .fixed(22)), column(1, .fixed(22)), column(2, .flexible(minimum: 14, weight: 2)),
                column(3, .flexible(minimum: 10, weight: 2), yields: true), column(4, .flexible(minimum: 10, weight: 2)), column(5, .fixed(3)),
            ], rows: rows, state: view.selection, rowRoles: roles, firstRow: window.lowerBound).render(into: &buffer, in: layout.table, theme: theme)
        } else {
            let rows = window.map { index -> [String] in
                let count = view.counts[index]
                return [TerminalSafety.escape(count.key), String(count.events)]
            }
            let order = view.counts.sort
            TableView(columns: [
                TableColumn(SortOrder.title(view.mode.title.replacingOccurrences(of: "per ", with: "").uppercased(), column: 0, order: order),
                            width: .flexible(minimum: 20, weight: 3)),
                TableColumn(SortOrder.title("EVENTS", column: 1, order: order), width: .fixed(10), alignRight: true),
            ], rows: rows, state: view.selection, firstRow: window.lowerBound).render(into: &buffer, in: layout.table, theme: theme)
        }
        if !view.isLoading, view.events.totalCount == 0 {
            buffer.put("No activity in the tenant store: `pbitui activity --from DATE --to DATE` fills it.", row: layout.table.row + 2, column: 1,
                       style: theme[.muted])
        }
    }
}

extension AppState {
    /// `:activity`, while it is on the stack.
    public var activity: ActivityView? {
        get { ActivityScreen.view(self) }
        set { if let newValue { ActivityScreen.setView(newValue, &self) } }
    }
}
