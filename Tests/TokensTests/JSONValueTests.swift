import Testing
@testable import Tokens

@Suite struct JSONValueTests {
    @Test func keepsKeyOrder() throws {
        let value = try JSONValue.parse(#"{"z":1,"a":2,"m":{"y":true,"b":null}}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value["m"]?.objectValue?.keys == ["y", "b"])
    }

    @Test func serialisesBackUnchanged() throws {
        let text = #"{"id":"x","n":12345678901234567890,"f":1.5e-3,"s":"é 📊 \"q\"","a":[true,false,null],"o":{}}"#
        #expect(try JSONValue.parse(text).serialized() == text)
    }

    @Test func escapesControlCharactersWhenSerialising() {
        #expect(JSONValue.string("a\u{1B}[31mb\n").serialized() == #""a\u001b[31mb\n""#)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try JSONValue.parse(#""\u00e9\ud83d\udcca\n""#) == .string("é📊\n"))
    }

    @Test func readsNumbersAndNumericStringsLeniently() throws {
        let value = try JSONValue.parse(#"{"a":3599,"b":"3599","c":1.0}"#)
        #expect(value["a"]?.intValue == 3599)
        #expect(value["b"]?.intValue == 3599)
        #expect(value["c"]?.intValue == 1)
    }

    @Test(arguments: [
        ("{", "unexpected end of input"),
        (#"{"a" 1}"#, "expected ':'"),
        ("[1,]", "unexpected character"),
        ("<html>", "unexpected character '<'"),
        (#"{"a":1} x"#, "unexpected text after the JSON value"),
        ("", "unexpected end of input"),
    ])
    func reportsWhereParsingStopped(text: String, message: String) {
        do {
            _ = try JSONValue.parse(text)
            Issue.record("parsed invalid JSON \(text)")
        } catch {
            #expect(error.message.contains(message))
        }
    }

    @Test func capsNestingDepth() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }
}
