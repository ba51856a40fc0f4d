import Automate
import Config
import Foundation
import TerminalUI

/// Keys of the Automate screen.
enum AutomateReducer {
    /// The folder `s` saves into (the command line's default `--out`).
    static let folder = "pbitui-automate"

    /// `A` (Ctrl-A in a form): the screen for `call`, or why there is none here.
    static func open(_ call: Result<AutomateCall, AutomateProblem>?, _ state: inout AppState) -> [Effect] {
        switch call {
        case let .success(call)?:
            state.stack.push(.automate(AutomateView(call: call, identity: state.automateIdentity)))
            state.status = StatusMessage("The four ways to call \(call.label) from Power Automate: ←/→ chooses, c copies, s saves to ./\(folder)", level: .info)
            // The token's account and MFA sharpen the verdicts once it is decoded (once a session).
            if state.knownIdentity == nil, state.identity != nil { return [.automate(.identify)] }
        case let .failure(problem)?:
            state.status = StatusMessage("Nothing to automate: \(problem.reason)", level: .warn)
        case nil:
            state.status = StatusMessage("Nothing to automate here: A works on a row, an operation's form and the console (Ctrl-A there)", level: .warn)
        }
        return []
    }

    /// `T`: a GET is tried at once; anything else asks for a second `T` (and never in read-only mode).
    static func tryWay(_ view: inout AutomateView, _ state: inout AppState) -> [Effect] {
        let way = view.selected
        guard view.trying == nil else { return [] }
        if let reason = AutomateTrying.skipReason(way, view.call, tokenKind: state.tokenKind, demo: state.cloud == nil) {
            view.armed = nil
            tried(way, .skipped(reason), &view, &state)
            return []
        }
        if view.call.changesSomething {
            if state.readOnly {
                state.status = StatusMessage("Read-only: \(view.call.method) is not sent", level: .warn)
                return []
            }
            guard view.armed == way else {
                view.armed = way
                state.status = StatusMessage("T again sends \(view.call.method) \(view.call.url.path) as way \(way.rawValue) would (it changes something)", level: .warn)
                return []
            }
        }
        view.armed = nil
        view.trying = way
        state.status = StatusMessage("Trying way \(way.rawValue)…", level: .info)
        return [.automate(.tryWay(way, view.call, state.tokenKind))]
    }

    static func identified(_ identity: AutomateIdentity, _ state: inout AppState) {
        guard identity.kind != .unknown else { return }
        state.knownIdentity = identity
        if let view = state.automate { state.automate = view.identified(identity) }
    }

    static func tried(_ way: AutomateWay, _ outcome: TrialOutcome, _ state: inout AppState) {
        guard var view = state.automate else { return }
        tried(way, outcome, &view, &state)
        state.automate = view
    }

    static func tried(_ way: AutomateWay, _ outcome: TrialOutcome, _ view: inout AutomateView, _ state: inout AppState) {
        view.tried[way] = outcome
        if view.trying == way { view.trying = nil }
        state.status = StatusMessage("Way \(way.rawValue): \(outcome.line)", level: outcome.succeeded ? .ok : .warn)
    }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.automate else { return [] }
        defer { if state.route == .automate { state.automate = view } }
        let page = max(1, state.size.rows / 2)
        switch action {
        case .nextTab, .cycleNext:
            view.selected = AutomateWay(rawValue: view.selected.rawValue % 4 + 1) ?? .servicePrincipal
            view.scroll = 0
        case .previousTab, .cyclePrevious:
            view.selected = AutomateWay(rawValue: (view.selected.rawValue + 2) % 4 + 1) ?? .servicePrincipal
            view.scroll = 0
        case .moveDown: view.scroll += 1
        case .moveUp: view.scroll = max(0, view.scroll - 1)
        case .pageDown: view.scroll += page
        case .pageUp: view.scroll = max(0, view.scroll - page)
        case .top: view.scroll = 0
        case .bottom: view.scroll = max(0, view.previewLines.count - page)
        case .copyID:
            state.status = StatusMessage("Copied way \(view.selected.rawValue)'s \(view.files[view.selected]?.first?.name ?? "file") (OSC 52)", level: .ok)
            return [.copy(view.clipboardText)]
        case .save:
            let files = view.files[view.selected] ?? []
            let summary = "Saved way \(view.selected.rawValue) to ./\(folder): " + files.map(\.name).joined(separator: ", ")
            return files.map { .export(path: folder + "/" + $0.name, contents: Data($0.text.utf8), summary: summary) }
        case .tryIt:
            return tryWay(&view, &state)
        case .back:
            state.stack.pop()
        case .help:
            state.helpVisible = true
        default:
            return AppReducer.act(action, &state, now: now)
        }
        return []
    }
}
