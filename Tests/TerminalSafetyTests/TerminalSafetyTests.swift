import Testing
import TerminalSafety

/// One definition of what must not reach a terminal raw, checked against every code point of the BMP.
@Suite struct TerminalSafetyTests {
    static let expected: Set<UInt32> = Set(Array(0x00...0x1F) + Array(0x7F...0x9F) + [0x061C, 0x200E, 0x200F]
                                           + Array(0x202A...0x202E) + Array(0x2066...0x2069))

    @Test func theSetIsControlsAndBidiMarks() {
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(TerminalSafety.isUnsafe(scalar) == Self.expected.contains(value), "U+\(String(value, radix: 16))")
        }
    }

    /// The byte scanner finds exactly the non-ASCII members of the set, at their UTF-8 length.
    @Test func theUTF8ScannerAgreesWithTheSet() {
        for value in UInt32(0x80)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let bytes = Array(String(scalar).utf8)
            let found = TerminalSafety.unsafeScalar(inUTF8: bytes, at: 0)
            if Self.expected.contains(value) {
                #expect(found?.0 == value && found?.1 == bytes.count, "U+\(String(value, radix: 16))")
                #expect(TerminalSafety.mayStartUnsafe(bytes[0]))
            } else {
                #expect(found == nil, "U+\(String(value, radix: 16))")
            }
        }
        #expect(TerminalSafety.unsafeScalar(inUTF8: [0xE2, 0x80], at: 0) == nil, "a cut sequence is not read past its end")
    }

    @Test func escapesAreVisibleAndLineBreaksCanStay() {
        #expect(TerminalSafety.escape("plain text") == "plain text")
        #expect(TerminalSafety.escape("a\u{1B}[31mb\u{7}") == "a\\u{1B}[31mb\\u{7}")
        #expect(TerminalSafety.escape("x\u{9B}y \u{202E}gnp.exe") == "x\\u{9B}y \\u{202E}gnp.exe")
        #expect(TerminalSafety.escape("one\ntwo\tthree\r") == "one\\u{A}two\\u{9}three\\u{D}")
        #expect(TerminalSafety.escape("one\ntwo\tthree\r\u{1B}", keepingLineBreaks: true) == "one\ntwo\tthree\r\\u{1B}")
        #expect(TerminalSafety.escape("売上 📊 Café") == "売上 📊 Café")
    }
}
