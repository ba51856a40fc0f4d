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

/// `--auth token`: the token is read before anything is sent, and only an app token for this API gets
/// advice about tenant settings.
@Suite struct PastedTokenTests {
    @Test func anUnreadableOrMisaddressedTokenIsRefusedBeforeAnythingIsSent() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let requests = { () throws -> Int in
            let text = try Spawn.run(["curl", "-s", simulator.apiRoot + "/_simulator/stats"], captureOutput: true).output
            return (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["powerBIRequests"] as? Int ?? -1
        }
        let before = try requests()
        let list = ["ls", "workspaces", "--auth", "token", "--api-root", simulator.apiRoot]
        let unreadable = try await Binary.run(list, environment: ["PBITUI_ACCESS_TOKEN": "abc.def"])
        #expect(unreadable.status == 2, "\(unreadable.stderr)")
        #expect(unreadable.stderr.contains("not a readable access token") && !unreadable.stderr.contains("tenant setting"), "\(unreadable.stderr)")
        #expect(try requests() == before, "nothing was sent")
    }
}

extension PastedTokenTests {
    /// The sign-in form reads a pasted token at once; once signed in, the header shows the token's own
    /// client and tenant, not those the form or the command line held.
    @Test func theSignInFormReadsThePastedTokenAndTheHeaderShowsItsTenant() async throws {
        guard TmuxSession.require() else { return }
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let token = try await Binary.run(["token", "--raw"] + simulator.connectionArguments, environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret])
        let value = token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(value.split(separator: ".").count == 3)
        let elsewhere = ["--authority-host", simulator.authorityHost, "--api-root", simulator.apiRoot,
                         "--tenant", "11111111-2222-3333-4444-555555555555", "--client-id", "66666666-7777-8888-9999-000000000000"]
        let ui = try TmuxSession(command: TmuxSession.commandLine(elsewhere), width: 220, height: 40)
        defer { ui.kill() }
        #expect(await ui.waitFor("Pasted access token"), "\(ui.screen())")
        try ui.send("G")
        try ui.send("Enter")
        #expect(await ui.waitFor("Access token"), "\(ui.screen())")
        try ui.send("-l", "abc.def")
        try ui.send("Enter")
        #expect(await ui.waitFor("not a readable access token"), "\(ui.screen())")
        #expect(!ui.screen().contains("tenant setting"))
        try ui.send("C-u")
        try ui.send("-l", value)
        try ui.send("Enter")
        #expect(await ui.waitFor("Workspaces (10)"), "\(ui.screen())")
        let header = ui.screen().components(separatedBy: "\n").first ?? ""
        #expect(header.contains("tenant \(simulator.tenantId)") && header.contains("client \(simulator.clientId)"), "\(header)")
        #expect(!header.contains("11111111-2222"), "\(header)")
        try ui.send("q")
        #expect(await ui.waitFor("EXIT=0"), "\(ui.screen())")
    }
}
