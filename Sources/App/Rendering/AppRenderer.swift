import Foundation
import PowerBI
import TerminalUI

/// Draws the state into a cell buffer: a pure function, so every screen is testable as text.
public enum AppRenderer {
    static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    /// Below this the screen says so instead of drawing a broken layout.
    public static let minimumSize = (rows: 10, columns: 40)

    public static func render(_ state: AppState, theme: Theme, now: Date = Date()) -> CellBuffer {
        var buffer = CellBuffer(rows: state.size.rows, columns: state.size.columns, fill: Cell(text: " ", style: theme[.text]))
        let layout = AppLayout(size: state.size)
        guard state.size.rows >= minimumSize.rows, state.size.columns >= minimumSize.columns else {
            // Nothing is lost: the state is kept and the screen comes back when the terminal grows.
            let lines = ["Terminal too small", "\(state.size.columns)x\(state.size.rows); pbitui needs \(minimumSize.columns)x\(minimumSize.rows)", "q quits"]
            let top = max(0, (state.size.rows - lines.count) / 2)
            for (index, line) in lines.enumerated() where top + index < state.size.rows {
                let text = TextFit.truncate(line, to: state.size.columns)
                buffer.put(text, row: top + index, column: max(0, (state.size.columns - DisplayWidth.of(text)) / 2),
                           style: theme[index == 0 ? .warn : .muted])
            }
            return buffer
        }
        renderHeader(state, layout: layout, theme: theme, into: &buffer)
        switch state.route {
        case .signIn: SignInRenderer.render(state, layout: layout, theme: theme, now: now, into: &buffer)
        case .workspaces: renderWorkspaces(state, layout: layout, theme: theme, into: &buffer)
        case .workspace: WorkspaceRenderer.render(state, layout: layout, theme: theme, into: &buffer)
        case .details: DetailsRenderer.render(state, layout: layout, theme: theme, now: now, into: &buffer)
        case .allDatasets: renderAllDatasets(state, layout: layout, theme: theme, into: &buffer)
        case .inspector: InspectorRenderer.render(state, layout: layout, theme: theme, now: now, into: &buffer)
        }
        OverlayRenderer.render(state, theme: theme, now: now, into: &buffer)
        if state.helpVisible { renderHelp(state, theme: theme, into: &buffer) }
        renderStatus(state, layout: layout, theme: theme, now: now, into: &buffer)
        HintBar(hints: hints(for: state)).render(into: &buffer, row: layout.hintRow, width: state.size.columns, theme: theme)
        return buffer
    }

    /// The key hints of what is on screen, from the same tables that dispatch the keys.
    static func hints(for state: AppState) -> [(key: String, label: String)] {
        var hints = screenHints(for: state)
        // After a failed call, the way to its diagnosis comes first.
        if state.lastFailure != nil, [.workspaces, .workspace, .details, .allDatasets].contains(state.route),
           state.dialog == nil, state.enhancedForm == nil, state.commandPrompt == nil {
            hints.insert(("d", "why it failed"), at: 0)
        }
        return hints
    }

    static func screenHints(for state: AppState) -> [(key: String, label: String)] {
        if state.commandPrompt != nil { return [("Enter", "run"), ("Esc", "close")] }
        if state.filterEditing { return [("Enter", "keep filter"), ("Esc", "clear"), ("!", "invert")] }
        if state.helpVisible { return [("Esc", "close help")] }
        if state.dialog != nil { return KeyTable.dialog.hints }
        if state.enhancedForm != nil { return KeyTable.enhancedForm.hints }
        switch state.route {
        case .workspaces: return KeyTable.workspaces.hints
        case .workspace:
            var table = KeyTable.workspace.readOnly(state.readOnly)
            if state.workspace?.tab != .datasets {
                table = KeyTable(table.bindings.filter { ![.refresh, .enhancedRefresh].contains($0.action) })
            }
            return table.hints
        case .allDatasets: return KeyTable.allDatasets.readOnly(state.readOnly).hints
        case .inspector: return KeyTable.inspector.hints
        case .details:
            var table = KeyTable.details.readOnly(state.readOnly)
            if state.details?.item.kind != .datasets {
                table = KeyTable(table.bindings.filter { ![.refresh, .enhancedRefresh].contains($0.action) })
            }
            return table.hints
        case .signIn:
            switch state.signIn.phase {
            case .choosing: return KeyTable.signInMethods.hints
            case .working: return KeyTable.signInWorking.hints
            case .form:
                var hints = KeyTable.signInForm.hints
                if state.signIn.failure?.offersDeviceCode == true { hints.insert(("Ctrl-D", "device code instead"), at: 1) }
                return hints
            }
        }
    }

