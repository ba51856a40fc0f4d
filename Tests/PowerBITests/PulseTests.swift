import Foundation
import PowerBI
import Testing
import Tokens

/// A refreshable's pulse from its history and schedule: the usual duration, failures in a window, the next run.
@Suite struct PulseTests {
    static func refresh(_ status: String, start: String, seconds: Double, code: String? = nil) -> Refresh {
        let startDate = ISO8601DateFormatter().date(from: start)!
        var members: [(key: String, value: JSONValue)] = [("requestId", .string(UUID().uuidString)), ("status", .string(status)),
                                                          ("startTime", .string(start)),
                                                          ("endTime", .string(ISO8601DateFormatter().string(from: startDate.addingTimeInterval(seconds))))]
        if let code { members.append(("serviceExceptionJson", .string(#"{"errorCode":"\#(code)"}"#))) }
        return Refresh(json: .object(JSONObject(members)))
    }

    static let now = ISO8601DateFormatter().date(from: "2026-12-02T12:00:00Z")!

    @Test func medianDeviationAndFailuresInTheWindow() {
        let history = [
            Self.refresh("Completed", start: "2026-12-02T06:00:00Z", seconds: 900),
            Self.refresh("Failed", start: "2026-12-01T06:00:00Z", seconds: 60, code: "DM_GWPipeline_Client_GatewayUnreachable"),
            Self.refresh("Completed", start: "2026-11-30T06:00:00Z", seconds: 300),
            Self.refresh("Completed", start: "2026-11-29T06:00:00Z", seconds: 200),
            Self.refresh("Failed", start: "2026-11-01T06:00:00Z", seconds: 10),
        ]
        let pulse = Pulses.pulse(datasetId: "d", datasetName: "Sales", workspaceId: "w", workspaceName: "W", capacity: "shared",
                                 history: history.shuffled(), schedule: nil, now: Self.now, window: 7 * 86_400)
        #expect(pulse.last?.startTime == ISO8601DateFormatter().date(from: "2026-12-02T06:00:00Z"), "the newest, whatever the order sent")
        #expect(pulse.medianDuration == 300, "the median of the completed ones: 200, 300, 900")
        #expect(pulse.deviation == 3.0 && pulse.lastDuration == 900)
        #expect(pulse.failures.count == 1 && pulse.failures.first?.errorCode == "DM_GWPipeline_Client_GatewayUnreachable", "November's is outside 7 days")
        #expect(pulse.refreshCount == 4 && !pulse.lastFailed)
        let never = Pulses.pulse(datasetId: "e", datasetName: "New", workspaceId: nil, workspaceName: "W", capacity: nil, history: [],
                                 schedule: nil, now: Self.now, window: 86_400)
        #expect(never.last == nil && never.medianDuration == nil && never.deviation == nil && never.failures.isEmpty)
        let failing = Pulses.pulse(datasetId: "f", datasetName: "Broken", workspaceId: nil, workspaceName: "W", capacity: nil,
                                   history: [Self.refresh("Failed", start: "2026-11-30T06:00:00Z", seconds: 5)], schedule: nil, now: Self.now, window: 86_400)
        #expect(Pulses.ordered([never, pulse, failing]).map(\.datasetName) == ["Broken", "Sales", "New"], "failing first, then the most recent")
    }

    @Test func theNextRunFollowsTheScheduleInItsZone() {
        func schedule(_ days: [String], _ times: [String], zone: String = "W. Europe Standard Time", enabled: Bool = true) -> RefreshSchedule {
            RefreshSchedule(json: ["days": .array(days.map(JSONValue.string)), "times": .array(times.map(JSONValue.string)),
                                   "enabled": .bool(enabled), "localTimeZoneId": .string(zone)])
        }
        // 2026-12-02 is a Wednesday; 12:00 UTC is 13:00 in Berlin.
        let formatter = ISO8601DateFormatter()
        #expect(Pulses.nextRun(schedule(["Wednesday"], ["14:30", "05:00"]), after: Self.now) == formatter.date(from: "2026-12-02T13:30:00Z"))
        #expect(Pulses.nextRun(schedule(["Monday"], ["05:00"]), after: Self.now) == formatter.date(from: "2026-12-07T04:00:00Z"))
        #expect(Pulses.nextRun(schedule([], ["06:00"], zone: "UTC"), after: Self.now) == formatter.date(from: "2026-12-03T06:00:00Z"), "no days: daily")
        #expect(Pulses.nextRun(schedule(["Monday"], ["05:00"], enabled: false), after: Self.now) == nil)
        #expect(Pulses.nextRun(schedule(["Monday"], ["05:00"], zone: "Mars Standard Time"), after: Self.now) == nil, "an unknown zone")
        #expect(Pulses.nextRun(schedule(["Monday"], ["25:00", "x"]), after: Self.now) == nil)
    }

    @Test func windowsAreReadFromTheirUnits() {
        #expect(Pulses.window("30m") == 1_800 && Pulses.window("24h") == 86_400 && Pulses.window("7d") == 604_800 && Pulses.window("45s") == 45)
        #expect(Pulses.window("7") == nil && Pulses.window("-1d") == nil && Pulses.window("d") == nil && Pulses.window("") == nil && Pulses.window("1w") == nil)
    }

    /// The common refresh failures of reference/workbench.md §4.3, each explained with what to do; the
    /// description read where the code says little; unknown codes of a known family explained by the family.
    @Test func theFailureCatalogueExplainsTheCommonFailures() throws {
        let cases: [(code: String?, description: String?, meaning: String)] = [
            ("ModelRefreshFailed_CredentialsNotSpecified", "The credentials provided for the data source are invalid.", "no valid credentials"),
            ("DMTS_OAuthTokenRefreshFailedError", "AADSTS50173: The provided grant has expired", "OAuth sign-in"),
            ("DM_GWPipeline_Client_GatewayUnreachable", nil, "offline or unreachable"),
            ("dm_gwpipeline_gateway_datasourceaccesserror", nil, "data source refused"),
            ("DM_GWPipeline_Gateway_SpooledOperationMissing", nil, "gateway restarted"),
            ("DMTS_MonikerWithUnboundDataSources", nil, "not bound to a gateway"),
            ("DM_GWPipeline_Gateway_TimeoutError", nil, "did not answer in time"),
            ("ModelRefresh_ShortMessage_ProcessingError", "Resource Governing: This operation was canceled because there wasn't enough memory", "ran out of memory"),
            ("ModelRefresh_ShortMessage_ProcessingError", "The column 'Region' of the table wasn't found.", "renamed column"),
            (nil, "Invalid dataset refresh request. Number of refresh requests in last 24 hours exceeded limit", "8 refreshes"),
            (nil, "Capacity level limit exceeded", "too many refreshes"),
            (nil, "Container exited unexpectedly with code 0x0000DEAD", "engine stopped"),
            ("DM_GWPipeline_Gateway_SomethingNew", nil, "gateway could not reach"),
        ]
        for item in cases {
            let entry = try #require(RefreshErrorCatalogue.entry(code: item.code, description: item.description), "\(item)")
            #expect(entry.meaning.contains(item.meaning), "\(item.code ?? "-") / \(item.description ?? "-"): \(entry.meaning)")
            #expect(!entry.fix.isEmpty && entry.text.hasPrefix(entry.meaning))
        }
        #expect(RefreshErrorCatalogue.entry(code: "SomethingElse") == nil && RefreshErrorCatalogue.entry(code: nil) == nil)
    }
}
