import Foundation
@testable import HTTPCore
import Testing
@testable import EntraAuth

/// Form encoding (token requests) and the log's timestamps, written without `String(format:)`.
@Suite struct EncodingTests {
    @Test func formFieldsArePercentEncodedAsTokenEndpointsExpect() {
        #expect(FormEncoding.escape("a b/ü+&=%~") == "a+b%2F%C3%BC%2B%26%3D%25%7E")
        #expect(FormEncoding.escape("Az09-._*") == "Az09-._*")
        #expect(FormEncoding.escape("\u{0}\u{7F}") == "%00%7F")
        #expect(FormEncoding.encode([("scope", "https://analysis.windows.net/powerbi/api/.default offline_access")])
                == "scope=https%3A%2F%2Fanalysis.windows.net%2Fpowerbi%2Fapi%2F.default+offline_access")
    }

    @Test func logTimestampsAreUTCInISO8601() throws {
        let before = Date()
        let stamp = ActivityLog.timestamp()
        #expect(stamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/) != nil, "\(stamp)")
        let parsed = try #require(ISO8601DateFormatter().date(from: stamp))
        #expect(abs(parsed.timeIntervalSince(before)) < 5)
    }
}
