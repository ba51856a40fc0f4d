import CSV
import Foundation
import Testing

/// The DAX workbench end to end: the real binary in tmux against the demo tenant.
@Suite(.serialized) struct DAXUITests {
    @Test func eOnADatasetRunsASummarizeColumnsQueryAndExportsIt() async throws {
        guard TmuxSession.require() else { return }
        let folder = Binary.scratch + "/dax-ui-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let tmux = try TmuxSession(command: "cd " + TmuxSession.shellQuote(folder) + " && "
                                   + TmuxSession.commandLine(["--demo"], environment: ["XDG_DATA_HOME": folder + "/data"]), width: 140, height: 40)
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send("Enter")                      // Sales Analytics
        #expect(await tmux.waitFor("Sales Model"), "\(tmux.screen())")
        try tmux.send("Tab")                        // the datasets; Sales Model is the first
        #expect(await tmux.waitFor("LAST REFRESH"), "\(tmux.screen())")
        try tmux.send("e")
        #expect(await tmux.waitFor("DAX · Sales Model"), "\(tmux.screen())")
        #expect(await tmux.waitFor("∑ Total Sales"), "the schema pane from INFO.VIEW: \(tmux.screen())")
        try tmux.send(#"EVALUATE SUMMARIZECOLUMNS(Sales[Region], "Total", [Total Sales], "Lines", [Order Lines])"#)
        try tmux.send("F5")
        #expect(await tmux.waitFor("5 rows · 3 columns"), "\(tmux.screen())")
        let screen = tmux.screen()
        #expect(screen.contains("Sales[Region]") && screen.contains("[Total]") && screen.contains("Central"), "\(screen)")

        try tmux.send("C-k")
        try tmux.send("export csv totals.csv", "Enter")
        #expect(await tmux.waitFor("as CSV to totals.csv"), "\(tmux.screen())")
        #expect(tmux.screen().contains("Exported 5 rows of “EVALUATE SUMMARIZECOLUMNS("), "the export names its query: \(tmux.screen())")
        let reader = try CSVReader(string: try String(contentsOfFile: folder + "/totals.csv", encoding: .utf8), hasHeaderRow: false)
        var records: [[String]] = []
        while let row = reader.next() { records.append(row) }
        #expect(records.first == ["Sales[Region]", "[Total]", "[Lines]"])
        #expect(records.dropFirst().map { $0[0] } == ["Central", "East", "North", "South", "West"])
        #expect(records.dropFirst().reduce(0) { $0 + (Int($1[2]) ?? 0) } == 1_000, "every order line once")
        // The totals on screen are the ones exported.
        for record in records.dropFirst() { #expect(screen.contains(record[1]), "\(record[1])") }

        // An error points into the editor; the query is saved and comes back.
        try tmux.send("C-u")
        try tmux.send("EVALUATE Nope")
        try tmux.send("C-e")
        #expect(await tmux.waitFor("Query (1, 10) Failed to resolve name 'Nope'"), "\(tmux.screen())")
        try tmux.send("C-k")
        try tmux.send("save broken", "Enter")
        #expect(await tmux.waitFor("Saved the query as"), "\(tmux.screen())")
        #expect(try String(contentsOfFile: folder + "/data/pbitui/queries/broken.dax", encoding: .utf8) == "EVALUATE Nope")
        try tmux.send("Escape")
        #expect(await tmux.waitFor("LAST REFRESH"), "\(tmux.screen())")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }
}

extension DAXUITests {
    /// A paste (bracketed, as terminals send it) lands verbatim: indentation as pasted, not re-indented line
    /// by line, and 20,000 characters arrive whole while keys keep working.
    @Test func aPasteLandsVerbatimAndWhole() async throws {
        guard TmuxSession.require() else { return }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo"]), width: 140, height: 40)
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("Sales Model"), "\(tmux.screen())")
        try tmux.send("Tab")
        #expect(await tmux.waitFor("LAST REFRESH"), "\(tmux.screen())")
        try tmux.send("e")
        #expect(await tmux.waitFor("DAX · Sales Model"), "\(tmux.screen())")
        try tmux.paste("EVALUATE\n    SUMMARIZECOLUMNS(\n        Sales[Region],\n        \"Total\", [Total Sales]\n    )\n")
        #expect(await tmux.waitFor("        Sales[Region],"), "\(tmux.screen())")
        let screen = tmux.screen()
        #expect(!screen.contains("            Sales[Region]") && !screen.contains("            \"Total\""), "re-indented: \(screen)")
        try tmux.send("F5")
        #expect(await tmux.waitFor("rows · 2 columns"), "the pasted query runs: \(tmux.screen())")

        // 20,000 characters: the last line arrives and the editor still answers keys.
        try tmux.send("C-a")
        try tmux.send("BSpace")
        let body = (0..<400).map { "-- line \(String(format: "%03d", $0)) of a long paste, with 'quotes', commas and \"escapes\"\n" }.joined()
        #expect(body.count > 20_000)
        try tmux.paste(body + "-- END OF PASTE")
        #expect(await tmux.waitFor("-- END OF PASTE"), "\(tmux.screen())")
        try tmux.send("-l", "X")
        #expect(await tmux.waitFor("-- END OF PASTEX"), "\(tmux.screen())")
    }
}

extension DAXUITests {
    /// Two EVALUATEs on a dataset on a capacity: the Arrow engine answers, one tab per result set and the
    /// execution metrics; `]` and `[` switch; the same query on shared capacity says why the Arrow engine did not
    /// answer and that executeQueries takes one EVALUATE.
    @Test func twoEvaluatesAnswerAsTabsThroughTheArrowEngine() async throws {
        guard TmuxSession.require() else { return }
        let cache = Binary.scratch + "/dax-tabs-\(UUID().uuidString.prefix(8))"
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo"], environment: ["XDG_CACHE_HOME": cache]), width: 140, height: 40)
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send("j", "Enter")                 // Finance — Monthly Close, on the dedicated capacity
        #expect(await tmux.waitFor("dedicated capacity"), "\(tmux.screen())")
        try tmux.send("Tab")
        #expect(await tmux.waitFor("LAST REFRESH"), "\(tmux.screen())")
        try tmux.send("e")
        #expect(await tmux.waitFor("∑ Total Sales"), "\(tmux.screen())")
        try tmux.send("-l", #"EVALUATE ROW("n", 1, "t", "a, ""b""")"#)
        try tmux.send("Enter", "Enter")
        try tmux.send("-l", #"EVALUATE SUMMARIZECOLUMNS(Sales[Region], "Total", [Total Sales])"#)
        try tmux.send("F5")
        #expect(await tmux.waitFor("2 result sets (1 row, 5 rows; [ and ] switch)"), "\(tmux.screen())")
        var screen = tmux.screen()
        #expect(screen.contains(" 1   2   metrics  │ 1 row · 2 columns") && screen.contains("Arrow (executeDaxQueries)"), "\(screen)")
        #expect(screen.contains(#"a, "b""#), "\(screen)")
        try tmux.send("BTab")                       // the results
        try tmux.send("]")
        #expect(await tmux.waitFor("5 rows · 2 columns"), "\(tmux.screen())")
        screen = tmux.screen()
        for region in ["Central", "East", "North", "South", "West"] { #expect(screen.contains(region), "\(region): \(screen)") }
        try tmux.send("]")
        #expect(await tmux.waitFor("execution metrics · 3 rows"), "\(tmux.screen())")
        #expect(tmux.screen().contains("ResultSetCount") && tmux.screen().contains("RowCount"), "\(tmux.screen())")
        try tmux.send("[", "[")
        #expect(await tmux.waitFor("1 row · 2 columns"), "back to the first set: \(tmux.screen())")

        // The same on shared capacity: auto falls back and says why, and executeQueries takes one EVALUATE.
        try tmux.send("Escape", "Escape", "Escape", "Escape")
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send("k", "Enter")                 // Sales Analytics, shared
        #expect(await tmux.waitFor("Sales Model"), "\(tmux.screen())")
        try tmux.send("Tab")
        #expect(await tmux.waitFor("LAST REFRESH"), "\(tmux.screen())")
        try tmux.send("e")
        #expect(await tmux.waitFor("DAX · Sales Model"), "\(tmux.screen())")
        try tmux.send("F5")                         // the query came along
        #expect(await tmux.waitFor("did not answer this dataset"), "\(tmux.screen())")
        #expect(tmux.screen().contains("2 EVALUATE statements"), "\(tmux.screen())")
        try tmux.send("C-u")
        try tmux.send("-l", #"EVALUATE ROW("n", 1)"#)
        try tmux.send("F5")
        #expect(await tmux.waitFor("JSON (executeQueries) (Arrow refused)"), "\(tmux.screen())")
        try tmux.send("C-k")
        try tmux.send("-l", "engine arrow")
        try tmux.send("Enter", "F5")
        #expect(await tmux.waitFor("shared capacity"), "asked for by name, the Arrow engine's refusal is the answer: \(tmux.screen())")
    }
}
