import Foundation

extension OperationsScreen {
    static let commands: [PaletteCommand] = [
        // The ids of what is loaded are offered by name, without filling anything.
        .opening("ops", aliases: ["operations"], "Every operation of the Power BI REST API: what it needs, and a form to call it (o on a row fills its ids)") { state, now in
            OperationsReducer.open(.from(state, values: [:], origin: nil), &state, now: now)
        },
    ]
}
