import Foundation
import PowerBI
import Testing
import TerminalUI
import Tokens
@testable import App

/// `:pulses`: rows as they arrive, failing first; reloads that keep the selection and scroll position and
/// raise a toast (and the bell) for a refresh that failed since; `:watch`; Enter on a failed refresh.
@Suite struct PulsesScreenTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    static func refresh(_ status: String, minutesAgo: Double, id: String, code: String? = nil, type: String = "Scheduled") -> Refresh {
        let start = now.addingTimeInterval(-minutesAgo * 60)
        var members: [(key: String, value: JSONValue)] = [("requestId", .string(id)), ("refreshType", .string(type)), ("status", .string(status)),
                                                          ("startTime", .string(ISO8601DateFormatter().string(from: start)))]
        if status != "Unknown" { members.append(("endTime", .string(ISO8601DateFormatter().string(from: start.addingTimeInterval(120))))) }
        if let code { members.append(("serviceExceptionJson", .string(#"{"errorCode":"\#(code)","errorDescription":"Unable to connect to the gateway."}"#))) }
        return Refresh(json: .object(JSONObject(members)))
    }

    static func pulse(_ name: String, workspace: String = "W1", _ last: Refresh?) -> Pulse {
        Pulse(datasetId: "id-" + name, datasetName: name, workspaceId: workspace, workspaceName: workspace, capacity: "shared", last: last,
              medianDuration: 120, failures: last?.state == .failed ? [last!] : [], refreshCount: 1, nextRun: nil)
    }

    /// Signed in with workspaces loaded, `:pulses` run.
    static func opened(rows: Int = 30) -> (AppState, [Effect]) {
        var state = AppState(size: (rows, 140), identity: "app")
        // W1 is on dedicated capacity (enhanced refreshes need it).
        let workspaces = (1...3).map { BrowseScreenTests.workspace("W\($0)", id: "W\($0)", dedicated: $0 == 1) }
        _ = AppReducer.reduce(&state, .workspaces(.loaded(workspaces)))
        var effects: [Effect] = []
        for key in [Key.character(":")] + "pulses".map({ Key.character($0) }) + [.enter] {
            effects += AppReducer.reduce(&state, .terminal(.key(key)), now: now)
        }
        return (state, effects)
    }

    @Test func rowsArriveFailingFirstAndTheSelectionStaysOnItsRow() {
        var (state, effects) = Self.opened()
        guard case .pulses(.load(1, let workspaces, _))? = effects.first else { Issue.record("\(effects)"); return }
        #expect(workspaces.count == 3 && state.route == .pulses)
        let ok = (1...5).map { Self.pulse("Ok \($0)", Self.refresh("Completed", minutesAgo: Double($0) * 10, id: "r\($0)")) }
        _ = AppReducer.reduce(&state, .pulses(.arrived(generation: 1, [.workspacesToRead(3), .pulses(ok), .workspaceDone])), now: Self.now)
        for _ in 0..<3 { _ = AppReducer.reduce(&state, .terminal(.key(.character("j"))), now: Self.now) }
        #expect(state.pulses?.rows.row(at: state.pulses!.selection.selected)?.datasetName == "Ok 4")
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("loading 1/3 workspaces"), "keys work while it loads")
        // A failing dataset arrives: it goes on top, and the selection stays on Ok 4.
        let failing = Self.pulse("Broken", workspace: "W2", Self.refresh("Failed", minutesAgo: 300, id: "f1", code: "DM_GWPipeline_Client_GatewayUnreachable"))
        _ = AppReducer.reduce(&state, .pulses(.arrived(generation: 1, [.pulses([failing]), .workspaceDone, .problem("W3: HTTP 401")])), now: Self.now)
        #expect(state.pulses?.rows.visibleRows.first?.datasetName == "Broken", "failing first, whatever its age")
        #expect(state.pulses?.rows.row(at: state.pulses!.selection.selected)?.datasetName == "Ok 4")
        // An older load's answers are dropped.
        _ = AppReducer.reduce(&state, .pulses(.arrived(generation: 0, [.pulses([Self.pulse("Stale", nil)])])), now: Self.now)
        #expect(state.pulses?.rows.totalCount == 6)
        #expect(AppReducer.reduce(&state, .pulses(.finished(generation: 1)), now: Self.now).isEmpty, "no watch: nothing scheduled")
        #expect(state.status?.text.contains("6 refreshables, 1 failing") == true && state.status?.text.contains("W3: HTTP 401") == true)
        let screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("Broken") && screen.contains("Failed") && screen.contains("STATUS ▲"), "\(screen)")
    }

    @Test func aReloadKeepsSelectionAndScrollThenToastsANewFailureWithTheBell() {
        var (state, _) = Self.opened(rows: 14)
        state.bell = true
        let rows = (1...40).map { Self.pulse(String(format: "Model %02d", $0), Self.refresh("Completed", minutesAgo: Double($0), id: "r\($0)")) }
        _ = AppReducer.reduce(&state, .pulses(.arrived(generation: 1, [.pulses(rows)])), now: Self.now)
        _ = AppReducer.reduce(&state, .pulses(.finished(generation: 1)), now: Self.now)
        for _ in 0..<20 { _ = AppReducer.reduce(&state, .terminal(.key(.character("j"))), now: Self.now) }
        let before = state.pulses!.selection
        #expect(state.pulses?.rows.row(at: before.selected)?.datasetName == "Model 21" && before.offset > 0)

        // `:watch 30` schedules the next reload; its time comes.
        var effects: [Effect] = []
        for key in [Key.character(":")] + "watch 30".map({ Key.character($0) }) + [.enter] {
            effects += AppReducer.reduce(&state, .terminal(.key(key)), now: Self.now)
        }
        #expect(effects == [.wake(.pulsesWatch(generation: 1), after: .seconds(30))])
        effects = AppReducer.reduce(&state, .woke(.pulsesWatch(generation: 1)), now: Self.now)
        guard case .pulses(.load(2, _, _))? = effects.first else { Issue.record("\(effects)"); return }
        // While it reloads, the rows on screen stay as they were.
        var reloaded = rows
        reloaded[35] = Self.pulse("Model 36", Self.refresh("Failed", minutesAgo: 0.5, id: "new-failure", code: "DM_GWPipeline_Client_GatewayUnreachable"))
        _ = AppReducer.reduce(&state, .pulses(.arrived(generation: 2, [.pulses(Array(reloaded.prefix(20)))])), now: Self.now)
        #expect(state.pulses?.rows.totalCount == 40 && state.pulses?.selection == before)
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("reloading"))
        _ = AppReducer.reduce(&state, .pulses(.arrived(generation: 2, [.pulses(Array(reloaded.dropFirst(20)))])), now: Self.now)
        effects = AppReducer.reduce(&state, .pulses(.finished(generation: 2)), now: Self.now)
        #expect(effects == [.bell, .wake(.pulsesWatch(generation: 2), after: .seconds(30))])
        #expect(state.toasts.last?.text.contains("Refresh failed: Model 36 in W1 (DM_GWPipeline_Client_GatewayUnreachable)") == true)
        // Model 36 moved to the top (failing first): the selection follows Model 21, and the list did not jump.
        #expect(state.pulses?.rows.visibleRows.first?.datasetName == "Model 36")
        let after = state.pulses!.selection
        #expect(state.pulses?.rows.row(at: after.selected)?.datasetName == "Model 21")
        #expect(after.offset == before.offset || after.offset == before.offset + 1, "\(before) → \(after)")

        // The same failure on the next reload is not news.
        _ = AppReducer.reduce(&state, .woke(.pulsesWatch(generation: 2)), now: Self.now)
        _ = AppReducer.reduce(&state, .pulses(.arrived(generation: 3, [.pulses(reloaded)])), now: Self.now)
        let toasts = state.toasts.count
        #expect(!AppReducer.reduce(&state, .pulses(.finished(generation: 3)), now: Self.now).contains(.bell))
        #expect(state.toasts.count == toasts)
        // `:watch off`: a wake that was already asked for reloads nothing.
        for key in [Key.character(":")] + "watch off".map({ Key.character($0) }) + [.enter] {
            _ = AppReducer.reduce(&state, .terminal(.key(key)), now: Self.now)
        }
        #expect(AppReducer.reduce(&state, .woke(.pulsesWatch(generation: 3)), now: Self.now).isEmpty)
        // Bad arguments are refused with the rule.
        for key in [Key.character(":")] + "watch 1".map({ Key.character($0) }) + [.enter] {
            _ = AppReducer.reduce(&state, .terminal(.key(key)), now: Self.now)
        }
        #expect(state.status?.level == .error && state.status?.text.contains("between 5 and 86400") == true)
    }

