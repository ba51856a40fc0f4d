import Config
import Foundation
import PowerBI
import TerminalUI
import Testing
import Tokens
@testable import App

/// The DAX workbench (`e` on a dataset): typing, running, the grid, errors in the editor, completion, the
/// schema pane, saved queries, export and comparison, driven by keys and events.
@Suite struct DAXScreenTests {
    static func opened() -> AppState {
        var state = OperationsScreenTests.onADataset()
        state.queriesFolder = "/tmp/pbitui-queries-test"
        _ = AppReducer.reduce(&state, .terminal(.key(.character("e"))))
        return state
    }

    static func type(_ text: String, _ state: inout AppState) {
        for character in text {
            _ = AppReducer.reduce(&state, .terminal(.key(character == "\n" ? .enter : .character(character))))
        }
    }

    static func answer(_ json: String) -> DAXResult { try! DAXResult.parse(Data(json.utf8)) }

    static func job(_ effects: [Effect]) -> DAXJob? {
        effects.lazy.compactMap { if case let .dax(.run(job)) = $0 { job } else { nil } }.first
    }

    @Test func eOnADatasetOpensTheWorkbenchAndLoadsTheSchema() throws {
        var state = OperationsScreenTests.onADataset()
        let effects = AppReducer.reduce(&state, .terminal(.key(.character("e"))))
        #expect(state.route == .dax)
        #expect(state.dax?.target.datasetId == "D1" && state.dax?.target.scope == .group("W1"))
        #expect(effects.contains { if case .dax(.loadSchema) = $0 { true } else { false } })
        // Leaving keeps the query; :dax brings the workbench back.
        Self.type("EVALUATE x", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(state.route == .workspace)
        state.commandPrompt = CommandPrompt()
        Self.type("dax", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.route == .dax && state.dax?.editor.text == "EVALUATE x")
    }

    @Test func f5RunsTheQueryAndTheGridShowsTheUnionOfKeys() throws {
        var state = Self.opened()
        Self.type("EVALUATE SUMMARIZECOLUMNS(Sales[Region], \"Total\", [Total Sales])", &state)
        let effects = AppReducer.reduce(&state, .terminal(.key(.function(5))))
        let job = try #require(Self.job(effects))
        #expect(job.request.query == "EVALUATE SUMMARIZECOLUMNS(Sales[Region], \"Total\", [Total Sales])")
        #expect(state.dax?.running != nil)
        #expect(AppReducer.reduce(&state, .terminal(.key(.control("e")))).isEmpty, "one query at a time")
        let result = Self.answer(#"{"results":[{"tables":[{"rows":[{"Sales[Region]":"West"},{"Sales[Region]":"East","[Total]":1250.5},{"Sales[Region]":"North","[Total]":90}]}]}]}"#)
        _ = AppReducer.reduce(&state, .dax(.answered(job, .success(.json(result)), milliseconds: 42)))
        let view = try #require(state.dax)
        #expect(view.running == nil && view.result?.result.columns == ["Sales[Region]", "[Total]"])
        #expect(view.result?.numeric == [false, true])
        #expect(state.status?.text == "3 rows in 42 ms · JSON (executeQueries)")
        let screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("3 rows · 2 columns · 42 ms"), "\(screen)")
        #expect(screen.contains("Sales[Region]") && screen.contains("1250.5"))
        let lines = screen.split(separator: "\n").map(String.init)
        let east = try #require(lines.first { $0.contains("East") && $0.contains("1250.5") })
        let north = try #require(lines.first { $0.contains("North") && $0.contains("90") })
        #expect(east.range(of: "1250.5")!.upperBound.utf16Offset(in: east) == north.range(of: "90")!.upperBound.utf16Offset(in: north),
                "numbers are right-aligned")

        // The grid: Shift-Tab focuses it, / filters, s sorts numbers as numbers.
        _ = AppReducer.reduce(&state, .terminal(.key(.backTab)))
        #expect(state.dax?.focus == .results)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("s"))))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("s"))))
        let sorted = try #require(state.dax?.result)
        #expect((0..<sorted.model.count).map { sorted.result.rows[sorted.model[$0]][0] } == ["West", "North", "East"], "blank, 90, 1250.5")
        _ = AppReducer.reduce(&state, .terminal(.key(.character("/"))))
        Self.type("nor", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.dax?.result?.model.count == 1)
        // y: the answer as JSON.
        _ = AppReducer.reduce(&state, .terminal(.key(.character("y"))))
        #expect(state.dax?.showJSON == true && state.dax?.viewer != nil)
    }

