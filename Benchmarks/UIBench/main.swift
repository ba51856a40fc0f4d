// Frame rendering and filter keystrokes over a large workspace list, measured in-process with the real
// reducer and renderer (no terminal). Run: swift run -c release pbitui-bench [rows]; `pbitui-bench dax` measures
// the DAX workbench (DAXBench.swift).
//
// Targets (issue #7): one 120x40 frame of a 100,000-row table with an active filter under 2 ms median; one
// filter keystroke over 100,000 rows under 16 ms median. Medians and 95th percentiles of many runs are
// printed, because the machines are shared and noisy.
import App
import Foundation
import PowerBI
import TerminalUI

if CommandLine.arguments.dropFirst().first == "lineage", let store = CommandLine.arguments.dropFirst(2).first {
    runLineageBench(store: store, samples: CommandLine.arguments.dropFirst(3).first.flatMap(Int.init) ?? 500)
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "paste" {
    runPasteBench()
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "dax" {
    runDAXBench(rows: CommandLine.arguments.dropFirst(2).first.flatMap(Int.init) ?? 100_000)
    exit(0)
}

let rowCount = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 100_000
let words = ["Sales", "Finance", "Marketing", "Operations", "販売分析", "Vertrieb", "Ventes été", "Customer 🚀", "Supply", "HR"]

func measure(_ runs: Int, _ body: () -> Void) -> (median: Double, p95: Double) {
    var samples: [Double] = []
    samples.reserveCapacity(runs)
    for _ in 0..<runs {
        let start = ContinuousClock.now
        body()
        let elapsed = ContinuousClock.now - start
        samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    samples.sort()
    return (samples[samples.count / 2], samples[min(samples.count - 1, samples.count * 95 / 100)])
}

func format(_ value: (median: Double, p95: Double)) -> String {
    String(format: "median %.3f ms, p95 %.3f ms", value.median, value.p95)
}

let workspaces = (0..<rowCount).map { index in
    Workspace(json: ["id": .string(String(format: "%08x-0000-4000-8000-%012x", index, index)),
                     "name": .string("\(words[index % words.count]) workspace \(index)"),
                     "isOnDedicatedCapacity": .bool(index % 3 == 0)])!
}
let loadStart = ContinuousClock.now
var state = AppState(size: (40, 120), identity: "benchmark")
_ = AppReducer.reduce(&state, .workspaces(.loaded(workspaces)))
print("pbitui-bench: \(rowCount) workspaces, 120x40, release=\(_isDebugAssertConfiguration() ? "no (debug build!)" : "yes")")
print("load (prepare the list once):             \(ContinuousClock.now - loadStart)")
let theme = Theme.defaultDark

// 1. A frame with no filter, then with an active filter that keeps about a tenth of the rows.
print("frame, no filter:                          " + format(measure(300) { _ = AppRenderer.render(state, theme: theme) }))
_ = AppReducer.reduce(&state, .terminal(.key(.character("/"))))
for character in "workspace 1" { _ = AppReducer.reduce(&state, .terminal(.key(.character(character)))) }
_ = AppReducer.reduce(&state, .terminal(.key(.enter)))
for _ in 0..<15 { _ = AppReducer.reduce(&state, .terminal(.key(.down))) }
print("filter kept:                               \(state.workspaceModel.count) rows")
print("frame, active filter:                      " + format(measure(300) { _ = AppRenderer.render(state, theme: theme) }))
_ = AppReducer.reduce(&state, .terminal(.key(.character("s"))))
print("frame, active filter, sorted by name:      " + format(measure(300) { _ = AppRenderer.render(state, theme: theme) }))

// 2. Filter keystrokes: type "sales 9" one character at a time and delete it again, over and over.
var typing = state
_ = AppReducer.reduce(&typing, .terminal(.key(.escape)))      // leave the sorted list's filter as is
typing.workspaceFilter = ""
_ = AppReducer.reduce(&typing, .terminal(.key(.character("/"))))
let keys: [Key] = "sales 9".map { .character($0) } + Array(repeating: .backspace, count: 7)
var keyIndex = 0
let keystroke = measure(280) {
    _ = AppReducer.reduce(&typing, .terminal(.key(keys[keyIndex % keys.count])))
    keyIndex += 1
}
print("filter keystroke (reduce):                 " + format(keystroke))
keyIndex = 0
let keystrokeAndFrame = measure(280) {
    _ = AppReducer.reduce(&typing, .terminal(.key(keys[keyIndex % keys.count])))
    _ = AppRenderer.render(typing, theme: theme)
    keyIndex += 1
}
print("filter keystroke + frame:                  " + format(keystrokeAndFrame))

// 3. The operation explorer (issue #15's target: it opens and filters all 286 operations in under 16 ms a
//    keystroke). The description is read once, before: the UI reads it in the background when it starts.
let catalogueStart = ContinuousClock.now
_ = PermissionTable.operations.count
print("operation catalogue (read once):           \(ContinuousClock.now - catalogueStart)")
var explorer = AppState(size: (40, 120), identity: "benchmark")
_ = AppReducer.reduce(&explorer, .workspaces(.loaded(Array(workspaces.prefix(200)))))
let openExplorer = measure(100) {
    var opened = explorer
    for key in [Key.character(":"), .character("o"), .character("p"), .character("s"), .enter] { _ = AppReducer.reduce(&opened, .terminal(.key(key))) }
    _ = AppRenderer.render(opened, theme: theme)
}
print("explorer: open + first frame:              " + format(openExplorer))
for key in [Key.character(":"), .character("o"), .character("p"), .character("s"), .enter] { _ = AppReducer.reduce(&explorer, .terminal(.key(key))) }
_ = AppReducer.reduce(&explorer, .terminal(.key(.character("/"))))
let opsKeys: [Key] = "refresh history".map { .character($0) } + Array(repeating: .backspace, count: 15)
var opsIndex = 0
let opsKeystroke = measure(300) {
    _ = AppReducer.reduce(&explorer, .terminal(.key(opsKeys[opsIndex % opsKeys.count])))
    _ = AppRenderer.render(explorer, theme: theme)
    opsIndex += 1
}
print("explorer: filter keystroke + frame:        " + format(opsKeystroke))
