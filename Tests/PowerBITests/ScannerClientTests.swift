import Foundation
import Testing
import Tokens
@testable import PowerBI

/// The activity log's window and filter rules, and the scanner's answers read leniently.
@Suite struct ScannerClientTests {
    static func date(_ text: String) -> Date { PowerBIDate.parse(text)! }

    @Test func aDayIsQuotedAndStaysInsideOneUTCDay() {
        let query = ActivityWindow.query(day: Self.date("2026-03-01T23:30:00+02:00"))
        #expect(query.map(\.0) == ["startDateTime", "endDateTime"])
        #expect(query.map(\.1) == ["'2026-03-01T00:00:00'", "'2026-03-01T23:59:59'"], "21:30 UTC is still the 1st")
        let late = ActivityWindow.query(day: Self.date("2026-03-01T23:30:00-02:00"))
        #expect(late.first?.1 == "'2026-03-02T00:00:00'", "01:30 UTC on the 2nd")
    }

    @Test func everyDayOfARangeAcrossMonthsAndLeapDays() {
        let days = ActivityWindow.days(from: Self.date("2028-02-27T18:00:00Z"), to: Self.date("2028-03-02T01:00:00Z")).map(ActivityWindow.dayText)
        #expect(days == ["2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01", "2028-03-02"])
        #expect(ActivityWindow.days(from: Self.date("2026-01-02T00:00:00Z"), to: Self.date("2026-01-01T00:00:00Z")).isEmpty)
    }

    @Test func filtersAreEqAndAndWithQuotesDoubled() {
        #expect(ActivityWindow.filter(activity: nil, user: nil) == nil)
        #expect(ActivityWindow.filter(activity: "ViewReport", user: nil) == "Activity eq 'ViewReport'")
        #expect(ActivityWindow.filter(activity: "viewreport", user: "o'brien@contoso.example")
                == "Activity eq 'viewreport' and UserId eq 'o''brien@contoso.example'")
    }

    @Test func scanRequestsAreReadWhateverTheStatusCasingAndWithTheirError() throws {
        let ok = ScanRequest(json: try JSONValue.parse(Data(#"{"id":"e7d0","createdDateTime":"2020-06-15T16:46:28.0487687Z","status":"succeeded"}"#.utf8)))
        #expect(ok?.status == .succeeded && ok?.error == nil)
        let failed = ScanRequest(json: try JSONValue.parse(Data(#"{"id":"x","status":"Failed","error":{"code":"ScanTimedOut","message":"It took too long"}}"#.utf8)))
        #expect(failed?.status == .failed && failed?.error == "ScanTimedOut: It took too long")
        #expect(ScanRequest(json: try JSONValue.parse(Data(#"{"status":"Running"}"#.utf8))) == nil, "no id")
        #expect(ScanRequest(json: try JSONValue.parse(Data(#"{"id":"y","status":"Queued"}"#.utf8)))?.status == .running, "an unknown state is still running")
    }
}
