import Foundation
import HTTPCore
import Testing
@testable import EntraAuth

@Suite struct SettingsTests {
    @Test func plainHTTPGoesOnlyToLoopback() throws {
        try URLPolicy.check(URL(string: "http://127.0.0.1:8080/x")!)
        try URLPolicy.check(URL(string: "http://localhost/x")!)
        try URLPolicy.check(URL(string: "http://[::1]:80/x")!)
        try URLPolicy.check(URL(string: "https://login.microsoftonline.com")!)
        #expect(throws: TransportError.self) { try URLPolicy.check(URL(string: "http://login.microsoftonline.com")!) }
        #expect(throws: TransportError.self) { try URLPolicy.check(URL(string: "http://127.0.0.1.evil.example")!) }
        #expect(throws: TransportError.self) { try URLPolicy.check(URL(string: "ftp://127.0.0.1")!) }
    }

    @Test func secretNeverPrintsItself() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        #expect(secret.reveal() == "hunter2")
    }

    @Test func missingSecretNamesTheVariable() {
        #expect(throws: AuthError.self) { try SecretSource.environment("AZURE_CLIENT_SECRET").read(environment: [:]) }
        do {
            _ = try SecretSource.environment("AZURE_CLIENT_SECRET").read(environment: [:])
        } catch {
            #expect(error.description.hasPrefix("AZURE_CLIENT_SECRET"))
        }
    }

    /// An unusable setting is named by a typed field (for the sign-in form) and by the name the person
    /// knows it by (for the message).
    @Test func anInvalidSettingNamesItsFieldTyped() {
        func setting(_ body: () throws -> Void) -> Setting? {
            do { try body() } catch { if case let .invalidSetting(setting, _)? = error as? AuthError { return setting } }
            return nil
        }
        #expect(setting { _ = try SecretSource.environment("PBI_SECRET").read(environment: [:]) } == Setting(.clientSecret, name: "PBI_SECRET"))
        #expect(setting { _ = try SecretSource.file("/nonexistent/secret").read() }?.field == .clientSecretFile)
        #expect(setting { _ = try StaticTokenCredential(text: " ", source: "--access-token-file t.txt", field: .accessTokenFile) }?.field == .accessTokenFile)
        #expect(setting { _ = try StaticTokenCredential(text: " ", source: "PBITUI_ACCESS_TOKEN") } == Setting(.accessToken, name: "PBITUI_ACCESS_TOKEN"))
        #expect(setting { _ = try SignInSettings.required(nil, Setting(.tenant)) }?.field == .tenant)
        #expect(AuthError.invalidSetting(Setting(.clientId), problem: "required for this sign-in method").description
                == "--client-id (or AZURE_CLIENT_ID): required for this sign-in method")
        #expect(Set(Setting.Field.allCases.map(\.name)).count == Setting.Field.allCases.count, "every field has a name of its own")
    }

    @Test func aSecretPastedIntoTheFileFieldIsNotRepeated() {
        let pasted = "Xy8Q~abcDEFghiJKLmnoPQRstuVWXyz0123456789.-_"
        do {
            _ = try SecretSource.file(pasted).read()
            Issue.record("read a file that is not there")
        } catch {
            #expect(!error.description.contains(pasted))
            #expect(error.description.contains("the secret itself goes in AZURE_CLIENT_SECRET"))
        }
    }

    @Test func secretFileProblemsNameTheFile() throws {
        do {
            _ = try SecretSource.file("/nonexistent/secret.txt").read()
            Issue.record("read a missing file")
        } catch {
            #expect(error.description.contains("/nonexistent/secret.txt"))
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pbitui-secret-\(UUID()).txt").path
        try "  s3cret \n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try SecretSource.file(path).read().reveal() == "s3cret")
        try "  \n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: AuthError.self) { try SecretSource.file(path).read() }
        try? FileManager.default.removeItem(atPath: path)
    }

    @Test func clientSecretNeedsTenantAndClient() {
        let transport = CannedTransport(HTTPResponse(status: 500))
        let settings = SignInSettings(method: .clientSecret, secret: .value(Secret("s")))
        do {
            _ = try settings.makeCredential(transport: transport, environment: [:])
            Issue.record("built a credential without a tenant")
        } catch {
            #expect(error.description.contains("--tenant"))
        }
    }

    @Test func formEncodingEscapesLikeBrowsers() {
        #expect(FormEncoding.encode([("scope", "https://x/.default"), ("a b", "é&=")]) == "scope=https%3A%2F%2Fx%2F.default&a+b=%C3%A9%26%3D")
        let decoded = FormEncoding.decode("a+b=%C3%A9%26%3D&c")
        #expect(decoded.map(\.0) == ["a b", "c"])
        #expect(decoded.map(\.1) == ["é&=", ""])
    }

    @Test func entraErrorMessageDropsCodeAndTraceLines() throws {
        let body = #"{"error":"invalid_scope","error_description":"AADSTS70011: The provided value isn't valid.\r\nTrace ID: t\r\nCorrelation ID: c","error_codes":[70011],"trace_id":"t","correlation_id":"c"}"#
        let error = try #require(EntraErrorResponse(body: Data(body.utf8)))
        #expect(error.aadstsCode == "AADSTS70011")
        #expect(error.message == "The provided value isn't valid.")
        #expect(EntraErrorResponse(body: Data("<html></html>".utf8)) == nil)
    }

    @Test func cloudsHaveTheirPowerBIEndpoints() throws {
        let china = try #require(Cloud.named("china"))
        #expect(china.authorityHost.absoluteString == "https://login.chinacloudapi.cn")
        #expect(china.powerBIDefaultScope == "https://analysis.chinacloudapi.cn/powerbi/api/.default")
        #expect(Cloud.named("USGOVHIGH")?.apiRoot.absoluteString == "https://api.high.powerbigov.us")
        #expect(Cloud.named("mars") == nil)
    }
}

