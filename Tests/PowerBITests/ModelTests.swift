import Foundation
import Testing
import Tokens
@testable import PowerBI

@Suite struct ModelTests {
    @Test(arguments: [
        ("2017-06-13T09:25:43.153Z", 1_497_345_943.153),
        ("2021-12-10T08:40:31.57", 1_639_125_631.57),
        ("2020-12-07T02:06:57.1838734Z", 1_607_306_817.1838734),
        ("2023-04-22T06:35:00", 1_682_145_300),
        ("2023-04-22T08:35:00+02:00", 1_682_145_300),
        ("2024-07-23T23:44:55Z", 1_721_778_295),
    ])
    func readsEveryDateShapeTheServiceWrites(text: String, seconds: Double) throws {
        let date = try #require(PowerBIDate.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_5)
    }

    @Test(arguments: ["", "yesterday", "2023-13-01T00:00:00Z", "2023-04-22", "2023-04-22T06:35:00Zjunk", "2023-04-22T06:35:00.Z"])
    func refusesWhatIsNotADate(text: String) {
        #expect(PowerBIDate.parse(text) == nil)
    }

    @Test func decodesLenientlyAndKeepsTheRawObject() throws {
        let json = try JSONValue.parse(Data(#"{"id":"8E9C85A1-7B33-4223-9590-76BDE70F9A20","name":"Sales","isRefreshable":true,"createdDate":"2024-07-23T23:44:55.707Z","upstreamDatasets":[],"brandNewField":{"x":1}}"#.utf8))
        let dataset = try #require(Dataset(json: json))
        #expect(dataset.isRefreshable == true)
        #expect(dataset.createdDate != nil)
        #expect(dataset.raw["brandNewField"] != nil)
        #expect(ItemID.same(dataset.id, "8e9c85a1-7b33-4223-9590-76bde70f9a20"))
        #expect(Dataset(json: try JSONValue.parse(Data(#"{"name":"no id"}"#.utf8))) == nil)
        let dashboard = try #require(Dashboard(json: try JSONValue.parse(Data(#"{"id":"d","displayName":"Ops"}"#.utf8))))
        #expect(dashboard.name == "Ops")
        let dataflow = try #require(Dataflow(json: try JSONValue.parse(Data(#"{"objectId":"f","name":"AdventureWorks"}"#.utf8))))
        #expect(dataflow.id == "f")
    }

    @Test func readsHistoryRowsWithUnknownEnumsAndNestedErrorJSON() throws {
        let json = try JSONValue.parse(Data(#"""
            {"value":[
             {"requestId":"fed4279a","id":79783403,"refreshType":"ReliableProcessing","startTime":"2022-03-03T16:34:34.133Z","status":"Unknown","extendedStatus":"InProgress"},
             {"refreshType":"ViaApi","startTime":"2017-06-13T09:25:43.153Z","endTime":"2017-06-13T09:31:43.153Z","serviceExceptionJson":"{\"errorCode\":\"ModelRefreshFailed_CredentialsNotSpecified\"}","status":"Failed","requestId":"11bf290a"},
             {"refreshType":"Scheduled","startTime":"2017-06-13T09:25:43Z","endTime":"2017-06-13T09:26:43Z","status":"Cancelled"},
             {"refreshType":"FutureType","startTime":"2017-06-13T09:25:43Z","status":"SomethingNew"}
            ]}
            """#.utf8))
        let rows = try #require(json["value"]?.arrayValue).map(Refresh.init(json:))
        #expect(rows[0].state == .inProgress)
        #expect(rows[0].refreshType?.rawValue == "ReliableProcessing")
        #expect(rows[0].numericId == 79_783_403)
        #expect(rows[1].state == .failed)
        #expect(rows[1].errorCode == "ModelRefreshFailed_CredentialsNotSpecified")
        #expect(rows[1].duration() == 360)
        #expect(rows[2].state == .cancelled)
        #expect(rows[3].state == .other("SomethingNew"))
        #expect(!rows[3].state.isFinal)
    }

    @Test func enhancedRequestsLeaveOutNotifyOption() {
        #expect(RefreshRequest().body.serialized() == #"{"notifyOption":"NoNotification"}"#)
        var enhanced = RefreshRequest.enhanced(type: .dataOnly, commitMode: .partialBatch)
        enhanced.maxParallelism = 4
        enhanced.objects = [("Sales", nil), ("Orders", "Orders-2026")]
        enhanced.notifyOption = "MailOnFailure"
        let body = enhanced.body.serialized()
        #expect(!body.contains("notifyOption"))
        #expect(body.contains(#""type":"DataOnly""#))
        #expect(body.contains(#""partition":"Orders-2026""#))
        #expect(enhanced.isEnhanced)
    }

    @Test func aStandardRefreshIsFoundInTheHistoryWithoutAnId() throws {
        let accepted = Date(timeIntervalSince1970: 1_800_000_000)
        let ticket = RefreshTicket(requestId: nil, location: nil, enhanced: false, acceptedAt: accepted, scope: .group("g"), datasetId: "d")
        func row(_ type: String, _ start: TimeInterval) -> Refresh {
            Refresh(json: .object(JSONObject([("refreshType", .string(type)), ("startTime", .string(iso(accepted.addingTimeInterval(start)))), ("status", "Unknown")])))
        }
        let history = [row("Scheduled", 5), row("ViaApi", 2), row("ViaApi", -3600)]
        #expect(RefreshTracker.match(ticket, in: history)?.refreshType?.rawValue == "ViaApi")
        #expect(RefreshTracker.match(ticket, in: [row("ViaApi", -3600)]) == nil, "an old API refresh is not this one")
    }

    func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }
}