    @Test func enterOpensTheFailedRefreshExplainedAndROnAnEnhancedOneOffersItsTables() {
        var (state, _) = Self.opened(rows: 40)
        let failing = Self.pulse("Broken", workspace: "W2", Self.refresh("Failed", minutesAgo: 30, id: "f1", code: "DM_GWPipeline_Client_GatewayUnreachable"))
        let enhanced = Self.pulse("Enhanced", workspace: "W1", Self.refresh("Completed", minutesAgo: 5, id: "e1", type: "ViaEnhancedApi"))
        _ = AppReducer.reduce(&state, .pulses(.arrived(generation: 1, [.pulses([failing, enhanced])])), now: Self.now)
        _ = AppReducer.reduce(&state, .pulses(.finished(generation: 1)), now: Self.now)
        let effects = AppReducer.reduce(&state, .terminal(.key(.enter)), now: Self.now)
        #expect(effects.contains(.details(.load(.group("W2"), datasetId: "id-Broken", .history))))
        #expect(state.route == .details && state.details?.openedRefresh?.requestId == "f1")
        let screen = AppRenderer.render(state, theme: .defaultDark, now: Self.now).text
        #expect(screen.contains("DM_GWPipeline_Client_GatewayUnreachable") && screen.contains("What to do") && screen.contains("restart or update the gateway"), "\(screen)")
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)), now: Self.now)
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)), now: Self.now)
        #expect(state.route == .pulses)
        // `r` on a standard refresh asks first.
        _ = AppReducer.reduce(&state, .terminal(.key(.character("r"))), now: Self.now)
        #expect(state.dialog?.title == "Refresh dataset?")
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)), now: Self.now)
        state.dialog = nil
        // On an enhanced one, `r` opens it; its detail loaded, `r` fills the form as it ran.
        _ = AppReducer.reduce(&state, .terminal(.key(.character("j"))), now: Self.now)
        let opened = AppReducer.reduce(&state, .terminal(.key(.character("r"))), now: Self.now)
        #expect(opened.contains(.refresh(.loadDetail(.group("W1"), datasetId: "id-Enhanced", requestId: "e1"))))
        let detail = RefreshDetail(json: ["type": "DataOnly", "commitMode": "PartialBatch", "status": "Completed",
                                          "objects": [["table": "Sales", "partition": "Sales 2026", "status": "Completed"], ["table": "Product", "status": "Completed"]]])
        _ = AppReducer.reduce(&state, .refresh(.detailLoaded(.group("W1"), datasetId: "id-Enhanced", requestId: "e1", .success(detail))), now: Self.now)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("r"))), now: Self.now)
        #expect(state.enhancedForm?.tables == "Sales/Sales 2026, Product")
        #expect(state.enhancedForm?.type == .dataOnly && state.enhancedForm?.commitMode == .partialBatch)
    }
}

