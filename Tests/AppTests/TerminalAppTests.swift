import EntraAuth
import Foundation
import PowerBI
import Simulator
import TerminalUI
import Testing
@testable import App

@MainActor
@Suite struct TerminalAppTests {
    @Test func loadsWorkspacesFromTheDemoTenantAndQuits() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let transport = try AsyncHTTPTransport()
        let info = simulator.info
        let credential = ClientSecretCredential(authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId,
                                                clientId: info.confidentialClientId,
                                                secret: Secret(info.confidentialClientSecret), transport: transport)
        let client = PowerBIClient(apiRoot: URL(string: info.apiRoot)!, credential: credential,
                                   scope: Cloud.public.powerBIDefaultScope, transport: transport)
        let screen = RecordingScreen(rows: 20, columns: 100)
        let app = TerminalApp(screen: screen, environment: AppEnvironment(client: client, identity: "demo"))
        let run = Task { await app.run() }

        var loaded = false
        for _ in 0..<200 where !loaded {
            try await Task.sleep(for: .milliseconds(25))
            loaded = screen.lastFrame?.text.contains("Workspaces (10)") == true
        }
        #expect(loaded)
        #expect(screen.lastFrame?.text.contains("Vertrieb Österreich") == true)
        screen.send(.key(.character("j")))
        screen.send(.key(.character("q")))
        let status = await run.value
        #expect(status == 0)
        #expect(screen.restored)
        await transport.shutdown()
        await simulator.stop()
    }
}
