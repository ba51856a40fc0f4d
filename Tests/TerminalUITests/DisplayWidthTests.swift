import Testing
@testable import TerminalUI
import TerminalSafety

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("abc", 3), ("売上", 4), ("📊", 2), ("e\u{301}", 1), ("Österreich", 10), ("🚀 go", 5),
        ("\u{FF21}", 2), ("한국", 4), ("❤\u{FE0F}", 2), ("a\u{200B}b", 2), ("", 0),
    ])
    func measuresColumns(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns)
    }

    @Test func truncatesOnCharacterBoundariesWithAnEllipsis() {
        #expect(TextFit.truncate("Sales Analytics", to: 8) == "Sales A…")
        #expect(TextFit.truncate("販売分析東京", to: 7) == "販売分…")
        #expect(DisplayWidth.of(TextFit.truncate("販売分析東京", to: 6)) <= 6)
        #expect(TextFit.truncate("📊📊📊", to: 4) == "📊…")
        #expect(TextFit.truncate("short", to: 10) == "short")
        #expect(TextFit.truncate("x", to: 0) == "")
    }

    @Test func padsByDisplayWidth() {
        #expect(TextFit.pad("売上", to: 6) == "売上  ")
        #expect(TextFit.pad("7", to: 3, alignRight: true) == "  7")
    }

    @Test func escapesControlAndBidiCharacters() {
        #expect(TerminalSafety.escape("a\u{1B}[31mb") == "a\\u{1B}[31mb")
        #expect(TerminalSafety.escape("x\u{202E}y\u{07}") == "x\\u{202E}y\\u{7}")
        #expect(TerminalSafety.escape("plain 売上") == "plain 売上")
    }
}

@Suite struct CellBufferTests {
    @Test func wideCharactersTakeTwoCells() {
        var buffer = CellBuffer(rows: 1, columns: 10)
        let used = buffer.put("売上📊", row: 0, column: 0, style: .plain)
        #expect(used == 6)
        #expect(buffer[0, 0].text == "売")
        #expect(buffer[0, 1].isContinuation)
        #expect(buffer.text(ofRow: 0) == "売上📊")
    }

    @Test func aWideCharacterThatDoesNotFitBecomesASpace() {
        var buffer = CellBuffer(rows: 1, columns: 5)
        buffer.put("abcd売", row: 0, column: 0, style: .plain)
        #expect(buffer.text(ofRow: 0) == "abcd")
    }

    @Test func overwritingHalfAWideCharacterClearsTheOtherHalf() {
        var buffer = CellBuffer(rows: 1, columns: 6)
        buffer.put("売上", row: 0, column: 0, style: .plain)
        buffer.put("x", row: 0, column: 1, style: .plain)
        #expect(buffer.text(ofRow: 0) == " x上")
        #expect(!buffer[0, 0].isContinuation)
    }

    @Test func controlCharactersNeverReachTheScreenRaw() {
        var buffer = CellBuffer(rows: 1, columns: 30)
        buffer.put("evil\u{1B}]52;c;x\u{07}", row: 0, column: 0, style: .plain)
        let row = buffer.text(ofRow: 0)
        #expect(!row.unicodeScalars.contains { $0.value < 0x20 })
        #expect(row.hasPrefix("evil\\u{1B}]52;c;x"))
    }

    @Test func combiningMarksJoinTheirBase() {
        var buffer = CellBuffer(rows: 1, columns: 5)
        buffer.put("e\u{301}x", row: 0, column: 0, style: .plain)
        #expect(buffer[0, 0].text == "e\u{301}")
        #expect(buffer[0, 1].text == "x")
    }

    @Test func writesAreClippedToTheBuffer() {
        var buffer = CellBuffer(rows: 2, columns: 3)
        buffer.put("abcdef", row: 1, column: 1, style: .plain)
        buffer.put("zzz", row: 5, column: 0, style: .plain)
        buffer.put("yy", row: 0, column: -1, style: .plain)
        #expect(buffer.text == "y\n ab")
    }
}

@Suite struct TableViewTests {
    static let theme = Theme.defaultDark

