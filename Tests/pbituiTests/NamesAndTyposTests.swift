import Foundation
import Testing

/// `call` and `automate` take names where ids go and look them up as `ls` and `dax` do; typos get a
/// "did you mean" by edit distance (operation ids, subcommands, workspace and dataset names).
@Suite struct NamesAndTyposTests {
    @Test func callAndAutomateLookUpNamesAndRefuseWhatTheyCannot() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let environment = ["AZURE_CLIENT_SECRET": simulator.clientSecret]
        let run = { (arguments: [String]) async throws -> Binary.Result in
            try await Binary.run(arguments + simulator.connectionArguments, environment: environment)
        }
        let history = try await run(["call", "Datasets_GetRefreshHistoryInGroup", "--groupId", "Sales Analytics", "--datasetId", "Sales Model", "--$top", "2"])
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("\"refreshType\""), "\(history.stdout.prefix(300))")

        let typo = try await run(["call", "Datasets_GetRefreshHistoryInGroup", "--groupId", "Sales Analytic", "--datasetId", "Sales Model"])
        #expect(typo.status == 2 && typo.stderr.contains("did you mean Sales Analytics?"), "\(typo.stderr)")
        let dataset = try await run(["call", "Datasets_GetRefreshHistoryInGroup", "--groupId", "Sales Analytics", "--datasetId", "Sales Modle"])
        #expect(dataset.status == 2 && dataset.stderr.contains("did you mean Sales Model?"), "\(dataset.stderr)")

        // automate writes the ids it looked up, not the names.
        let out = Binary.scratch + "/automate-names-\(UUID().uuidString.prefix(8))"
        let automate = try await run(["automate", "Datasets_GetRefreshHistoryInGroup", "--groupId", "Sales Analytics", "--datasetId", "Sales Model",
                                      "--way", "1", "--out", out])
        #expect(automate.status == 0, "\(automate.stderr)")
        let file = try String(contentsOfFile: out + "/1-http-service-principal.json", encoding: .utf8)
        #expect(!file.contains("Sales Analytics") && !file.contains("Sales%20Analytics") && file.contains("/refreshes"), "\(file.prefix(400))")
    }

    @Test func typosAndNamesThatCannotBeLookedUpAreBadUsageBeforeAnythingIsSent() async throws {
        // No connection at all: each is refused before a sign-in is attempted.
        let environment = ["AZURE_TENANT_ID": "", "AZURE_CLIENT_ID": "", "XDG_CONFIG_HOME": Binary.scratch + "/no-config"]
        let operation = try await Binary.run(["call", "Datasets_GetRefreshHistoryInGrop", "--groupId", "x"], environment: environment)
        #expect(operation.status == 2 && operation.stderr.contains("did you mean Datasets_GetRefreshHistoryInGroup"), "\(operation.stderr)")
        let command = try await Binary.run(["lss", "workspaces"], environment: environment)
        #expect(command.status == 2 && command.stderr.contains("did you mean ls"), "\(command.stderr)")
        let uuid = try await Binary.run(["call", "Datasets_GetRefreshExecutionDetailsInGroup", "--groupId", "00000000-0000-4000-8000-000000000001",
                                         "--datasetId", "00000000-0000-4000-8000-000000000002", "--refreshId", "yesterday's"], environment: environment)
        #expect(uuid.status == 2 && uuid.stderr.contains("--refreshId: 'yesterday's' is not an id"), "\(uuid.stderr)")
        // automate without a sign-in writes the values as given (templates take placeholders) and says so.
        let unsigned = try await Binary.run(["automate", "Datasets_GetRefreshHistoryInGroup", "--groupId", "g1", "--datasetId", "d1",
                                             "--out", Binary.scratch + "/automate-unsigned"], environment: environment)
        #expect(unsigned.status == 0 && unsigned.stderr.contains("written as given"), "\(unsigned.stderr)")
    }
}
