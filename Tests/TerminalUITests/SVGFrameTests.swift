import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TerminalUI

/// `SVGFrame`: a frame as a well-formed SVG picture in its colours, whatever the text holds.
@Suite struct SVGFrameTests {
    @Test func aFrameIsWellFormedWithItsTextColoursAndGrid() throws {
        var buffer = CellBuffer(rows: 3, columns: 20)
        buffer.put("a<b>&\"c'", row: 0, column: 0, style: TextStyle(foreground: .indexed(196), bold: true))
        buffer.put("販売 📊", row: 1, column: 2, style: TextStyle(foreground: .rgb(1, 2, 255), background: .indexed(236)))
        buffer.put("\u{1B}[31m", row: 2, column: 0, style: TextStyle(reverse: true))
        let svg = SVGFrame.render(buffer, title: "t & <t>")
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(svg)")
        #expect(svg.contains(">a&lt;b&gt;&amp;&quot;c&apos;</text>"))
        #expect(svg.contains("fill=\"#ff0000\"") && svg.contains("font-weight=\"bold\""), "index 196 is xterm's red")
        #expect(svg.contains("fill=\"#0102ff\"") && svg.contains("fill=\"#303030\""), "rgb and grey 236")
        // The wide characters' run is stretched over exactly its columns: 販売 (4) + space + 📊 (2) = 7.
        #expect(svg.contains("x=\"16.8\" y=\"30.26\" fill=\"#0102ff\" textLength=\"58.8\""), "\(svg)")
        // An escape sequence was drawn as visible text, never as a control character in the file.
        #expect(!svg.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(svg.contains("\\u{1B}[31m"))
        // Reverse video: the default colours swapped.
        #expect(svg.contains("fill=\"\(SVGFrame.defaultForeground)\"/>"), "the reversed cells' background is the default foreground")
    }

    @Test func colourIndexesMapAsXtermDoes() {
        #expect(SVGFrame.hex(.indexed(16)) == "#000000")
        #expect(SVGFrame.hex(.indexed(231)) == "#ffffff")
        #expect(SVGFrame.hex(.indexed(117)) == "#87d7ff")
        #expect(SVGFrame.hex(.indexed(232)) == "#080808")
        #expect(SVGFrame.hex(.indexed(255)) == "#eeeeee")
        #expect(SVGFrame.hex(.default) == nil)
        #expect(SVGFrame.number(13.26) == "13.26" && SVGFrame.number(840) == "840" && SVGFrame.number(8.4) == "8.4" && SVGFrame.number(0.05) == "0.05")
    }

    @Test func aLargeFrameIsOneLinearPass() {
        var buffer = CellBuffer(rows: 200, columns: 500)
        for row in 0..<200 { buffer.put(String(repeating: "x<", count: 250), row: row, column: 0, style: .plain) }
        let svg = SVGFrame.render(buffer)
        #expect(svg.components(separatedBy: "<text ").count == 201, "one run per row")
    }
}
