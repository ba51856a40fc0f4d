import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// The workbench's `:` commands (``DAXScreen/commands`` declares them): each gets the workbench's view.
extension DAXReducer {
    /// `:save NAME`
    static func save(_ argument: String, _ view: inout DAXView, _ state: inout AppState, now: Date) -> [Effect] {
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
    }

    /// `:open [NAME]`
    static func openSaved(_ argument: String, _ view: inout DAXView, _ state: inout AppState, now: Date) -> [Effect] {
        guard let folder = state.queriesFolder else {
            state.status = StatusMessage("No folder for saved queries (XDG_DATA_HOME and HOME are unset)", level: .error)
            return []
        }
        return [.dax(.openQuery(folder: folder, name: argument.trimmingCharacters(in: .whitespaces)))]
    }

    /// `:dax-against DATASET`
    static func against(_ argument: String, _ view: inout DAXView, _ state: inout AppState, now: Date) -> [Effect] {
        let wanted = argument.trimmingCharacters(in: .whitespaces)
        guard view.result != nil else {
            state.status = StatusMessage("Run the query here first (F5): :dax-against then runs it on another dataset and compares the rows", level: .warn)
            return []
        }
        guard view.result?.title != "metrics" else {
            state.status = StatusMessage("The metrics are shown: choose a result set to compare (] or :result N)", level: .warn)
            return []
        }
        let known = knownDatasets(state)
        let current = view.target
        let matches = known.filter { $0.datasetName.caseInsensitiveCompare(wanted) == .orderedSame || ItemID.same($0.datasetId, wanted) }
            .filter { $0 != current }
        guard let other = matches.first else {
            let names = Set(known.map(\.datasetName)).sorted().prefix(8).joined(separator: ", ")
            state.status = StatusMessage("No loaded dataset named '\(wanted)' (open its workspace first). Known: \(names)", level: .warn)
            return []
        }
        return run(&view, &state, now: now, comparing: true, against: other)
    }

    /// `:impersonate [UPN]`
    static func impersonate(_ argument: String, _ view: inout DAXView, _ state: inout AppState, now: Date) -> [Effect] {
        let upn = argument.trimmingCharacters(in: .whitespaces)
        view.impersonate = upn.isEmpty ? nil : upn
        state.status = StatusMessage(upn.isEmpty ? "Queries run as the signed-in identity" : "Queries run as \(upn) (impersonatedUserName: row-level security as that user sees it)", level: .info)
        return []
    }

    /// `:history`
    static func history(_ argument: String, _ view: inout DAXView, _ state: inout AppState, now: Date) -> [Effect] {
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
        return []
    }

    /// `:nulls`
    static func nulls(_ argument: String, _ view: inout DAXView, _ state: inout AppState, now: Date) -> [Effect] {
        view.includeNulls.toggle()
        state.status = StatusMessage(view.includeNulls ? "Blank values are sent as null (includeNulls)" : "Blank values are left out of the rows (the service's default)", level: .info)
        return []
    }
}
