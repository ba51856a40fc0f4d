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

/// Objects passed through as the service sent them lose only what would act on a terminal.
@Suite struct TerminalSafeTests {
    @Test func textWithNothingToEscapeComesBackUnchanged() {
        let bytes = ArraySlice(Array(#"{"id":"1","name":"Vertrieb Österreich 販売 📊 – ok"}"#.utf8))
        let safe = JSONValue.terminalSafe(bytes)
        #expect(Array(safe) == Array(bytes))
    }

    @Test func c1ControlsAndBidiOverridesBecomeEscapesThatReadBackTheSame() throws {
        let name = "a\u{9B}31mb\u{202E}c\u{2066}d\u{61C}e"
        let source = JSONValue.object(JSONObject([(key: "name", value: .string(name))]))
        // Written raw, as a service would send them.
        var raw = Array(#"{"name":""#.utf8)
        raw += Array(name.utf8)
        raw += Array(#""}"#.utf8)
        let safe = Array(JSONValue.terminalSafe(ArraySlice(raw)))
        let text = String(decoding: safe, as: UTF8.self)
        #expect(text == #"{"name":"a\u009b31mb\u202ec\u2066d\u061ce"}"#)
        #expect(try JSONValue.parse(safe) == source)
    }

    @Test func aSliceInTheMiddleOfAPageIsEscapedByItsOwnIndices() {
        let page = Array(#"[{"n":"x"},{"n":"y\#u{202E}z"}]"#.utf8)
        let start = page.firstIndex(of: UInt8(ascii: ","))! + 1
        let safe = JSONValue.terminalSafe(page[start..<(page.count - 1)])
        #expect(String(decoding: safe, as: UTF8.self) == #"{"n":"y\u202ez"}"#)
    }
}

/// Pages passed through as one array: objects as sent, duplicates left out, terminal controls escaped.
@Suite struct JSONPassThroughTests {
    @Test func pagesBecomeOneArrayWithoutDuplicates() throws {
        var objects = JSONPassThrough()
        #expect(objects.add(page: Array(#"{"@odata.context":"x","value":[{"id":"A1","name":"Vertrieb, \"Süd\"\nZeile"},{"id":"b2","name":"x\#u{9B}y"}]}"#.utf8)) == 2)
        #expect(objects.add(page: Array(#"{"value":[{"id":"a1","name":"again"},{"name":"no id"}]}"#.utf8)) == 2)
        #expect(objects.add(page: Array(#"{"value":[]}"#.utf8)) == 0)
        let array = try JSONValue.parse(objects.arrayBytes())
        let items = try #require(array.arrayValue)
        #expect(items.count == 3, "a1 repeats A1 (ids compare without case)")
        #expect(items[0]["name"]?.stringValue == "Vertrieb, \"Süd\"\nZeile")
        #expect(items[1]["name"]?.stringValue == "x\u{9B}y", "the escape reads back as the same string")
        #expect(!objects.arrayBytes().contains(0x9B) || !String(decoding: objects.arrayBytes(), as: UTF8.self).contains("\u{9B}"))
        #expect(JSONPassThrough().arrayBytes() == Array("[]".utf8))
        var other = JSONPassThrough()
        #expect(other.add(page: Array(#"<html>busy</html>"#.utf8)) == nil, "not a page: the caller parses it")
    }
}

/// Duplicates are told apart by id without case: GUIDs by their bits, other ids by their lower-cased text.
@Suite struct JSONPassThroughIdentityTests {
    @Test func guidsInEitherCaseAreOneAndOtherIdsCompareAsText() throws {
        var objects = JSONPassThrough()
        let page = """
            {"value":[{"id":"2cbdf190-bb4a-447e-8cb2-e8b6321f9447"},{"id":"2CBDF190-BB4A-447E-8CB2-E8B6321F9447"},
            {"id":"2cbdf190-bb4a-447e-8cb2-e8b6321f9448"},{"id":"zzzzzzzz-bb4a-447e-8cb2-e8b6321f9447"},
            {"id":"ZZZZZZZZ-BB4A-447E-8CB2-E8B6321F9447"},{"id":"2cbdf190bb4a447e8cb2e8b6321f94470000"},
            {"id":"Ärger"},{"id":"ärger"},{"id":"with\\u0041escape"},{"id":"with\\u0041escape"}]}
            """
        #expect(objects.add(page: Array(page.utf8)) == 10)
        let ids = try #require(try JSONValue.parse(objects.arrayBytes()).arrayValue).compactMap { $0["id"]?.stringValue }
        #expect(ids == ["2cbdf190-bb4a-447e-8cb2-e8b6321f9447", "2cbdf190-bb4a-447e-8cb2-e8b6321f9448",
                        "zzzzzzzz-bb4a-447e-8cb2-e8b6321f9447", "2cbdf190bb4a447e8cb2e8b6321f94470000", "Ärger",
                        "withAescape"], "\(ids)")
        // An id added as text (the parser's fallback) matches the same GUID found by the scanner.
        objects.add(object: ArraySlice(#"{"id":"2CBDF190-bb4a-447e-8cb2-E8B6321F9447"}"#.utf8), id: "2CBDF190-bb4a-447e-8cb2-E8B6321F9447")
        #expect(objects.objects.count == 6)
    }
}

@Suite struct JSONPassThroughChunkTests {
    @Test(arguments: [16, 100, 65_536])
    func writtenInChunksTheArrayIsTheSame(chunkSize: Int) {
        var objects = JSONPassThrough()
        let page = "{\"value\":[" + (0..<50).map { #"{"id":"\#($0)","name":"Workspace \#($0) — Österreich"}"# }.joined(separator: ",") + "]}"
        _ = objects.add(page: Array(page.utf8))
        var streamed: [UInt8] = []
        var calls = 0
        objects.writeArray(chunkSize: chunkSize) { streamed += $0; calls += 1 }
        #expect(streamed == objects.arrayBytes())
        if chunkSize == 100 { #expect(calls > 1) }
        var empty: [UInt8] = []
        JSONPassThrough().writeArray { empty += $0 }
        #expect(empty == Array("[]".utf8))
    }
}
