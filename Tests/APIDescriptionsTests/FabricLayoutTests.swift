import APIDescriptionFiles
import APIDescriptions
import Foundation
import Testing
import Tokens

/// Descriptions laid out as Microsoft's Fabric specifications are: a folder per item type, `$ref`s into
/// neighbour folders (`../common/definitions.json`), examples named but not all published.
@Suite struct FabricLayoutTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fabric").path

    @Test func refsIntoNeighbourFoldersAreFollowedThroughAChainOfThreeHops() throws {
        let platform = try DescriptionFile.read(path: Self.root + "/platform/swagger.json")
        #expect(platform.title == "Platform REST APIs" && platform.host == "api.fabric.microsoft.com" && platform.basePath == "/v1")
        let list = try #require(platform.operation(id: "Workspaces_ListWorkspaces"))
        #expect(list.parameters.map(\.name) == ["roles", "continuationToken"], "a parameter from ../common/parameters.json")
        #expect(list.scopes == ["Workspace.Read.All", "Workspace.ReadWrite.All"], "Fabric's \"Required Delegated Scopes\"")
        #expect(list.servicePrincipal == .yes, "from the identities table")
        #expect(try #require(platform.operation(id: "Items_DeleteItem")).servicePrincipal == .no)

        // swagger.json → definitions/platform.json → ../../common/definitions.json → ../variableLibrary/definitions.json
        let workspace = platform.resolve(["$ref": "definitions/platform.json#/definitions/Workspace"])
        let capacity = platform.resolve(try #require(workspace["properties"]?["capacity"]))
        #expect(capacity["properties"]?["id"]?["format"]?.stringValue == "uuid")
        let variables = platform.resolve(try #require(capacity["properties"]?["variables"]))
        #expect(variables["required"]?.arrayValue?.compactMap(\.stringValue) == ["name"])
        #expect(variables["properties"]?["name"]?["description"]?.stringValue == "A name with a comma, \"quotes\" and\na line break.")
        let error = platform.resolve(["$ref": "../common/definitions.json#/definitions/ErrorResponse"])
        #expect(error["required"]?.arrayValue?.count == 2)
    }

    @Test func aSecondItemFolderSharesTheCommonFilesAndBorrowsFromANeighbour() throws {
        let model = try DescriptionFile.read(path: Self.root + "/semanticModel/swagger.json")
        let update = try #require(model.operation(id: "Items_UpdateSemanticModelDefinition"))
        #expect(update.scopes == ["SemanticModel.ReadWrite.All", "Item.ReadWrite.All"])
        let body = model.resolve(try #require(update.body?.schema))
        #expect(body["required"]?.arrayValue?.compactMap(\.stringValue) == ["parts"], "from ../platform/definitions/platform.json")
        // The example is made from the schema, never read from an example file.
        #expect(model.example(for: try #require(update.body?.schema))["parts"] != nil)
    }

    @Test func bothFoldersLoadTogetherAsTheCommandLineLoadsRepeatedSpecs() throws {
        let descriptions = try ["platform", "semanticModel"].map { try DescriptionFile.read(path: Self.root + "/\($0)/swagger.json") }
        #expect(descriptions.map(\.operations.count) == [2, 1])
    }

    /// A folder of its own with the given files (relative paths to text).
    static func folder(_ files: [String: String]) throws -> String {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("pbitui-specs-\(UUID().uuidString)").path
        for (path, text) in files {
            let full = base + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return base
    }

    static func swagger(ref: String) -> String {
        #"{"swagger":"2.0","info":{"title":"t"},"paths":{"/a":{"get":{"operationId":"A","responses":{"200":{"description":"OK","schema":{"$ref":"\#(ref)"}}}}}}}"#
    }

    @Test func everyErrorNamesTheReferenceAndTheFileAndNeverWhatTheFileHolds() throws {
        let secret = "client_secret: s3cr3t-value-never-shown"
        let base = try Self.folder([
            "item/swagger.json": Self.swagger(ref: "../common/definitions.json#/definitions/X"),
            "common/definitions.json": #"{"definitions":{"X":{"$ref":"../broken/definitions.yaml#/definitions/Y"}}}"#,
            "broken/definitions.yaml": "definitions:\n  Y: [unclosed\n\(secret)\n  : : :\n",
            "missing/swagger.json": Self.swagger(ref: "../nowhere/definitions.json#/definitions/X"),
            "url/swagger.json": Self.swagger(ref: "https://example.test/definitions.json#/definitions/X"),
            "absolute/swagger.json": Self.swagger(ref: "/etc/definitions.json#/definitions/X"),
        ])
        let cases: [(String, [String])] = [
            ("item", ["../broken/definitions.yaml", "$ref ../broken/definitions.yaml#/definitions/Y", "../common/definitions.json", "line"]),
            ("missing", ["../nowhere/definitions.json", "cannot read it", "swagger.json"]),
            ("url", ["https://example.test/definitions.json#/definitions/X", "URL", "never the network"]),
            ("absolute", ["/etc/definitions.json#/definitions/X", "absolute path"]),
        ]
        for (folder, words) in cases {
            do {
                _ = try DescriptionFile.read(path: base + "/\(folder)/swagger.json")
                Issue.record("\(folder) read")
            } catch {
                for word in words { #expect(error.description.contains(word), "\(folder): \(error.description)") }
                #expect(!error.description.contains("s3cr3t"), "a referenced file's contents were shown: \(error.description)")
            }
        }
    }

    @Test func aReferencedFileOverTheSizeLimitIsRefusedUnread() throws {
        let base = try Self.folder(["item/swagger.json": Self.swagger(ref: "../common/huge.json#/definitions/X")])
        try FileManager.default.createDirectory(atPath: base + "/common", withIntermediateDirectories: true)
        // A sparse file: its size is what counts, nothing is written.
        let huge = base + "/common/huge.json"
        _ = FileManager.default.createFile(atPath: huge, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.truncate(atOffset: UInt64(SwaggerReader.fileSizeLimit + 1))
        try handle.close()
        do {
            _ = try DescriptionFile.read(path: base + "/item/swagger.json")
            Issue.record("read a file over the limit")
        } catch {
            #expect(error.description.contains("larger than 64 MiB") && error.description.contains("$ref ../common/huge.json"), "\(error.description)")
        }
    }

    @Test func referencesThatClimbForeverStopAtTheFileLimit() {
        // Every file names `../../x/next.json` relative to itself: a new path each time, climbing out of the folder.
        let text = ##"{"swagger":"2.0","info":{"title":"t"},"paths":{},"definitions":{"X":{"$ref":"../../x/next.json#/definitions/X"}}}"##
        let reader = SwaggerReader { _ in Data(text.utf8) }
        do {
            _ = try reader.read(Data(text.utf8), name: "api.json")
            Issue.record("read a description without end")
        } catch {
            #expect(error.description.contains("more than 64 files"), "\(error.description)")
        }
    }
}
