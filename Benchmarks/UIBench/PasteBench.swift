// Pasting (issue: "Pasting works"): a bracketed paste of 2,000, 10,000 and 20,000 characters into the DAX
// editor, the sign-in form's token field and a list's filter, each reduced as one event and followed by
// one frame; the target is well under a second for 20,000 characters. For comparison, the same text typed
// key by key (as a paste arrived before bracketed paste), with a frame after each key as the terminal
// loop draws. Run: swift run -c release pbitui-bench paste
import App
import Foundation
import PowerBI
import TerminalUI

func runPasteBench() {
    print("pbitui-bench paste: 120x40, release=\(_isDebugAssertConfiguration() ? "no (debug build!)" : "yes")")
    let theme = Theme.defaultDark
    let line = "    \"Total\", SUMX(FILTER(Sales, Sales[Region] = \"West, \\\"North\\\"\"), Sales[Amount]) -- comment\n"
    let target = DAXTarget(scope: .group("W"), workspaceName: "Sales Analytics", datasetId: "D", datasetName: "Sales Model", rowLevelSecurity: false)
    var dax = AppState(size: (40, 120), identity: "benchmark")
    dax.stack.push(.dax(DAXView(target: target, query: "")))
    var signIn = AppState(size: (40, 120), identity: nil, signIn: SignInState())
    while signIn.signIn.selectedOption.title != "Pasted access token" { _ = AppReducer.reduce(&signIn, .terminal(.key(.down))) }
    _ = AppReducer.reduce(&signIn, .terminal(.key(.enter)))
    let workspaces = (0..<10_000).map { Workspace(json: ["id": .string(String(format: "%08x-0000-4000-8000-000000000000", $0)), "name": .string("Workspace \($0)")])! }
    var list = AppState(size: (40, 120), identity: "benchmark")
    _ = AppReducer.reduce(&list, .workspaces(.loaded(workspaces)))

    for size in [2_000, 10_000, 20_000] {
        let text = String(String(repeating: line, count: size / line.count + 1).prefix(size))
        let token = String(repeating: "eyJhbGciOiJSUzI1NiJ9", count: size / 20 + 1).prefix(size)
        let editor = measure(20) {
            var state = dax
            _ = AppReducer.reduce(&state, .terminal(.paste(text)))
            _ = AppRenderer.render(state, theme: theme)
        }
        let field = measure(20) {
            var state = signIn
            _ = AppReducer.reduce(&state, .terminal(.paste(String(token))))
            _ = AppRenderer.render(state, theme: theme)
        }
        let filter = measure(20) {
            var state = list
            _ = AppReducer.reduce(&state, .terminal(.paste(String(token.prefix(200)))))
            _ = AppRenderer.render(state, theme: theme)
        }
        print("paste \(size) characters: DAX editor " + format(editor) + "; token field " + format(field)
              + (size == 2_000 ? "; filter over 10,000 rows (200 characters) " + format(filter) : ""))
    }
    // Typed key by key with a frame after each key: what a paste cost before (10,000 characters once).
    for size in [2_000, 10_000] {
        let text = String(String(repeating: line, count: size / line.count + 1).prefix(size))
        let typed = measure(1) {
            var state = dax
            for character in text {
                _ = AppReducer.reduce(&state, .terminal(.key(character == "\n" ? .enter : .character(character))))
                _ = AppRenderer.render(state, theme: theme)
            }
        }
        print("typed key by key, \(size) characters, a frame per key: \(String(format: "%.0f ms", typed.median))")
    }
}
