import Foundation
import Testing
import Tokens
@testable import Simulator

/// The demo tenant's DAX: every supported function against totals computed here from the model's own rows,
/// and errors with the engine's positions.
@Suite struct DAXEvaluatorTests {
    static let model = DAXModel.generate(seed: 42, salesRows: 1_000, secured: true, singleSignOn: false)
    static var sales: DAXModel.Table { model.tables[model.table(named: "Sales")!] }

    func run(_ text: String, user: String? = "alex@pbitui-demo.onmicrosoft.com", secured: Bool = false) throws -> DAXTable {
        let model = secured ? Self.model : DAXModel(tables: Self.model.tables, measures: Self.model.measures,
                                                     relationships: Self.model.relationships, security: nil, singleSignOn: false)
        let value = secured ? DAXModel.securedUsers[user ?? ""] : nil
        return try DAXEvaluator(model: model, securityValue: value).run(try DAXParser.query(text))
    }

    func failure(_ text: String) -> DAXError? {
        do { _ = try run(text); return nil } catch let error as DAXError { return error } catch { return nil }
    }

    func keys(_ table: DAXTable) -> [String] { table.columns.map(\.key) }

    /// Sum of Amount (ten-thousandths) per region, from the raw rows.
    var amountByRegion: [String: Int64] {
        var totals: [String: Int64] = [:]
        for row in Self.sales.rows { if case let .currency(value) = row[6] { totals[row[4].text, default: 0] += value } }
        return totals
    }

    @Test func evaluateOfATableGivesItsRowsWithTableColumnKeys() throws {
        let table = try run("EVALUATE Product")
        #expect(keys(table) == ["Product[Product]", "Product[Category]", "Product[List Price]"])
        #expect(table.rows.count == DAXModel.products.count)
        let quoted = try run("evaluate 'Product'")
        #expect(quoted.rows.count == table.rows.count, "quoted names and lower-case keywords")
    }

    @Test func summarizeColumnsWithEveryAggregateAndMeasures() throws {
        let table = try run("""
            EVALUATE SUMMARIZECOLUMNS(Sales[Region], "Total", SUM(Sales[Amount]), "Lines", COUNTROWS(Sales),
                "Avg", AVERAGE(Sales[Quantity]), "Least", MIN(Sales[Quantity]), "Most", MAX(Sales[Quantity]),
                "Customers", DISTINCTCOUNT(Sales[Customer]), "Measure", [Total Sales])
            """)
        #expect(keys(table) == ["Sales[Region]", "[Total]", "[Lines]", "[Avg]", "[Least]", "[Most]", "[Customers]", "[Measure]"])
        #expect(table.rows.map { $0[0].text } == DAXModel.regions.sorted())
        for row in table.rows {
            let region = row[0].text
            let lines = Self.sales.rows.filter { $0[4].text == region }
            #expect(row[1] == .currency(amountByRegion[region]!), "\(region)")
            #expect(row[7] == row[1], "the model's measure equals SUM")
            #expect(row[2] == .integer(Int64(lines.count)))
            let quantities = lines.compactMap { if case let .integer(q) = $0[5] { return q } else { return nil } }
            #expect(row[3] == .decimal(Double(quantities.reduce(0, +)) / Double(quantities.count)))
            #expect(row[4] == .integer(quantities.min()!) && row[5] == .integer(quantities.max()!))
            #expect(row[6] == .integer(Int64(Set(lines.map { $0[2].text }).count)))
        }
    }

