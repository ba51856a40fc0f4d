import Foundation

extension SignInScreen {
    static let commands: [PaletteCommand] = [
        .opening("signin", aliases: ["sign-in", "login"], "Go to the sign-in screen") { state, _ in
            if state.signIn.isWorking { return [] }
            state.signIn.phase = .choosing
            state.signIn.failure = nil
            if state.route != .signIn { state.stack.push(.signIn) }
            return []
        },
    ]
}
