import Foundation
import Testing

/// The custom connectors `pbitui automate --way 3` writes, checked outside pbitui: as OpenAPI 2.0 by Python's
/// openapi-spec-validator and by the connector rules (Tests/Interop/connector.rules.schema.json, with
/// jsonschema). `.ci/run` installs the validator; elsewhere the test is skipped with a message when it is missing.
@Suite(.serialized, .enabled(if: PythonPeer.connectorValidator.shouldRun, "python3 with openapi-spec-validator is not installed (pip install openapi-spec-validator): connector validation skipped"))
struct ConnectorValidationTests {
    @Test func everyConnectorPbituiWritesValidates() async throws {
        guard PythonPeer.connectorValidator.isInstalled else {
            Issue.record("openapi-spec-validator is not installed; .ci/run installs it with pip")
            return
        }
        let root = Binary.scratch + "/connectors-\(UUID().uuidString.prefix(8))"
        let openAPI3 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("APIDescriptionsTests/Fixtures/openapi3/api.yaml").path
        let cases: [[String]] = [
            // A refresh with its history (two operations, one path), its body schema copied.
            ["Datasets_RefreshDatasetInGroup", "--groupId", "g1", "--datasetId", "d1", "--flow", "refresh-and-wait"],
            // executeQueries: a body whose schema refers to others.
            ["Datasets_ExecuteQueriesInGroup", "--groupId", "g1", "--datasetId", "d1", "--body", #"{"queries":[{"query":"EVALUATE ROW(\"n\", 1)"}]}"#],
            // A call without an operation, its query as hidden parameters.
            ["GET /admin/widgets?$top=5&kind=a,b"],
            // Another API's OpenAPI 3 operation whose body schema lives in another file.
            ["Orders_Create", "--spec", openAPI3, "--storeId", "12", "--body", #"{"customer":"c","channel":"web","lines":[]}"#],
        ]
        var folders: [String] = []
        for (index, arguments) in cases.enumerated() {
            let out = root + "/\(index)"
            let run = try await Binary.run(["automate"] + arguments + ["--way", "3", "--out", out])
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            folders.append(out + "/3-custom-connector")
        }
        let result = try await PythonPeer.connectorValidator.run(folders, timeout: 120)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("connector: all checks passed (4 folders)"), "\(result.stdout)\(result.stderr)")
    }
}
