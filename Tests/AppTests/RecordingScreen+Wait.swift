import EntraAuth
import Foundation
import HTTPCore
import PowerBI
import Simulator
import TerminalUI
import Testing

extension RecordingScreen {
    /// Waits (10 s at most) until the last frame shows `text`; records the last frame otherwise.
    func waitFor(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for _ in 0..<400 {
            if lastFrame?.text.contains(text) == true { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("never showed \"\(text)\"; last frame:\n\(lastFrame?.text ?? "")", sourceLocation: sourceLocation)
        throw CancellationError()
    }
}

/// A Power BI client signed in to an in-process demo tenant as its confidential client, for tests that
/// drive the real runtime.
struct DemoClient {
    let simulator: SimulatorServer
    let transport: AsyncHTTPTransport
    let client: PowerBIClient

    static func start(_ options: SimulatorOptions = SimulatorOptions()) async throws -> DemoClient {
        let simulator = try await SimulatorServer.start(options)
        let transport = try AsyncHTTPTransport()
        let info = simulator.info
        let credential = ClientSecretCredential(authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId,
                                                clientId: info.confidentialClientId,
                                                secret: Secret(info.confidentialClientSecret), transport: transport)
        let client = PowerBIClient(apiRoot: URL(string: info.apiRoot)!, credential: credential,
                                   scope: Cloud.public.powerBIDefaultScope, transport: transport)
        return DemoClient(simulator: simulator, transport: transport, client: client)
    }

    func stop() async {
        await transport.shutdown()
        await simulator.stop()
    }
}