    @Test func summarizeColumnsAcrossARelationshipAndWithAFilterTable() throws {
        let table = try run("""
            EVALUATE SUMMARIZECOLUMNS(Product[Category], FILTER(Sales, Sales[Region] = "West"), "Total", [Total Sales])
            ORDER BY Product[Category] DESC
            """)
        let categoryOf = Dictionary(uniqueKeysWithValues: DAXModel.products.map { ($0.name, $0.category) })
        var expected: [String: Int64] = [:]
        for row in Self.sales.rows where row[4].text == "West" {
            if case let .currency(value) = row[6] { expected[categoryOf[row[3].text]!, default: 0] += value }
        }
        #expect(table.rows.map { $0[0].text } == expected.keys.sorted().reversed())
        for row in table.rows { #expect(row[1] == .currency(expected[row[0].text]!)) }
    }

    @Test func filterTopnSelectAddColumnsRowAndCalculatetable() throws {
        let west = try run(#"EVALUATE FILTER(Sales, Sales[Region] = "West" && Sales[Quantity] >= 10)"#)
        #expect(west.rows.count == Self.sales.rows.filter { $0[4].text == "West" && (Int($0[5].text) ?? 0) >= 10 }.count)
        #expect(west.rows.allSatisfy { $0[4].text == "West" })

        let top = try run(#"EVALUATE TOPN(3, Product, Product[List Price], DESC)"#)
        #expect(top.rows.map { $0[0].text } == ["Onboarding", "Support Plan", "Gadget Pro"])
        let cheapest = try run(#"EVALUATE TOPN(1, Product, Product[List Price], ASC)"#)
        #expect(cheapest.rows.map { $0[0].text } == ["Cable 2m"])

        let selected = try run(#"EVALUATE SELECTCOLUMNS(Product, "Name", Product[Product], "Double", Product[List Price] * 2)"#)
        #expect(keys(selected) == ["[Name]", "[Double]"])
        #expect(selected.rows[0] == [.text("Widget"), .currency(50_0000)])

        let added = try run(#"EVALUATE ADDCOLUMNS(VALUES(Sales[Region]), "Total", [Total Sales])"#)
        #expect(keys(added) == ["Sales[Region]", "[Total]"])
        for row in added.rows { #expect(row[1] == .currency(amountByRegion[row[0].text]!), "context transition per region") }

        let single = try run(#"EVALUATE ROW("Lines", COUNTROWS(Sales), "Text", "a""b")"#)
        #expect(keys(single) == ["[Lines]", "[Text]"] && single.rows == [[.integer(1_000), .text("a\"b")]])

        let calculated = try run(#"EVALUATE CALCULATETABLE(ROW("West", [Total Sales]), Sales[Region] = "West")"#)
        #expect(calculated.rows == [[.currency(amountByRegion["West"]!)]])
        let replaced = try run(#"EVALUATE ADDCOLUMNS(VALUES(Sales[Region]), "West", CALCULATE([Total Sales], Sales[Region] = "West"))"#)
        #expect(replaced.rows.allSatisfy { $0[1] == .currency(amountByRegion["West"]!) }, "a filter on the same column replaces the row's")
        let listed = try run(#"EVALUATE CALCULATETABLE(VALUES(Sales[Region]), Sales[Region] IN {"West", "East"})"#)
        #expect(listed.rows.map { $0[0].text } == ["East", "West"])
    }

    @Test func defineVariablesMeasuresAndOrderBy() throws {
        let table = try run("""
            // a comment
            DEFINE
                VAR Minimum = 5
                MEASURE Sales[Big Lines] = CALCULATE(COUNTROWS(Sales), Sales[Quantity] >= Minimum)
                MEASURE Sales[Share] = DIVIDE([Big Lines], [Order Lines])
            EVALUATE SUMMARIZECOLUMNS(Sales[Region], "Big", [Big Lines], "Share", [Share]) /* block */
            ORDER BY [Big] DESC, Sales[Region]
            """)
        #expect(keys(table) == ["Sales[Region]", "[Big]", "[Share]"])
        let counts = table.rows.map { Int($0[1].text)! }
        #expect(counts == counts.sorted(by: >))
        for row in table.rows {
            let region = row[0].text
            let big = Self.sales.rows.filter { $0[4].text == region && Int($0[5].text)! >= 5 }.count
            #expect(row[1] == .integer(Int64(big)))
        }
    }

    @Test func blanksAreBlankAndBigIntegersAndDatesKeepTheirForm() throws {
        let table = try run(#"EVALUATE TOPN(5, Sales, Sales[Order Number], ASC)"#)
        #expect(table.rows[0][0] == .integer(9_007_199_254_740_993), "past 2^53")
        #expect(table.rows.allSatisfy { if case let .date(text) = $0[1] { return text.hasSuffix("T00:00:00") && text.count == 19 } else { return false } })
        #expect(Self.sales.rows.contains { $0[7].isBlank }, "some discounts are blank")
        let dated = try run(#"EVALUATE ROW("After", COUNTROWS(FILTER(Sales, Sales[Order Date] >= DATE(2025, 1, 1))), "Year", YEAR(DATE(2025, 3, 4)))"#)
        #expect(dated.rows[0][0] == .integer(Int64(Self.sales.rows.filter { $0[1].text >= "2025-01-01" }.count)))
        #expect(dated.rows[0][1] == .integer(2025))
    }

    @Test func theOtherScalarAndTableFunctions() throws {
        let row = try run(#"""
            EVALUATE ROW(
                "count", COUNT(Sales[Discount]), "if", IF(1 > 2, "a", "b"), "ifBlank", IF(FALSE(), 1),
                "divide", DIVIDE(10, 4), "byZero", DIVIDE(1, 0), "alternate", DIVIDE(1, 0, -1),
                "month", MONTH(DATE(2025, 3, 4)), "round", ROUND(2.345, 2), "isBlank", ISBLANK(BLANK()),
                "and", AND(TRUE, NOT FALSE), "or", OR(FALSE(), 1 = 2), "text", UPPER("é") & LOWER("AB") & LEN("four"),
                "calc", CALCULATE(COUNTROWS(Sales), ALL(Sales)), "min2", MIN(3, 2), "max2", MAX(3, BLANK()))
            """#)
        let values = Dictionary(uniqueKeysWithValues: zip(keys(row), row.rows[0]))
        #expect(values["[count]"] == .integer(Int64(Self.sales.rows.filter { !$0[7].isBlank }.count)))
        #expect(values["[if]"] == .text("b") && values["[ifBlank]"] == .blank)
        #expect(values["[divide]"] == .decimal(2.5) && values["[byZero]"] == .blank && values["[alternate]"] == .integer(-1))
        #expect(values["[month]"] == .integer(3) && values["[round]"] == .decimal(2.35) && values["[isBlank]"] == .bool(true))
        #expect(values["[and]"] == .bool(true) && values["[or]"] == .bool(false) && values["[text]"] == .text("Éab4"))
        #expect(values["[calc]"] == .integer(1_000) && values["[min2]"] == .integer(2) && values["[max2]"] == .integer(3))
        let distinct = try run("EVALUATE DISTINCT(Product[Category])")
        #expect(distinct.rows.map { $0[0].text } == ["Accessories", "Hardware", "Services", "Software"])
        let all = try run(#"EVALUATE CALCULATETABLE(ALL(Sales[Region]), Sales[Region] = "West")"#)
        #expect(all.rows.count == 5, "ALL ignores the filter")
        let variable = try run("DEFINE VAR Top = TOPN(2, Product, Product[List Price]) EVALUATE Top")
        #expect(variable.rows.map { $0[0].text } == ["Onboarding", "Support Plan"])
    }

    @Test func generateSeriesMakesAsManyRowsAsAskedInOneColumn() throws {
        let series = try run("EVALUATE GENERATESERIES(1, 150000)")
        #expect(keys(series) == ["[Value]"] && series.rows.count == 150_000)
        #expect(series.rows.first == [.integer(1)] && series.rows.last == [.integer(150_000)])
        let stepped = try run("EVALUATE GENERATESERIES(0, 1, 0.25)")
        #expect(stepped.rows.map { $0[0] } == [0, 0.25, 0.5, 0.75, 1].map(DAXValue.decimal))
        #expect(try run("EVALUATE GENERATESERIES(5, 1)").rows.isEmpty, "an end before the start: no rows")
        #expect(failure("EVALUATE GENERATESERIES(1, 10, 0)")?.message.contains("greater than zero") == true)
        #expect(failure("EVALUATE GENERATESERIES(1, 1e9)")?.message.contains("at most") == true)
        #expect(failure("EVALUATE GENERATESERIES(1)") != nil)
    }

    @Test func infoViewFunctionsDescribeTheModel() throws {
        let tables = try run("EVALUATE INFO.VIEW.TABLES()")
        #expect(keys(tables).prefix(3) == ["[ID]", "[Name]", "[Model]"])
        #expect(tables.rows.map { $0[1].text } == ["Sales", "Product", "Customer"])
        let columns = try run(#"EVALUATE FILTER(INFO.VIEW.COLUMNS(), [Table] = "Sales")"#)
        #expect(columns.columns.count == 24 && columns.rows.count == 8)
        #expect(columns.rows.first { $0[1].text == "Order Number" }?[3] == .text("Int64"))
        let measures = try run("EVALUATE INFO.VIEW.MEASURES()")
        #expect(measures.rows.contains { $0[1].text == "Total Sales" && $0[5].text == "SUM(Sales[Amount])" })
        let relationships = try run("EVALUATE INFO.VIEW.RELATIONSHIPS()")
        #expect(relationships.rows.count == 2)
    }

    @Test func rowLevelSecurityKeepsTheUsersRegion() throws {
        let alex = try run("EVALUATE SUMMARIZECOLUMNS(Sales[Region], \"N\", COUNTROWS(Sales))", secured: true)
        #expect(alex.rows.map { $0[0].text } == ["West"])
        let stranger = try run("EVALUATE ROW(\"N\", COUNTROWS(Sales))", user: "nobody@contoso.com", secured: true)
        #expect(stranger.rows == [[.blank]], "a user without a role sees no rows")
        let all = try run(#"EVALUATE ROW("N", CALCULATE(COUNTROWS(Sales), ALL(Sales)))"#, secured: true)
        #expect(all.rows[0][0] == .integer(Int64(Self.sales.rows.filter { $0[4].text == "West" }.count)), "ALL does not lift security")
    }

    @Test func errorsCarryTheirLineAndColumn() {
        let cases: [(String, Int, Int, String)] = [
            ("EVALUATE Nope", 1, 10, "Failed to resolve name 'Nope'"),
            ("EVALUATE\n  FILTER(Sales, Sales[Nope] = 1)", 2, 17, "Column 'Nope' in table 'Sales' cannot be found"),
            ("EVALUATE ROW(\"x\", PATHCONTAINS(1, 2))", 1, 19, "Failed to resolve name 'PATHCONTAINS'"),
            ("EVALUATE ROW(\"x\" 1)", 1, 18, "The syntax for '1' is incorrect"),
            ("EVALUATE INFO.TABLES()", 1, 10, "INFO.TABLES"),
            ("EVALUATE ROW(\"x\", Sales[Amount])", 1, 19, "A single value for column 'Amount' in table 'Sales' cannot be determined"),
            ("EVALUATE ROW(\"x\", \"open", 1, 19, "not closed"),
            ("EVALUATE ROW(\"x\", 1 / 0)", 1, 21, "Division by zero"),
            ("EVALUATE ROW(\"x\", \"a\" < 1)", 1, 23, "comparing values of type Text"),
            ("DEFINE EVALUATE Sales", 1, 8, "The syntax for 'EVALUATE' is incorrect"),
            ("EVALUATE ROW(\"x\", 1", 1, 20, "end of the input"),
        ]
        for (text, line, column, message) in cases {
            let error = failure(text)
            #expect(error?.position == DAXPosition(line: line, column: column), "\(text): \(String(describing: error))")
            #expect(error?.message.contains(message) == true, "\(text): \(error?.message ?? "no error")")
            #expect(error?.detailsMessage.hasPrefix("Query (\(line), \(column)) ") == true)
        }
    }

    @Test func deepAndLongInputIsRefusedOrRunsInLinearTime() {
        let deep = "EVALUATE ROW(\"x\", " + String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000) + ")"
        #expect(failure(deep)?.message.contains("nested too deeply") == true)
        #expect(failure("EVALUATE ROW(\"x\", " + String(repeating: "- ", count: 5_000) + "1)")?.message.contains("nested too deeply") == true)
        let sum = "EVALUATE ROW(\"x\", " + Array(repeating: "1", count: 200).joined(separator: " + ") + ")"
        #expect((try? run(sum))?.rows == [[.integer(200)]])
        let long = "EVALUATE ROW(\"x\", " + Array(repeating: "1", count: 20_000).joined(separator: " + ") + ")"
        #expect(failure(long)?.message.contains("too long") == true)
    }
}
