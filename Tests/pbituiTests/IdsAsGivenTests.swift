import Foundation
import Testing

/// An id given where an id goes is used as is: no list of workspaces or datasets is sent to resolve it
/// (an administrator of 10,000 workspaces waits for three pages otherwise). A name is looked up.
@Suite struct IdsAsGivenTests {
    struct Listings: Equatable {
        let workspaces: Int
        let datasets: Int
    }

    static func listings(_ simulator: SimulatorProcess) throws -> Listings {
        let text = try Spawn.run(["curl", "-s", simulator.apiRoot + "/_simulator/stats"], captureOutput: true).output
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return Listings(workspaces: json["workspaceListings"] as? Int ?? -1, datasets: json["datasetListings"] as? Int ?? -1)
    }

    static func id(named name: String, in json: String) throws -> String {
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        return try #require(objects.first { $0["name"] as? String == name }?["id"] as? String)
    }

    @Test func idsSendNoListingAndNamesAreLookedUp() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let run = { (arguments: [String]) async throws -> Binary.Result in
            try await Binary.run(arguments + simulator.connectionArguments, environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret])
        }
        let workspace = try Self.id(named: "Sales Analytics", in: try await run(["ls", "workspaces", "--output", "json"]).stdout)
        let dataset = try Self.id(named: "Sales Model", in: try await run(["ls", "datasets", "--workspace", workspace, "--output", "json"]).stdout)
        let before = try Self.listings(simulator)
        let calls: [[String]] = [
            ["dax", "--workspace", workspace.uppercased(), "--dataset", dataset, "EVALUATE ROW(\"n\", 1)"],
            ["ls", "reports", "--workspace", workspace],
            ["ls", "refreshes", "--workspace", workspace, "--dataset", dataset],
            ["refresh", "--workspace", workspace, "--dataset", dataset],
        ]
        for arguments in calls {
            let result = try await run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        #expect(try Self.listings(simulator) == before, "an id is used as given")
        // Pulses read the workspace's datasets (that is their work), but never the list of workspaces.
        let pulses = try await run(["pulses", "--workspace", workspace, "--output", "json"])
        #expect(pulses.status == 0, "\(pulses.stderr)")
        #expect(try Self.listings(simulator).workspaces == before.workspaces)
        let afterPulses = try Self.listings(simulator)

        let byName = try await run(["dax", "--workspace", "sales analytics", "--dataset", "Sales Model", "EVALUATE ROW(\"n\", 1)"])
        #expect(byName.status == 0, "\(byName.stderr)")
        #expect(try Self.listings(simulator) == Listings(workspaces: afterPulses.workspaces + 1, datasets: afterPulses.datasets + 1), "a name is looked up")
    }
}
