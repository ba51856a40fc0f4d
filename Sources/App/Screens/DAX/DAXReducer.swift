import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// A query to run and where: what `.dax(.run)` carries.
public struct DAXJob: Sendable, Hashable {
    public let target: DAXTarget
    public let request: DAXRequest
    /// Where the text that ran starts in the editor (a selection runs alone), for the error's position.
    public let origin: TextPosition
    /// Run against another dataset to compare with the result on screen (`:dax-against`).
    public let comparing: Bool
    /// The engine asked for (`:engine`; `auto` by default).
    public let engine: DAXEngine

    public init(target: DAXTarget, request: DAXRequest, origin: TextPosition, comparing: Bool, engine: DAXEngine = .auto) {
        self.target = target
        self.request = request
        self.origin = origin
        self.comparing = comparing
        self.engine = engine
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
        return [.dax(.loadSchema(view.target))]
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
        // Several EVALUATEs go only to the Arrow engine; `auto` finds out whether it answers.
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || view.engine == .json, let problem = DAXQueryText.problem(text) {
            state.status = StatusMessage("Not sent: \(problem)" + (view.engine == .json ? " (:engine arrow takes several)" : ""), level: .error)
            return []
        }
        view.running = now
        view.failure = nil
        view.errorAt = nil
        view.completions = []
        let request = DAXRequest(query: text, impersonate: view.impersonate, includeNulls: view.includeNulls)
        let job = DAXJob(target: target ?? view.target, request: request, origin: selection?.lowerBound ?? TextPosition(line: 0, column: 0),
                         comparing: comparing, engine: view.engine)
        state.status = StatusMessage("Running on \(job.target.datasetName)…", level: .info)
        return [.dax(.run(job))]
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

    // MARK: Commands

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
