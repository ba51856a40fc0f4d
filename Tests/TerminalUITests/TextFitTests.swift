import Testing
@testable import TerminalUI

/// Cutting text to the end that fits (text fields) and wrapping long words, in one pass over the text.
@Suite struct TextFitTests {
    @Test(arguments: [
        ("short", 10, "short"),
        ("abcdefghij", 10, "abcdefghij"),
        ("abcdefghijk", 10, "…cdefghijk"),
        ("販売分析東京", 7, "…析東京"),
        ("a📊b📊c", 4, "…📊c"),
        ("Österreich Vertrieb", 9, "…Vertrieb"),
    ])
    func tailKeepsTheEndAfterAnEllipsis(text: String, columns: Int, expected: String) {
        let tail = TextFit.tail(text, to: columns)
        #expect(tail == expected)
        #expect(DisplayWidth.of(tail) <= columns)
    }

    @Test func tailOfAPastedTokenIsItsEnd() {
        let token = String(repeating: "eyJ0eXAiOiJKV1QiLCJhbGciOi", count: 80)  // 2,080 characters
        let tail = TextFit.tail(token, to: 40)
        #expect(tail.count == 40)
        #expect(tail.hasPrefix("…"))
        #expect(token.hasSuffix(tail.dropFirst()))
        let wide = String(repeating: "売", count: 2_000)
        #expect(TextFit.tail(wide, to: 9) == "…" + String(repeating: "売", count: 4))
    }

    @Test func wrapCutsWordsLongerThanALineIntoFullLines() {
        #expect(TextFit.wrap("a bb ccc", to: 4) == ["a bb", "ccc"])
        #expect(TextFit.wrap("abcdefghij", to: 4) == ["abcd", "efgh", "ij"])
        #expect(TextFit.wrap("go abcdefghij x", to: 4) == ["go", "abcd", "efgh", "ij x"])
        #expect(TextFit.wrap("line one\nline two", to: 20) == ["line one", "line two"])
        #expect(TextFit.wrap("販売分析東京", to: 5) == ["販売", "分析", "東京"])
        let lines = TextFit.wrap(String(repeating: "x", count: 2_000), to: 80)
        #expect(lines.count == 25)
        #expect(lines.allSatisfy { $0.count == 80 })
    }
}

/// Column widths follow what the rows on screen hold.
@Suite struct TableLayoutTests {
    let columns = [TableColumn("NAME", width: .flexible(minimum: 16, weight: 1)), TableColumn("CAPACITY", width: .fixed(10)),
                   TableColumn("ACCESS", width: .fixed(9)), TableColumn("ID", width: .fixed(36))]
    let id = "0f9a3c1e-52b7-4d8a-9c3e-1a2b3c4d5e6f"

    @Test func emptyColumnsShrinkAwayAndFixedColumnsFitTheirContent() {
        let table = TableView(columns: columns, rows: [["Sales Analytics", "Shared", "", id], ["Finance", "Dedicated", "", id]], state: ListState())
        let widths = table.layout(width: 120, height: 10)
        #expect(widths[2] == 0, "ACCESS is empty in every row on screen")
        #expect(widths[1] == 9, "CAPACITY as wide as Dedicated")
        #expect(widths[3] == 36)
        #expect(widths[0] == 120 - 9 - 36 - 2 * 2)
    }

    @Test func atEightyColumnsTheNameGetsRoomBeforeTheColumnsOnItsRight() {
        let long = "Vertrieb Österreich – Monatsberichte"   // 36 columns
        let table = TableView(columns: columns, rows: [[long, "Shared", "read-only", id]], state: ListState())
        let widths = table.layout(width: 80, height: 10)
        #expect(widths[0] >= TableView.nameRoom, "\(widths)")
        #expect(widths[3] == 0, "the id gives way first")
        #expect(widths.reduce(0, +) + 2 * (widths.filter { $0 > 0 }.count - 1) <= 80)
    }

    @Test func anIdGivesItsRoomToAStatusThatWouldBeCut() {
        let columns = [TableColumn("NAME", width: .flexible(minimum: 16, weight: 1)),
                       TableColumn("LAST REFRESH", width: .flexible(minimum: 22, weight: 1)),
                       TableColumn("ID", width: .fixed(36), yieldsRoom: true)]
        let status = "✓ Completed · 2 d ago · 4m 02s"
        let table = TableView(columns: columns, rows: [["Sales Model", status, id]], state: ListState())
        let narrow = table.layout(width: 70, height: 10)
        #expect(narrow[2] == TableView.shortID, "the id yields, shortened to 8 characters and …: \(narrow)")
        #expect(narrow[1] >= DisplayWidth.of(status), "the status is whole: \(narrow)")
        let wide = table.layout(width: 120, height: 10)
        #expect(wide[2] == 36, "with room for both, the id stays: \(wide)")
        #expect(wide[1] >= DisplayWidth.of(status))
    }
}
