import Foundation
import HTTPCore
import Simulator
import Testing
import Tokens
@testable import EntraAuth

/// The browser sign-in, completed by a `BROWSER` script that submits the demo tenant's sign-in form with curl.
@Suite struct BrowserSignInTests {
    static func browserScript(_ body: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pbitui-browser-\(UUID().uuidString.prefix(8)).sh").path
        try ChildProcess.writeExecutable("#!/bin/sh\n" + body + "\n", to: path)
        return path
    }

    static func credential(_ info: SimulatorInfo, browser: String, transport: AsyncHTTPTransport, user: (username: String, password: String, mfa: Bool),
                           timeout: Duration = .seconds(20)) -> DelegatedCredential {
        var environment = ProcessInfo.processInfo.environment
        environment["BROWSER"] = browser
        environment["PBITUI_TEST_USER"] = user.username
        environment["PBITUI_TEST_PASSWORD"] = user.password
        return DelegatedCredential(authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId, clientId: info.publicClientId,
                                   signIn: BrowserSignIn(environment: environment, timeout: timeout), transport: transport)
    }

    @Test func aPersonSigningInInTheBrowserCompletesTheFlow() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let transport = try AsyncHTTPTransport()
        let browser = try Self.browserScript(#"curl -s -L -o /dev/null -X POST --data-urlencode "username=$PBITUI_TEST_USER" --data-urlencode "password=$PBITUI_TEST_PASSWORD" "$1" &"#)
        let megan = simulator.info.users.first { $0.mfa }!
        let token = try await Self.credential(simulator.info, browser: browser, transport: transport, user: megan)
            .token(for: "https://analysis.windows.net/powerbi/api/.default")
        let claims = try JWT.decode(token.value).payload
        #expect(claims["upn"]?.stringValue == megan.username)
        #expect(claims["amr"] == ["pwd", "mfa"])
        await transport.shutdown()
        await simulator.stop()
    }

    @Test func aRedirectWithAnotherStateIsRefused() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let transport = try AsyncHTTPTransport()
        let browser = try Self.browserScript(#"""
            (loc=$(curl -s -o /dev/null -w '%{redirect_url}' -X POST --data-urlencode "username=$PBITUI_TEST_USER" --data-urlencode "password=$PBITUI_TEST_PASSWORD" "$1")
             curl -s -o /dev/null "$(echo "$loc" | sed 's/state=[^&]*/state=forged/')") &
            """#)
        let alex = simulator.info.users.first { !$0.mfa }!
        do {
            _ = try await Self.credential(simulator.info, browser: browser, transport: transport, user: alex)
                .token(for: "https://analysis.windows.net/powerbi/api/.default")
            Issue.record("accepted a forged state")
        } catch {
            #expect(error.description.contains("wrong state"))
        }
        await transport.shutdown()
        await simulator.stop()
    }

    @Test func cancellingInTheBrowserIsReported() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let transport = try AsyncHTTPTransport()
        let browser = try Self.browserScript(#"curl -s -L -o /dev/null -X POST -d action=cancel "$1" &"#)
        let alex = simulator.info.users.first { !$0.mfa }!
        do {
            _ = try await Self.credential(simulator.info, browser: browser, transport: transport, user: alex)
                .token(for: "https://analysis.windows.net/powerbi/api/.default")
            Issue.record("no error after cancel")
        } catch {
            #expect(error.description.contains("access_denied"))
        }
        await transport.shutdown()
        await simulator.stop()
    }

    @Test func nobodySigningInTimesOut() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let transport = try AsyncHTTPTransport()
        let alex = simulator.info.users.first { !$0.mfa }!
        do {
            _ = try await Self.credential(simulator.info, browser: "/bin/true", transport: transport, user: alex, timeout: .milliseconds(500))
                .token(for: "https://analysis.windows.net/powerbi/api/.default")
            Issue.record("signed in without anyone")
        } catch {
            #expect(error.description.contains("within"))
        }
        await transport.shutdown()
        await simulator.stop()
    }
}