    @Test func keepsColumnsAlignedWithCJKAndEmoji() {
        var buffer = CellBuffer(rows: 5, columns: 40)
        let table = TableView(
            columns: [TableColumn("NAME", width: .flexible(minimum: 10, weight: 1)), TableColumn("KIND", width: .fixed(6))],
            rows: [["Sales", "A"], ["販売分析 東京", "B"], ["Customer 🚀", "C"], ["A very long workspace name indeed, and longer", "D"]],
            state: ListState())
        table.render(into: &buffer, in: buffer.bounds, theme: Self.theme)
        let lines = (0..<5).map(buffer.text(ofRow:))
        #expect(lines[0].hasPrefix("NAME"))
        // KIND starts at the same display column on every row (as wide as its title: its cells are shorter).
        let kindColumn = 40 - 4
        for (index, kind) in ["KIND", "A", "B", "C", "D"].enumerated() {
            let line = lines[index]
            var prefix = ""
            for character in line {
                if DisplayWidth.of(prefix) >= kindColumn { break }
                prefix.append(character)
            }
            #expect(DisplayWidth.of(prefix) == kindColumn, "row \(index): \(line)")
            #expect(line.dropFirst(prefix.count).hasPrefix(kind), "row \(index): \(line)")
        }
        #expect(lines[4].contains("…"))
    }

    @Test func highlightsTheSelectedRow() {
        var buffer = CellBuffer(rows: 4, columns: 20)
        var state = ListState()
        state.move(by: 1, count: 3)
        TableView(columns: [TableColumn("N", width: .flexible(minimum: 1, weight: 1))], rows: [["a"], ["b"], ["c"]], state: state)
            .render(into: &buffer, in: buffer.bounds, theme: Self.theme)
        #expect(buffer.style(of: "b", inRow: 2) == Self.theme[.selection])
        #expect(buffer.style(of: "a", inRow: 1) == Self.theme[.text])
    }

    @Test func dropsColumnsThatDoNotFit() {
        let table = TableView(columns: [TableColumn("A", width: .flexible(minimum: 5, weight: 1)), TableColumn("B", width: .fixed(36))],
                              rows: [], state: ListState())
        #expect(table.layout(width: 20) == [20, 0])
        #expect(table.layout(width: 60) == [22, 36])
    }
}

@Suite struct ListStateTests {
    @Test func scrollsJustEnoughToShowTheSelection() {
        var state = ListState()
        state.move(by: 7, count: 100)
        state.scrollToSelection(visibleRows: 5, count: 100)
        #expect(state.selected == 7)
        #expect(state.offset == 3)
        state.move(by: -6, count: 100)
        state.scrollToSelection(visibleRows: 5, count: 100)
        #expect(state.offset == 1)
        state.move(by: 1000, count: 100)
        #expect(state.selected == 99)
        state.select(5, count: 0)
        #expect(state.selected == 0)
    }
}

@Suite struct ColorDegraderTests {
    @Test func keepsColoursTheTerminalHas() {
        #expect(ColorDegrader.index(.indexed(117), colors: 256) == 117)
        #expect(ColorDegrader.index(.default, colors: 8) == -1)
    }

    @Test func mapsTruecolorToTheCubeAndTheEightColours() {
        #expect(ColorDegrader.index(.rgb(255, 0, 0), colors: 256) == 196)
        #expect(ColorDegrader.index(.rgb(128, 128, 128), colors: 256) == 244)
        #expect(ColorDegrader.index(.rgb(250, 10, 10), colors: 8) == 1)
        #expect(ColorDegrader.index(.indexed(196), colors: 8) == 1)
        #expect(ColorDegrader.index(.indexed(21), colors: 8) == 4)
    }
}

@Suite struct PlainTableTests {
    @Test func alignsByDisplayWidth() {
        let text = PlainTable.format(headers: ["ID", "NAME"], rows: [["1", "販売"], ["22", "x\u{1B}y"]])
        #expect(text == "ID  NAME\n1   販売\n22  x\\u{1B}y")
    }
}
