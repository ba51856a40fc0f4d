// The DAX workbench over a 100,000-row answer of about 15 MB (issue #17's targets): parsed and its first
// screen painted in under 300 ms after the last byte; a frame while scrolling under 2 ms; a filter keystroke
// under 16 ms; its CSV export at least as fast as Python's json + csv modules on the same answer, measured in
// the same run; peak memory under 250 MB. Run: swift run -c release pbitui-bench dax [rows]
import App
import ArrowIPC
import Foundation
import ListOutput
import PowerBI
import TerminalUI
import Tokens

/// An answer shaped like the demo's `EVALUATE Sales`: eight columns, blank discounts left out of a third of
/// the rows, names with commas and quotes, order numbers past 2^53, zone-less dates, a byte-order mark.
func daxAnswer(rows: Int, wide: Bool = false) -> Data {
    let customers = ["Contoso Ltd", "Fabrikam, Inc.", "Northwind Traders", "Café Müller", "Tailspin \\\"Toys\\\""]
    let products = ["Widget", "Widget, \\\"Deluxe\\\"", "Gadget Pro", "Licence — Basic", "ソフトウェア"]
    let regions = ["West", "East", "North", "South", "Central"]
    var text = "\u{FEFF}{\"results\":[{\"tables\":[{\"rows\":["
    text.reserveCapacity(rows * 170)
    for row in 0..<rows {
        if row > 0 { text += "," }
        text += "{\"Sales[Order Number]\":\(9_007_199_254_740_993 + row * 2)"
        if wide {
            text += ",\"Sales[Order Date]\":\"2025-\(String(format: "%02d", row % 12 + 1))-\(String(format: "%02d", row % 28 + 1))T00:00:00\""
            text += ",\"Sales[Customer]\":\"\(customers[row % customers.count])\""
        }
        text += ",\"Sales[Product]\":\"\(products[row % products.count])\""
        text += ",\"Sales[Region]\":\"\(regions[row % regions.count])\",\"Sales[Quantity]\":\(row % 12 + 1),\"Sales[Amount]\":\(row % 997).\(row % 100)"
        if row % 3 != 0 { text += ",\"Sales[Discount]\":0.\(row % 20)" }
        text += "}"
    }
    text += "]}]}]}"
    return Data(text.utf8)
}

func peakMemoryMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
    return kilobytes / 1024
}

func runDAXBench(rows: Int) {
    let body = daxAnswer(rows: rows)
    print("pbitui-bench dax: \(rows) rows, \(String(format: "%.1f", Double(body.count) / 1_048_576)) MB, 120x40, release=\(_isDebugAssertConfiguration() ? "no (debug build!)" : "yes")")
    let target = DAXTarget(scope: .group("W"), workspaceName: "Sales Analytics", datasetId: "D", datasetName: "Web Traffic", rowLevelSecurity: false)
    let theme = Theme.defaultDark
    var base = AppState(size: (40, 120), identity: "benchmark")
    base.stack.push(.dax(DAXView(target: target, query: "EVALUATE Sales")))
    let job = DAXJob(target: target, request: DAXRequest(query: "EVALUATE Sales"), origin: TextPosition(line: 0, column: 0), comparing: false)

    // 0. The same with eight columns (22 MB): order dates and customers too.
    let wideBody = daxAnswer(rows: rows, wide: true)
    var wideState = base
    let wideScreen = measure(5) {
        wideState = base
        let result = try! DAXResult.parse(wideBody)
        _ = AppReducer.reduce(&wideState, .dax(.answered(job, .success(.json(result)), milliseconds: 0)))
        _ = AppRenderer.render(wideState, theme: theme)
    }
    print("8 columns, \(String(format: "%.1f", Double(wideBody.count) / 1_048_576)) MB: parsed + first screen: " + format(wideScreen))
    wideState = base

    // 1. From the last byte to the first screen, and its parts: the JSON, the answer's table, the grid's model.
    print("  JSON parse:                              " + format(measure(3) { _ = try! JSONValue.parse(body) }))
    print("  answer read (DAXResult.parse):           " + format(measure(3) { _ = try! DAXResult.parse(body) }))
    let parsed = try! DAXResult.parse(body)
    print("  grid model (DAXResultView):              " + format(measure(3) { _ = DAXResultView(result: parsed, milliseconds: 0, target: target) }))
    print("  cells as text:                           " + format(measure(3) { _ = parsed.rows.map { $0.map(DAXResult.text) } }))
    var state = base
    let firstScreen = measure(7) {
        state = base
        let result = try! DAXResult.parse(body)
        _ = AppReducer.reduce(&state, .dax(.answered(job, .success(.json(result)), milliseconds: 0)))
        _ = AppRenderer.render(state, theme: theme)
    }
    print("answer parsed + first screen:              " + format(firstScreen))
    print("columns: \(state.dax?.result?.result.columns.count ?? 0), rows: \(state.dax?.result?.result.rows.count ?? 0)")

    // 2. Frames while scrolling the grid (focus on the results, page down and back).
    _ = AppReducer.reduce(&state, .terminal(.key(.backTab)))
    var step = 0
    let scrolling = measure(300) {
        _ = AppReducer.reduce(&state, .terminal(.key(step % 40 < 20 ? .pageDown : .pageUp)))
        _ = AppRenderer.render(state, theme: theme)
        step += 1
    }
    print("scroll a page + frame:                     " + format(scrolling))

    // 3. Filter keystrokes: "café 9" typed and deleted again.
    _ = AppReducer.reduce(&state, .terminal(.key(.character("/"))))
    let keys: [Key] = "café 9".map { .character($0) } + Array(repeating: .backspace, count: 6)
    var keyIndex = 0
    let keystroke = measure(240) {
        _ = AppReducer.reduce(&state, .terminal(.key(keys[keyIndex % keys.count])))
        _ = AppRenderer.render(state, theme: theme)
        keyIndex += 1
    }
    print("filter keystroke + frame:                  " + format(keystroke))

    // 4. CSV of the whole answer, from its bytes (parse included, as Python's must): ours, then Python's.
    var csvBytes = 0
    let ours = measure(5) {
        let result = try! DAXResult.parse(body)
        csvBytes = CSVOutput.bytes(headers: result.columns, rows: result.rows.lazy.map { $0.lazy.map(DAXResult.text) }).count
    }
    print("CSV export (parse + CSV), pbitui:          " + format(ours) + " (\(csvBytes) bytes)")
    let path = NSTemporaryDirectory() + "pbitui-dax-bench-\(getpid()).json"
    guard FileManager.default.createFile(atPath: path, contents: body) else { print("CSV export, Python: cannot write \(path)"); return }
    defer { try? FileManager.default.removeItem(atPath: path) }
    // Benchmarks/dax-csv.py, next to this folder.
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("dax-csv.py").path
    let parts = (python([script, path]) ?? "").split(separator: " ")
    if parts.count == 3 {
        print("CSV export (json + csv), Python \(python(["-c", "import sys; print('%d.%d' % sys.version_info[:2])"]) ?? "?"):  median \(parts[0]) ms, max \(parts[1]) ms (\(parts[2]) bytes)")
    } else {
        print("CSV export, Python: no figure")
    }
    print("peak memory (VmHWM):                       \(String(format: "%.0f", peakMemoryMB())) MB")
    runArrowScreenBench(rows: rows, base: base, job: job, theme: theme)
}