@Suite struct SecretCommandTests {
    /// Where the deadline is not the subject, a hang's bound: a child on a machine busy with other work
    /// once took over 30 s to answer.
    static let hang = Duration.seconds(600)

    @Test func runsWithoutAShellAndTrimsTheOutput() async throws {
        let secret = try await SecretSource.command("printf '%s\\n' 's3cret value'").resolve(timeout: Self.hang)
        #expect(secret.reveal() == "s3cret value")
        // No shell: `;` and `$(...)` are arguments, not commands.
        let literal = try await SecretSource.command("echo a; echo $(id)").resolve(timeout: Self.hang)
        #expect(literal.reveal() == "a; echo $(id)")
    }

    @Test func failuresNameTheCommand() async {
        for (command, words) in [("false", "exit status 1"), ("no-such-program-xyz", "was not found"), ("true", "printed nothing")] {
            do {
                _ = try await SecretSource.command(command).resolve(timeout: Self.hang)
                Issue.record("\(command) gave a secret")
            } catch {
                #expect(error.description.hasPrefix("--client-secret-command"))
                #expect(error.description.contains(words), "\(error)")
            }
        }
    }

    @Test func aHangingCommandTimesOut() async {
        do {
            _ = try await SecretSource.command("sleep 10").resolve(timeout: .milliseconds(300))
            Issue.record("no timeout")
        } catch {
            #expect(error.description.contains("did not finish"))
        }
    }

    @Test func splitsWordsLikeAShellWithoutExpanding() {
        #expect(CommandLineWords.split(#"pass show "app/my secret" --x='a b' c\ d"#) == ["pass", "show", "app/my secret", "--x=a b", "c d"])
        #expect(CommandLineWords.split("  ") == [])
    }
}

@Suite struct EntraErrorCatalogueTests {
    @Test(arguments: [50076, 50079, 50126, 50034, 53003, 65001, 70011, 90002, 500011, 700016, 7000215, 7000222, 7000218,
                      700025, 700027, 700024, 700082, 54005, 50011, 9001023])
    func explainsTheCodesOfTheNotes(code: Int) throws {
        let entry = try #require(EntraErrorCatalogue.explain(code))
        #expect(!entry.meaning.isEmpty && !entry.advice.isEmpty)
        #expect(EntraErrorCatalogue.explain("AADSTS\(code)") == entry)
    }

    @Test func errorsCarryTheAdvice() {
        let error = AuthError.entra(EntraErrorResponse(error: "invalid_grant", errorDescription: "AADSTS50076: MFA needed.",
                                                       errorCodes: [50076], traceId: "t", correlationId: "c"), status: 400)
        #expect(error.description.contains("--auth device-code"))
        #expect(error.description.contains("trace id t, correlation id c"))
        #expect(EntraErrorCatalogue.explain(1) == nil)
    }
}
