import ArrowIPC
import Foundation
import PowerBI
import TerminalUI
import Testing
import TestSupport
import Tokens
@testable import App

/// The workbench's answers from the Arrow engine: one tab per EVALUATE and the execution metrics, which engine
/// answered, `:engine` and `:result`; and the run itself against the demo tenant (`auto` falls back and remembers).
@Suite struct DAXResultTabsTests {
    static func set(_ columns: [String], _ rows: [[ArrowValue]]) -> DAXResultSet { DAXResultSet(columns: columns, rows: rows) }

    /// An Arrow answer of two result sets and its metrics, as the work hands it over.
    static func arrowAnswer() -> DAXScreenAnswer {
        let first = set(["[n]", "[t]"], [[.int(1), .string("a, \"b\"")]])
        let second = set(["Sales[Region]", "[Total]"], [[.string("East"), .decimal("12.5000")], [.string("West"), .null], [.string("North"), .decimal("3.0000")]])
        let metrics = set(["Name", "Value"], [[.string("QueryCount"), .string("1")], [.string("RowCount"), .string("4")]])
        return DAXScreenAnswer(engine: .arrow, results: [first.daxResult(), second.daxResult()], metrics: metrics.daxResult())
    }

    static func palette(_ command: String, _ state: inout AppState) -> [Effect] {
        state.commandPrompt = CommandPrompt()
        DAXScreenTests.type(command, &state)
        return AppReducer.reduce(&state, .terminal(.key(.enter)))
    }

    @Test func twoEvaluatesBecomeTwoTabsAndTheMetricsAThird() throws {
        var state = DAXScreenTests.opened()
        DAXScreenTests.type("EVALUATE ROW(\"n\", 1)\n\nEVALUATE SUMMARIZECOLUMNS(Sales[Region], \"Total\", [Total Sales])", &state)
        let job = try #require(DAXScreenTests.job(AppReducer.reduce(&state, .terminal(.key(.function(5))))), "auto sends several EVALUATEs")
        #expect(job.engine == .auto)
        _ = AppReducer.reduce(&state, .dax(.answered(job, .success(Self.arrowAnswer()), milliseconds: 12)))
        let view = try #require(state.dax)
        #expect(view.results.map(\.title) == ["1", "2", "metrics"] && view.tab == 0 && view.answeredBy == .arrow)
        #expect(state.status?.text == "2 result sets (1 row, 3 rows; [ and ] switch) in 12 ms · Arrow (executeDaxQueries)", "\(state.status?.text ?? "")")
        let screen = { AppRenderer.render(state, theme: .defaultDark).text }
        #expect(screen().contains(" 1   2   metrics  │ 1 row · 2 columns · 12 ms · Arrow (executeDaxQueries)"), "\(screen())")
        #expect(screen().contains("a, \"b\""))

        // ] and [ in the results: the next set, round the tabs.
        _ = AppReducer.reduce(&state, .terminal(.key(.backTab)))
        #expect(state.dax?.focus == .results)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("]"))))
        #expect(state.dax?.tab == 1 && state.dax?.result?.result.columns == ["Sales[Region]", "[Total]"])
        #expect(screen().contains("3 rows · 2 columns") && screen().contains("12.5000") && screen().contains("North"))
        #expect(state.dax?.result?.numeric == [false, true], "decimals are numbers: right-aligned, sorted as numbers")
        _ = AppReducer.reduce(&state, .terminal(.key(.character("]"))))
        #expect(screen().contains("execution metrics · 2 rows") && screen().contains("RowCount"))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("]"))))
        #expect(state.dax?.tab == 0, "after the metrics, the first set again")
        _ = AppReducer.reduce(&state, .terminal(.key(.character("["))))
        #expect(state.dax?.tab == 2)

        // The filter, sorting and :export work on the tab shown.
        _ = Self.palette("result 2", &state)
        #expect(state.dax?.tab == 1 && state.dax?.focus == .results)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("s"))))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("s"))))
        let model = try #require(state.dax?.result?.model)
        #expect((0..<model.count).map { model[$0] } == [1, 2, 0], "sorted by [Total]: blank, 3, 12.5")
        let table = try #require(DAXScreen.table(state, now: Date()))
        #expect(table.headers == ["Sales[Region]", "[Total]"] && table.rows.count == 3 && table.refusal == nil)
        // y: an Arrow answer is binary; its rows come as JSON objects.
        _ = AppReducer.reduce(&state, .terminal(.key(.character("y"))))
        #expect(state.dax?.showJSON == true && screen().contains("\"Sales[Region]\": \"East\""), "\(screen())")
        _ = AppReducer.reduce(&state, .terminal(.key(.character("y"))))
        #expect(Self.palette("result 7", &state).isEmpty && state.status?.text == "Usage: :result N (the tabs: 1, 2, metrics)")
        _ = Self.palette("result metrics", &state)
        #expect(state.dax?.tab == 2)
        #expect(Self.palette("dax-against Budget", &state).isEmpty && state.status?.text.hasPrefix("The metrics are shown") == true)
        // On the second set, :dax-against compares that set with the other dataset's second set.
        _ = Self.palette("result 2", &state)
        let compared = try #require(DAXScreenTests.job(Self.palette("dax-against Budget", &state)))
        #expect(compared.comparing && compared.target.datasetName == "Budget")
        let other = Self.set(["Sales[Region]", "[Total]"], [[.string("East"), .decimal("12.5000")]])
        _ = AppReducer.reduce(&state, .dax(.answered(compared, .success(DAXScreenAnswer(engine: .arrow, results: [Self.arrowAnswer().results[0], other.daxResult()])),
                                                     milliseconds: 2)))
        #expect(state.dax?.comparison?.summary == "1 row in both, 2 only in Model (Sales), 0 only in Budget (Sales)", "\(state.dax?.comparison?.summary ?? "")")
    }

