import ArgumentParser
import Config
import EntraAuth
import Foundation
import HTTPCore
import Simulator
import TerminalSafety

/// The connection options of DESIGN.md §3, shared by every command that calls a service.
struct ConnectionOptions: ParsableArguments {
    @Flag(help: "Use the built-in demo tenant (a simulator on loopback) instead of a real one.")
    var demo = false

    @Option(name: .customLong("setting-off"),
            help: ArgumentHelp("With --demo: turn this tenant setting off (repeatable): service-principal-apis, service-principal-admin-apis, execute-queries, xmla-endpoints, scanner-detailed-metadata, scanner-expressions.", valueName: "name"))
    var settingsOff: [String] = []

    @Option(help: "A profile from the config file.")
    var profile: String?

    @Option(help: "The cloud: public, usgov, usgovhigh, usgovdod or china.")
    var cloud: String?

    @Option(help: "The Entra ID authority host, e.g. https://login.microsoftonline.com.")
    var authorityHost: String?

    @Option(help: "The Power BI API root; requests go to {api-root}/v1.0/myorg/...")
    var apiRoot: String?

    @Option(help: "The tenant id or domain (AZURE_TENANT_ID).")
    var tenant: String?

    @Option(help: "The application (client) id (AZURE_CLIENT_ID).")
    var clientId: String?

    @Option(help: "How to sign in: \(SignInMethod.allCases.map(\.rawValue).joined(separator: ", ")).")
    var auth: String?

    @Option(help: "A PEM file with the certificate and its private key (AZURE_CLIENT_CERTIFICATE_PATH).")
    var certificate: String?

    @Option(help: "The user name for password sign-in (AZURE_USERNAME).")
    var username: String?

    @Option(help: "A file holding the client secret (instead of AZURE_CLIENT_SECRET).")
    var clientSecretFile: String?

    @Option(help: "A command that prints the client secret.")
    var clientSecretCommand: String?

    @Option(help: "The scope to request (default: the cloud's Power BI .default scope).")
    var scope: String?

    @Option(help: "A PEM file of the certificate authorities to trust instead of the system's (as curl's --cacert).")
    var caFile: String?

    @Option(help: "A file holding an access token to use as is.")
    var accessTokenFile: String?

    /// The profile in force: `--profile`, else the config file's `default_profile`, else none.
    func selectedProfile(environment: [String: String] = ProcessEnvironment.current) throws -> Profile? {
        let path = ConfigFile.defaultPath(environment: environment)
        let config: ConfigFile
        do { config = try ConfigFile.load(path: path) } catch { throw CLIError.usage(error.description) }
        guard let name = profile ?? config.defaultProfile else { return nil }
        guard let found = config.profile(named: name) else {
            let known = config.profiles.map(\.name)
            throw CLIError.usage("--profile: no profile '\(name)' in \(path)" + (known.isEmpty ? " (it has none)" : "; known: \(known.joined(separator: ", "))"))
        }
        return found
    }

    /// True when the command line, a profile or the environment says how to sign in; otherwise the UI
    /// opens its sign-in screen. The environment counts as azure-identity's EnvironmentCredential reads it:
    /// a tenant, a client id and a secret or certificate.
    func choosesMethod(environment: [String: String] = ProcessEnvironment.current) throws -> Bool {
        if auth != nil || accessTokenFile != nil || certificate != nil || clientSecretFile != nil || clientSecretCommand != nil { return true }
        let hasApp = (tenant ?? environment["AZURE_TENANT_ID"]) != nil && (clientId ?? environment["AZURE_CLIENT_ID"]) != nil
        let hasCredential = !(environment["AZURE_CLIENT_SECRET"] ?? "").isEmpty || !(environment["AZURE_CLIENT_CERTIFICATE_PATH"] ?? "").isEmpty
        if hasApp && hasCredential { return true }
        return try selectedProfile(environment: environment) != nil
    }

