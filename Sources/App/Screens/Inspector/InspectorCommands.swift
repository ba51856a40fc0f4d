import Foundation

extension InspectorScreen {
    static let commands: [PaletteCommand] = [
        .opening("token", aliases: ["t"], "The token inspector") { state, now in InspectorReducer.open(diagnosing: nil, &state, now: now) },
    ]
}
