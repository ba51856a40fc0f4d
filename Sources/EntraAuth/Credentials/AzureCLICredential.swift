import Foundation
import HTTPCore
import Tokens
import TerminalSafety

/// Borrows the Azure CLI's sign-in: `az account get-access-token --output json --resource R [--tenant T]`
/// (reference/entra.md §7e). No app registration is needed; the token is the CLI's, for the person
/// logged in to it.
public actor AzureCLICredential: TokenCredential {
    let tenant: String?
    let environment: [String: String]
    let timeout: Duration
    private var cached: [String: AccessToken] = [:]

    public init(tenant: String? = nil, environment: [String: String] = ProcessEnvironment.current,
                timeout: Duration = .seconds(30)) {
        self.tenant = tenant
        self.environment = environment
        self.timeout = timeout
    }

    public func token(for scope: String) async throws(AuthError) -> AccessToken {
        if let token = cached[scope], !token.needsRenewal() { return token }
        let resource = DefaultScope.resource(of: scope)
        var arguments = ["account", "get-access-token", "--output", "json", "--resource", resource]
        if let tenant { arguments += ["--tenant", tenant] }
        let output: CommandRunner.Output
        do {
            output = try await CommandRunner.run("az", arguments, environment: environment, timeout: timeout)
        } catch {
            switch error {
            case .notFound: throw .unsupported("the Azure CLI (az) is not on PATH: install it, run `az login`, or choose another sign-in method")
            case .timedOut: throw .invalidSetting(Setting(.azureCLI), problem: "`az account get-access-token` did not finish within \(timeout)")
            case let .couldNotStart(reason): throw .invalidSetting(Setting(.azureCLI), problem: "could not run az: \(reason)")
            }
        }
        guard output.status == 0 else {
            let message = output.stderr.split(whereSeparator: \.isNewline).first.map(String.init) ?? "exit status \(output.status)"
            if output.stderr.contains("az login") || output.stderr.contains("'az login'") {
                throw .invalidSetting(Setting(.azureCLI), problem: "the Azure CLI is not logged in: run `az login` (\(TerminalSafety.escape(message)))")
            }
            throw .invalidSetting(Setting(.azureCLI), problem: "az failed: \(TerminalSafety.escape(message))")
        }
        guard let json = try? JSONValue.parse(output.stdout), let value = json["accessToken"]?.stringValue, !value.isEmpty else {
            throw .invalidSetting(Setting(.azureCLI), problem: "az printed no accessToken")
        }
        // Newer CLIs print `expires_on` (POSIX seconds); older ones only `expiresOn` in local time.
        let expiresOn: Date
        if let seconds = json["expires_on"]?.doubleValue, seconds.isFinite, abs(seconds) < 1e11 {
            expiresOn = Date(timeIntervalSince1970: seconds)
        } else if let text = json["expiresOn"]?.stringValue, let date = Self.localTime.date(from: String(text.prefix(19))) {
            expiresOn = date
        } else {
            expiresOn = Date().addingTimeInterval(300)
        }
        let token = AccessToken(value: value, tokenType: json["tokenType"]?.stringValue ?? "Bearer", expiresOn: expiresOn,
                                requestedScopes: [scope], grantedScope: nil, tenantId: json["tenant"]?.stringValue, clientId: nil)
        cached[scope] = token
        return token
    }

    public func invalidate(scope: String) async { cached[scope] = nil }

    static let localTime: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter
    }()
}
