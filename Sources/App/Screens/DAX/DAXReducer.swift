import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// A query to run and where: what `.runDAX` carries.
public struct DAXJob: Sendable, Hashable {
    public let target: DAXTarget
    public let request: DAXRequest
    /// Where the text that ran starts in the editor (a selection runs alone), for the error's position.
    public let origin: TextPosition
    /// Run against another dataset to compare with the result on screen (`:dax-against`).
    public let comparing: Bool

    public init(target: DAXTarget, request: DAXRequest, origin: TextPosition, comparing: Bool) {
        self.target = target
        self.request = request
        self.origin = origin
        self.comparing = comparing
    }
}

/// Keys, commands and results of the DAX workbench.
enum DAXReducer {
    // MARK: Opening

    /// `e` on a dataset, `:dax`: the workbench for `target`, or the one kept from earlier.
    static func open(_ target: DAXTarget?, _ state: inout AppState, now: Date) -> [Effect] {
        guard state.identity != nil else {
            state.status = StatusMessage("Sign in first: the DAX workbench queries datasets as the signed-in identity", level: .warn)
            return []
        }
        var view: DAXView
        if let target {
            if var kept = state.dax, kept.target == target {
                kept.focus = .editor
                view = kept
            } else {
                view = DAXView(target: target)
                if let kept = state.dax {
                    // Another dataset: the query and the session's history come along.
                    view.editor = kept.editor
                    view.history = kept.history
                    view.impersonate = kept.impersonate
                    view.includeNulls = kept.includeNulls
                }
            }
        } else if let kept = state.dax {
            view = kept
        } else {
            state.status = StatusMessage("Select a dataset and press e (or :dax there): the workbench queries one dataset", level: .warn)
            return []
        }
        state.stack.push(.dax(view))
        state.dax = view
        state.status = StatusMessage("DAX on \(view.target.datasetName): type a query, F5 or Ctrl-E runs it, Tab completes, Shift-Tab moves between panes",
                                     level: .info)
        if case .idle = view.schema { return loadSchema(&state, now: now) }
        return []
    }

    static func loadSchema(_ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.dax else { return [] }
        view.schema = .loading(since: now)
        state.dax = view
        return [.loadDAXSchema(view.target)]
    }

    // MARK: Layout

    /// The panes' rectangles for a terminal size: schema on the left (hidden when narrow), the editor on top,
    /// a line about the result, then the grid.
    struct Panes {
        let schema: Rect?
        let editor: Rect
        let info: Int
        let grid: Rect
    }

    static func panes(_ state: AppState) -> Panes {
        let layout = AppLayout(size: state.size)
        let top = layout.titleRow + 1
        let bottom = layout.statusRow
        let height = max(0, bottom - top)
        let schemaWidth = state.size.columns >= 90 ? min(34, state.size.columns / 4) : 0
        let left = schemaWidth > 0 ? schemaWidth + 2 : 0
        let width = max(1, state.size.columns - left - 1)
        let editorHeight = max(1, min(max(4, (state.dax?.editor.lines.count ?? 1) + 1), height / 2 - 1))
        let editor = Rect(row: top, column: left, height: editorHeight, width: width)
        // The editor's rule is the line below it; the line about the result comes next.
        let info = top + editorHeight + 1
        let grid = Rect(row: info + 1, column: left, height: max(0, bottom - info - 1), width: width)
        let schema = schemaWidth > 0 ? Rect(row: top, column: 0, height: height, width: schemaWidth) : nil
        return Panes(schema: schema, editor: editor, info: info, grid: grid)
    }

    static func gridPage(_ state: AppState) -> Int { max(1, TableView.visibleRows(in: panes(state).grid)) }

    // MARK: The editor

    /// A key while the editor has the focus: typing, moving, selecting, and the editor's actions.
    static func editorKey(_ key: Key, action: Action?, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.dax else { return [] }
        if case .back? = action, view.completions.isEmpty, view.editor.selection == nil {
            state.stack.pop()
            return []
        }
        if let action, ![.runQuery, .complete, .nextPane, .undo, .redo, .selectAll, .deleteBackward, .clearField,
                         .historyPrevious, .historyNext, .back].contains(action), view.completions.isEmpty {
            return AppReducer.act(action, &state, now: now)
        }
        let effects = edit(key, action: action, &view, &state, now: now)
        state.dax = view
        return effects
    }

