import Config
import Foundation
import PowerBI
import TerminalUI

/// The DAX workbench: ``DAXView`` on the stack (and kept when it is left).
enum DAXScreen: ScreenUnit {
    static func keyScreen(_ state: AppState) -> KeyScreen { state.dax?.focus == .editor ? .daxEditor : .daxPanes }

    static func breadcrumb(_ state: AppState) -> [String] {
        ["DAX", TextFit.truncate(state.dax?.target.datasetName ?? "", to: 30)]
    }

    /// The editor takes typed text; the JSON view of an answer has the viewer's keys; the panes take actions.
    static func key(_ key: Key, action: Action?, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.dax else { return [] }
        if view.focus == .editor { return DAXReducer.editorKey(key, action: action, &state, now: now) }
        if view.focus == .results, view.showJSON, var viewer = view.viewer {
            let handled = viewer.handle(key, height: DAXReducer.gridPage(state), keys: state.keys(.jsonViewer))
            view.viewer = viewer
            state.dax = view
            if handled { return [] }
        }
        guard let action else { return [] }
        return AppReducer.act(action, &state, now: now)
    }

    /// The editor takes a paste verbatim (no indentation added); elsewhere a paste does nothing here.
    static func paste(_ text: String, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.dax else { return [] }
        if view.focus == .editor {
            view.editor.insert(text)
            view.errorAt = nil
            view.completions = []
            DAXReducer.scrollEditor(&view, height: DAXReducer.panes(state).editor.height)
        } else if view.focus == .results, view.showJSON, var viewer = view.viewer, viewer.searching {
            viewer.search += PastedText.singleLine(text)
            view.viewer = viewer
        }
        state.dax = view
        return []
    }

    static func takesEveryKey(_ state: AppState) -> Bool {
        state.dax?.focus == .results && state.dax?.showJSON == true && state.dax?.viewer?.searching == true
    }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        DAXReducer.paneAction(action, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        DAXRenderer.render(state, theme: theme, now: now, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { state.dax?.running != nil || state.dax?.schema.isLoading == true }

    static func filter(_ state: AppState) -> String? {
        guard let view = state.dax, view.focus == .results, !view.showJSON, let result = view.result else { return nil }
        return result.model.filter
    }

    static func setFilter(_ text: String, _ state: inout AppState) { DAXReducer.setFilter(text, &state) }

    /// `:export` writes the whole result in the service's order (not only the rows a filter shows).
    /// After a query that failed, the rows on screen are the query before it's: refused, not exported as if
    /// they were the failed one's. The summary names the query the rows came from.
    static func table(_ state: AppState, now: Date) -> ListExport.Table? {
        guard let view = state.dax, let resultView = view.result else { return nil }
        let result = resultView.result
        let firstLine = resultView.query.split(separator: "\n").first.map { TextFit.truncate(String($0), to: 40) } ?? "the last query"
        return ListExport.Table(headers: result.columns, rows: result.rows.map { $0.map(DAXResult.text) },
                                objects: result.jsonRows().arrayValue ?? [], truncation: result.truncation,
                                refusal: view.failure == nil ? nil
                                    : "the last query failed; the rows on screen are those of an earlier one (\(firstLine)). Run a query that answers, then :export",
                                source: "“\(firstLine)”")
    }

    static func selection(_ state: AppState) -> Selection? { state.dax.map { .dataset($0.target) } }
}
