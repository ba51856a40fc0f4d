import Foundation
import HTTPCore
import Simulator
import Testing
import Tokens
@testable import EntraAuth

/// Azure CLI, managed identity and pasted tokens.
@Suite struct BorrowedTokenTests {
    /// A folder with a stand-in `az` that prints `output` (or fails with `stderr`), first on PATH.
    static func fakeAz(stdout: String = "", stderr: String = "", status: Int = 0, sleep: Int = 0) throws -> [String: String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbitui-az-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            echo "$@" > "\(folder.path)/args"
            sleep \(sleep)
            printf '%s' '\(stdout)'
            printf '%s' '\(stderr)' >&2
            exit \(status)
            """
        let path = folder.appendingPathComponent("az").path
        try ChildProcess.writeExecutable(script, to: path)
        return ["PATH": folder.path + ":/usr/bin:/bin", "FAKE_AZ_DIR": folder.path]
    }

    @Test func azureCLITokenIsRead() async throws {
        let key = try RSASigningKey.generate()
        let jwt = try key.sign(header: ["alg": "RS256"], payload: ["tid": "t-1", "scp": "user_impersonation", "exp": 4_000_000_000])
        let env = try Self.fakeAz(stdout: #"{"accessToken":"\#(jwt)","expiresOn":"2096-01-01 00:00:00.000000","expires_on":4000000000,"subscription":"s","tenant":"t-1","tokenType":"Bearer"}"#)
        let credential = AzureCLICredential(tenant: "t-1", environment: env, timeout: .seconds(600))
        let token = try await credential.token(for: "https://analysis.windows.net/powerbi/api/.default")
        #expect(token.value == jwt)
        #expect(token.expiresOn == Date(timeIntervalSince1970: 4_000_000_000))
        #expect(token.kind == .delegated)
        let arguments = try String(contentsOfFile: env["FAKE_AZ_DIR"]! + "/args", encoding: .utf8)
        #expect(arguments.trimmingCharacters(in: .whitespacesAndNewlines)
                == "account get-access-token --output json --resource https://analysis.windows.net/powerbi/api --tenant t-1")
    }

    @Test func azureCLIProblemsAreExplained() async throws {
        let notLoggedIn = try Self.fakeAz(stderr: "ERROR: Please run az login to setup account.", status: 1)
        do {
            _ = try await AzureCLICredential(environment: notLoggedIn, timeout: .seconds(600)).token(for: "x/.default")
            Issue.record("no error")
        } catch {
            #expect(error.description.contains("run `az login`"))
        }
        do {
            _ = try await AzureCLICredential(environment: ["PATH": "/nonexistent"], timeout: .seconds(600)).token(for: "x/.default")
        } catch {
            #expect(error.description.contains("not on PATH"))
        }
        let hangs = try Self.fakeAz(sleep: 5)
        do {
            _ = try await AzureCLICredential(environment: hangs, timeout: .milliseconds(300)).token(for: "x/.default")
        } catch {
            #expect(error.description.contains("did not finish"))
        }
    }

    @Test func managedIdentityFromAppServiceAndIMDS() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let info = simulator.info
        let transport = try AsyncHTTPTransport()
        let appService = ManagedIdentityCredential(transport: transport, environment: [
            "IDENTITY_ENDPOINT": info.apiRoot + "/msi/token", "IDENTITY_HEADER": info.identityHeader])
        let first = try await appService.token(for: "https://analysis.windows.net/powerbi/api/.default")
        #expect(first.clientId == info.managedIdentityClientId)
        let imds = ManagedIdentityCredential(transport: transport, environment: ["AZURE_POD_IDENTITY_AUTHORITY_HOST": info.apiRoot])
        let second = try await imds.token(for: "https://analysis.windows.net/powerbi/api/.default")
        #expect(try JWT.decode(second.value).payload["appid"]?.stringValue == info.managedIdentityClientId)
        let wrongHeader = ManagedIdentityCredential(transport: transport, environment: [
            "IDENTITY_ENDPOINT": info.apiRoot + "/msi/token", "IDENTITY_HEADER": "nope"])
        await #expect(throws: AuthError.self) { _ = try await wrongHeader.token(for: "https://analysis.windows.net/powerbi/api/.default") }
        await transport.shutdown()
        await simulator.stop()
    }

    @Test func imdsIsRetriedWhenItSaysTryAgain() async throws {
        let answers = ScriptedAnswers([
            HTTPResponse(status: 503), HTTPResponse(status: 410),
            HTTPResponse(status: 200, body: Data(#"{"access_token":"t","expires_on":"4000000000","token_type":"Bearer"}"#.utf8)),
        ])
        let credential = ManagedIdentityCredential(transport: answers, environment: [:], pauses: [.milliseconds(1), .milliseconds(1), .milliseconds(1)])
        let token = try await credential.token(for: "https://analysis.windows.net/powerbi/api")
        #expect(token.value == "t")
        #expect(answers.requests.count == 3)
        #expect(answers.requests.first?.url.absoluteString.hasPrefix("http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01") == true)
        #expect(answers.requests.first?.headers["Metadata"] == "true")
    }

    @Test func pastedTokensAreUsedAsTheyAre() async throws {
        let key = try RSASigningKey.generate()
        let powerBI = try key.sign(header: ["alg": "RS256"], payload: ["aud": "https://analysis.windows.net/powerbi/api", "exp": 4_000_000_000,
                                                                     "tid": "t1", "appid": "a1", "idtyp": "app"])
        let credential = try StaticTokenCredential(text: "  Bearer \(powerBI) \n", source: "stdin")
        #expect(try await credential.token(for: "https://analysis.windows.net/powerbi/api/.default").value == powerBI)
        // Fabric's API takes Power BI tokens; a scope pbitui cannot place is not checked.
        #expect(try await credential.token(for: "https://api.fabric.microsoft.com/.default").value == powerBI)
        #expect(try await credential.token(for: "x").value == powerBI)
        #expect(throws: AuthError.self) { try StaticTokenCredential(text: "  ", source: "stdin") }
    }

    /// The token is read before anything is sent: what is not one, an expired one, and one for another API
    /// are refused with their reason, never blamed on the tenant.
    @Test func aTokenIsReadBeforeTheTenantIsBlamed() async throws {
        func problem(_ body: () throws -> Void) -> String {
            do { try body(); return "" } catch { return String(describing: error) }
        }
        let unreadable = problem { _ = try StaticTokenCredential(text: "abc.def", source: "PBITUI_ACCESS_TOKEN") }
        #expect(unreadable.contains("is not a readable access token") && !unreadable.contains("tenant setting"), "\(unreadable)")
        #expect(problem { _ = try StaticTokenCredential(text: "abc.def.ghi", source: "stdin") }.contains("not a readable access token"))
        let key = try RSASigningKey.generate()
        let expired = try key.sign(header: ["alg": "RS256"], payload: ["aud": "https://analysis.windows.net/powerbi/api", "exp": 1])
        #expect(problem { _ = try StaticTokenCredential(text: expired, source: "f") }.contains("expired at 1970-01-01T00:00:01Z"))
        let graph = try key.sign(header: ["alg": "RS256"], payload: ["aud": "00000003-0000-0000-c000-000000000000", "exp": 4_000_000_000])
        let credential = try StaticTokenCredential(text: graph, source: "f")
        do {
            _ = try await credential.token(for: "https://analysis.windows.net/powerbi/api/.default")
            Issue.record("a Graph token was handed to Power BI")
        } catch {
            #expect(String(describing: error).contains("holds a token for 00000003-0000-0000-c000-000000000000; this call needs one for https://analysis.windows.net/powerbi/api"))
        }
        #expect(try await credential.token(for: "https://graph.microsoft.com/.default").value == graph)
    }

    @Test(arguments: [
        ("https://analysis.windows.net/powerbi/api/.default", "https://analysis.windows.net/powerbi/api"),
        ("https://analysis.windows.net/powerbi/api/Dataset.Read.All offline_access", "https://analysis.windows.net/powerbi/api"),
        ("api://orders-api/Orders.Read", "api://orders-api"),
        ("https://graph.microsoft.com/.default", "https://graph.microsoft.com"),
        ("Dataset.Read.All", nil),
    ] as [(String, String?)])
    func theResourceOfAScope(scope: String, resource: String?) {
        #expect(TokenAudience.resource(ofScope: scope) == resource)
    }
}

/// Answers requests from a list, in order, and records them.
final class ScriptedAnswers: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [HTTPResponse]
    private var _requests: [HTTPRequest] = []
    var requests: [HTTPRequest] { lock.withLock { _requests } }

    init(_ answers: [HTTPResponse]) { queue = answers }

    func send(_ request: HTTPRequest, timeout: Duration) async throws(TransportError) -> HTTPResponse {
        try URLPolicy.check(request.url)
        return lock.withLock {
            _requests.append(request)
            return queue.isEmpty ? HTTPResponse(status: 500) : queue.removeFirst()
        }
    }
}