/// The same rows from the Arrow engine (two EVALUATEs: the rows, then one row), with the execution metrics: from
/// the answer's bytes to the first screen of its tabs (the streams read, each set made the grid's result).
func runArrowScreenBench(rows: Int, base: AppState, job: DAXJob, theme: Theme) {
    let products = ["Widget", "Widget, \"Deluxe\"", "Gadget Pro", "Licence — Basic", "ソフトウェア"]
    let regions = ["West", "East", "North", "South", "Central"]
    var writer = ArrowStreamWriter(columns: [.init(name: "Sales[Order Number]", kind: .int64([])), .init(name: "Sales[Product]", kind: .strings([])),
                                             .init(name: "Sales[Region]", kind: .strings([])), .init(name: "Sales[Quantity]", kind: .int64([])),
                                             .init(name: "Sales[Amount]", kind: .currency([])), .init(name: "Sales[Discount]", kind: .double([]))])
    var start = 0
    while start < rows {
        let range = start..<min(rows, start + 100_000)
        writer.write([.int64(range.map { Int64(9_007_199_254_740_993 + $0 * 2) }), .strings(range.map { products[$0 % products.count] }),
                      .strings(range.map { regions[$0 % regions.count] }), .int64(range.map { Int64($0 % 12 + 1) }),
                      .currency(range.map { Int64($0 % 997) * 10_000 + Int64($0 % 100) * 100 }), .double(range.map { $0 % 3 == 0 ? nil : Double($0 % 20) / 10 })])
        start = range.upperBound
    }
    writer.finish()
    var second = ArrowStreamWriter(columns: [.init(name: "[n]", kind: .int64([]))])
    second.write([.int64([1])])
    second.finish()
    var metrics = ArrowStreamWriter(columns: [.init(name: "Name", kind: .strings([])), .init(name: "Value", kind: .strings([]))], metadata: [("IsExecMetrics", "true")])
    metrics.write([.strings(["RowCount"]), .strings([String(rows + 1)])])
    metrics.finish()
    let bytes = writer.bytes + second.bytes + metrics.bytes
    print("  streams read (DAXArrowAnswer.daxResults): " + format(measure(5) { _ = try! DAXArrowAnswer.daxResults(bytes, limit: 100_000) }))
    let read = try! DAXArrowAnswer.daxResults(bytes, limit: 100_000)
    print("  grid models (DAXResultView):              " + format(measure(5) { _ = DAXResultView(result: read.results[0], milliseconds: 0, target: job.target) }))
    var state = base
    let firstScreen = measure(5) {
        state = base
        let answer = try! DAXArrowAnswer.daxResults(bytes, limit: 100_000)
        let screen = DAXScreenAnswer(engine: .arrow, results: answer.results, metrics: answer.metrics.first.map { $0.daxResult() })
        _ = AppReducer.reduce(&state, .dax(.answered(job, .success(screen), milliseconds: 0)))
        _ = AppRenderer.render(state, theme: theme)
    }
    print("Arrow answer (\(String(format: "%.1f", Double(bytes.count) / 1_048_576)) MB, 2 sets + metrics) read + first screen: " + format(firstScreen))
    print("tabs: \(state.dax?.results.map(\.title).joined(separator: ", ") ?? "none"), rows: \(state.dax?.result?.result.rows.count ?? 0)")
    print("peak memory (VmHWM):                       \(String(format: "%.0f", peakMemoryMB())) MB")
}

/// What `python3 ARGUMENTS` prints, trimmed; nil when it cannot run.
func python(_ arguments: [String]) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    guard (try? process.run()) != nil else { return nil }
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
}