    /// Tabs on a terminal too small for them: as many as fit, nothing drawn outside the screen, no crash.
    @Test func theTabsFitATinyTerminal() throws {
        var state = DAXScreenTests.opened()
        DAXScreenTests.type("EVALUATE A EVALUATE B", &state)
        let job = try #require(DAXScreenTests.job(AppReducer.reduce(&state, .terminal(.key(.function(5))))))
        _ = AppReducer.reduce(&state, .dax(.answered(job, .success(Self.arrowAnswer()), milliseconds: 1)))
        _ = AppReducer.reduce(&state, .terminal(.key(.backTab)))
        for size in [(10, 4), (4, 10), (1, 1), (24, 12), (30, 8), (80, 24)] {
            state.size = (size.1, size.0)
            let screen = AppRenderer.render(state, theme: .defaultDark)
            #expect(screen.text.split(separator: "\n").allSatisfy { DisplayWidth.of(String($0)) <= size.0 }, "\(size): \(screen.text)")
            _ = AppReducer.reduce(&state, .terminal(.key(.character("]"))))
        }
        state.size = (40, 130)
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains(" 1   2   metrics  │"))
    }

    @Test func theEngineIsChosenWithEngineAndSaidWhenAutoFellBack() throws {
        var state = DAXScreenTests.opened()
        #expect(Self.palette("engine fast", &state).isEmpty && state.status?.text.hasPrefix("Usage: :engine auto|json|arrow") == true)
        _ = Self.palette("engine arrow", &state)
        #expect(state.dax?.engine == .arrow && AppRenderer.render(state, theme: .defaultDark).text.contains("engine: arrow"))
        DAXScreenTests.type("EVALUATE A", &state)
        let job = try #require(DAXScreenTests.job(AppReducer.reduce(&state, .terminal(.key(.function(5))))))
        #expect(job.engine == .arrow)
        _ = Self.palette("engine auto", &state)
        // auto fell back: the answer says which engine gave it and why not the Arrow one.
        let result = DAXScreenTests.answer(#"{"results":[{"tables":[{"rows":[{"[a]":1}]}]}]}"#)
        _ = AppReducer.reduce(&state, .dax(.answered(job, .success(.json(result, fallback: "HTTP 400 InvalidRequest: shared capacity")), milliseconds: 4)))
        #expect(state.status?.text == "1 row in 4 ms · JSON (executeQueries) (the Arrow engine: HTTP 400 InvalidRequest: shared capacity)")
        #expect(state.dax?.results.count == 1)
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("JSON (executeQueries) (Arrow refused)"))
        _ = Self.palette("engine", &state)
        #expect(state.status?.text == "Engine: auto; the answer on screen came from JSON (executeQueries) (:engine auto|json|arrow)")
        // One set: ] says why there is nothing to switch to.
        _ = AppReducer.reduce(&state, .terminal(.key(.backTab)))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("]"))))
        #expect(state.dax?.tab == 0 && state.status?.text.contains("several EVALUATEs") == true)
    }

    /// More rows than the workbench keeps: the first 100,000, said, and `:export` refuses without `!`.
    @Test func anArrowSetPastTheWorkbenchsRowsIsCutAndSaid() throws {
        var state = DAXScreenTests.opened()
        DAXScreenTests.type("EVALUATE GENERATESERIES(1, 100001)", &state)
        let job = try #require(DAXScreenTests.job(AppReducer.reduce(&state, .terminal(.key(.function(5))))))
        let rows = (1...3).map { [ArrowValue.int(Int64($0))] }
        let cut = Self.set(["[Value]"], rows).daxResult(limit: 2)
        #expect(cut.rows.count == 2 && cut.truncation == "more than 2 rows; the first 2 are kept")
        _ = AppReducer.reduce(&state, .dax(.answered(job, .success(DAXScreenAnswer(engine: .arrow, results: [cut])), milliseconds: 4)))
        #expect(state.status?.level == .warn && state.status?.text.contains("Cut short by the workbench") == true
                && state.status?.text.contains("pbitui dax --engine arrow writes every row") == true, "\(state.status?.text ?? "")")
        #expect(DAXScreen.table(state, now: Date())?.truncation != nil)
    }

    /// The run itself against the demo tenant: a dataset on a capacity answers through the Arrow engine (two
    /// sets, the metrics); one on shared capacity falls back with the reason, which is remembered, so that the
    /// next run asks executeQueries straight away; the JSON engine refuses several EVALUATEs with the reason.
    @Test func autoAnswersThroughArrowOnACapacityAndFallsBackOnShared() async throws {
        let demo = try await DemoClient.start()
        let memory = NSTemporaryDirectory() + "dax-engines-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: memory) }
        let workspaces = try await demo.client.workspaces()
        let dedicated = try #require(workspaces.first { $0.isOnDedicatedCapacity == true })
        let shared = try #require(workspaces.first { $0.name == "Sales Analytics" })
        func target(_ workspace: Workspace) async throws -> DAXTarget {
            let dataset = try #require(try await demo.client.datasets(in: .group(workspace.id)).first { $0.raw["isEffectiveIdentityRequired"]?.boolValue != true })
            return DAXTarget(scope: .group(workspace.id), workspaceName: workspace.name, datasetId: dataset.id, datasetName: dataset.name, rowLevelSecurity: false)
        }
        func job(_ target: DAXTarget, _ query: String, _ engine: DAXEngine = .auto) -> DAXJob {
            DAXJob(target: target, request: DAXRequest(query: query), origin: TextPosition(line: 0, column: 0), comparing: false, engine: engine)
        }
        let onCapacity = try await target(dedicated)
        let answer = try await BackgroundWork.answer(job(onCapacity, "EVALUATE ROW(\"n\", 1)\n\nEVALUATE GENERATESERIES(1, 3)"), client: demo.client, memory: memory)
        #expect(answer.engine == .arrow && answer.results.map(\.rows.count) == [1, 3] && answer.fallback == nil)
        #expect(answer.metrics?.rows.contains { $0.first == .string("ResultSetCount") && $0.last == .string("2") } == true)
        #expect(DAXEngineMemory.all(at: memory)[onCapacity.datasetId.lowercased()] == "arrow")

        let onShared = try await target(shared)
        let fellBack = try await BackgroundWork.answer(job(onShared, "EVALUATE ROW(\"n\", 1)"), client: demo.client, memory: memory)
        #expect(fellBack.engine == .json && fellBack.results.first?.rows.count == 1)
        #expect(fellBack.fallback?.contains("shared capacity") == true, "\(fellBack.fallback ?? "")")
        #expect(DAXEngineMemory.usesJSON(onShared.datasetId, at: memory))
        let remembered = try await BackgroundWork.answer(job(onShared, "EVALUATE ROW(\"n\", 1)"), client: demo.client, memory: memory)
        #expect(remembered.engine == .json && remembered.fallback?.contains("refused this dataset before") == true)
        do {
            _ = try await BackgroundWork.answer(job(onShared, "EVALUATE ROW(\"n\", 1) EVALUATE ROW(\"m\", 2)"), client: demo.client, memory: memory)
            Issue.record("two EVALUATEs went to executeQueries")
        } catch {
            #expect(error.message.contains("2 EVALUATE statements") && error.message.contains("did not answer this dataset"), "\(error.message)")
        }
        // Asked for by name, the Arrow engine's refusal is the answer.
        do {
            _ = try await BackgroundWork.answer(job(onShared, "EVALUATE ROW(\"n\", 1)", .arrow), client: demo.client, memory: memory)
            Issue.record("the Arrow engine answered on shared capacity")
        } catch {
            #expect(error.service?.status == 400)
        }
        await demo.stop()
    }
}