    @Test func aDAXErrorPutsTheCursorWhereTheEnginePoints() throws {
        var state = Self.opened()
        Self.type("EVALUATE\n  FILTER(Sales, Sales[Nope] = 1)", &state)
        let job = try #require(Self.job(AppReducer.reduce(&state, .terminal(.key(.function(5))))))
        let failure = DAXFailure(message: "Query (2, 17) Column 'Nope' in table 'Sales' cannot be found.", line: 2, column: 17, engineCode: "0xC13A0034")
        _ = AppReducer.reduce(&state, .dax(.answered(job, .failure(failure), milliseconds: 5)))
        #expect(state.dax?.errorAt == TextPosition(line: 1, column: 16))
        #expect(state.dax?.editor.cursor == TextPosition(line: 1, column: 16))
        #expect(state.status?.level == .error && state.status?.text.contains("0xC13A0034") == true)
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("✗ Query (2, 17) Column 'Nope'"))
        // A selection runs alone; the engine's position counts from its start.
        state.dax?.editor.setText("EVALUATE A\nEVALUATE Sales[x]")
        state.dax?.editor.go(to: TextPosition(line: 1, column: 0))
        state.dax?.editor.move(.end, selecting: true)
        let second = try #require(Self.job(AppReducer.reduce(&state, .terminal(.key(.function(5))))))
        #expect(second.request.query == "EVALUATE Sales[x]" && second.origin == TextPosition(line: 1, column: 0))
        _ = AppReducer.reduce(&state, .dax(.answered(second, .failure(DAXFailure(message: "Query (1, 10) x", line: 1, column: 10)), milliseconds: 1)))
        #expect(state.dax?.errorAt == TextPosition(line: 1, column: 9))
        // Two EVALUATEs are not sent to executeQueries (`auto` sends them: the Arrow engine takes several).
        state.dax?.engine = .json
        state.dax?.editor.setText("EVALUATE A EVALUATE B")
        #expect(Self.job(AppReducer.reduce(&state, .terminal(.key(.function(5))))) == nil)
        #expect(state.status?.text.contains("2 EVALUATE") == true && state.status?.text.contains(":engine arrow") == true)
        state.dax?.engine = .auto
        // A 429 starts the countdown.
        state.dax?.editor.setText("EVALUATE A")
        let third = try #require(Self.job(AppReducer.reduce(&state, .terminal(.key(.function(5))))))
        let throttled = DAXFailure.from(.service(ServiceError(status: 429, code: nil, detail: nil, requestId: nil, retryAfter: 30, method: "POST", path: "/x")),
                                        isApp: true, rowLevelSecurity: nil)
        _ = AppReducer.reduce(&state, .dax(.answered(third, .failure(throttled), milliseconds: 1)))
        #expect(state.throttle?.automatic == false && state.throttle?.what == "DAX queries")
    }

    @Test func aCutResultIsMarkedAndExportedOnlyWhenForced() throws {
        var state = Self.opened()
        Self.type("EVALUATE Sales", &state)
        let job = try #require(Self.job(AppReducer.reduce(&state, .terminal(.key(.function(5))))))
        let result = Self.answer(#"{"results":[{"tables":[{"rows":[{"[a]":1},{"[a]":2}],"error":{"code":"x","message":"More than 100000 rows in a query result."}}]}]}"#)
        _ = AppReducer.reduce(&state, .dax(.answered(job, .success(.json(result)), milliseconds: 9)))
        #expect(state.status?.level == .warn && state.status?.text.contains("More than 100000 rows") == true)
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("CUT SHORT: More than 100000 rows"))
        state.commandPrompt = CommandPrompt()
        Self.type("export csv /tmp/x.csv", &state)
        #expect(AppReducer.reduce(&state, .terminal(.key(.enter))).isEmpty)
        #expect(state.status?.text.contains(":export! csv PATH") == true)
        state.commandPrompt = CommandPrompt()
        Self.type("export! csv /tmp/x.csv", &state)
        let effects = AppReducer.reduce(&state, .terminal(.key(.enter)))
        guard case let .export(path, contents, summary, _)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(path == "/tmp/x.csv" && String(decoding: contents, as: UTF8.self) == "[a]\r\n1\r\n2\r\n")
        #expect(summary.contains("cut short"))
    }

    /// The schema pane's refusal is shown whole (it was cut after four lines, at "Service principals cannot").
    @Test func theSchemaPanesRefusalIsNotCut() throws {
        var state = Self.opened()
        state.size = (30, 100)
        let target = try #require(state.dax?.target)
        let message = "HTTP 400 DatasetExecuteQueriesError: Service principals cannot query a dataset with row-level security. "
            + "Sign in as a user who is a member of a role, or ask as yourself with :impersonate UPN."
        _ = AppReducer.reduce(&state, .dax(.schemaLoaded(target, .failure(DAXFailure(message: message)))))
        let screen = AppRenderer.render(state, theme: .defaultDark).text
        let words = screen.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "│" }).joined(separator: " ")
        for part in ["row-level", "security.", "impersonate", "UPN."] { #expect(words.contains(part), "\(part)\n\(screen)") }
    }

    @Test func completionOffersTheModelFunctionsAndSnippets() throws {
        var state = Self.opened()
        let schema = DAXSchema(tables: ["Sales", "Sales Order"], columns: [.init(table: "Sales", name: "Amount", dataType: "Decimal"),
                                                                           .init(table: "Sales", name: "Region", dataType: "String")],
                               measures: [.init(table: "Sales", name: "Total Sales", expression: "SUM(Sales[Amount])")])
        let target = try #require(state.dax?.target)
        _ = AppReducer.reduce(&state, .dax(.schemaLoaded(target, .success(schema))))
        Self.type("EVALUATE Sales[Am", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        #expect(state.dax?.editor.text == "EVALUATE Sales[Amount]", "one candidate: completed at once")
        Self.type(" + [To", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        #expect(state.dax?.editor.text.hasSuffix("[Total Sales]") == true)
        Self.type(" SUMM", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        #expect(state.dax?.editor.text.hasSuffix("SUMMARIZE(") == true || state.dax?.completions.isEmpty == false)
        #expect(DAXCompletion.candidates(for: "summ", schema: schema, resultColumns: []) == ["SUMMARIZE(", "SUMMARIZECOLUMNS("])
        #expect(DAXCompletion.candidates(for: "'Sal", schema: schema, resultColumns: []) == ["'Sales Order'"])
        #expect(DAXCompletion.candidates(for: "Regi", schema: schema, resultColumns: []) == ["Sales[Region]"], "by the column's name")
        #expect(DAXCompletion.candidates(for: "DEF", schema: schema, resultColumns: []).first?.hasPrefix("DEFINE\n    MEASURE Sales[") == true)
        // Several candidates: a list; Tab moves, Enter takes.
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        state.dax?.editor.setText("EVALUATE S")
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        let offered = try #require(state.dax?.completions)
        #expect(offered.count > 2 && offered.first == "Sales")
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.dax?.editor.text == "EVALUATE " + offered[1] && state.dax?.completions.isEmpty == true)
        // The schema pane: Enter puts the reference into the query.
        _ = AppReducer.reduce(&state, .terminal(.key(.backTab)))
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        #expect(state.dax?.focus == .schema)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("j"))))
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.dax?.focus == .editor && state.dax?.editor.text.hasSuffix("Sales[Amount]") == true)
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("∑ Total Sales"))
    }

    @Test func historySavedQueriesImpersonationAndComparison() throws {
        var state = Self.opened()
        Self.type("EVALUATE Product", &state)
        let job = try #require(Self.job(AppReducer.reduce(&state, .terminal(.key(.function(5))))))
        let result = Self.answer(#"{"results":[{"tables":[{"rows":[{"Product[Name]":"A, \"x\""},{"Product[Name]":"B"}]}]}]}"#)
        _ = AppReducer.reduce(&state, .dax(.answered(job, .success(.json(result)), milliseconds: 3)))
        state.dax?.editor.setText("")
        _ = AppReducer.reduce(&state, .terminal(.key(.control("p"))))
        #expect(state.dax?.editor.text == "EVALUATE Product", "Ctrl-P brings back the last query run")

        func palette(_ text: String) -> [Effect] {
            state.commandPrompt = CommandPrompt()
            Self.type(text, &state)
            return AppReducer.reduce(&state, .terminal(.key(.enter)))
        }
        guard case let .export(path, contents, _, _)? = palette("save top products").first else { Issue.record("not saved"); return }
        #expect(path == "/tmp/pbitui-queries-test/top products.dax" && String(decoding: contents, as: UTF8.self) == "EVALUATE Product")
        #expect(palette("save ../escape").isEmpty && state.status?.text.hasPrefix("Usage: :save NAME") == true)
        guard case let .dax(.openQuery(folder, name))? = palette("open top products").first else { Issue.record("not opened"); return }
        #expect(folder == "/tmp/pbitui-queries-test" && name == "top products")
        _ = AppReducer.reduce(&state, .dax(.queryOpened(name: "top products", .text("EVALUATE Customer"))))
        #expect(state.dax?.editor.text == "EVALUATE Customer" && state.dax?.savedName == "top products")

        _ = palette("history")
        #expect(state.jsonOverlay?.title.hasPrefix("DAX history: 1 run") == true)
        state.jsonOverlay = nil
        _ = palette("impersonate megan@contoso.com")
        _ = palette("nulls")
        let next = try #require(Self.job(AppReducer.reduce(&state, .terminal(.key(.function(5))))))
        #expect(next.request.impersonate == "megan@contoso.com" && next.request.includeNulls)
        _ = AppReducer.reduce(&state, .dax(.answered(next, .success(.json(result)), milliseconds: 3)))

        // :dax-against: the same query on another loaded dataset, compared row by row.
        let against = palette("dax-against Budget")
        let compared = try #require(Self.job(against))
        #expect(compared.comparing && compared.target.datasetId == "D2")
        let other = Self.answer(#"{"results":[{"tables":[{"rows":[{"Product[Name]":"B"},{"Product[Name]":"C"}]}]}]}"#)
        _ = AppReducer.reduce(&state, .dax(.answered(compared, .success(.json(other)), milliseconds: 3)))
        let comparison = try #require(state.dax?.comparison)
        #expect(comparison.equalCount == 1 && comparison.differences.map(\.values) == [["A, \"x\""], ["C"]])
        #expect(state.status?.text.contains("1 row in both, 1 only in Model") == true, "\(state.status?.text ?? "")")
        #expect(palette("dax-against Nope").isEmpty && state.status?.text.contains("Known: Budget") == true)
    }

    @Test func theWorkbenchFitsATinyTerminal() {
        var state = Self.opened()
        Self.type(String(repeating: "EVALUATE ROW(\"x\", 1) ", count: 100), &state)
        for size in [(10, 4), (4, 10), (24, 80), (60, 200)] {
            state.size = (size.1, size.0)
            _ = AppRenderer.render(state, theme: .defaultDark)
        }
        state.size = (40, 130)
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("DAX · Model"))
    }
}

