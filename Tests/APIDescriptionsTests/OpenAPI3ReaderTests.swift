import Foundation
import Testing
import Tokens
import APIDescriptionFiles
@testable import APIDescriptions

/// OpenAPI 3 descriptions (through OpenAPIKit) and YAML, read into the same operations as Swagger 2.0.
@Suite struct OpenAPI3ReaderTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/openapi3").path

    /// A reader over in-memory files, as `--spec` reads files next to the description.
    static func files(_ files: [String: String]) -> SwaggerReader {
        SwaggerReader(load: { name in
            guard let text = files[name] else { throw DescriptionError(file: name, problem: "missing") }
            return Data(text.utf8)
        }, parse: DescriptionFile.parse)
    }

    static func read(_ text: String, others: [String: String] = [:]) throws -> APIDescription {
        try DescriptionFile.read(Data(text.utf8), name: "api", files: files(others))
    }

    @Test func anOpenAPI30DescriptionInYAMLWithSchemasInAnotherFile() throws {
        let description = try DescriptionFile.read(path: Self.folder + "/api.yaml")
        #expect(description.title == "Contoso Orders: API")
        // The server's variables take their defaults; the path after the host is the base path.
        #expect(description.host == "westeurope.orders.contoso.example")
        #expect(description.basePath == "/api/v2")
        #expect(description.audience == "api://6f1c2a0e-0000-4000-8000-000000000001")
        #expect(description.operations.map(\.operationId).sorted() == ["Notes_Add", "Orders_Create", "Orders_List"])

        let list = try #require(description.operation(id: "Orders_List"))
        #expect(list.method == "GET")
        #expect(list.path == "/api/v2/stores/{storeId}/orders")
        #expect(list.tag == "Orders")
        #expect(list.summary == "Lists a store's orders")
        #expect(list.description.contains("## Notes"))
        // The path-level parameter (a $ref to components) first; the cookie is left out (pbitui does not send cookies).
        #expect(list.parameters.map(\.name) == ["storeId", "status", "$top", "x-ms-client-tag"])
        #expect(list.parameters.map(\.location) == [.path, .query, .query, .header])
        let store = list.parameters[0]
        #expect(store.required && store.type == "integer" && store.format == "int64" && store.summary == "The store, as its number.")
        #expect(list.parameters[1].choices == ["open", "shipped", "cancelled, by customer"])
        #expect(!list.parameters[1].required)
        #expect(list.parameters[2].type == "integer", "nullable (3.0) read as its type")
        // The document's security applies; the scope as the token's scp carries it.
        #expect(list.scopes == ["Orders.Read"])

        let create = try #require(description.operation(id: "Orders_Create"))
        #expect(create.scopes == ["Orders.ReadWrite"], "the operation's own security replaces the document's")
        let body = try #require(create.body)
        #expect(body.required && body.type == "NewOrder")
        // The example follows the $ref into shared/schemas.yaml and the refs within it.
        let example = description.example(for: try #require(body.schema))
        #expect(example == .object(JSONObject([
            ("customer", .string("")), ("channel", .string("web")),
            ("lines", .array([.object(JSONObject([("sku", .string("")), ("quantity", .int(0))]))])),
        ])))
        #expect(description.operation(method: "POST", path: "/stores/12/orders")?.operationId == "Orders_Create")

        // A form body: one field per property.
        let notes = try #require(description.operation(id: "Notes_Add"))
        #expect(notes.parameters.map(\.name) == ["storeId", "text", "pinned"])
        #expect(notes.parameters.dropFirst().allSatisfy { $0.location == .formData })
        #expect(notes.parameters[1].required && !notes.parameters[2].required && notes.parameters[2].type == "boolean")
        #expect(notes.operationId == "Notes_Add" && notes.tag == "Other")

        // A call built from the operation checks its arguments as for Power BI's.
        let call = try list.call([("storeId", "12"), ("status", "shipped"), ("top", "5")], body: nil)
        #expect(call.path == "/api/v2/stores/12/orders")
        #expect(call.queryItems.map(\.0) == ["status", "$top"])
        #expect(throws: CallArgumentError.self) { try list.call([("storeId", "12"), ("status", "lost")], body: nil) }
    }

    @Test func anOpenAPI31DescriptionInJSON() throws {
        let text = #"""
            {"openapi": "3.1.0",
             "info": {"title": "Inventory", "version": "1"},
             "servers": [{"url": "http://127.0.0.1:8080/inventory/"}],
             "components": {
               "schemas": {"Item": {"type": "object", "required": ["name", "size"],
                                    "properties": {"name": {"type": ["string", "null"]}, "size": {"$ref": "#/components/schemas/Size"}}},
                           "Size": {"type": "string", "enum": ["S", "M"]}},
               "parameters": {"Id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}},
               "requestBodies": {"Item": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}}},
             "paths": {
               "/items/{id}": {
                 "put": {"operationId": "Items_Put", "deprecated": true,
                         "parameters": [{"$ref": "#/components/parameters/Id"},
                                        {"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}}}],
                         "requestBody": {"$ref": "#/components/requestBodies/Item"},
                         "responses": {"200": {"description": "OK"}}},
                 "delete": {"parameters": [{"$ref": "#/components/parameters/Id"}], "responses": {"204": {"description": "Gone"}}}}}}
            """#
        let description = try Self.read(text)
        #expect(description.host == "127.0.0.1:8080" && description.basePath == "/inventory")
        #expect(description.audience == nil)
        #expect(description.definitions.keys == ["Item", "Size"])
        let put = try #require(description.operation(id: "Items_Put"))
        #expect(put.deprecated)
        #expect(put.parameters.map(\.name) == ["id", "tags", "body"])
        #expect(put.parameters[0].format == "uuid" && put.parameters[0].required)
        #expect(put.parameters[1].type == "array of string" && put.parameters[1].choices == ["a", "b"])
        #expect(put.body?.type == "Item")
        #expect(description.example(for: try #require(put.body?.schema)) == .object(JSONObject([("name", .string("")), ("size", .string("S"))])))
        // An operation without an id is named by its method and path.
        #expect(description.operation(id: "DELETE /inventory/items/{id}") != nil)
    }

    @Test func aSwaggerDescriptionInYAML() throws {
        let description = try Self.read("""
            swagger: "2.0"
            info: { title: YAML Swagger }
            host: api.contoso.example
            basePath: /v1
            securityDefinitions:
              entra:
                type: oauth2
                flow: implicit
                authorizationUrl: https://login.microsoftonline.com/common/oauth2/authorize
                scopes: { "https://api.contoso.example/user_impersonation": Act as the user }
            security: [{ entra: ["https://api.contoso.example/user_impersonation"] }]
            paths:
              /things:
                get:
                  operationId: Things_List
                  parameters:
                    - { name: $top, in: query, type: integer }
                    - { name: big, in: query, type: integer, enum: [12345678901234567890, 2] }
                  responses: { "200": { description: OK } }
            """)
        #expect(description.title == "YAML Swagger" && description.basePath == "/v1")
        #expect(description.audience == "https://api.contoso.example")
        #expect(try #require(description.operation(id: "Things_List")).scopes == ["user_impersonation"], "the document's security")
        let list = try #require(description.operation(id: "Things_List"))
        #expect(list.parameters.map(\.name) == ["$top", "big"])
        #expect(list.parameters[1].choices == ["12345678901234567890", "2"], "a big integer keeps its digits")
    }

    @Test func whatCannotBeReadIsNamed() {
        let cases: [(String, String)] = [
            (#"{"openapi": "2.5", "paths": {}}"#, "OpenAPI 2.5"),
            (#"{"openapi": "3.0.3", "info": {"title": "x", "version": "1"}}"#, "no paths"),
            (#"{"openapi": "3.1.0", "info": {"version": "1"}, "paths": {}}"#, "not a valid OpenAPI 3.1.0 description"),
            (##"{"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/Nope"}], "responses": {}}}}}"##, "Nope"),
            ("<html><body>Sign in to continue</body></html>", "not a description"),
            ("openapi: 3.0.3\npaths: [unclosed", "not YAML"),
            (#"{"openapi": "3.0.3", "paths": {"#, "not JSON"),
            ("", "empty"),
        ]
        for (text, words) in cases {
            do {
                _ = try Self.read(text)
                Issue.record("read \(text)")
            } catch {
                #expect(String(describing: error).contains(words), "\(text): \(error)")
            }
        }
    }

    @Test func aliasesThatExpandWithoutEndAreRefused() {
        // "Billion laughs": ten levels of ten aliases each stand for 10^10 values.
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...10 {
            let previous = "*a\(level - 1)"
            yaml += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        do {
            _ = try Self.read(yaml)
            Issue.record("expanded the aliases")
        } catch {
            #expect(String(describing: error).contains("more than"), "\(error)")
        }
        let deep = String(repeating: "[", count: 100_000)
        do {
            _ = try Self.read(deep)
            Issue.record("read 100,000 nested lists")
        } catch {
            #expect(String(describing: error).contains("nested deeper"), "\(error)")
        }
    }

    @Test func refsToURLsAreRefused() {
        let text = """
            openapi: 3.0.3
            info: { title: t, version: "1" }
            paths:
              /a:
                get:
                  responses:
                    "200":
                      description: OK
                      content: { application/json: { schema: { $ref: 'https://example.test/outside.yaml#/X' } } }
            """
        do {
            _ = try Self.read(text)
            Issue.record("followed a URL")
        } catch {
            #expect(String(describing: error).contains("is a URL or an absolute path"), "\(error)")
        }
    }
}

extension OpenAPI3ReaderTests {
    /// Block sequences nest without brackets (`- - - x`): our conversion refuses past 512 levels, libyaml
    /// (under Yams) past 1,000; neither overflows the stack.
    @Test func deepBlockNestingIsRefused() {
        for (count, words) in [(990, "nested deeper than 512"), (200_000, "not YAML")] {
            do {
                _ = try Self.read(String(repeating: "- ", count: count) + "x\n")
                Issue.record("read \(count) nested sequences")
            } catch {
                #expect(String(describing: error).contains(words), "\(error)")
            }
        }
    }
}
