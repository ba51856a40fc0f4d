import Foundation
import HTTPCore
import PowerBI
import Simulator
import Testing
import TestSupport
import Tokens

/// The client side of executeQueries: what is checked before sending, how answers are read (row keys, omitted
/// blanks, cut results, the three error slots) and how refusals are explained.
@Suite struct DAXClientTests {
    @Test func evaluatesAreCountedOutsideStringsNamesAndComments() {
        #expect(DAXQueryText.evaluateCount("EVALUATE Sales") == 1)
        #expect(DAXQueryText.evaluateCount("evaluate A\nEvaluate B") == 2)
        #expect(DAXQueryText.evaluateCount(#"EVALUATE ROW("x", "EVALUATE")"#) == 1)
        #expect(DAXQueryText.evaluateCount("EVALUATE 'EVALUATE'[x] -- EVALUATE\n// EVALUATE\n/* EVALUATE */ [EVALUATE]") == 1)
        #expect(DAXQueryText.evaluateCount("EVALUATEX(1) MYEVALUATE EVALUATE_ME") == 0)
        #expect(DAXQueryText.evaluateCount(#"EVALUATE ROW("a""EVALUATE", 1)"#) == 1, "doubled quotes stay inside the string")
        #expect(DAXQueryText.problem("  \n") == "the query is empty")
        #expect(DAXQueryText.problem("EVALUATE A EVALUATE B")?.contains("2 EVALUATE") == true)
        #expect(DAXQueryText.problem("DEFINE VAR x = 1 EVALUATE ROW(\"x\", x)") == nil)
        // Unclosed strings and comments end the scan instead of reading past the text.
        #expect(DAXQueryText.evaluateCount("EVALUATE \"open") == 1 && DAXQueryText.evaluateCount("/* EVALUATE") == 0)
        let long = String(repeating: "EVALUATE x ", count: 100_000)
        #expect(DAXQueryText.evaluateCount(long) == 100_000)
    }

    @Test func positionsAreReadFromTheEnginesMessage() {
        #expect(DAXQueryText.position(in: "Query (3, 15) The column 'x' cannot be found.")! == (3, 15))
        #expect(DAXQueryText.position(in: "Query(1,2) x")! == (1, 2))
        #expect(DAXQueryText.position(in: "Failed to execute the DAX query.") == nil)
        #expect(DAXQueryText.position(in: "Query (a, 1) x") == nil)
    }

    @Test func columnsAreTheUnionOfRowKeysInFirstSeenOrder() throws {
        let body = "\u{FEFF}" + #"{"results":[{"tables":[{"rows":[{"Sales[Region]":"West","[Revenue]":1250.5},{"Sales[Region]":"East"},"#
            + #"{"Sales[Region]":"North","[Orders]":18446744073709551617,"[Revenue]":2}]}]}]}"#
        let result = try DAXResult.parse(Data(body.utf8))
        #expect(result.columns == ["Sales[Region]", "[Revenue]", "[Orders]"])
        #expect(result.rows.count == 3 && result.rows.allSatisfy { $0.count == 3 })
        #expect(result.rows[1] == [.string("East"), .null, .null])
        #expect(DAXResult.text(result.rows[2][2]) == "18446744073709551617", "numbers as the service wrote them")
        #expect(DAXResult.text(result.rows[0][1]) == "1250.5" && DAXResult.text(.bool(true)) == "true" && DAXResult.text(.null) == "")
        #expect(result.truncation == nil)
        let json = result.jsonRows()
        #expect(json.arrayValue?[1]["[Revenue]"] == .null, "JSON rows carry every column")
    }

