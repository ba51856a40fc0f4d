import Foundation
import PowerBI

/// What a `:pulses` load brings back: one case of ``AppEvent`` (`.pulses`) carries them.
public enum PulsesEvent: Sendable {
    /// What the load reported since the last batch (rows, problems, progress), for the load `generation`.
    case arrived(generation: Int, [PulseUpdate])
    /// The load has ended.
    case finished(generation: Int)
}

/// The work `:pulses` asks for: one case of ``Effect`` (`.pulses`) carries them.
public enum PulsesEffect: Sendable, Hashable {
    /// Every refreshable in reach (the admin API's refreshables, then the workspaces), reported in batches.
    case load(generation: Int, workspaces: [Workspace], window: TimeInterval)
}

extension PulsesReducer {
    /// The screen's events, where ``AppReducer`` hands them.
    static func reduce(_ event: PulsesEvent, _ state: inout AppState, now: Date) -> [Effect] {
        switch event {
        case let .arrived(generation, updates):
            arrived(generation, updates, &state)
            return []
        case let .finished(generation):
            return finished(generation, &state, now: now)
        }
    }
}

extension TerminalApp {
    /// The screen's effects, where ``TerminalApp/carryOut(_:)`` hands them.
    func carryOut(_ effect: PulsesEffect) {
        switch effect {
        case let .load(generation, workspaces, window):
            background { client, _, emit in await BackgroundWork.pulses(generation, workspaces, window: window, client, emit) }
        }
    }
}
