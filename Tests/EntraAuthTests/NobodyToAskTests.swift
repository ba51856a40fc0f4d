import EntraAuth
import Foundation
import HTTPCore
import Testing

/// Where nobody can answer a prompt (`pbitui mcp`), a device code or browser sign-in asks nothing and waits
/// for nobody: it says how to sign in once, sends nothing, and a token is never read from standard input.
@Suite struct NobodyToAskTests {
    static func settings(_ method: SignInMethod) -> SignInSettings {
        var settings = SignInSettings(authorityHost: URL(string: "http://127.0.0.1:9")!, tenant: "contoso.example", clientId: "PUBLIC", method: method)
        settings.personPresent = false
        return settings
    }

    @Test(arguments: [SignInMethod.deviceCode, .browser])
    func anInteractiveSignInSaysHowToSignInOnceAndSendsNothing(method: SignInMethod) async throws {
        let transport = CannedTransport(HTTPResponse(status: 500, headers: [:], body: Data()))
        let credential = try Self.settings(method).makeCredential(transport: transport, environment: [:])
        await #expect {
            _ = try await credential.token(for: "https://analysis.windows.net/powerbi/api/.default")
        } throws: { error in
            guard let error = error as? AuthError, case let .unsupported(text) = error else { return false }
            return text.contains("pbitui token") && text.contains("needs a person")
        }
        #expect(transport.requests.isEmpty, "nothing was sent")
    }

    @Test func aTokenIsNotReadFromStandardInput() {
        #expect {
            _ = try Self.settings(.token).makeCredential(transport: CannedTransport(HTTPResponse(status: 500, headers: [:], body: Data())), environment: [:])
        } throws: { error in
            guard let error = error as? AuthError, case let .invalidSetting(_, problem) = error else { return false }
            return problem.contains("--access-token-file")
        }
    }
}