    @Test func anErrorNextToRowsMarksTheResultCutInAnyOfTheThreeSlots() throws {
        let rows = #""rows":[{"[x]":1}]"#
        let table = try DAXResult.parse(Data(#"{"results":[{"tables":[{\#(rows),"error":{"code":"x","message":"More than 100000 rows in a query result."}}]}]}"#.utf8))
        #expect(table.truncation == "More than 100000 rows in a query result." && table.rows.count == 1)
        let result = try DAXResult.parse(Data(#"{"results":[{"tables":[{\#(rows)}],"error":{"message":"More than one result table in a query."}}]}"#.utf8))
        #expect(result.truncation == "More than one result table in a query.")
        let top = try DAXResult.parse(Data(#"{"results":[{"tables":[{\#(rows)}]}],"error":{"code":"Cut"}}"#.utf8))
        #expect(top.truncation == "Cut", "an error without a message is named by its code")
        #expect(throws: DAXResult.ParseError.self) { try DAXResult.parse(Data(#"{"error":{"code":"X","message":"no"}}"#.utf8)) }
        #expect(throws: DAXResult.ParseError.self) { try DAXResult.parse(Data("<html><body>Bad gateway</body></html>".utf8)) }
        #expect(throws: DAXResult.ParseError.self) { try DAXResult.parse(Data(#"{"results":[{"tables":[{"rows":[1]}]}]}"#.utf8)) }
        let empty = try DAXResult.parse(Data(#"{"results":[{"tables":[{"rows":[]}]}]}"#.utf8))
        #expect(empty.columns.isEmpty && empty.rows.isEmpty)
        let label = try DAXResult.parse(Data(#"{"informationProtectionLabel":{"id":"1","name":"Confidential"},"results":[{"tables":[{"rows":[]}]}]}"#.utf8))
        #expect(label.label == "Confidential")
    }

    @Test func theRequestBodyCarriesTheSettingsOnlyWhenGiven() throws {
        let plain = try JSONValue.parse(DAXRequest(query: "EVALUATE A").body)
        #expect(plain == ["queries": [["query": "EVALUATE A"]]])
        let full = try JSONValue.parse(DAXRequest(query: "EVALUATE A", impersonate: "megan@contoso.com", includeNulls: true).body)
        #expect(full["serializerSettings"]?["includeNulls"] == true && full["impersonatedUserName"] == "megan@contoso.com")
    }

    @Test func refusalsAreExplainedInWords() {
        func service(_ status: Int, _ code: String?, _ detail: String?, retryAfter: Int? = nil) -> PowerBIError {
            .service(ServiceError(status: status, code: code, detail: detail, requestId: "r-1", retryAfter: retryAfter, method: "POST", path: "/datasets/d/executeQueries"))
        }
        let dax = DAXFailure.from(service(400, "DatasetExecuteQueriesError", "Query (2, 7) The table 'Nope' cannot be found."), isApp: false,
                                  rowLevelSecurity: nil, engineCode: "3241803828")
        #expect(dax.line == 2 && dax.column == 7 && dax.engineCode == "0xC13A0034")
        #expect(dax.description.contains("Query (2, 7) The table 'Nope'") && dax.description.contains("RequestId r-1"))
        let hidden = DAXFailure.from(service(400, "DatasetExecuteQueriesError", "Failed to execute the DAX query."), isApp: false,
                                     rowLevelSecurity: nil, engineCode: "3242524690")
        #expect(hidden.description.contains("0xC1450012") && hidden.description.contains("hides the cause"))
        let rls = DAXFailure.from(service(401, "PowerBINotAuthorizedException", nil), isApp: true, rowLevelSecurity: true)
        #expect(rls.message.contains("row-level security") && rls.message.contains("--impersonate"))
        let user = DAXFailure.from(service(401, "PowerBINotAuthorizedException", nil), isApp: false, rowLevelSecurity: false)
        #expect(user.message.contains("Dataset Execute Queries REST API") && user.message.contains("Azure Analysis Services"))
        let throttled = DAXFailure.from(service(429, "TooManyRequests", nil, retryAfter: 42), isApp: false, rowLevelSecurity: nil)
        #expect(throttled.retryAfter == 42 && throttled.message.contains("120 queries a minute"))
        #expect(DAXFailure.from(service(404, "PowerBIEntityNotFound", nil), isApp: false, rowLevelSecurity: nil).message.contains("Read and Build"))
        let hostile = DAXFailure.from(service(400, nil, "Query (1, 1) \u{1B}]0;owned\u{07}"), isApp: false, rowLevelSecurity: nil)
        #expect(!hostile.description.contains("\u{1B}"), "the service's text is escaped")
    }

    @Test func queriesRunAgainstTheDemoTenant() async throws {
        let demo = try await DemoClient.start()
        defer { Task { await demo.stop() } }
        let client = demo.client
        let workspace = try #require(try await client.workspaces().first { $0.name == "Sales Analytics" })
        let dataset = try #require(try await client.datasets(in: .group(workspace.id)).first { $0.name == "Sales Model" })
        let result = try await client.executeQuery(DAXRequest(query: #"EVALUATE SUMMARIZECOLUMNS(Sales[Region], "Total", [Total Sales])"#),
                                                   dataset: dataset.id, in: .group(workspace.id))
        #expect(result.columns == ["Sales[Region]", "[Total]"] && result.rows.count == 5)
        let discounts = try await client.executeQuery(DAXRequest(query: "EVALUATE TOPN(50, Sales, Sales[Order Number], ASC)"),
                                                      dataset: dataset.id, in: .group(workspace.id))
        #expect(discounts.columns.count == 8, "the discount column appears although some rows leave it out")
        #expect(discounts.rows.contains { $0[7] == .null })
        do {
            _ = try await client.executeQuery(DAXRequest(query: "EVALUATE\n  Nope"), dataset: dataset.id, in: .group(workspace.id))
            Issue.record("a DAX error was not reported")
        } catch {
            #expect(error.line == 2 && error.column == 3 && error.engineCode == "0xC13A0034")
        }
    }
}
