import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// The results grid and the schema pane: their keys, the grid's columns, the filter.
extension DAXReducer {
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
        case .nextTab, .previousTab:
            switchTab(by: action == .nextTab ? 1 : -1, &view, &state)
        case .showJSON:
            guard let result = view.result else { return [] }
            view.showJSON.toggle()
            if view.showJSON, view.viewer == nil {
                // An Arrow answer is binary: its rows as JSON objects instead.
                view.viewer = result.result.body.isEmpty ? JSONViewer(result.result.jsonRows())
                    : (try? JSONValue.parse(result.result.body)).map(JSONViewer.init)
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
}
