import Foundation

extension ActivityScreen {
    static let commands: [PaletteCommand] = [
        .opening("activity", "The activity log of the tenant store (pbitui activity fills it): events, counts per activity, user, day") { state, _ in
            ActivityReducer.open(&state)
        },
    ]
}