    private static func edit(_ key: Key, action: Action?, _ view: inout DAXView, _ state: inout AppState, now: Date) -> [Effect] {
        if !view.completions.isEmpty {
            switch key {
            case .down, .tab:
                view.completionChoice = (view.completionChoice + 1) % view.completions.count
                return []
            case .up:
                view.completionChoice = (view.completionChoice - 1 + view.completions.count) % view.completions.count
                return []
            case .enter:
                accept(&view)
                return []
            case .escape:
                view.completions = []
                return []
            default:
                view.completions = []
            }
        }
        let height = panes(state).editor.height
        switch action {
        case .runQuery?: return run(&view, &state, now: now, comparing: false)
        case .complete?: complete(&view, state)
        case .nextPane?: view.focus = .results
        case .undo?: view.editor.undo()
        case .redo?: view.editor.redo()
        case .selectAll?: view.editor.selectAll()
        case .deleteBackward?: view.editor.backspace(); view.errorAt = nil
        case .clearField?: view.editor.setText("")
        case .historyPrevious?, .historyNext?:
            guard !view.history.isEmpty else { return [] }
            var position = view.historyPosition ?? view.history.count
            position += action == .historyPrevious ? -1 : 1
            position = min(max(0, position), view.history.count)
            view.historyPosition = position < view.history.count ? position : nil
            view.editor.setText(position < view.history.count ? view.history[position].query : DAXView.starter)
        case .back?:
            // A selection is cleared where the cursor is.
            view.editor.go(to: view.editor.cursor)
        case .some:
            break
        case nil:
            switch key {
            case let .character(character): view.editor.insert(String(character)); view.errorAt = nil
            case .enter: view.editor.newline(); view.errorAt = nil
            case .delete: view.editor.deleteForward(); view.errorAt = nil
            case .left: view.editor.move(.left)
            case .right: view.editor.move(.right)
            case .up: view.editor.move(.up)
            case .down: view.editor.move(.down)
            case .home: view.editor.move(.home)
            case .end: view.editor.move(.end)
            case .pageUp: view.editor.move(.pageUp(height))
            case .pageDown: view.editor.move(.pageDown(height))
            case .shiftLeft: view.editor.move(.left, selecting: true)
            case .shiftRight: view.editor.move(.right, selecting: true)
            case .shiftUp: view.editor.move(.up, selecting: true)
            case .shiftDown: view.editor.move(.down, selecting: true)
            case .shiftHome: view.editor.move(.home, selecting: true)
            case .shiftEnd: view.editor.move(.end, selecting: true)
            default: break
            }
        }
        scrollEditor(&view, height: height)
        return []
    }

    static func scrollEditor(_ view: inout DAXView, height: Int) {
        let line = view.editor.cursor.line
        if line < view.editorTop { view.editorTop = line }
        if line >= view.editorTop + height { view.editorTop = line - height + 1 }
    }

    // MARK: Completion

    static func complete(_ view: inout DAXView, _ state: AppState) {
        let word = view.editor.wordBeforeCursor
        guard !word.isEmpty else {
            view.editor.insert("    ")
            return
        }
        let found = DAXCompletion.candidates(for: word, schema: view.schema.value, resultColumns: view.result?.result.columns ?? [])
        switch found.count {
        case 0:
            return
        case 1:
            view.editor.replaceBeforeCursor(word.count, with: found[0])
        default:
            view.completions = found
            view.completionChoice = 0
        }
    }

    static func accept(_ view: inout DAXView) {
        guard view.completions.indices.contains(view.completionChoice) else { return }
        let word = view.editor.wordBeforeCursor
        view.editor.replaceBeforeCursor(word.count, with: view.completions[view.completionChoice])
        view.completions = []
    }

    // MARK: Running

    static func run(_ view: inout DAXView, _ state: inout AppState, now: Date, comparing: Bool, against target: DAXTarget? = nil) -> [Effect] {
        guard view.running == nil else {
            state.status = StatusMessage("A query is running; wait for its answer", level: .warn)
            return []
        }
        let selection = view.editor.selection
        let text = view.editor.selectedText ?? view.editor.text
        if let problem = DAXQueryText.problem(text) {
            state.status = StatusMessage("Not sent: \(problem)", level: .error)
            return []
        }
        view.running = now
        view.failure = nil
        view.errorAt = nil
        view.completions = []
        let request = DAXRequest(query: text, impersonate: view.impersonate, includeNulls: view.includeNulls)
        let job = DAXJob(target: target ?? view.target, request: request, origin: selection?.lowerBound ?? TextPosition(line: 0, column: 0),
                         comparing: comparing)
        state.status = StatusMessage("Running on \(job.target.datasetName)…", level: .info)
        return [.runDAX(job)]
    }

