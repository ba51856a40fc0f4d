import Foundation
import Testing
import Tokens
@testable import APIDescriptions

/// The description reader on the official Power BI file (compiled in) and on a multi-file fixture.
@Suite struct OperationCatalogueTests {
    static let powerBI = OperationCatalogue.powerBI

    @Test func everyOperationOfThePowerBIDescriptionIsRead() throws {
        let operations = Self.powerBI.operations
        #expect(operations.count == 286)
        #expect(Set(operations.map(\.operationId)).count == 286)
        var byTag: [String: Int] = [:]
        for operation in operations { byTag[operation.tag, default: 0] += 1 }
        #expect(byTag["Admin"] == 59)
        #expect(byTag["Datasets"] == 54)
        #expect(byTag["Reports"] == 31)
        #expect(byTag["Pipelines"] == 16)
        #expect(byTag["Dashboards"] == 14)
        #expect(byTag["Gateways"] == 11)
        #expect(byTag["Capacities"] == 11)
        for operation in operations {
            #expect(["GET", "POST", "PUT", "PATCH", "DELETE"].contains(operation.method))
            #expect(operation.path.hasPrefix("/v1.0/myorg"), "\(operation.operationId): \(operation.path)")
            // Every `{name}` of the path is a path parameter of the operation, shared `$ref`s included.
            let names = operation.path.split(separator: "{").dropFirst().compactMap { $0.split(separator: "}").first.map(String.init) }
            for name in names {
                #expect(operation.parameters.contains { $0.name == name && $0.location == .path && $0.required },
                        "\(operation.operationId) has no path parameter \(name)")
            }
        }
    }

    @Test func oneOperationInFull() throws {
        let history = try #require(Self.powerBI.operation(id: "datasets_getrefreshhistoryingroup"))
        #expect(history.operationId == "Datasets_GetRefreshHistoryInGroup")
        #expect(history.method == "GET")
        #expect(history.path == "/v1.0/myorg/groups/{groupId}/datasets/{datasetId}/refreshes")
        #expect(history.tag == "Datasets")
        #expect(history.summary.hasPrefix("Returns the refresh history"))
        #expect(history.scopes == ["Dataset.ReadWrite.All", "Dataset.Read.All"])
        #expect(history.servicePrincipal == .yes)
        #expect(!history.changesSomething && !history.isAdmin)
        #expect(history.parameters.map(\.name) == ["groupId", "datasetId", "$top"])
        #expect(history.parameters[0].format == "uuid")
        let top = history.parameters[2]
        #expect(top.location == .query && !top.required && top.type == "integer")
    }

    @Test func enumsAndBodiesAreRead() throws {
        let export = try #require(Self.powerBI.operation(id: "Reports_ExportReportInGroup"))
        #expect(export.parameters.first { $0.name == "downloadType" }?.choices == ["IncludeModel", "LiveConnect"])
        let refresh = try #require(Self.powerBI.operation(id: "Datasets_RefreshDatasetInGroup"))
        #expect(refresh.changesSomething)
        let body = try #require(refresh.body)
        #expect(body.type == "DatasetRefreshRequest")
        let schema = Self.powerBI.resolve(try #require(body.schema))
        #expect(schema["required"]?.arrayValue?.first?.stringValue == "notifyOption")
        #expect(schema["properties"]?["notifyOption"]?["enum"]?.arrayValue?.count == 3)
        #expect(try #require(Self.powerBI.operation(id: "Admin_GetActivityEvents")).isAdmin)
    }

    @Test func operationsAreFoundByMethodAndPath() {
        #expect(Self.powerBI.operation(method: "GET", path: "/v1.0/myorg/groups/ABC/datasets/def/refreshes?$top=1")?.operationId == "Datasets_GetRefreshHistoryInGroup")
        #expect(Self.powerBI.operation(method: "post", path: "/v1.0/myorg/groups/a/datasets/b/refreshes")?.operationId == "Datasets_RefreshDatasetInGroup")
        #expect(Self.powerBI.operation(method: "GET", path: "/v1.0/myorg/groups/a/nothing-like-this") == nil)
        #expect(Self.powerBI.operation(method: "GET", path: "/v1.0/myorg/groups")?.operationId == "Groups_GetGroups")
    }

    // MARK: Service principals, from the description's real sentences

    @Test func executeQueriesAcceptsServicePrincipalsExceptForRLSAndSSO() throws {
        for id in ["Datasets_ExecuteQueries", "Datasets_ExecuteQueriesInGroup"] {
            let operation = try #require(Self.powerBI.operation(id: id))
            #expect(operation.servicePrincipal == .conditional("not for datasets with RLS or SSO"))
            #expect(operation.servicePrincipal.word == "conditional")
            #expect(operation.scopes == ["Dataset.ReadWrite.All", "Dataset.Read.All"])
        }
    }

    @Test(arguments: [
        ("This API call can be called by a service principal profile. For more information see: [Service principal profiles in Power BI Embedded](/x).", "yes"),
        ("- The user must be a Fabric administrator or authenticate using a service principal.", "yes"),
        ("The user must have administrator rights or authenticate using a service principal.", "yes"),
        ("- When using a service principal for authentication, refer to [Embed Power BI content with service principal](/x) and [Considerations and limitations](/y).", "yes"),
        ("Service principal authentication isn't supported.", "no"),
        ("Can only be called by a service principal.", "only"),
        ("The caller must use service principal for authentication.", "only"),
        ("<br/>Returns a list of profiles that belongs to service principal caller.", "only"),
        ("- To use Service Principals, make sure the admin tenant setting [_Allow service principals to use Power BI APIs_](/x) under _Developer settings_ is enabled. However, regardless of the admin tenant setting, Service Principals aren't supported for datasets with RLS per [RLS limitations](/y) or datasets with SSO enabled.", "conditional"),
        ("When running under service principal authentication, an app **must not** have any admin-consent required permissions for Power BI set on it in the Azure portal.", "conditional"),
        ("When running under service prinicipal authentication, an app **must not** have any admin-consent required premissions for Power BI set on it in the Azure portal.", "conditional"),
        ("- Dataflows with service principal aren't supported.\n- When using a service principal for authentication, refer to [Embed](/x).", "conditional"),
        ("Returns a list of reports from **My workspace**.", "not stated"),
    ])
    func theSentencesAreClassified(sentence: String, expected: String) {
        #expect(OperationText.servicePrincipal(in: sentence).word == expected)
    }

    @Test func importsNameTheirLimits() throws {
        let operation = try #require(Self.powerBI.operation(id: "Imports_PostImportInGroup"))
        let condition = try #require(operation.servicePrincipal.condition)
        #expect(condition.contains("not for dataflows"))
        #expect(condition.contains("protected sensitivity label"))
    }

    @Test func theClassificationOfEveryOperation() {
        var counts: [String: Int] = [:]
        for operation in Self.powerBI.operations { counts[operation.servicePrincipal.word, default: 0] += 1 }
        // Reviewed against the description text: 8 say "isn't supported"; 6 "only" (the five profile
        // operations, "can only be called by a service principal", and TemplateApps' install ticket, "the
        // caller must use service principal"); 38 are conditional: the 34 admin operations whose app "must
        // not have any admin-consent required permissions", executeQueries twice, imports twice.
        #expect(counts["no"] == 8)
        #expect(counts["only"] == 6)
        #expect(counts["conditional"] == 38)
        #expect(Self.powerBI.operation(id: "Groups_GetGroupsAsAdmin")?.servicePrincipal
                == .conditional("only for an app without admin-consent Power BI permissions in Azure"))
        #expect(counts.values.reduce(0, +) == 286)
    }

    @Test(arguments: [
        ("## Required Scope\n\nDataset.ReadWrite.All or Dataset.Read.All\n\n## Limitations", ["Dataset.ReadWrite.All", "Dataset.Read.All"]),
        ("## Required Scopes\n\nTenant.Read.All or Tenant.ReadWrite.All", ["Tenant.Read.All", "Tenant.ReadWrite.All"]),
        ("## Required Scope\n\nContent.Create", ["Content.Create"]),
        ("## Permissions\n\nNone.", []),
    ])
    func scopesAreReadFromTheirHeading(text: String, expected: [String]) {
        #expect(OperationText.scopes(in: text) == expected)
    }

    // MARK: A description in several files

    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/multi/api.json").path

    static func read(_ path: String) throws -> APIDescription {
        let (reader, name) = SwaggerReader.file(path)
        return try reader.read(try Data(contentsOf: URL(fileURLWithPath: path)), name: name)
    }

    @Test func refsIntoOtherFilesAreFollowed() throws {
        let description = try Self.read(Self.fixture)
        #expect(description.title == "Contoso Inventory")
        #expect(description.host == "inventory.contoso.example")
        #expect(description.operations.count == 3)
        let list = try #require(description.operation(id: "Items_List"))
        #expect(list.path == "/v1/workspaces/{workspaceId}/items")
        // The path-level parameter, from common/parameters.json.
        #expect(list.parameters.map(\.name) == ["workspaceId", "type", "continuationToken"])
        #expect(list.parameters[0].required && list.parameters[0].format == "uuid")
        #expect(list.parameters[1].choices == ["Report", "SemanticModel", "Lakehouse"])
        #expect(list.scopes == ["Item.Read.All", "Item.ReadWrite.All"])
        #expect(list.servicePrincipal == .yes)
        let create = try #require(description.operation(id: "Items_Create"))
        #expect(create.servicePrincipal == .no)
        // The body's schema lives in common/definitions.json and refers within that file.
        let schema = description.resolve(try #require(create.body?.schema))
        #expect(schema["required"]?.arrayValue?.compactMap(\.stringValue) == ["displayName", "type"])
        let kind = description.resolve(try #require(schema["properties"]?["type"]))
        #expect(kind["enum"]?.arrayValue?.count == 3)
        #expect(description.operation(method: "GET", path: "/workspaces/w1/items")?.operationId == "Items_List")
        #expect(try #require(description.operation(id: "Admin_ListItems")).isAdmin)
    }

    @Test func refsThatAreURLsOrAbsolutePathsAreRefused() throws {
        for ref in ["https://example.test/d.json#/definitions/X", "/etc/d.json#/definitions/X", "file:///etc/d.json#/definitions/X", "~/d.json#/definitions/X"] {
            let text = #"{"swagger":"2.0","info":{"title":"t"},"paths":{"/a":{"get":{"operationId":"A","responses":{"200":{"description":"OK","schema":{"$ref":"\#(ref)"}}}}}}}"#
            let reader = SwaggerReader { _ in Data("{}".utf8) }
            #expect(throws: DescriptionError.self) { try reader.read(Data(text.utf8), name: "api.json") }
        }
    }

    @Test func whatIsNotASwaggerDescriptionIsNamed() {
        let reader = SwaggerReader { name in throw DescriptionError(file: name, problem: "missing") }
        let cases: [(String, String)] = [
            (#"{"openapi":"3.0.1","paths":{}}"#, "OpenAPI 3.0.1"),
            ("<html>Not found</html>", "not JSON"),
            (#"{"swagger":"2.0","info":{}}"#, "no paths"),
            (#"{"swagger":"2.0","paths":{"/a":{"get":{"responses":{"200":{"description":"OK","schema":{"$ref":"missing.json#/X"}}}}}}}"#, "missing.json"),
        ]
        for (text, words) in cases {
            do {
                _ = try reader.read(Data(text.utf8), name: "api.json")
                Issue.record("read \(text)")
            } catch {
                #expect(error.description.contains(words), "\(error.description)")
            }
        }
    }
}

extension OperationCatalogueTests {
    @Test func aDescriptionThatKeepsNamingNewFilesIsRefused() {
        // Every file names `more/next.json` relative to itself: more/more/next.json, and so on.
        let text = ##"{"swagger":"2.0","info":{"title":"t"},"paths":{},"definitions":{"X":{"$ref":"more/next.json#/definitions/X"}}}"##
        let reader = SwaggerReader { _ in Data(text.utf8) }
        do {
            _ = try reader.read(Data(text.utf8), name: "api.json")
            Issue.record("read a description without end")
        } catch {
            #expect(error.description.contains("more than 64 files"))
        }
    }

    @Test func aSelfReferringSchemaMakesABoundedExample() throws {
        let text = ##"{"swagger":"2.0","paths":{},"definitions":{"N":{"type":"object","required":["a","b","c","d"],"properties":{"a":{"$ref":"#/definitions/N"},"b":{"$ref":"#/definitions/N"},"c":{"$ref":"#/definitions/N"},"d":{"type":"array","items":{"$ref":"#/definitions/N"}}}}}}"##
        let description = try SwaggerReader { _ in Data() }.read(Data(text.utf8), name: "api.json")
        let example = description.example(for: ["$ref": "#/definitions/N"])
        // Four branches six deep would be 5,461 objects; the budget stops it near 2,000.
        #expect(example.serialized().count < 200_000)
        #expect(example["a"]?["a"] != nil)
    }
}
