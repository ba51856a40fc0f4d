import Foundation
import Testing

/// The operation explorer end to end: the real binary in tmux against the demo tenant.
@Suite(.serialized) struct OperationsUITests {
    @Test func oOnADatasetFindsTheHistoryOperationAndCallsIt() async throws {
        guard TmuxSession.require() else { return }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send("Enter")                      // Sales Analytics
        #expect(await tmux.waitFor("Sales Model"), "\(tmux.screen())")
        try tmux.send("Tab")                        // the datasets
        #expect(await tmux.waitFor("LAST REFRESH"), "\(tmux.screen())")
        try tmux.send("o")
        #expect(await tmux.waitFor("Operations (286) · from dataset"), "\(tmux.screen())")
        try tmux.send("/")
        try tmux.send("-l", "refresh history")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("Operations (9 of 286"), "\(tmux.screen())")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("GET /v1.0/myorg/groups/{groupId}/datasets/{datasetId}/refreshes"), "\(tmux.screen())")
        #expect(tmux.screen().contains("your token can call it"))
        try tmux.send("Enter")
        #expect(await tmux.waitFor("HTTP 200"), "\(tmux.screen())")
        #expect(await tmux.waitFor("\"refreshType\""), "\(tmux.screen())")
        #expect(tmux.screen().contains("RequestId"))

        // Back to the form, then the list; an operation the demo tenant does not model is said to be one.
        try tmux.send("Escape")
        #expect(await tmux.waitFor("Enter sends (through the API console)"), "\(tmux.screen())")
        try tmux.send("Escape")
        #expect(await tmux.waitFor("Operations (9 of 286"), "\(tmux.screen())")
        try tmux.send(":")
        try tmux.send("-l", "ops")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("Operations (286)"), "\(tmux.screen())")
        try tmux.send("/")
        try tmux.send("-l", "AvailableFeatures_GetAvailableFeatures")
        try tmux.send("Enter")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("GET /v1.0/myorg/availableFeatures"), "\(tmux.screen())")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("The demo tenant does not model AvailableFeatures_GetAvailableFeatures (HTTP 501)"), "\(tmux.screen())")
        // Each Escape is waited for on screen: an Escape still unread when the next key arrives is read as Alt and that key.
        try tmux.send("Escape")
        #expect(await tmux.waitFor("Enter sends (through the API console)"), "\(tmux.screen())")
        try tmux.send("Escape")
        #expect(await tmux.waitFor("Operations (1 of 286"), "\(tmux.screen())")
        try tmux.send("Escape")
        #expect(await tmux.waitFor("Operations (286)"), "Esc clears the filter first: \(tmux.screen())")
        try tmux.send("Escape")
        #expect(await tmux.waitFor("LAST REFRESH"), "back on the datasets tab the explorer was opened from: \(tmux.screen())")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }

    @Test func anotherAPIsOperationFromSpecIsCalledOnScreen() async throws {
        guard TmuxSession.require() else { return }
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        // An OpenAPI 3 description (YAML) of a loopback API: the simulator's own Power BI paths at its host.
        let spec = try simulator.loopbackSpec(title: "Loopback Orders", operationId: "LoopbackOrders_ListGroups")
        let tmux = try TmuxSession(command: TmuxSession.commandLine(simulator.connectionArguments + ["--spec", spec],
                                                                    environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send(":")
        try tmux.send("-l", "ops")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("287 operations of 2 APIs"), "\(tmux.screen())")
        try tmux.send("/")
        try tmux.send("-l", "loopback orders")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("Operations (1 of 287"), "\(tmux.screen())")
        #expect(tmux.screen().contains("Loopback Or"), "the API column")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("GET /v1.0/myorg/groups  · Loopback Orders"), "\(tmux.screen())")
        try tmux.send("-l", "2")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("HTTP 200"), "\(tmux.screen())")
        #expect(await tmux.waitFor("\"@odata.context\""), "\(tmux.screen())")
        #expect(tmux.screen().contains("Loopback Orders"), "the console names the API")
        try tmux.send("Escape")
        #expect(await tmux.waitFor("Enter sends (through the API console)"), "\(tmux.screen())")
        try tmux.send("Escape")
        #expect(await tmux.waitFor("Operations (1 of 287"), "\(tmux.screen())")
        try tmux.send("Escape")
        #expect(await tmux.waitFor("Operations (287)"), "Esc clears the filter first: \(tmux.screen())")
        try tmux.send("Escape")
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }
}