    static func answered(_ job: DAXJob, _ outcome: Result<DAXResult, DAXFailure>, milliseconds: Int, _ state: inout AppState, now: Date) {
        guard var view = state.dax else { return }
        view.running = nil
        defer { state.dax = view }
        let outcomeText: String
        switch outcome {
        case let .success(result):
            let rows = "\(result.rows.count) row\(result.rows.count == 1 ? "" : "s")"
            if job.comparing, let current = view.result {
                view.comparison = DAXComparison(left: current, right: DAXResultView(result: result, milliseconds: milliseconds, target: job.target))
                let summary = view.comparison!.summary
                state.status = StatusMessage("\(view.target.datasetName) against \(job.target.datasetName): \(summary)",
                                             level: view.comparison!.identical ? .ok : .warn)
                outcomeText = "compared: \(summary)"
            } else {
                view.comparison = nil
                view.result = DAXResultView(result: result, milliseconds: milliseconds, target: job.target)
                view.result?.query = job.request.query
                view.viewer = nil
                view.showJSON = false
                if let truncation = result.truncation {
                    state.status = StatusMessage("Cut short by the service: \(truncation) \(rows) shown; :export refuses it unless :export!", level: .warn)
                    outcomeText = "cut: \(rows)"
                } else {
                    state.status = StatusMessage("\(rows) in \(milliseconds) ms", level: .ok)
                    outcomeText = "\(rows) in \(milliseconds) ms"
                }
                if view.focus == .schema, view.schema.value == nil { view.schemaList = ListState() }
            }
        case let .failure(failure):
            view.failure = failure
            if let line = failure.line, let column = failure.column {
                // The engine counts from 1, from the start of the text that ran.
                let origin = job.origin
                let position = line == 1 ? TextPosition(line: origin.line, column: origin.column + column - 1)
                                         : TextPosition(line: origin.line + line - 1, column: column - 1)
                view.errorAt = position
                view.editor.go(to: position)
                view.focus = .editor
            }
            if let wait = failure.retryAfter {
                state.throttle = ThrottleCountdown(until: now.addingTimeInterval(TimeInterval(wait)), what: "DAX queries", automatic: false)
            }
            state.status = StatusMessage(failure.description, level: .error)
            if let service = failure.service {
                state.lastFailure = FailedCall(method: service.method, path: service.path, status: service.status, code: service.code,
                                               requestId: service.requestId, message: failure.message)
            }
            outcomeText = "error: " + String(failure.message.prefix(80))
        }
        view.history.append(DAXRun(query: job.request.query, target: job.target, at: now, outcome: outcomeText))
        if view.history.count > 200 { view.history.removeFirst(view.history.count - 200) }
        view.historyPosition = nil
    }

    static func schemaLoaded(_ target: DAXTarget, _ outcome: Result<DAXSchema, DAXFailure>, _ state: inout AppState) {
        guard var view = state.dax, view.target == target else { return }
        switch outcome {
        case let .success(schema): view.schema = .loaded(schema)
        case let .failure(failure):
            view.schema = .failed(message: "INFO.VIEW functions refused: \(failure.message)", requestId: failure.service?.requestId)
        }
        state.dax = view
    }

    // MARK: The panes

    /// The grid's columns: ←/→ scroll by one, `<`/`>` narrow or widen the first shown one (4 to 80
    /// characters), `-` hides it (one column always stays), `+` shows every column again.
    static func columns(_ action: Action, _ result: inout DAXResultView) {
        let shown = result.shownColumns
        guard !shown.isEmpty else { return }
        let first = shown[min(result.firstColumn, shown.count - 1)]
        switch action {
        case .columnLeft: result.firstColumn = max(0, result.firstColumn - 1)
        case .columnRight: result.firstColumn = min(shown.count - 1, result.firstColumn + 1)
        case .narrowColumn: result.widthOverrides[first] = max(4, result.width(of: first) - 4)
        case .widenColumn: result.widthOverrides[first] = min(80, result.width(of: first) + 4)
        case .hideColumn:
            guard shown.count > 1 else { return }
            result.hidden.insert(first)
            result.firstColumn = min(result.firstColumn, shown.count - 2)
        case .showColumns:
            result.hidden = []
            result.firstColumn = 0
        default: break
        }
    }

