import Foundation

extension ConsoleScreen {
    static let commands: [PaletteCommand] = [
        PaletteCommand("api", aliases: ["console"], takesArgument: true, "The API console: any call to Power BI, Fabric, Graph or ARM (:api GET /groups)",
                       complete: { argument, _ in
                           guard !argument.contains(" ") else { return [] }
                           return ConsoleRequest.methods.filter { $0.lowercased().hasPrefix(argument) }.map { ("api \($0) /", "") }
                       }) { argument, _, state, _ in
            let effects = ConsoleReducer.open(&state)
            let words = argument.split(separator: " ").map(String.init)
            if var console = state.console, !words.isEmpty {
                if let method = ConsoleRequest.methods.first(where: { $0 == words[0].uppercased() }) {
                    console.request.method = method
                    if words.count > 1 { console.request.path = words[1] }
                } else {
                    console.request.path = words[0]
                }
                console.focus = .path
                state.console = console
            }
            return effects
        },
    ]
}
