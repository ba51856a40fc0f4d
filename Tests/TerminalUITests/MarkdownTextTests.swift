import Testing
@testable import TerminalUI

/// The Markdown of API descriptions, made readable on a terminal.
@Suite struct MarkdownTextTests {
    @Test func headingsListsLinksAndMarks() {
        let text = """

        ## Permissions

        The user must have **dataset read** and `build` permissions. See [Manage access](/power-bi/connect-data/x) and __more__.

        - One query per API call.
          - nested item
        1. numbered
        <br><br>
        """
        let lines = MarkdownText.lines(text)
        #expect(lines.first == MarkdownText.Line(kind: .heading, text: "Permissions"))
        #expect(lines.contains(MarkdownText.Line(kind: .text, text: "The user must have dataset read and build permissions. See Manage access and more.")))
        #expect(lines.contains(MarkdownText.Line(kind: .item, text: "• One query per API call.")))
        #expect(lines.contains(MarkdownText.Line(kind: .item, text: "  • nested item")))
        #expect(lines.contains(MarkdownText.Line(kind: .item, text: "• numbered")))
        #expect(lines.last?.text.isEmpty == false, "trailing breaks and blank lines are dropped")
    }

    @Test func tablesCodeAndBreaks() {
        let text = "| Name | Type |\n|---|:---:|\n| id | string |\n```json\n{\"a\": 1}\n```\nfirst<br/>second"
        #expect(MarkdownText.plain(text) == "Name  Type\nid  string\n  {\"a\": 1}\nfirst\nsecond")
    }

    @Test func whatIsNotALinkStaysAsItIs() {
        #expect(MarkdownText.plain("MyTable[MyColumn] and [MyNewColumn]") == "MyTable[MyColumn] and [MyNewColumn]")
        #expect(MarkdownText.plain("a [b](c") == "a [b](c")
        #expect(MarkdownText.plain("snake_case and 2 * 3") == "snake_case and 2 * 3")
    }

    @Test func pathologicalInputIsReadInOnePass() {
        // Brackets and parentheses that never close: each scan stops at the next `[`, so this is linear.
        let text = String(repeating: "[a](", count: 50_000) + String(repeating: "*", count: 10_001)
        let plain = MarkdownText.plain(text)
        #expect(plain.hasPrefix("[a]([a]("))
        #expect(plain.hasSuffix("*"))
    }
}