    static func paneAction(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.dax else { return [] }
        defer { if state.route == .dax { state.dax = view } }
        switch action {
        case .runQuery: return run(&view, &state, now: now, comparing: false)
        case .nextPane:
            view.focus = view.focus == .results ? (panes(state).schema != nil ? .schema : .editor) : .editor
        case .back:
            if view.comparison != nil { view.comparison = nil; return [] }
            view.focus = .editor
        case .showJSON:
            guard let result = view.result else { return [] }
            view.showJSON.toggle()
            if view.showJSON, view.viewer == nil {
                view.viewer = (try? JSONValue.parse(result.result.body)).map(JSONViewer.init)
            }
        case .reload:
            state.dax = view
            let effects = loadSchema(&state, now: now)
            view = state.dax ?? view
            return effects
        case .insertReference:
            guard view.focus == .schema else { return [] }
            let entries = schemaEntries(view)
            guard entries.indices.contains(view.schemaList.selected) else { return [] }
            view.editor.insert(entries[view.schemaList.selected].insert)
            view.focus = .editor
        case .columnLeft, .columnRight, .narrowColumn, .widenColumn, .hideColumn, .showColumns:
            guard view.focus == .results, !view.showJSON, view.comparison == nil, var result = view.result else {
                // Outside the grid, ← and h keep their meaning: back (a comparison closes, else the editor).
                if action == .columnLeft {
                    if view.comparison != nil { view.comparison = nil } else { view.focus = .editor }
                }
                return []
            }
            columns(action, &result)
            view.result = result
        case .sortNext, .sortReverse:
            guard view.focus == .results, var result = view.result else { return [] }
            let sortable = Array(result.result.columns.indices)
            let order = action == .sortNext ? SortOrder.next(after: result.model.sort, sortable: sortable)
                                            : SortOrder.reversed(result.model.sort, sortable: sortable)
            result.model.setSort(order)
            view.result = result
        default:
            let page = gridPage(state)
            if view.focus == .schema {
                let count = schemaEntries(view).count
                _ = view.schemaList.apply(action, count: count, page: page)
                view.schemaList.scrollToSelection(visibleRows: max(1, (panes(state).schema?.height ?? 1) - 1), count: count)
            } else if var result = view.result {
                _ = result.list.apply(action, count: result.model.count, page: page)
                result.list.scrollToSelection(visibleRows: page, count: result.model.count)
                view.result = result
            }
        }
        return []
    }

    /// The schema pane's lines: the model's, or (when INFO.VIEW was refused) the columns of the last result.
    static func schemaEntries(_ view: DAXView) -> [(label: String, detail: String, insert: String, isTable: Bool)] {
        if let schema = view.schema.value { return schema.entries }
        return (view.result?.result.columns ?? []).map { ($0, "seen in the result", $0, false) }
    }

    static func setFilter(_ text: String, _ state: inout AppState) {
        guard var view = state.dax, var result = view.result else { return }
        result.model.setFilter(text)
        result.list.select(0, count: result.model.count)
        result.list.scrollToSelection(visibleRows: gridPage(state), count: result.model.count)
        view.result = result
        state.dax = view
    }

    // MARK: Commands

