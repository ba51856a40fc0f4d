import Foundation
import PowerBI
import TerminalUI

/// A run's answer on the workbench: the result sets as tabs, which engine answered, the execution metrics;
/// and the commands that choose between them (`[`/`]`, `:result N`, `:engine`).
extension DAXReducer {
    static func answered(_ job: DAXJob, _ outcome: Result<DAXScreenAnswer, DAXFailure>, milliseconds: Int, _ state: inout AppState, now: Date) {
        guard var view = state.dax else { return }
        view.running = nil
        defer { state.dax = view }
        let outcomeText: String
        switch outcome {
        case let .success(answer) where answer.results.isEmpty:
            state.status = StatusMessage("The query gave no result set (\(answer.engine.label))", level: .warn)
            outcomeText = "no result set"
        case let .success(answer):
            if job.comparing, let current = view.result {
                let other = answer.results[min(view.tab, answer.results.count - 1)]
                let comparison = DAXComparison(left: current, right: DAXResultView(result: other, milliseconds: milliseconds, target: job.target))
                view.comparison = comparison
                state.status = StatusMessage("\(view.target.datasetName) against \(job.target.datasetName): \(comparison.summary)",
                                             level: comparison.identical ? .ok : .warn)
                outcomeText = "compared: \(comparison.summary)"
            } else {
                outcomeText = show(answer, job: job, milliseconds: milliseconds, &view, &state)
            }
        case let .failure(failure):
            failed(failure, job: job, &view, &state, now: now)
            outcomeText = "error: " + String(failure.message.prefix(80))
        }
        view.history.append(DAXRun(query: job.request.query, target: job.target, at: now, outcome: outcomeText))
        if view.history.count > 200 { view.history.removeFirst(view.history.count - 200) }
        view.historyPosition = nil
    }

    /// The answer's result sets as tabs (the metrics last), the first one shown; the status line says how many
    /// rows each set has, in how long, through which engine (and why not Arrow, when `auto` fell back).
    private static func show(_ answer: DAXScreenAnswer, job: DAXJob, milliseconds: Int, _ view: inout DAXView, _ state: inout AppState) -> String {
        view.comparison = nil
        var tabs = answer.results.enumerated().map { index, result in
            var tab = DAXResultView(result: result, milliseconds: milliseconds, target: job.target)
            tab.query = job.request.query
            tab.title = String(index + 1)
            return tab
        }
        if let metrics = answer.metrics {
            var tab = DAXResultView(result: metrics, milliseconds: milliseconds, target: job.target)
            tab.query = job.request.query
            tab.title = "metrics"
            tabs.append(tab)
        }
        view.results = tabs
        view.tab = 0
        view.answeredBy = answer.engine
        view.engineNote = answer.fallback
        view.viewer = nil
        view.showJSON = false
        if view.focus == .schema, view.schema.value == nil { view.schemaList = ListState() }
        let counts = answer.results.map { rowCount($0.rows.count) }
        let rows = counts.count == 1 ? counts[0] : "\(counts.count) result sets (\(counts.joined(separator: ", ")); [ and ] switch)"
        let engine = answer.engine.label + (answer.fallback.map { " (the Arrow engine: \(TextFit.truncate($0, to: 80)))" } ?? "")
        if let cut = answer.results.first(where: { $0.truncation != nil })?.truncation {
            let who = answer.engine == .arrow ? "the workbench" : "the service"
            state.status = StatusMessage("Cut short by \(who): \(cut); \(rows) shown; :export refuses it unless :export!"
                                         + (answer.engine == .arrow ? " (pbitui dax --engine arrow writes every row)" : ""), level: .warn)
            return "cut: \(rows) · \(answer.engine.label)"
        }
        state.status = StatusMessage("\(rows) in \(milliseconds) ms · \(engine)", level: .ok)
        return "\(rows) in \(milliseconds) ms · \(answer.engine.label)"
    }

    static func rowCount(_ count: Int) -> String { "\(count) row\(count == 1 ? "" : "s")" }

    /// A failure: the editor goes to where the engine points; a 429 starts the countdown.
    private static func failed(_ failure: DAXFailure, job: DAXJob, _ view: inout DAXView, _ state: inout AppState, now: Date) {
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
    }

    // MARK: Tabs and engines

    /// `[` and `]`: the previous or next result set (round the tabs).
    static func switchTab(by step: Int, _ view: inout DAXView, _ state: inout AppState) {
        guard view.results.count > 1 else {
            state.status = StatusMessage(view.results.isEmpty ? "No result yet: F5 runs the query"
                                         : "One result set: a query with several EVALUATEs (the Arrow engine) gives one tab each", level: .info)
            return
        }
        select(tab: (view.tab + step + view.results.count) % view.results.count, &view)
    }

    static func select(tab: Int, _ view: inout DAXView) {
        view.tab = tab
        view.comparison = nil
        view.showJSON = false
        view.viewer = nil
    }

    /// `:result N` (or `:result metrics`): that result set's tab.
    static func resultTab(_ argument: String, _ view: inout DAXView, _ state: inout AppState, now: Date) -> [Effect] {
        let wanted = argument.trimmingCharacters(in: .whitespaces).lowercased()
        guard let index = view.results.firstIndex(where: { $0.title == wanted }) else {
            let titles = view.results.map(\.title).joined(separator: ", ")
            state.status = StatusMessage(view.results.isEmpty ? "No result yet: F5 runs the query" : "Usage: :result N (the tabs: \(titles))", level: .warn)
            return []
        }
        select(tab: index, &view)
        view.focus = .results
        return []
    }

    /// `:engine auto|json|arrow`: which query API runs the workbench's queries.
    static func engine(_ argument: String, _ view: inout DAXView, _ state: inout AppState, now: Date) -> [Effect] {
        let wanted = argument.trimmingCharacters(in: .whitespaces).lowercased()
        guard !wanted.isEmpty else {
            state.status = StatusMessage("Engine: \(view.engine.rawValue)" + (view.answeredBy.map { "; the answer on screen came from \($0.label)" } ?? "")
                                         + " (:engine auto|json|arrow)", level: .info)
            return []
        }
        guard let engine = DAXEngine(rawValue: wanted) else {
            state.status = StatusMessage("Usage: :engine auto|json|arrow (auto: the Arrow engine where it answers, else executeQueries)", level: .warn)
            return []
        }
        view.engine = engine
        let said = switch engine {
        case .auto: "auto: the Arrow engine (Execute DAX Queries) where it answers this dataset, else executeQueries"
        case .json: "executeQueries: one result set, at most 100,000 rows"
        case .arrow: "the Arrow engine (Execute DAX Queries): several EVALUATEs, a dataset on a capacity with XMLA on"
        }
        state.status = StatusMessage("Queries run through " + said, level: .info)
        return []
    }
}

extension DAXEngine {
    /// How the workbench names the engine that answered.
    var label: String {
        switch self {
        case .arrow: "Arrow (executeDaxQueries)"
        case .json: "JSON (executeQueries)"
        case .auto: "auto"
        }
    }
}
