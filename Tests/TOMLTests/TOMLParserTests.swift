import Testing
import TOML

@Suite struct TOMLParserTests {
    @Test func readsTablesKeysAndValuesInFileOrder() throws {
        let table = try TOMLParser.parse("""
            # pbitui config
            default_profile = "contoso"
            theme = 'solarized-dark'

            [profiles.contoso]
            tenant = "contoso.onmicrosoft.com"   # the tenant
            retries = 3
            ratio = 0.5
            mouse = false
            scopes = ["a", "b",
                      "c",]

            [profiles."fabrikam prod"]
            colors = { text = "#ffffff", accent = 33 }
            """)
        #expect(table.keys == ["default_profile", "theme", "profiles"])
        #expect(table["theme"]?.stringValue == "solarized-dark")
        let profiles = try #require(table["profiles"]?.tableValue)
        #expect(profiles.keys == ["contoso", "fabrikam prod"])
        let contoso = try #require(profiles["contoso"]?.tableValue)
        #expect(contoso["tenant"]?.stringValue == "contoso.onmicrosoft.com")
        #expect(contoso["retries"]?.integerValue == 3)
        #expect(contoso["ratio"] == .float(0.5))
        #expect(contoso["mouse"]?.booleanValue == false)
        #expect(contoso["scopes"]?.arrayValue?.compactMap(\.stringValue) == ["a", "b", "c"])
        let colors = try #require(profiles["fabrikam prod"]?.tableValue?["colors"]?.tableValue)
        #expect(colors["accent"]?.integerValue == 33)
    }

    @Test func decodesEscapesAndMultilineStrings() throws {
        let table = try TOMLParser.parse(#"""
            a = "tab\there \u00e9 \U0001F600 \"q\""
            b = """
            line one
            line two"""
            c = '''C:\path\no-escapes'''
            d.e.f = 1_000
            g = 0x1F
            """#)
        #expect(table["a"]?.stringValue == "tab\there é 😀 \"q\"")
        #expect(table["b"]?.stringValue == "line one\nline two")
        #expect(table["c"]?.stringValue == #"C:\path\no-escapes"#)
        #expect(table["d"]?.tableValue?["e"]?.tableValue?["f"]?.integerValue == 1000)
        #expect(table["g"]?.integerValue == 31)
    }

    @Test(arguments: [
        ("a = 1\na = 2", 2, "defined twice"),
        ("[x]\n[x]", 2, "defined twice"),
        ("a = \"open", 1, "not closed"),
        ("a = hello", 1, "strings need quotes"),
        ("a = 1 b = 2", 1, "goes on after the value"),
        ("[[servers]]", 1, "arrays of tables"),
        ("when = 1979-05-27", 1, "dates"),
        ("a = \"\\q\"", 1, "unknown escape"),
        ("a = [1, 2", 1, "not closed"),
        ("x = 1\n[x]", 2, "already an integer"),
        ("a = 007", 1, "leading zeros"),
        ("= 1", 1, "key was expected"),
    ])
    func refusesBadInputNamingTheLine(text: String, line: Int, problem: String) {
        #expect {
            try TOMLParser.parse(text)
        } throws: { error in
            guard let error = error as? TOMLError else { return false }
            return error.line == line && error.problem.contains(problem)
        }
    }

    @Test func refusesRawControlCharactersAndBadUTF8() {
        #expect(throws: TOMLError.self) { try TOMLParser.parse("a = \"bell\u{07}\"") }
        let invalid = String(decoding: [0x61, 0x20, 0x3D, 0x20, 0x22, 0xC3, 0x22], as: UTF8.self)
        #expect(throws: TOMLError.self) { try TOMLParser.parse(invalid) }
    }

    @Test func emptyDocumentIsAnEmptyTable() throws {
        #expect(try TOMLParser.parse("").isEmpty)
        #expect(try TOMLParser.parse("# only a comment\n\n").isEmpty)
    }
}
