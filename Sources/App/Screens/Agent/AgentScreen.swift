import Config
import Foundation
import TerminalSafety
import TerminalUI
import Tokens

/// `:agent`: what assistants did through `pbitui mcp`, from its audit file, newest first, followed live (read
/// again every two seconds while the screen is open); `/`, `s`, `:export` as every list; `Enter` shows a
/// call's JSON. A registered screen: this folder and one line in ``Palette/units``.
public struct AgentView: ListView {
    static let titles = ["TIME", "TOOL", "ARGUMENTS", "RESULT"]

    public var generation: Int
    public var rows = AgentView.model([])
    public var selection = ListState()
    public var isLoading = true
    public var failure: String?
    var skipped = 0

    init(generation: Int) { self.generation = generation }

    static func model(_ calls: [AgentCall]) -> ListModel<AgentCall> {
        ListModel(calls, search: { [$0.tool, $0.arguments, $0.error ?? "ok", $0.time].joined(separator: "\u{0}") }, cells: { AgentLog.cells($0) })
    }

    /// The calls read again: the new list keeps the filter, the sort and the selected call.
    mutating func replace(_ calls: [AgentCall]) {
        guard calls != rows.rows else { return }
        let selected = selectedRow
        var model = Self.model(calls)
        model.setSort(rows.sort)
        model.setFilter(rows.filter)
        rows = model
        let position = selected.flatMap { call in (0..<rows.count).first { rows[$0] == call } } ?? 0
        selection.select(position, count: rows.count)
    }
}

enum AgentEvent: Sendable {
    case loaded(generation: Int, Result<(calls: [AgentCall], skipped: Int), AgentProblem>)
}

enum AgentWork: Sendable, Hashable {
    /// Read the file (after `after`: the live follow's next look).
    case load(generation: Int, path: String, after: Duration = .zero)
}

enum AgentScreen: RegisteredScreen, ListScreen {
    typealias View = AgentView
    static let name = "agent"
    static let keysTitle = "What assistants did (`:agent`)"
    static let keysAbout = "Every call an assistant made through `pbitui mcp`, from its audit file, followed live."
    static let keys = KeyTable(KeyTable.movement + [
        KeyBinding(.open, keys: [.enter, .right, .character("l")], keyLabel: "Enter", label: "JSON", description: "The selected call as the audit file has it"),
        KeyTable.filter,
    ] + KeyTable.sorting + [KeyBinding(.reload, keys: [.control("r")], label: "reload", description: "Read the audit file again"),
                            KeyTable.inspect, KeyTable.back, KeyTable.help, KeyTable.command, KeyTable.quit])

    /// How often the open screen reads the file again.
    static let followEvery: Duration = .seconds(2)

    static func open(_ state: inout AppState) -> [Effect] {
        guard let path = AgentLog.path(pinsPath: state.pinsPath) else {
            state.status = StatusMessage("No place for pbitui's state: set XDG_STATE_HOME or HOME", level: .warn)
            return []
        }
        let generation = nextGeneration(&state)
        state.stack.reset([.workspaces, .registered(RegisteredView(name: name, state: AgentView(generation: generation)))])
        return [effect(.load(generation: generation, path: path))]
    }

    /// A read of the file: shown, and the next look asked for while this screen is the one open (a closed or
    /// reopened screen's answers carry another generation and end the follow).
    static func reduce(_ event: AgentEvent, _ state: inout AppState, now: Date) -> [Effect] {
        guard case let .loaded(generation, result) = event, var view = view(state), view.generation == generation,
              let path = AgentLog.path(pinsPath: state.pinsPath) else { return [] }
        let first = view.isLoading
        view.isLoading = false
        switch result {
        case let .success((calls, skipped)):
            view.replace(calls)
            view.skipped = skipped
            view.failure = nil
            let failed = calls.filter { $0.error != nil }.count
            if first {
                state.status = calls.isEmpty ? StatusMessage("No assistant has called pbitui mcp yet (its calls are kept in mcp-audit.jsonl)")
                    : StatusMessage("\(calls.count) calls, \(failed) failed" + (skipped > 0 ? "; \(skipped) lines were not calls" : ""), level: .ok)
            }
        case let .failure(problem):
            view.failure = problem.message
            if first { state.status = StatusMessage(problem.message, level: .error) }
        }
        setView(view, &state)
        return [effect(.load(generation: generation, path: path, after: followEvery))]
    }