    /// `:save NAME`, `:open [NAME]`, `:dax-against DATASET`, `:impersonate [UPN]`, `:nulls`, `:history`.
    static func command(_ name: String, _ argument: String, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.dax, state.route == .dax else {
            state.status = StatusMessage(":\(name) works in the DAX workbench (e on a dataset)", level: .warn)
            return []
        }
        defer { if state.route == .dax { state.dax = view } }
        switch name {
        case "save":
            guard let file = DAXQueryFiles.fileName(argument) else {
                state.status = StatusMessage("Usage: :save NAME (letters, digits, spaces, - and _; saved as NAME.dax in \(state.queriesFolder ?? "the queries folder"))", level: .warn)
                return []
            }
            guard let folder = state.queriesFolder else {
                state.status = StatusMessage("No folder for saved queries (XDG_DATA_HOME and HOME are unset)", level: .error)
                return []
            }
            view.savedName = argument.trimmingCharacters(in: .whitespaces)
            let path = folder + "/" + file
            return [.export(path: path, contents: Data(view.editor.text.utf8), summary: "Saved the query as \(path)")]
        case "open":
            guard let folder = state.queriesFolder else {
                state.status = StatusMessage("No folder for saved queries (XDG_DATA_HOME and HOME are unset)", level: .error)
                return []
            }
            return [.openDAXQuery(folder: folder, name: argument.trimmingCharacters(in: .whitespaces))]
        case "dax-against":
            let wanted = argument.trimmingCharacters(in: .whitespaces)
            guard view.result != nil else {
                state.status = StatusMessage("Run the query here first (F5): :dax-against then runs it on another dataset and compares the rows", level: .warn)
                return []
            }
            let known = knownDatasets(state)
            let matches = known.filter { $0.datasetName.caseInsensitiveCompare(wanted) == .orderedSame || ItemID.same($0.datasetId, wanted) }
                .filter { $0 != view.target }
            guard let other = matches.first else {
                let names = Set(known.map(\.datasetName)).sorted().prefix(8).joined(separator: ", ")
                state.status = StatusMessage("No loaded dataset named '\(wanted)' (open its workspace first). Known: \(names)", level: .warn)
                return []
            }
            return run(&view, &state, now: now, comparing: true, against: other)
        case "impersonate":
            let upn = argument.trimmingCharacters(in: .whitespaces)
            view.impersonate = upn.isEmpty ? nil : upn
            state.status = StatusMessage(upn.isEmpty ? "Queries run as the signed-in identity" : "Queries run as \(upn) (impersonatedUserName: row-level security as that user sees it)", level: .info)
        case "history":
            guard !view.history.isEmpty else {
                state.status = StatusMessage("No query has run in this session yet", level: .info)
                return []
            }
            let formatter = ISO8601DateFormatter()
            let runs: [JSONValue] = view.history.reversed().map { run in
                .object(JSONObject([("at", .string(formatter.string(from: run.at))), ("dataset", .string(run.target.datasetName)),
                                    ("workspace", .string(run.target.workspaceName)), ("outcome", .string(run.outcome)),
                                    ("query", .string(run.query))]))
            }
            state.jsonOverlay = JSONOverlay(title: "DAX history: \(view.history.count) run\(view.history.count == 1 ? "" : "s"), newest first (Ctrl-P in the editor brings a query back)",
                                            viewer: JSONViewer(.array(runs)))
        case "nulls":
            view.includeNulls.toggle()
            state.status = StatusMessage(view.includeNulls ? "Blank values are sent as null (includeNulls)" : "Blank values are left out of the rows (the service's default)", level: .info)
        default:
            break
        }
        return []
    }

    /// The datasets loaded anywhere in the session (the open workspace, :datasets), for `:dax-against`.
    static func knownDatasets(_ state: AppState) -> [DAXTarget] {
        var found: [DAXTarget] = []
        for screen in state.stack.screens {
            switch screen {
            case let .workspace(view):
                for row in view.lists[.datasets]?.value ?? [] { found.append(DAXTarget.of(row, in: view.entry)) }
            case let .allDatasets(view):
                for entry in view.rows.visibleRows { found.append(DAXTarget.of(entry.row, in: entry.workspace)) }
            default: break
            }
        }
        return found
    }

    static func opened(name: String, _ outcome: DAXOpenOutcome, _ state: inout AppState) {
        guard var view = state.dax else { return }
        switch outcome {
        case let .text(text):
            view.editor.setText(text)
            view.savedName = name
            view.errorAt = nil
            state.status = StatusMessage("Opened \(name) (Ctrl-Z goes back to the query before)", level: .ok)
        case let .message(message, isError):
            state.status = StatusMessage(message, level: isError ? .error : .info)
        }
        state.dax = view
    }
}

extension DAXTarget {
    /// The workbench's target for a dataset row of a workspace.
    static func of(_ row: ItemRow, in entry: WorkspaceEntry) -> DAXTarget {
        DAXTarget(scope: entry.scope, workspaceName: entry.name, datasetId: row.id, datasetName: row.name,
                  rowLevelSecurity: row.raw["isEffectiveIdentityRequired"]?.boolValue)
    }

    /// A dataset row, or nil for other kinds.
    static func dataset(_ row: ItemRow?, in entry: WorkspaceEntry) -> DAXTarget? {
        guard let row, row.kind == .datasets else { return nil }
        return of(row, in: entry)
    }
}
