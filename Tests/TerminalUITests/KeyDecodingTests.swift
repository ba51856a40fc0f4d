import CNCurses
import Testing
@testable import TerminalUI

@Suite struct KeyDecodingTests {
    @Test func decodesCharactersAndControls() {
        #expect(NCursesScreen.decodeCharacter(UInt32(UInt8(ascii: "j"))) == .character("j"))
        #expect(NCursesScreen.decodeCharacter(18) == .control("r"))
        #expect(NCursesScreen.decodeCharacter(13) == .enter)
        #expect(NCursesScreen.decodeCharacter(27) == .escape)
        #expect(NCursesScreen.decodeCharacter(127) == .backspace)
        #expect(NCursesScreen.decodeCharacter(0x58F2) == .character("売"))
    }

    @Test func decodesFunctionKeys() {
        #expect(NCursesScreen.decodeFunctionKey(KEY_UP) == .up)
        #expect(NCursesScreen.decodeFunctionKey(KEY_NPAGE) == .pageDown)
        #expect(NCursesScreen.decodeFunctionKey(KEY_BTAB) == .backTab)
        #expect(NCursesScreen.decodeFunctionKey(KEY_F0 + 5) == .function(5))
    }
}
