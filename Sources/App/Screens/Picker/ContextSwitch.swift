import Foundation
import PowerBI
import TerminalUI
import Tokens

/// Where a context was left: its screens and what they had loaded, to come back to with `:ctx`.
public struct ContextPlace: Sendable {
    let stack: ScreenStack
    let identity: String?
    let workspaces: Loadable<[Workspace]>
    let workspaceList: ListState
    let lastRefreshes: [String: LastRefresh]
    let loadedItems: LoadedItems
    let tokenKind: TokenKind?
    let tokenScopes: [String]
    /// The workspace list's filter as it was left (a context opened for the first time starts unfiltered).
    var workspaceFilter = ""
}

/// `:ctx`: the profiles of `config.toml` and the sign-in in force; choosing one signs in with it (silently
/// when its token cache or secret source allows) and swaps the whole session, each context keeping its place.
enum ContextSwitch {
    /// `:ctx` lists the contexts; `:ctx NAME` switches to one.
    static func command(_ argument: String, _ state: inout AppState, now: Date) -> [Effect] {
        let name = argument.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return list(&state) }
        return switchTo(name, &state, now: now)
    }

    static func list(_ state: inout AppState) -> [Effect] {
        var view = PickerView(purpose: .contexts)
        var entries: [PickerView.Entry] = []
        if state.context == nil, let identity = state.identity {
            entries.append(PickerView.Entry(pin: Pin(kind: .context, id: "", name: "(this sign-in)", workspaceId: nil, workspaceName: identity,
                                                     pinnedAt: Date(timeIntervalSince1970: 0)), score: 0))
        }
        entries += state.profiles.map { profile in
            PickerView.Entry(pin: Pin(kind: .context, id: profile.name, name: profile.name + (profile.name == state.context ? " (in use)" : ""),
                                      workspaceId: nil, workspaceName: profile.summary, pinnedAt: Date(timeIntervalSince1970: 0)), score: 0)
        }
        view.rows = PickerView.model(entries)
        state.stack.push(.picker(view))
        if state.profiles.isEmpty {
            state.status = StatusMessage("No profiles in config.toml: [profiles.NAME] sections make contexts to switch between", level: .info)
        } else {
            state.status = StatusMessage("Enter signs in with a context; :doctor NAME probes what it can do", level: .info)
        }
        return []
    }

    /// Keeps this context's place, then signs in with profile `name`.
    static func switchTo(_ name: String, _ state: inout AppState, now: Date) -> [Effect] {
        guard state.profiles.contains(where: { $0.name == name }) else {
            let known = state.profiles.map(\.name)
            state.status = StatusMessage("No profile '\(name)' in config.toml" + (known.isEmpty ? "" : "; known: " + known.joined(separator: ", ")), level: .error)
            return []
        }
        guard name != state.context else {
            state.status = StatusMessage("Already in \(name)", level: .info)
            return []
        }
        if state.signIn.isWorking { return [] }
        // Back to a context left this session: its session is still open, its screens as they were.
        let key = AppState.contextKey(profile: name)
        if let place = state.contextPlaces.removeValue(forKey: key) {
            let leaving = state.contextKey
            save(&state)
            restore(place, context: name, &state)
            return [.resumeContext(key, keeping: leaving)]
        }
        state.pendingContext = name
        state.signIn.failure = nil
        state.signIn.phase = .working(.working("Signing in with profile \(name)…"), since: now)
        state.stack.push(.signIn)
        return [.signIn(.start(SignInRequest(option: .profile(name))))]
    }

    /// The context in force, as it is now, kept under its key.
    static func save(_ state: inout AppState) {
        guard state.identity != nil else { return }
        var stack = state.stack
        // The sign-in screen pushed for the switch and the `:ctx` list it was chosen on are not part of the place.
        if stack.top.route == .signIn { stack.pop() }
        if case let .picker(view) = stack.top, view.purpose == .contexts { stack.pop() }
        state.contextPlaces[state.contextKey] = ContextPlace(
            stack: stack, identity: state.identity, workspaces: state.workspaces, workspaceList: state.workspaceList,
            lastRefreshes: state.lastRefreshes, loadedItems: state.loadedItems, tokenKind: state.tokenKind, tokenScopes: state.tokenScopes,
            workspaceFilter: state.workspaceFilter)
    }

    static func restore(_ place: ContextPlace, context: String, _ state: inout AppState) {
        state.context = context
        state.identity = place.identity
        state.stack = place.stack
        state.workspaces = place.workspaces
        state.workspaceFilter = place.workspaceFilter
        state.workspaceList = place.workspaceList
        state.lastRefreshes = place.lastRefreshes
        state.loadedItems = place.loadedItems
        state.tokenKind = place.tokenKind
        state.tokenScopes = place.tokenScopes
        state.refreshes = [:]
        state.lastFailure = nil
        state.status = StatusMessage("Back in \(context): \(place.identity ?? "")", level: .ok)
    }
}