extension DAXScreenTests {
    /// `:export` after a query that failed does not write the rows of the query before it as if they were
    /// the failed one's; after an answer, the summary names the query the rows came from.
    @Test func exportAfterAFailedQueryIsRefusedAndAnExportNamesItsQuery() throws {
        var state = Self.opened()
        Self.type("EVALUATE Sales", &state)
        let first = try #require(Self.job(AppReducer.reduce(&state, .terminal(.key(.function(5))))))
        _ = AppReducer.reduce(&state, .dax(.answered(first, .success(.json(Self.answer(#"{"results":[{"tables":[{"rows":[{"[a]":1}]}]}]}"#))), milliseconds: 3)))
        _ = AppReducer.reduce(&state, .terminal(.key(.control("a"))))
        Self.type("EVALUATE Broken(", &state)
        let second = try #require(Self.job(AppReducer.reduce(&state, .terminal(.key(.function(5))))))
        _ = AppReducer.reduce(&state, .dax(.answered(second, .failure(DAXFailure(message: "Query (1, 17) syntax", line: 1, column: 17)), milliseconds: 1)))
        state.commandPrompt = CommandPrompt()
        Self.type("export csv /tmp/x.csv", &state)
        #expect(AppReducer.reduce(&state, .terminal(.key(.enter))).isEmpty, "nothing written")
        #expect(state.status?.text.contains("the last query failed") == true && state.status?.text.contains("EVALUATE Sales") == true)
        // Run again successfully: the export names the query.
        _ = AppReducer.reduce(&state, .terminal(.key(.control("a"))))
        Self.type("EVALUATE Sales", &state)
        let third = try #require(Self.job(AppReducer.reduce(&state, .terminal(.key(.function(5))))))
        _ = AppReducer.reduce(&state, .dax(.answered(third, .success(.json(Self.answer(#"{"results":[{"tables":[{"rows":[{"[a]":2}]}]}]}"#))), milliseconds: 3)))
        state.commandPrompt = CommandPrompt()
        Self.type("export csv /tmp/x.csv", &state)
        guard case let .export(_, contents, summary, _)? = AppReducer.reduce(&state, .terminal(.key(.enter))).first else {
            Issue.record("not exported"); return
        }
        #expect(String(decoding: contents, as: UTF8.self) == "[a]\r\n2\r\n")
        #expect(summary.contains("of “EVALUATE Sales”"), "\(summary)")
    }

    /// Eight wide columns at 120 columns: ←/→ (and h/l) reach every one; a column can be narrowed, widened,
    /// hidden and shown again.
    @Test func theGridScrollsSidewaysAndColumnsCanBeNarrowedOrHidden() throws {
        var state = Self.opened()
        Self.type("EVALUATE Wide", &state)
        let job = try #require(Self.job(AppReducer.reduce(&state, .terminal(.key(.function(5))))))
        let names = (1...8).map { "Sales[Column number \($0) with a long name]" }
        let row = names.enumerated().map { "\"\($0.element)\":\"value \($0.offset + 1) \(String(repeating: "x", count: 20))\"" }.joined(separator: ",")
        _ = AppReducer.reduce(&state, .dax(.answered(job, .success(.json(Self.answer(#"{"results":[{"tables":[{"rows":[{"# + row + "}]}]}]}"))), milliseconds: 3)))
        state.dax?.focus = .results
        let screen = { AppRenderer.render(state, theme: .defaultDark).text }
        #expect(screen().contains("Column number 1") && !screen().contains("Column number 8"), "the last columns are out of reach at first")
        for _ in 0..<7 { _ = AppReducer.reduce(&state, .terminal(.key(.right))) }
        #expect(screen().contains("Column number 8") && !screen().contains("Column number 1 "), "→ reached the last column")
        #expect(screen().contains("from column 8 of 8 shown"))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("h"))))
        #expect(screen().contains("Column number 7"))
        #expect(state.route == .dax, "h in the grid moves a column, it does not leave")
        // Narrow the first shown column (7), then hide it; + shows every column again.
        let before = try #require(state.dax?.result).width(of: 6)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("<"))))
        #expect(try #require(state.dax?.result).width(of: 6) == before - 4)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("-"))))
        #expect(!screen().contains("Column number 7") && screen().contains("1 hidden"))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("+"))))
        #expect(screen().contains("Column number 1") && state.dax?.result?.hidden.isEmpty == true)
        // In the schema pane, ← still goes back to the editor.
        state.dax?.focus = .schema
        _ = AppReducer.reduce(&state, .terminal(.key(.left)))
        #expect(state.dax?.focus == .editor)
    }
}
