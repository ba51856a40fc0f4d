import Testing
@testable import Tokens

@Suite struct Base64URLTests {
    @Test(arguments: ["", "f", "fo", "foo", "foob", "fooba", "foobar", "日本語 📊"])
    func roundTripsAnyText(text: String) throws {
        let encoded = Base64URL.encode(text)
        #expect(!encoded.contains("="))
        #expect(!encoded.contains("+") && !encoded.contains("/"))
        #expect(String(decoding: try Base64URL.decode(encoded), as: UTF8.self) == text)
    }

    @Test func matchesRFC4648Vectors() {
        #expect(Base64URL.encode("foobar") == "Zm9vYmFy")
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
    }

    @Test func toleratesTrailingPadding() throws {
        #expect(try Base64URL.decode("Zm8=") == Array("fo".utf8))
    }

    @Test func namesTheBadCharacterAndItsOffset() {
        #expect(throws: Base64URL.DecodingError.invalidCharacter("+", offset: 3)) { try Base64URL.decode("Zm9+YmFy") }
        #expect(throws: Base64URL.DecodingError.invalidCharacter("\n", offset: 4)) { try Base64URL.decode("Zm9v\n") }
    }

    @Test func rejectsImpossibleLength() {
        #expect(throws: Base64URL.DecodingError.invalidLength(5)) { try Base64URL.decode("Zm9vY") }
    }
}
