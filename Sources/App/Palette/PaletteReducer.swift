import Foundation
import TerminalUI

/// The `:` palette: typing, completion, history, and running a command found in ``Palette``.
enum PaletteReducer {
    /// Keys while the palette is open: typing, Backspace, Tab completes (again: the next completion),
    /// ↑/↓ step through the history, Enter runs, Esc closes.
    static func key(_ key: Key, _ state: inout AppState, now: Date) -> [Effect] {
        guard var prompt = state.commandPrompt else { return [] }
        switch key {
        case .escape:
            state.commandPrompt = nil
            return []
        case .backspace:
            if prompt.text.isEmpty { state.commandPrompt = nil; return [] }
            prompt.text.removeLast()
            prompt.completionIndex = nil
            prompt.completionBase = nil
        case let .character(character):
            prompt.text.append(character)
            prompt.completionIndex = nil
            prompt.completionBase = nil
        case .tab, .backTab:
            complete(&prompt, backwards: key == .backTab, state)
        case .up, .down:
            recall(&prompt, older: key == .up, state)
        case .enter:
            let text = prompt.text.trimmingCharacters(in: .whitespaces)
            state.commandPrompt = nil
            if !text.isEmpty {
                state.commandHistory.removeAll { $0 == text }
                state.commandHistory.append(text)
                if state.commandHistory.count > 50 { state.commandHistory.removeFirst() }
            }
            return run(text, &state, now: now)
        default:
            break
        }
        state.commandPrompt = prompt
        return []
    }

    static func complete(_ prompt: inout CommandPrompt, backwards: Bool, _ state: AppState) {
        var base = prompt.completionBase ?? prompt.text
        var candidates = completions(for: base, state)
        // One command that takes an argument is complete (`:th` → `theme `): Tab goes on to its arguments.
        if candidates.count == 1, candidates[0].text == prompt.text, prompt.text.hasSuffix(" ") {
            base = prompt.text
            candidates = completions(for: base, state)
            prompt.completionIndex = nil
        }
        guard !candidates.isEmpty else { return }
        let step = backwards ? -1 : 1
        let index = prompt.completionIndex.map { ($0 + step + candidates.count) % candidates.count } ?? (backwards ? candidates.count - 1 : 0)
        prompt.completionBase = base
        prompt.completionIndex = index
        prompt.text = candidates[index].text
        // A lone command that takes an argument starts a fresh completion from its argument.
        if candidates.count == 1, prompt.text.hasSuffix(" ") {
            prompt.completionBase = nil
            prompt.completionIndex = nil
        }
    }

    static func recall(_ prompt: inout CommandPrompt, older: Bool, _ state: AppState) {
        guard !state.commandHistory.isEmpty else { return }
        var position = prompt.historyPosition ?? state.commandHistory.count
        position += older ? -1 : 1
        if position >= state.commandHistory.count {
            prompt.historyPosition = nil
            prompt.text = ""
        } else {
            prompt.historyPosition = max(0, position)
            prompt.text = state.commandHistory[max(0, position)]
        }
        prompt.completionIndex = nil
        prompt.completionBase = nil
    }

    /// What Tab offers for what was typed: command names, then what the command completes its argument with.
    static func completions(for text: String, _ state: AppState) -> [(text: String, description: String)] {
        let lowered = text.lowercased()
        if let space = lowered.firstIndex(of: " ") {
            let typed = String(lowered[..<space])
            let argument = String(lowered[lowered.index(after: space)...]).trimmingCharacters(in: .whitespaces)
            guard let command = Palette.command(named: typed), let complete = command.complete else { return [] }
            // The name as typed stays (`:export! c` completes to `export! csv `).
            return complete(argument, state).map { candidate in
                (typed + candidate.text.drop { $0 != " " }, candidate.description)
            }
        }
        return Palette.listed.filter { $0.name.hasPrefix(lowered) }.map { ($0.name + ($0.takesArgument ? " " : ""), $0.summary) }
    }

    /// Runs a command line: the command its first word names, with the rest as its argument.
    static func run(_ line: String, _ state: inout AppState, now: Date) -> [Effect] {
        let typed = (line.split(separator: " ").first.map(String.init) ?? "").lowercased()
        guard !typed.isEmpty else { return [] }
        guard let command = Palette.command(named: typed) else {
            let known = Palette.listed.map(\.name)
            let near = DidYouMean.closest(to: typed, among: known)
            state.status = StatusMessage("Unknown command :\(typed)" + (near.isEmpty ? "" : "; did you mean :\(near.joined(separator: ", :"))?")
                                         + " (: lists every command)", level: .error)
            return []
        }
        let argument = String(line.drop { $0 != " " }.dropFirst()).trimmingCharacters(in: .whitespaces)
        return command.run(argument, typed, &state, now)
    }
}
