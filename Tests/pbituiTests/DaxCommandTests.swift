import CSV
import Foundation
import Testing

/// `pbitui dax` against `pbitui simulator`: the three outputs, the three ways in for the query, the exit codes of
/// DESIGN.md §3 (a refused query, a cut result, two EVALUATEs), and row-level security by impersonation.
@Suite(.serialized) struct DaxCommandTests {
    func run(_ arguments: [String], _ simulator: SimulatorProcess, stdin: String? = nil) async throws -> Binary.Result {
        try await Binary.run(["dax", "--workspace", "Sales Analytics"] + arguments + simulator.connectionArguments,
                             environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret], stdin: stdin)
    }

    static let totals = #"EVALUATE SUMMARIZECOLUMNS(Sales[Region], "Total", [Total Sales], "Lines", [Order Lines]) ORDER BY Sales[Region]"#

    @Test func rowsAsATableCSVAndJSONAgree() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let table = try await run(["--dataset", "Sales Model", Self.totals], simulator)
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first.map { $0.split(separator: " ", omittingEmptySubsequences: true) } == ["Sales[Region]", "[Total]", "[Lines]"])
        #expect(lines.count == 6 && lines[1].hasPrefix("Central"), "\(table.stdout)")

        let json = try await run(["--dataset", "Sales Model", Self.totals, "--output", "json"], simulator)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 5 && rows.allSatisfy { $0["Sales[Region]"] is String && $0["[Total]"] is NSNumber })
        let lineCount = rows.reduce(0) { $0 + (($1["[Lines]"] as? NSNumber)?.intValue ?? 0) }
        #expect(lineCount == 1_000, "every order line counted once")

        // CSV through --file, read back with a CSV reader; names with commas, quotes and line breaks survive.
        let file = Binary.scratch + "/products-\(UUID().uuidString.prefix(6)).dax"
        try "EVALUATE Product ORDER BY Product[Product]".write(toFile: file, atomically: true, encoding: .utf8)
        let csv = try await run(["--dataset", "Sales Model", "--file", file, "--output", "csv"], simulator)
        #expect(csv.status == 0, "\(csv.stderr)")
        let reader = try CSVReader(string: csv.stdout, hasHeaderRow: false)
        var records: [[String]] = []
        while let row = reader.next() { records.append(row) }
        #expect(records.first == ["Product[Product]", "Product[Category]", "Product[List Price]"])
        #expect(records.contains { $0.first == "Widget, \"Deluxe\"" && $0.last == "79.99" })
        #expect(records.contains { $0.first == "Line\nBreak Bundle" })
        #expect(records.count == 13)

        // From standard input, with blanks kept.
        let piped = try await run(["--dataset", "Sales Model", "-", "--include-nulls", "--output", "json"], simulator,
                                  stdin: "EVALUATE TOPN(30, Sales, Sales[Order Number], ASC)")
        let pipedRows = try #require(try JSONSerialization.jsonObject(with: Data(piped.stdout.utf8)) as? [[String: Any]])
        #expect(pipedRows.count == 30 && pipedRows.allSatisfy { $0.count == 8 })
        #expect(piped.stdout.contains("9007199254740993"), "an order number past 2^53, exact")
    }

    @Test func exitCodesForBadUsageRefusalsAndCutResults() async throws {
        // Two EVALUATEs for the JSON engine: refused before anything is sent (here there is nothing to send to).
        let two = try await Binary.run(["dax", "--engine", "json", "--workspace", "w", "--dataset", "d", "EVALUATE A EVALUATE B",
                                        "--api-root", "http://127.0.0.1:9", "--tenant", "t", "--client-id", "c"],
                                       environment: ["AZURE_CLIENT_SECRET": "x"])
        #expect(two.status == 2 && two.stderr.contains("2 EVALUATE") && two.stderr.contains("nothing was sent"), "\(two.stderr)")
        let none = try await Binary.run(["dax", "--workspace", "w", "--dataset", "d"])
        #expect(none.status == 2 && none.stderr.contains("give the query"), "\(none.stderr)")
        let empty = try await Binary.run(["dax", "--workspace", "w", "--dataset", "d", "   "])
        #expect(empty.status == 2 && empty.stderr.contains("empty"))

        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let bad = try await run(["--dataset", "Sales Model", "EVALUATE\n  FILTER(Sales, Sales[Nope] = 1)"], simulator)
        #expect(bad.status == 1 && bad.stdout.isEmpty, "\(bad.stdout)")
        #expect(bad.stderr.contains("Query (2, 17) Column 'Nope'") && bad.stderr.contains("0xC13A0034")
                && bad.stderr.contains("RequestId"), "\(bad.stderr)")

        let cut = try await run(["--dataset", "Web Traffic", "EVALUATE SELECTCOLUMNS(Sales, \"N\", Sales[Quantity])", "--output", "csv"], simulator)
        #expect(cut.status == 1, "\(cut.stderr)")
        #expect(cut.stderr.contains("More than 100000 rows") && cut.stderr.contains("100000 rows written"), "\(cut.stderr)")
        #expect(cut.stdout.split(separator: "\r\n").count == 100_001, "the rows are written, with the header")

        // A service principal on a dataset with row-level security: explained.
        let secured = try await run(["--dataset", "Customer 360", "EVALUATE Product"], simulator)
        #expect(secured.status == 1 && secured.stderr.contains("row-level security") && secured.stderr.contains("--impersonate"), "\(secured.stderr)")
    }

    @Test func impersonationShowsAnotherUsersRows() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let alex = try #require(simulator.users.first { !$0.mfa })
        var userArguments = simulator.connectionArguments
        userArguments[7] = simulator.publicClientId
        let environment = ["AZURE_PASSWORD": alex.password, "XDG_CACHE_HOME": Binary.scratch + "/cache-dax-\(UUID().uuidString.prefix(6))"]
        let query = #"EVALUATE SUMMARIZECOLUMNS(Sales[Region], "Lines", COUNTROWS(Sales))"#
        let own = try await Binary.run(["dax", "--workspace", "Sales Analytics", "--dataset", "Customer 360", query, "--output", "csv",
                                        "--auth", "password", "--username", alex.username] + userArguments, environment: environment)
        #expect(own.status == 0, "\(own.stderr)")
        #expect(own.stdout.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").first } == ["West"], "\(own.stdout)")
        let megan = try await Binary.run(["dax", "--workspace", "Sales Analytics", "--dataset", "Customer 360", query, "--output", "csv",
                                          "--impersonate", "megan@pbitui-demo.onmicrosoft.com",
                                          "--auth", "password", "--username", alex.username] + userArguments, environment: environment)
        #expect(megan.stdout.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").first } == ["East"], "\(megan.stdout) \(megan.stderr)")
    }

    @Test func theArrowEngineAnswersSeveralEvaluatesAndAutoFallsBackWhereItCannot() async throws {
        let cache = Binary.scratch + "/dax-engines-\(UUID().uuidString.prefix(6))"
        let onCapacity = ["dax", "--demo", "--workspace", "Finance — Monthly Close", "--dataset", "Marketing Funnel"]
        let two = try await Binary.run(onCapacity + [#"EVALUATE ROW("a", 1, "b", "x, ""y""") EVALUATE GENERATESERIES(1, 3)"#, "--output", "json", "--verbose"],
                                       environment: ["XDG_CACHE_HOME": cache], timeout: 120)
        #expect(two.status == 0 && two.stderr.contains("Arrow engine (executeDaxQueries) answered: 2 result set"), "\(two.stderr)")
        let sets = try #require(try JSONSerialization.jsonObject(with: Data(two.stdout.utf8)) as? [[[String: Any]]])
        #expect(sets.count == 2 && sets[0][0]["[b]"] as? String == "x, \"y\"" && sets[1].count == 3, "an array of result sets: \(two.stdout)")
        let table = try await Binary.run(onCapacity + [#"EVALUATE ROW("a", 1) EVALUATE ROW("b", 2)"#], environment: ["XDG_CACHE_HOME": cache], timeout: 120)
        #expect(table.stdout == "[a]\n1\n\n[b]\n2\n", "each set after the other, a blank line between: \(table.stdout)")
        let second = try await Binary.run(onCapacity + ["EVALUATE GENERATESERIES(1, 150000)", "--output", "csv", "--max-rows", "120000"],
                                          environment: ["XDG_CACHE_HOME": cache], timeout: 120)
        #expect(second.status == 0 && second.stdout.utf8.filter({ $0 == 0x0A }).count == 120_001, "no 100,000-row cut; --max-rows caps it")
        let picked = try await Binary.run(onCapacity + [#"EVALUATE ROW("a", 1) EVALUATE ROW("b", 2)"#, "--result", "2", "--output", "csv"],
                                          environment: ["XDG_CACHE_HOME": cache], timeout: 120)
        #expect(picked.stdout == "[b]\r\n2\r\n", "\(picked.stdout)")
        let pickedJSON = try await Binary.run(onCapacity + [#"EVALUATE ROW("a", 1) EVALUATE ROW("b", 2)"#, "--result", "2", "--output", "json"],
                                              environment: ["XDG_CACHE_HOME": cache], timeout: 120)
        #expect(pickedJSON.stdout == "[{\"[b]\":2}]\n", "one set's rows, not an array of sets: \(pickedJSON.stdout)")
        // A table of 150,000 rows is written batch by batch, each column as wide as its widest cell.
        let long = try await Binary.run(onCapacity + [#"EVALUATE ROW("a", 1, "long", "a longer text") EVALUATE GENERATESERIES(1, 150000)"#],
                                        environment: ["XDG_CACHE_HOME": cache], timeout: 120)
        #expect(long.stdout.hasPrefix("[a]  [long]\n1    a longer text\n\n[Value]\n1\n"), "\(long.stdout.prefix(80))")
        #expect(long.stdout.hasSuffix("\n150000\n") && long.stdout.utf8.filter({ $0 == 0x0A }).count == 2 + 1 + 150_001)
        let metrics = try await Binary.run(onCapacity + [#"EVALUATE ROW("a", 1)"#, "--metrics"], environment: ["XDG_CACHE_HOME": cache], timeout: 120)
        #expect(metrics.status == 0 && metrics.stderr.contains("metrics: "), "\(metrics.stderr)")
        let arrow = try await Binary.run(onCapacity + ["EVALUATE GENERATESERIES(1, 3)", "--output", "arrow"], environment: ["XDG_CACHE_HOME": cache], timeout: 120)
        // The bytes are not UTF-8 (a continuation marker of 0xFF bytes first); the schema's column name is in them.
        #expect(arrow.status == 0 && arrow.stdout.hasPrefix("\u{FFFD}") && arrow.stdout.contains("[Value]"), "the streams as received")

        // Shared capacity: auto falls back to executeQueries (said at --verbose) and remembers; arrow alone fails.
        let shared = ["dax", "--demo", "--workspace", "Sales Analytics", "--dataset", "Sales Model", #"EVALUATE ROW("a", 1)"#]
        let fallback = try await Binary.run(shared + ["--verbose"], environment: ["XDG_CACHE_HOME": cache], timeout: 120)
        #expect(fallback.status == 0 && fallback.stdout.contains("[a]") && fallback.stderr.contains("needs a semantic model on a capacity"), "\(fallback.stderr)")
        let remembered = try String(contentsOfFile: cache + "/pbitui/dax-engines.json", encoding: .utf8)
        #expect(remembered.contains("\"json\"") && remembered.contains("\"arrow\""), "\(remembered)")
        let again = try await Binary.run(shared + ["--verbose"], environment: ["XDG_CACHE_HOME": cache], timeout: 120)
        #expect(again.status == 0 && again.stderr.contains("did not answer this dataset before"), "\(again.stderr)")
        let arrowOnly = try await Binary.run(shared + ["--engine", "arrow"], environment: ["XDG_CACHE_HOME": cache], timeout: 120)
        #expect(arrowOnly.status == 1 && arrowOnly.stderr.contains("capacity") && arrowOnly.stderr.contains("RequestId"), "\(arrowOnly.stderr)")
        let xmla = try await Binary.run(onCapacity + ["--setting-off", "xmla-endpoints", "--engine", "arrow", #"EVALUATE ROW("a", 1)"#], timeout: 120)
        #expect(xmla.status == 1 && xmla.stderr.contains("Allow XMLA endpoints"), "\(xmla.stderr)")
        let badDAX = try await Binary.run(onCapacity + ["--engine", "arrow", "EVALUATE\n  FILTER(("], timeout: 120)
        #expect(badDAX.status == 1 && badDAX.stderr.contains("Query (2, "), "a DAX error with its position: \(badDAX.stderr)")
        let usage = try await Binary.run(onCapacity + ["--engine", "json", "--output", "arrow", "EVALUATE ROW(\"a\", 1)"])
        #expect(usage.status == 2)
        let pastTheSets = try await Binary.run(onCapacity + [#"EVALUATE ROW("a", 1) EVALUATE ROW("b", 2)"#, "--result", "3"],
                                               environment: ["XDG_CACHE_HOME": cache], timeout: 120)
        #expect(pastTheSets.status == 2 && pastTheSets.stderr.contains("--result 3: the query gave 2 result sets") && pastTheSets.stdout.isEmpty,
                "\(pastTheSets.stderr)")
        let timed = try await Binary.run(onCapacity + ["--timeout", "90", #"EVALUATE ROW("a", 1)"#], environment: ["XDG_CACHE_HOME": cache], timeout: 120)
        #expect(timed.status == 0 && timed.stdout == "[a]\n1\n", "\(timed.stdout) \(timed.stderr)")
        for bad in [["--result", "0"], ["--max-rows", "0"], ["--timeout", "0"], ["--timeout", "86401"]] {
            let refused = try await Binary.run(onCapacity + bad + [#"EVALUATE ROW("a", 1)"#])
            #expect(refused.status == 2, "\(bad): \(refused.stderr)")
        }
        let none = try await Binary.run(onCapacity + ["EVALUATE FILTER(GENERATESERIES(1, 3), [Value] > 5)", "--output", "json"],
                                        environment: ["XDG_CACHE_HOME": cache], timeout: 120)
        #expect(none.status == 0 && none.stdout == "[]\n", "no rows: an empty array: \(none.stdout) \(none.stderr)")
    }
}