    static func renderHeader(_ state: AppState, layout: AppLayout, theme: Theme, into buffer: inout CellBuffer) {
        let width = state.size.columns
        buffer.fill(Rect(row: layout.headerRow, column: 0, height: 1, width: width), style: theme[.statusBar])
        var x = 1
        x += buffer.put("pbitui", row: layout.headerRow, column: x, style: theme[.keyHintKey])
        x += buffer.put("  ▸ " + breadcrumb(state).joined(separator: " ▸ "), row: layout.headerRow, column: x, style: theme[.statusBar])
        let identity = TextFit.truncate(state.identity ?? "not signed in", to: max(0, width - x - 3))
        let identityWidth = DisplayWidth.of(identity)
        if identityWidth > 0 {
            buffer.put(identity, row: layout.headerRow, column: width - identityWidth - 1, style: theme[.statusBar])
        }
    }

    /// The key table of what is on screen (help lists it; dispatch uses the same tables).
    static func keyTable(for state: AppState) -> KeyTable {
        let table: KeyTable = switch state.route {
        case .signIn: state.signIn.phase == .choosing ? KeyTable.signInMethods : (state.signIn.isWorking ? KeyTable.signInWorking : KeyTable.signInForm)
        case .workspaces: KeyTable.workspaces
        case .workspace: KeyTable.workspace
        case .details: KeyTable.details
        case .allDatasets: KeyTable.allDatasets
        case .inspector: KeyTable.inspector
        }
        return table.readOnly(state.readOnly)
    }

    static func renderHelp(_ state: AppState, theme: Theme, into buffer: inout CellBuffer) {
        let bindings = keyTable(for: state).bindings
        let keyWidth = min(24, bindings.map { DisplayWidth.of($0.keys.map(\.description).joined(separator: " ")) }.max() ?? 8)
        var lines: [(String, ColorRole)] = bindings.map { binding in
            let keys = binding.keys.map(\.description).joined(separator: " ")
            return (TextFit.pad(keys, to: keyWidth) + "  " + binding.description + (binding.dangerous ? "  (changes the tenant)" : ""),
                    binding.dangerous ? .warn : .text)
        }
        if state.readOnly { lines.append(("", .text)); lines.append(("Read-only mode: refresh and cancel are off.", .muted)) }
        OverlayRenderer.box("Keys — " + breadcrumb(state).last!, lines: lines, footer: "Esc or ? closes", state: state, theme: theme, into: &buffer)
    }

    /// Where the person is: "Workspaces ▸ Sales Analytics ▸ Datasets ▸ Sales Model".
    static func breadcrumb(_ state: AppState) -> [String] {
        switch state.route {
        case .signIn: return ["Sign in"]
        case .workspaces: return ["Workspaces"]
        case .workspace:
            guard let view = state.workspace else { return ["Workspaces"] }
            return ["Workspaces", TextFit.truncate(view.entry.name, to: 30), view.tab.title]
        case .allDatasets: return ["Workspaces", "All datasets"]
        case .inspector: return ["Token"]
        case .details:
            guard let details = state.details else { return ["Workspaces"] }
            return ["Workspaces", TextFit.truncate(details.workspace.name, to: 24), details.item.kind.title, TextFit.truncate(details.item.name, to: 30)]
        }
    }