    /// The settings these options, the selected profile, the environment and the defaults give, in that
    /// order of precedence.
    func signInSettings(environment: [String: String] = ProcessEnvironment.current,
                        askForSecrets: Bool = true) throws -> (SignInSettings, URL) {
        let chosen = try selectedProfile(environment: environment)
        let cloudName = cloud_ ?? chosen?.cloud
        let cloud: Cloud
        if let name = cloudName {
            guard let found = Cloud.named(name) else {
                throw CLIError.usage("--cloud: unknown cloud '\(name)'; use one of \(Cloud.all.map(\.name).joined(separator: ", "))")
            }
            cloud = found
        } else {
            cloud = .public
        }
        let authority = try Self.url(authorityHost ?? chosen?.authorityHost ?? environment["AZURE_AUTHORITY_HOST"], flag: "--authority-host") ?? cloud.authorityHost
        let api = try Self.url(apiRoot ?? chosen?.apiRoot, flag: "--api-root") ?? cloud.apiRoot
        let certificate = self.certificate ?? chosen?.certificate
        let accessTokenFile = self.accessTokenFile ?? chosen?.accessTokenFile
        let method: SignInMethod
        if let auth = auth ?? chosen?.auth {
            guard let known = SignInMethod(rawValue: auth) else {
                throw CLIError.usage("--auth: unknown method '\(auth)'; use one of \(SignInMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            method = known
        } else {
            let environmentCertificate = !(environment["AZURE_CLIENT_CERTIFICATE_PATH"] ?? "").isEmpty
                && (environment["AZURE_CLIENT_SECRET"] ?? "").isEmpty && clientSecretFile == nil && clientSecretCommand == nil
            method = accessTokenFile != nil ? .token : (certificate != nil || environmentCertificate ? .certificate : .clientSecret)
        }
        let secretFile = clientSecretFile ?? (clientSecretCommand == nil ? chosen?.clientSecretFile : nil)
        let secretCommand = clientSecretCommand ?? (clientSecretFile == nil ? chosen?.clientSecretCommand : nil)
        let secretVariable = chosen?.clientSecretEnv ?? "AZURE_CLIENT_SECRET"
        var settings = SignInSettings(
            cloud: cloud, authorityHost: authority,
            tenant: tenant ?? chosen?.tenant ?? environment["AZURE_TENANT_ID"],
            clientId: clientId ?? chosen?.clientId ?? environment["AZURE_CLIENT_ID"],
            method: method,
            secret: secretFile.map(SecretSource.file) ?? secretCommand.map(SecretSource.command)
                ?? .environment(secretVariable),
            scope: scope ?? chosen?.scope)
        settings.certificatePath = certificate
        settings.username = username ?? chosen?.username
        settings.accessTokenFile = accessTokenFile
        settings.tokenCache = TokenCache(path: TokenCache.defaultPath(environment: environment),
                                         warn: { StandardError.write("pbitui: warning: " + $0) })
        settings.deviceCodePrompt = { prompt in StandardError.write(TerminalSafety.escape(prompt.message)) }
        settings.browserURLPrompt = { url in StandardError.write("Opening a browser to sign in. If none opens, visit:\n\(url.absoluteString)") }
        // A missing secret or password is asked for, masked, when a person is at the terminal.
        if askForSecrets, method == .clientSecret, secretFile == nil, secretCommand == nil,
           (environment[secretVariable] ?? "").isEmpty, settings.tenant != nil, settings.clientId != nil,
           let typed = SecretPrompt.ask("Client secret for \(settings.clientId ?? "?"): ") {
            settings.secret = .value(typed)
        }
        if askForSecrets, method == .password {
            // Asked only when the token cache cannot sign the user in silently.
            settings.passwordPrompt = { username in SecretPrompt.ask("Password for \(username): ") }
        }
        if askForSecrets, method == .password {
            StandardError.write("pbitui: warning: password sign-in is deprecated by Microsoft and fails for accounts with MFA; prefer --auth device-code")
        }
        return (settings, api)
    }

    /// The CA file from the flag or the profile.
    func effectiveCAFile(environment: [String: String] = ProcessEnvironment.current) throws -> String? {
        try caFile ?? selectedProfile(environment: environment)?.caFile
    }

    private var cloud_: String? { cloud }

    static func url(_ text: String?, flag: String) throws -> URL? {
        guard let text else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host?.isEmpty == false else {
            throw CLIError.usage("\(flag): '\(text)' is not an http(s) URL")
        }
        do { try URLPolicy.check(url) } catch { throw CLIError.usage("\(flag): \(error)") }
        return url
    }
}

extension ConnectionOptions {
    /// The one way a command opens its session: the demo tenant with `--demo`, else what the options,
    /// the profile and the environment say.
    /// `personPresent: false` where nobody can answer a prompt (`pbitui mcp`).
    func open(personPresent: Bool = true) async throws -> Session {
        let settingsOff = try demoSettingsOff()
        return demo ? try await Session.demo(settingsOff: settingsOff) : try await Session.connect(self, personPresent: personPresent)
    }

    /// `--setting-off` read: only with `--demo` (a real tenant's settings are its administrator's), each name known.
    func demoSettingsOff() throws -> Set<TenantSetting> {
        guard !settingsOff.isEmpty else { return [] }
        guard demo else { throw CLIError.usage("--setting-off goes with --demo (or `pbitui simulator`): a real tenant's settings are changed in its admin portal") }
        return try Set(settingsOff.map(TenantSetting.parse))
    }

    /// Opens the session, runs `body` with it, and closes it whatever `body` does: the one open/close path.
    func withSession<T>(personPresent: Bool = true, _ body: (Session) async throws -> T) async throws -> T {
        let session = try await open(personPresent: personPresent)
        do {
            let result = try await body(session)
            await session.close()
            return result
        } catch {
            await session.close()
            throw error
        }
    }
}
