import Testing
import TerminalUI

@Suite struct DidYouMeanTests {
    @Test func theNearestComeFirstAndFarOnesNotAtAll() {
        let ids = ["Datasets_GetRefreshHistory", "Datasets_GetRefreshHistoryInGroup", "Reports_GetReportsInGroup"]
        #expect(DidYouMean.closest(to: "Datasets_GetRefreshHistoryInGrop", among: ids).first == "Datasets_GetRefreshHistoryInGroup")
        #expect(DidYouMean.closest(to: "datasets_getrefreshhistoryingroup", among: ids) == ["Datasets_GetRefreshHistoryInGroup"], "case ignored")
        #expect(DidYouMean.closest(to: "Gateways", among: ids).isEmpty)
        #expect(DidYouMean.hint("Sales Analytic", among: ["Sales Analytics", "Finance"]) == "; did you mean Sales Analytics?")
        #expect(DidYouMean.hint("", among: ["a"]) == "")
        // Long input is compared on its first 100 characters: bounded work.
        #expect(DidYouMean.closest(to: String(repeating: "x", count: 5_000), among: [String(repeating: "x", count: 4_000)]).count == 1)
    }
}
