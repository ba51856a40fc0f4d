import EntraAuth
import Foundation
import HTTPCore
import PowerBI
import Simulator
import TerminalUI
import TestSupport
import Testing
@testable import App

@MainActor
@Suite struct TerminalAppTests {
    @Test func loadsWorkspacesFromTheDemoTenantAndQuits() async throws {
        let demo = try await DemoClient.start()
        let client = demo.client
        let screen = RecordingScreen(rows: 20, columns: 100)
        let session = ConnectedSession(client: client, identity: "demo", close: {})
        let app = TerminalApp(screen: screen, environment: AppEnvironment(session: session, signIn: StubSignIn()))
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
        await demo.stop()
    }

    @Test func signsInThroughTheScreenThenShowsWorkspaces() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let transport = try AsyncHTTPTransport()
        let service = SimulatorSignIn(info: simulator.info, transport: transport)
        let screen = RecordingScreen(rows: 30, columns: 120)
        let app = TerminalApp(screen: screen, environment: AppEnvironment(session: nil, signIn: service))
        let run = Task { await app.run() }
        try await screen.waitFor("Service principal + secret")
        #expect(screen.lastFrame?.text.contains("not signed in") == true)
        screen.send(.key(.character("j")))       // the client-secret row
        screen.send(.key(.enter))
        try await screen.waitFor("Client secret")
        screen.send(.key(.tab))                  // tenant and client id came prefilled; focus starts on the secret
        for character in "wrong" { screen.send(.key(.character(character))) }
        screen.send(.key(.enter))
        try await screen.waitFor("AADSTS7000215")
        #expect(screen.lastFrame?.text.contains(simulator.info.tenantId) == true, "the tenant field kept its value")
        #expect(screen.lastFrame?.text.contains("•••••") == false, "the secret was cleared after the failure")
        for character in simulator.info.confidentialClientSecret { screen.send(.key(.character(character))) }
        #expect(!(screen.lastFrame?.text.contains(simulator.info.confidentialClientSecret) ?? true))
        screen.send(.key(.enter))
        try await screen.waitFor("Workspaces (10)")
        screen.send(.key(.character(":")))
        for character in "signin" { screen.send(.key(.character(character))) }
        screen.send(.key(.enter))
        try await screen.waitFor("Sign in")
        screen.send(.key(.escape))
        try await screen.waitFor("Workspaces (10)")
        screen.send(.key(.character("q")))
        #expect(await run.value == 0)
        await transport.shutdown()
        await simulator.stop()
    }
}

/// A sign-in service that signs nothing in: for tests that start signed in.
struct StubSignIn: SignInService {
    var prefilled: [SignInField: String] = [:]
    var profileName: String? = nil
    var authorityDescription = "https://login.example"
    func signIn(_ request: SignInRequest, progress: @escaping @Sendable (SignInProgress) -> Void) async throws -> ConnectedSession {
        throw SignInFailure("not in this test")
    }
}

/// Signs in to the simulator with the client secret typed into the form.
struct SimulatorSignIn: SignInService {
    let info: SimulatorInfo
    let transport: AsyncHTTPTransport
    var prefilled: [SignInField: String] { [.tenant: info.tenantId, .clientId: info.confidentialClientId] }
    var profileName: String? { "test" }
    var authorityDescription: String { info.authorityHost }

    func signIn(_ request: SignInRequest, progress: @escaping @Sendable (SignInProgress) -> Void) async throws -> ConnectedSession {
        let credential = ClientSecretCredential(authorityHost: URL(string: info.authorityHost)!, tenant: request.value(.tenant) ?? "",
                                                clientId: request.value(.clientId) ?? "",
                                                secret: Secret(request.values[.clientSecret] ?? ""), transport: transport)
        do {
            _ = try await credential.token(for: Cloud.public.powerBIDefaultScope)
        } catch {
            throw SignInFailure(error.description, field: .clientSecret)
        }
        let client = PowerBIClient(apiRoot: URL(string: info.apiRoot)!, credential: credential,
                                   scope: Cloud.public.powerBIDefaultScope, transport: transport)
        return ConnectedSession(client: client, identity: "app via screen", close: {})
    }
}
