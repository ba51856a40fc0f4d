import Foundation

extension DAXScreen {
    /// A command of the workbench: said where it works when the workbench is not in front.
    static func inWorkbench(_ name: String, takesArgument: Bool = false, _ summary: String,
                            _ body: @escaping @Sendable (_ argument: String, _ view: inout DAXView, _ state: inout AppState, _ now: Date) -> [Effect]) -> PaletteCommand {
        PaletteCommand(name, takesArgument: takesArgument, summary) { argument, _, state, now in
            guard var view = state.dax, state.route == .dax else {
                state.status = StatusMessage(":\(name) works in the DAX workbench (e on a dataset)", level: .warn)
                return []
            }
            let effects = body(argument, &view, &state, now)
            if state.route == .dax { state.dax = view }
            return effects
        }
    }

    static let commands: [PaletteCommand] = [
        .opening("dax", "The DAX workbench on the selected dataset (e on a dataset), or the one open before") { state, now in
            DAXReducer.open(state.front.selection(state)?.daxTarget, &state, now: now)
        },
        inWorkbench("save", takesArgument: true, "DAX workbench: save the query as NAME.dax in the queries folder (:save NAME)", DAXReducer.save),
        inWorkbench("open", takesArgument: true, "DAX workbench: open a saved query (:open NAME; :open lists them)", DAXReducer.openSaved),
        inWorkbench("dax-against", takesArgument: true, "DAX workbench: run the query on another loaded dataset and compare the rows (:dax-against DATASET)",
                    DAXReducer.against),
        inWorkbench("impersonate", takesArgument: true, "DAX workbench: run queries as this user, to test row-level security (:impersonate UPN; empty: yourself)",
                    DAXReducer.impersonate),
        inWorkbench("nulls", "DAX workbench: send blank values as null (includeNulls) or leave them out", DAXReducer.nulls),
        inWorkbench("engine", takesArgument: true, "DAX workbench: which query API runs the queries (:engine auto|json|arrow; auto: Arrow where it answers)",
                    DAXReducer.engine),
        inWorkbench("result", takesArgument: true, "DAX workbench: show one result set of the last answer (:result N, :result metrics; [ and ] in the results)",
                    DAXReducer.resultTab),
        inWorkbench("history", "DAX workbench: every query run this session, with its dataset and outcome", DAXReducer.history),
    ]
}