extension PulsesScreenTests {
    /// Enter on a failed dataflow: its details show the last transaction (status, times, its id), and the
    /// status line says what failed; a transaction id is never called a RequestId.
    @Test func aFailedDataflowSaysWhatItsLastTransactionSaid() throws {
        var (state, _) = Self.opened()
        let failed = PowerBIClient.refresh(fromTransaction: try JSONValue.parse(Data(
            #"{"id":"2026-12-01T05:00:00.1Z@8dbd$3","status":"Failed","refreshType":"Scheduled","startTime":"2026-12-01T05:00:00Z","endTime":"2026-12-01T05:03:00Z"}"#.utf8)))
        let pulse = Pulse(kind: .dataflow, datasetId: "F1", datasetName: "Sales Flow", workspaceId: "W2", workspaceName: "W2", capacity: "shared",
                          last: failed, medianDuration: 120, failures: [failed], refreshCount: 5, nextRun: nil)
        _ = PulsesReducer.openPulse(pulse, &state, now: Self.now)
        #expect(state.route == .details)
        let text = state.status?.text ?? ""
        #expect(text.contains("transaction 2026-12-01T05:00:00.1Z@8dbd$3 status Failed") && !text.contains("RequestId"), "\(text)")
        let screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("lastRefresh.transactionStatus") && screen.contains("Failed"), "\(screen)")
    }
}
