import Foundation

extension PulsesScreen {
    static let commands: [PaletteCommand] = [
        .opening("pulses", "Every refreshable in reach: last refresh, usual duration, failures, next run; failing first") { state, now in
            PulsesReducer.open(&state, now: now)
        },
        PaletteCommand("watch", takesArgument: true, "Pulses: reload every SECONDS (:watch 30), :watch off stops") { argument, _, state, _ in
            PulsesReducer.watchCommand(argument, &state)
        },
    ]
}
