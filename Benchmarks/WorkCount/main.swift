// A fixed amount of the command line's JSON work, run synchronously and without the network, so that
// `valgrind --tool=callgrind` can count its instructions: a count that does not depend on the machine's
// speed, which `scripts/instruction-guard.py` compares with `Benchmarks/instruction-budget.json` in CI.
//
// Why not count `pbitui ls workspaces` itself: valgrind 3.19 (Debian 12) dies inside its own code on the
// networked binary (an async main whose runtime threads start while the main thread waits in
// dispatch), and the machines have no hardware counters for `perf stat`. The work counted here is the
// same code `ls workspaces --output json` and every other listing run per object.
//
// Usage: pbitui-workcount generate|passthrough|parse OBJECTS  (generate only makes the input, to subtract)
import Foundation
import Tokens

let arguments = CommandLine.arguments.dropFirst()
guard let mode = arguments.first, let count = arguments.dropFirst().first.flatMap(Int.init), count >= 0 else {
    FileHandle.standardError.write(Data("usage: pbitui-workcount generate|passthrough|parse OBJECTS\n".utf8))
    exit(2)
}

/// Pages of workspace objects shaped as Power BI sends them (and as the demo tenant does): 5,000 a page.
func pages(_ count: Int) -> [[UInt8]] {
    let names = ["Sales Analytics", "Finance — Monthly Close", "Vertrieb Österreich", "販売分析 東京", "Customer Success 🚀", "People & Culture"]
    var result: [[UInt8]] = []
    var index = 0
    repeat {
        var page = Array(#"{"@odata.context":"https://api.powerbi.com/v1.0/myorg/$metadata#groups","@odata.count":"#.utf8)
        page += Array(String(count).utf8) + Array(#","value":["#.utf8)
        let end = min(count, index + 5_000)
        for position in index..<end {
            if position > index { page.append(UInt8(ascii: ",")) }
            let id = String(format: "%08x-0000-4000-8000-%012x", position, position)
            let object = #"{"id":"\#(id)","isReadOnly":false,"isOnDedicatedCapacity":\#(position % 3 == 0),"#
                + #""capacityId":"0f084df7-c13d-451b-af5f-ed0c466403b2","defaultDatasetStorageFormat":"Small","#
                + #""type":"Workspace","name":"\#(names[position % names.count]) \#(position)"}"#
            page += Array(object.utf8)
        }
        page += Array("]}".utf8)
        result.append(page)
        index = end
    } while index < count
    return result
}

let input = pages(count)
var written = 0
switch mode {
case "generate":
    written = input.reduce(0) { $0 + $1.count }
case "passthrough":
    // ls workspaces --output json: objects found by the scanner, passed on, written as one array.
    var objects = JSONPassThrough()
    for page in input { _ = objects.add(page: page) }
    objects.writeArray { written += $0.count }
case "parse":
    // Every other listing: pages parsed into trees, then written back pretty (ls KIND --output json).
    var items: [JSONValue] = []
    for page in input { items += (try? JSONValue.parse(page))?["value"]?.arrayValue ?? [] }
    written = JSONValue.array(items).serializedBytes(pretty: true).count
default:
    FileHandle.standardError.write(Data("unknown mode \(mode)\n".utf8))
    exit(2)
}
print("\(mode) \(count) objects -> \(written) bytes")