    static func renderWorkspaces(_ state: AppState, layout: AppLayout, theme: Theme, into buffer: inout CellBuffer) {
        let spinnerText = spinner[state.spinnerFrame % spinner.count]
        var title = "Workspaces"
        switch state.workspaces {
        case .idle: break
        case .loading: title += " " + spinnerText + " loading…"
        case let .loaded(workspaces):
            let shown = state.workspaceEntries.count
            let total = workspaces.count + (state.tokenKind == "delegated" ? 1 : 0)
            title += state.workspaceFilter.isEmpty ? " (\(workspaces.count))" : " (\(shown) of \(total) · /\(state.workspaceFilter))"
        case .failed: title += " (failed)"
        }
        buffer.put(title, row: layout.titleRow, column: 1, style: theme[.title])
        let workspaces = state.workspaces.value ?? []
        let rows = state.workspaceEntries.map { entry -> [String] in
            guard let workspace = entry.workspace else { return [entry.name, "Personal", "", ""] }
            return [workspace.name,
                    workspace.isOnDedicatedCapacity == true ? "Dedicated" : "Shared",
                    workspace.isReadOnly == true ? "read-only" : "",
                    workspace.id]
        }
        let table = TableView(
            columns: [
                TableColumn("NAME", width: .flexible(minimum: 16, weight: 1)),
                TableColumn("CAPACITY", width: .fixed(9)),
                TableColumn("ACCESS", width: .fixed(9)),
                TableColumn("ID", width: .fixed(36)),
            ],
            rows: rows, state: state.workspaceList)
        table.render(into: &buffer, in: layout.table, theme: theme)
        if case let .failed(message, _) = state.workspaces {
            buffer.put(TextFit.truncate("Could not load workspaces: " + message, to: state.size.columns - 2),
                       row: layout.table.row + 2, column: 1, style: theme[.error])
        } else if case .loaded = state.workspaces, workspaces.isEmpty {
            buffer.put("No workspaces visible to this identity.", row: layout.table.row + 2, column: 1, style: theme[.muted])
        }
    }

    static func renderAllDatasets(_ state: AppState, layout: AppLayout, theme: Theme, into buffer: inout CellBuffer) {
        guard let view = state.allDatasets else { return }
        var title = "All datasets (\(view.rows.count))"
        if view.isLoading {
            title += " \(spinner[state.spinnerFrame % spinner.count]) \(view.answered)/\(view.total) workspaces answered"
        }
        if !view.failures.isEmpty { title += " · \(view.failures.count) refused" }
        buffer.put(title, row: layout.titleRow, column: 1, style: theme[.title])
        var roles: [ColorRole?] = []
        let rows = view.rows.map { entry, row -> [String] in
            let live = state.refreshes[RefreshTarget(scope: entry.scope, datasetId: row.id, datasetName: row.name, workspaceName: entry.name).key]
            roles.append(WorkspaceRenderer.role(for: live))
            return [row.name, entry.name, live.map { WorkspaceRenderer.spinnerPrefix($0, state) + $0.label } ?? "", row.cells.first ?? "", row.id]
        }
        TableView(columns: [
            TableColumn("NAME", width: .flexible(minimum: 16, weight: 2)),
            TableColumn("WORKSPACE", width: .flexible(minimum: 12, weight: 1)),
            TableColumn("REFRESH", width: .flexible(minimum: 14, weight: 1)),
            TableColumn("MODE", width: .fixed(11)),
            TableColumn("ID", width: .fixed(36)),
        ], rows: rows, state: view.selection, rowRoles: roles).render(into: &buffer, in: layout.table, theme: theme)
    }

    static func renderStatus(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        if state.filterEditing {
            let x = buffer.put("/" + FilterReducer.text(state), row: layout.statusRow, column: 1, style: theme[.accent])
            buffer.put("▏", row: layout.statusRow, column: 1 + x, style: theme[.accent])
            return
        }
        if let prompt = state.commandPrompt {
            let x = buffer.put(":" + prompt.text, row: layout.statusRow, column: 1, style: theme[.accent])
            buffer.put("▏", row: layout.statusRow, column: 1 + x, style: theme[.accent])
            return
        }
        if let throttle = state.throttle, throttle.until > now {
            let left = Int(throttle.until.timeIntervalSince(now).rounded(.up))
            let text = throttle.automatic ? "⏳ Power BI asked to slow down (429): retrying \(throttle.what) in \(left) s"
                : "⏳ Power BI asked to wait (429): try \(throttle.what) again in \(HumanTime.duration(TimeInterval(left)))"
            buffer.put(TextFit.truncate(text, to: state.size.columns - 2), row: layout.statusRow, column: 1, style: theme[.warn])
            return
        }
        guard let status = state.status else { return }
        let role: ColorRole = switch status.level {
        case .info: .info
        case .ok: .ok
        case .warn: .warn
        case .error: .error
        }
        var text = status.text
        if state.route == .workspaces, case let .failed(_, requestId?) = state.workspaces, status.level == .error, !text.contains(requestId) {
            text += " [RequestId \(requestId)]"
        }
        buffer.put(TextFit.truncate(text, to: state.size.columns - 2), row: layout.statusRow, column: 1, style: theme[role])
    }
}
