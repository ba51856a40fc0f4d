import MCP
import Testing
import Tokens
@testable import MCPServer

/// Numbers reach the assistant exactly; lists are bounded and say so; ids are used as given.
@Suite struct MCPValueTests {
    @Test func numbersGoAsIntegersDoublesOrTheirTextWhenNeitherIsExact() {
        #expect(MCPValue.value(.number("42")) == .int(42))
        #expect(MCPValue.value(.number("-7")) == .int(-7))
        #expect(MCPValue.value(.number("1.5")) == .double(1.5))
        // An order number past 2^63 and a decimal with more digits than a double holds keep their text.
        #expect(MCPValue.value(.number("123456789012345678901234")) == .string("123456789012345678901234"))
        #expect(MCPValue.value(.number("0.1000000000000000055511151231257827")) == .string("0.1000000000000000055511151231257827"))
        // Past 2^53 but within 64 bits: an integer, exactly.
        #expect(MCPValue.value(.number("9007199254740993")) == .int(9_007_199_254_740_993))
        #expect(MCPValue.json(.int(9_007_199_254_740_993)) == .number("9007199254740993"))
    }

    @Test func objectsAndArraysConvertBothWays() {
        let json = JSONValue.object(JSONObject([("name", .string("Sales, \"EMEA\"\nline")), ("n", .number("3")), ("ok", .bool(true)),
                                                ("none", .null), ("list", .array([.number("1"), .string("x")]))]))
        let value = MCPValue.value(json)
        #expect(value == .object(["name": .string("Sales, \"EMEA\"\nline"), "n": .int(3), "ok": .bool(true), "none": .null,
                                  "list": .array([.int(1), .string("x")])]))
        #expect(MCPValue.value(MCPValue.json(value)) == value)
    }

    @Test func argumentsAreReadLeniently() {
        let arguments: [String: Value] = ["top": .double(5), "workspace": .int(12), "text": .string("x")]
        #expect(MCPValue.integer(arguments, "top") == 5)
        #expect(MCPValue.text(arguments, "workspace") == "12")
        #expect(MCPValue.integer(arguments, "missing") == nil && MCPValue.text(nil, "text") == nil)
    }

    @Test func listsStopAtTheirCapAndSaySo() throws {
        let objects = (1...250).map { JSONValue.object(JSONObject([("name", .string("Workspace \($0)"))])) }
        let first = try ReadTools.bounded(objects, member: "workspaces", nil) { $0["name"]?.stringValue ?? "" }
        #expect(first["workspaces"]?.arrayValue?.count == 100 && first["truncated"] == .bool(true))
        let all = try ReadTools.bounded(objects, member: "workspaces", ["top": .int(1000)]) { $0["name"]?.stringValue ?? "" }
        #expect(all["workspaces"]?.arrayValue?.count == 250 && all["truncated"] == .bool(false))
        let accents = [JSONValue.object(JSONObject([("name", .string("Ventes été"))]))]
        let found = try ReadTools.bounded(accents, member: "w", ["filter": .string("VENTES ETE")]) { $0["name"]?.stringValue ?? "" }
        #expect(found["w"]?.arrayValue?.count == 1, "without case or accents")
        #expect(throws: ToolError.self) { try ReadTools.bounded(objects, member: "w", ["top": .int(1001)]) { _ in "" } }
    }

    @Test func anIdIsUsedAsGivenAndANameIsLookedUp() {
        #expect(WorkspaceLookup.isGUID("2cbdf190-bb4a-447e-8cb2-e8b6321f9447"))
        #expect(!WorkspaceLookup.isGUID("Sales Analytics"))
        #expect(!WorkspaceLookup.isGUID("2cbdf190-bb4a-447e-8cb2-e8b6321f944"))
        #expect(!WorkspaceLookup.isGUID("2cbdf190xbb4a-447e-8cb2-e8b6321f9447"))
    }

    @Test func errorsAreExplainedFromTheCataloguesAndUnknownOnesSaySo() throws {
        let gateway = try ReadTools.explainError(["code": .string("DM_GWPipeline_Gateway_MashupDataAccessError")])
        #expect(gateway["known"] == .bool(true))
        let json = #"{"errorCode":"ModelRefreshFailed_CredentialsNotSpecified","errorDescription":"The credentials provided are invalid."}"#
        let fromJSON = try ReadTools.explainError(["service_exception_json": .string(json)])
        #expect(fromJSON["code"] == .string("ModelRefreshFailed_CredentialsNotSpecified") && fromJSON["known"] == .bool(true))
        let unknown = try ReadTools.explainError(["code": .string("SomethingNew_123")])
        #expect(unknown["known"] == .bool(false) && unknown["meaning"] == .null)
        #expect(throws: ToolError.self) { try ReadTools.explainError([:]) }
        #expect(throws: ToolError.self) { try ReadTools.explainError(["service_exception_json": .string("<html>")]) }
    }
}
