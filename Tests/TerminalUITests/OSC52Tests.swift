import Foundation
import Testing
import TerminalUI

@Suite struct OSC52Tests {
    @Test func wrapsTheTextInBase64AndPassesThroughTmux() {
        #expect(OSC52.sequence("abc", insideTmux: false) == "\u{1B}]52;c;YWJj\u{07}")
        // Inside tmux: the plain sequence (set-clipboard on) and the passthrough (allow-passthrough on).
        #expect(OSC52.sequence("abc", insideTmux: true) == "\u{1B}]52;c;YWJj\u{07}" + "\u{1B}Ptmux;\u{1B}\u{1B}]52;c;YWJj\u{07}\u{1B}\\")
        #expect(OSC52.sequence("販売", insideTmux: false).contains(Data("販売".utf8).base64EncodedString()))
    }
}
