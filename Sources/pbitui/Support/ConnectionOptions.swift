import ArgumentParser
import EntraAuth
import Foundation

/// The connection options of DESIGN.md §3, shared by every command that calls a service.
struct ConnectionOptions: ParsableArguments {
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

    @Option(help: "A PEM file of extra certificate authorities to trust.")
    var caFile: String?

    @Option(help: "A file holding an access token to use as is.")
    var accessTokenFile: String?

    /// The settings these options, the environment and the defaults give.
    func signInSettings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (SignInSettings, URL) {
        if profile != nil { throw CLIError.usage("--profile: profiles arrive with the config file (issue #4); not available yet") }
        let cloud: Cloud
        if let name = cloud_ {
            guard let found = Cloud.named(name) else {
                throw CLIError.usage("--cloud: unknown cloud '\(name)'; use one of \(Cloud.all.map(\.name).joined(separator: ", "))")
            }
            cloud = found
        } else {
            cloud = .public
        }
        let authority = try Self.url(authorityHost ?? environment["AZURE_AUTHORITY_HOST"], flag: "--authority-host") ?? cloud.authorityHost
        let api = try Self.url(apiRoot, flag: "--api-root") ?? cloud.apiRoot
        let method: SignInMethod
        if let auth {
            guard let known = SignInMethod(rawValue: auth) else {
                throw CLIError.usage("--auth: unknown method '\(auth)'; use one of \(SignInMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            method = known
        } else {
            method = accessTokenFile != nil ? .token : (certificate != nil ? .certificate : .clientSecret)
        }
        var settings = SignInSettings(
            cloud: cloud, authorityHost: authority,
            tenant: tenant ?? environment["AZURE_TENANT_ID"],
            clientId: clientId ?? environment["AZURE_CLIENT_ID"],
            method: method,
            secret: clientSecretFile.map(SecretSource.file) ?? clientSecretCommand.map(SecretSource.command)
                ?? .environment("AZURE_CLIENT_SECRET"),
            scope: scope)
        settings.scope = scope
        settings.certificatePath = certificate
        settings.username = username
        settings.accessTokenFile = accessTokenFile
        settings.tokenCache = TokenCache(path: TokenCache.defaultPath(environment: environment),
                                         warn: { StandardError.write("pbitui: warning: " + $0) })
        settings.deviceCodePrompt = { prompt in StandardError.write(ControlCharacters.escape(prompt.message)) }
        settings.browserURLPrompt = { url in StandardError.write("Opening a browser to sign in. If none opens, visit:\n\(url.absoluteString)") }
        // A missing secret or password is asked for, masked, when a person is at the terminal.
        if method == .clientSecret, clientSecretFile == nil, clientSecretCommand == nil,
           (environment["AZURE_CLIENT_SECRET"] ?? "").isEmpty, settings.tenant != nil, settings.clientId != nil,
           let typed = SecretPrompt.ask("Client secret for \(settings.clientId ?? "?"): ") {
            settings.secret = .value(typed)
        }
        if method == .password, (environment["AZURE_PASSWORD"] ?? "").isEmpty, let username = settings.username ?? environment["AZURE_USERNAME"],
           let typed = SecretPrompt.ask("Password for \(username): ") {
            settings.password = typed
        }
        if method == .password {
            StandardError.write("pbitui: warning: password sign-in is deprecated by Microsoft and fails for accounts with MFA; prefer --auth device-code")
        }
        return (settings, api)
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