    static func work(_ work: AgentWork, _ context: WorkContext, _ emit: @escaping @Sendable (AgentEvent) -> Void) async {
        switch work {
        case let .load(generation, path, after):
            if after > .zero {
                try? await Task.sleep(for: after)
                guard !Task.isCancelled else { return }
            }
            emit(.loaded(generation: generation, AgentLog.read(path)))
        }
    }

    static func breadcrumb(_ state: AppState) -> [String] { ["Workspaces", "Assistants"] }
    static func isBusy(_ state: AppState) -> Bool { view(state)?.isLoading == true }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        if moveOrSort(action, &state) { return [] }
        switch action {
        case .open:
            guard let call = view(state)?.selectedRow else { return [] }
            state.jsonOverlay = JSONOverlay(title: "Call to " + call.tool, viewer: JSONViewer(call.raw))
        case .reload: return open(&state)
        case .back:
            // The follow ends: its next answer finds no screen of its generation.
            state.stack.reset([.workspaces])
        default: break
        }
        return []
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        guard let view = view(state) else { return }
        var title = "Assistant calls (\(view.rows.totalCount))"
        if !view.rows.filter.isEmpty { title = "Assistant calls (\(view.rows.count) of \(view.rows.totalCount) · /\(TerminalSafety.escape(view.rows.filter)))" }
        if view.isLoading { title += " " + AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count] }
        buffer.put(title, row: layout.titleRow, column: 1, style: theme[.title])
        if let failure = view.failure {
            buffer.put(failure, row: layout.table.row + 2, column: 1, style: theme[.error])
            return
        }
        let window = TableView.window(view.selection, visibleRows: layout.visibleTableRows, count: view.rows.count)
        var roles: [ColorRole?] = []
        let rows = window.map { index -> [String] in
            let call = view.rows[index]
            roles.append(call.error == nil ? nil : .error)
            return AgentLog.cells(call).map { TerminalSafety.escape($0) }
        }
        let order = view.rows.sort
        func column(_ index: Int, _ width: TableColumn.Width) -> TableColumn {
            TableColumn(SortOrder.title(AgentView.titles[index], column: index, order: order), width: width)
        }
        TableView(columns: [column(0, .fixed(22)), column(1, .fixed(20)), column(2, .flexible(minimum: 20, weight: 3)), column(3, .flexible(minimum: 8, weight: 2))],
                  rows: rows, state: view.selection, rowRoles: roles, firstRow: window.lowerBound).render(into: &buffer, in: layout.table, theme: theme)
        if !view.isLoading, view.rows.totalCount == 0 {
            buffer.put("No calls yet: an assistant's calls through `pbitui mcp` are listed here.", row: layout.table.row + 2, column: 1, style: theme[.muted])
        }
    }

    // The one list.
    static func list(_ state: AppState) -> AgentView? { view(state) }
    static func setList(_ view: AgentView, _ state: inout AppState) { setView(view, &state) }
    static func sortable(_ view: AgentView) -> [Int] { [0, 1, 3] }
    static func export(_ view: AgentView, _ state: AppState, now: Date) -> ListExportColumns<AgentCall> {
        ListExportColumns(headers: AgentView.titles, cells: { AgentLog.cells($0) }, object: { $0.raw })
    }

    static let commands: [PaletteCommand] = [
        .opening("agent", "What assistants did through pbitui mcp: every call, its arguments and its result") { state, _ in open(&state) },
    ]
}
