import Config
import Doctor
import Foundation
import PowerBI
import TerminalSafety
import TerminalUI
import Tokens

/// `:doctor`: `pbitui doctor` for the session signed in, one row per check, failing rows in red with what to
/// do; `Enter` shows a row whole, `Ctrl-R` probes again. A registered screen: this folder and one line in
/// ``Palette/units``.
public struct DoctorView: ListView {
    static let titles = ["CHECK", "STATUS", "EVIDENCE", "WHAT TO DO"]

    public var generation: Int
    public var rows = DoctorView.model([])
    public var selection = ListState()
    public var isLoading = true
    public var failure: String?

    init(generation: Int) { self.generation = generation }

    static func model(_ rows: [DoctorRow]) -> ListModel<DoctorRow> {
        ListModel(rows, search: { [$0.check, $0.status.rawValue, $0.evidence, $0.advice ?? ""].joined(separator: "\u{0}") }, cells: cells)
    }

    static func cells(_ row: DoctorRow) -> [String] { [row.check, row.status.rawValue, row.evidence, row.advice ?? ""] }
}

enum DoctorEvent: Sendable {
    case probed(generation: Int, [DoctorRow])
}

enum DoctorWork: Sendable, Hashable {
    case probe(generation: Int, method: String, fabricRoot: URL?)
}

enum DoctorScreen: RegisteredScreen, ListScreen {
    typealias View = DoctorView
    static let name = "doctor"
    static let keysTitle = "What this identity can do (`:doctor`)"
    static let keysAbout = "The probes of `pbitui doctor` for the session signed in: each check's status, its evidence, and what to change where it fails."
    static let keys = KeyTable(KeyTable.movement + [
        KeyBinding(.open, keys: [.enter, .right, .character("l")], keyLabel: "Enter", label: "whole row", description: "The selected check with its evidence and advice"),
        KeyTable.filter,
    ] + KeyTable.sorting + [KeyBinding(.reload, keys: [.control("r")], label: "probe again", description: "Run every probe again"),
                            KeyTable.back, KeyTable.help, KeyTable.command, KeyTable.quit])

    static func open(_ state: inout AppState) -> [Effect] {
        guard state.identity != nil else {
            state.status = StatusMessage("Sign in first: the doctor probes what the signed-in identity can do", level: .warn)
            return []
        }
        let generation = nextGeneration(&state)
        state.stack.reset([.workspaces, .registered(RegisteredView(name: name, state: DoctorView(generation: generation)))])
        state.status = StatusMessage("Probing what \(TerminalSafety.escape(state.identity ?? "this identity")) can do (nothing is changed)…")
        // Fabric's API is probed in the public cloud only; the demo tenant (no cloud) serves Power BI only.
        let fabric = state.cloud.flatMap { APIResource.fabric.root(in: $0) }
        return [effect(.probe(generation: generation, method: state.signIn.selectedOption.title, fabricRoot: fabric))]
    }

    static func reduce(_ event: DoctorEvent, _ state: inout AppState, now: Date) -> [Effect] {
        guard case let .probed(generation, rows) = event, var view = view(state), view.generation == generation else { return [] }
        view.isLoading = false
        view.rows = DoctorView.model(rows)
        view.selection.select(rows.firstIndex { $0.status == .fails } ?? 0, count: rows.count)
        setView(view, &state)
        let failing = rows.filter { $0.status == .fails }.map(\.check)
        state.status = failing.isEmpty ? StatusMessage("Every probe that ran works", level: .ok)
            : StatusMessage("\(failing.count) fail: " + failing.joined(separator: ", ") + " (Enter: what to do)", level: .error)
        return []
    }

    static func work(_ work: DoctorWork, _ context: WorkContext, _ emit: @escaping @Sendable (DoctorEvent) -> Void) async {
        switch work {
        case let .probe(generation, method, fabricRoot):
            emit(.probed(generation: generation, await Doctor(client: context.client, method: method, fabricRoot: fabricRoot).run()))
        }
    }

    static func breadcrumb(_ state: AppState) -> [String] { ["Workspaces", "Doctor"] }
    static func isBusy(_ state: AppState) -> Bool { view(state)?.isLoading == true }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        if moveOrSort(action, &state) { return [] }
        switch action {
        case .open:
            guard let row = view(state)?.selectedRow else { return [] }
            state.jsonOverlay = JSONOverlay(title: "Check " + row.check, viewer: JSONViewer(row.json))
        case .reload: return open(&state)
        case .back: state.stack.reset([.workspaces])
        default: break
        }
        return []
    }

    static func role(_ status: DoctorStatus) -> ColorRole? {
        switch status {
        case .works: nil
        case .fails: .error
        case .unknown: .warn
        case .skipped: .muted
        }
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        guard let view = view(state) else { return }
        var title = "Doctor: what \(TerminalSafety.escape(state.identity ?? "this identity")) can do"
        if view.isLoading { title += " " + AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count] }
        buffer.put(title, row: layout.titleRow, column: 1, style: theme[.title])
        let window = TableView.window(view.selection, visibleRows: layout.visibleTableRows, count: view.rows.count)
        var roles: [ColorRole?] = []
        let rows = window.map { index -> [String] in
            let row = view.rows[index]
            roles.append(role(row.status))
            return DoctorView.cells(row).map { TerminalSafety.escape($0) }
        }
        let order = view.rows.sort
        func column(_ index: Int, _ width: TableColumn.Width) -> TableColumn {
            TableColumn(SortOrder.title(DoctorView.titles[index], column: index, order: order), width: width)
        }
        TableView(columns: [column(0, .fixed(20)), column(1, .fixed(8)), column(2, .flexible(minimum: 20, weight: 3)), column(3, .flexible(minimum: 12, weight: 2))],
                  rows: rows, state: view.selection, rowRoles: roles, firstRow: window.lowerBound).render(into: &buffer, in: layout.table, theme: theme)
        if view.isLoading, view.rows.totalCount == 0 {
            buffer.put("Probing side by side: sign-in, the Power BI API, the admin APIs, the scanner, the activity log, queries, refresh, Fabric…",
                       row: layout.table.row + 2, column: 1, style: theme[.muted])
        }
    }

    // The one list.
    static func list(_ state: AppState) -> DoctorView? { view(state) }
    static func setList(_ view: DoctorView, _ state: inout AppState) { setView(view, &state) }
    static func sortable(_ view: DoctorView) -> [Int] { [0, 1] }
    static func export(_ view: DoctorView, _ state: AppState, now: Date) -> ListExportColumns<DoctorRow> {
        ListExportColumns(headers: DoctorView.titles, cells: DoctorView.cells, object: { $0.json })
    }

    static let commands: [PaletteCommand] = [
        PaletteCommand("doctor", takesArgument: true,
                       "What this identity can do in this tenant: every probe, its evidence, the setting to change; :doctor NAME for a context of :ctx") { argument, _, state, now in
            forContext(argument.trimmingCharacters(in: .whitespaces), &state, now: now)
        },
    ]

    /// `:doctor NAME`: switches to the context (as `:ctx NAME`) and probes it once it is signed in; without a
    /// name, or with the context in force, probes the session in force.
    static func forContext(_ name: String, _ state: inout AppState, now: Date) -> [Effect] {
        guard !name.isEmpty, name != state.context else { return open(&state) }
        let effects = ContextSwitch.switchTo(name, &state, now: now)
        if effects.contains(where: { if case .resumeContext = $0 { true } else { false } }) {
            // A context left this session is back at once (its session still open): probe it now.
            return effects + open(&state)
        }
        if state.pendingContext == name { state.doctorAfterSignIn = true }
        return effects
    }
}
