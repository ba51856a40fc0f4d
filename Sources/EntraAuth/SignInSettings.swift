import Foundation
import HTTPCore
import TerminalSafety

/// The sign-in methods of DESIGN.md §1, by their `--auth` names.
public enum SignInMethod: String, Sendable, CaseIterable {
    case clientSecret = "client-secret"
    case certificate
    case password
    case deviceCode = "device-code"
    case browser
    case azureCLI = "azure-cli"
    case managedIdentity = "managed-identity"
    case token
}

/// Where a client secret comes from. Never from a command-line value: those are visible to every user of
/// the machine in `/proc/*/cmdline`.
public enum SecretSource: Sendable, Hashable {
    case environment(String)
    case file(String)
    /// A program that prints the secret (`--client-secret-command "pass show app/secret"`): split into words
    /// (quotes group words), run without a shell, given 30 seconds.
    case command(String)
    case value(Secret)

    /// Reads the secret, running a secret command when that is the source.
    public func resolve(environment: [String: String] = ProcessEnvironment.current,
                        timeout: Duration = .seconds(30)) async throws(AuthError) -> Secret {
        guard case let .command(line) = self else { return try read(environment: environment) }
        let words = CommandLineWords.split(line)
        guard let program = words.first else { throw .invalidSetting(Setting(.clientSecretCommand), problem: "is empty") }
        let output: CommandRunner.Output
        do {
            output = try await CommandRunner.run(program, Array(words.dropFirst()), environment: environment, timeout: timeout)
        } catch {
            switch error {
            case .notFound: throw .invalidSetting(Setting(.clientSecretCommand), problem: "\(program) was not found")
            case .timedOut: throw .invalidSetting(Setting(.clientSecretCommand), problem: "\(program) did not finish within \(timeout)")
            case let .couldNotStart(reason): throw .invalidSetting(Setting(.clientSecretCommand), problem: "could not run \(program): \(reason)")
            }
        }
        guard output.status == 0 else {
            throw .invalidSetting(Setting(.clientSecretCommand), problem: "\(program) failed with exit status \(output.status)")
        }
        let secret = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !secret.isEmpty else { throw .invalidSetting(Setting(.clientSecretCommand), problem: "\(program) printed nothing") }
        return Secret(secret)
    }

    /// Reads the secret, naming the source when it is missing, unreadable or blank.
    public func read(environment: [String: String] = ProcessEnvironment.current) throws(AuthError) -> Secret {
        switch self {
        case let .environment(name):
            guard let value = environment[name], !value.isEmpty else {
                throw .invalidSetting(Setting(.clientSecret, name: name), problem: "not set; put the client secret in \(name) or use --client-secret-file")
            }
            let secret = Secret(value)
            if secret.isBlank { throw .invalidSetting(Setting(.clientSecret, name: name), problem: "is blank") }
            return secret
        case let .file(path):
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                // A path that names no file is not repeated: people paste the secret itself into this field,
                // and an error message is no place for a secret.
                // Entra's generated secrets never hold a "/"; paths nearly always do.
                let shown = path.contains("/") ? path : "what was given"
                throw .invalidSetting(Setting(.clientSecretFile), problem: "cannot read \(TerminalSafety.escape(shown)) as a file (\((error as NSError).localizedDescription)); the secret itself goes in AZURE_CLIENT_SECRET or the Client secret field, never in this one")
            }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { throw .invalidSetting(Setting(.clientSecretFile), problem: "\(path) is empty") }
            return Secret(text)
        case let .value(secret):
            if secret.isBlank { throw .invalidSetting(Setting(.clientSecret), problem: "is blank") }
            return secret
        case .command:
            throw .invalidSetting(Setting(.clientSecretCommand), problem: "runs asynchronously; use resolve()")
        }
    }
}

/// Everything needed to sign in, resolved from flags, environment and profile.
public struct SignInSettings: Sendable {
    public var cloud: Cloud
    public var authorityHost: URL
    public var tenant: String?
    public var clientId: String?
    public var method: SignInMethod
    public var secret: SecretSource?
    /// The scope to ask for; the cloud's Power BI `.default` scope when nil.
    public var scope: String?
    /// A PEM file with the certificate and its key (`--certificate`, `AZURE_CLIENT_CERTIFICATE_PATH`).
    public var certificatePath: String?
    /// The user for password sign-in (`--username`, `AZURE_USERNAME`); the password comes from `AZURE_PASSWORD`.
    public var username: String?
    /// The password for `password` sign-in when it was typed rather than set in `AZURE_PASSWORD`.
    public var password: Secret?
    /// A file holding an access token (`--access-token-file`), for `--auth token`.
    public var accessTokenFile: String?
    /// Where delegated sign-ins keep their tokens between runs; nil keeps them in memory only.
    public var tokenCache: TokenCache?
    /// Where browser sign-in shows the URL it opens (for machines where no browser opens).
    public var browserURLPrompt: (@Sendable (URL) async -> Void)?
    /// Where device-code sign-in shows its code (the command line prints it; the UI shows it large).
    public var deviceCodePrompt: (@Sendable (DeviceCodePrompt) async -> Void)?
    /// Asks for the password of a user (masked, at a terminal) when password sign-in needs one and the token
    /// cache cannot serve; nil when nobody can be asked.
    public var passwordPrompt: (@Sendable (String) async -> Secret?)?
    /// False where nobody can answer a prompt and standard input is not a person's (`pbitui mcp`): a device
    /// code or browser sign-in works only from the token cache, and a token is never read from standard input.
    public var personPresent = true

    public init(cloud: Cloud = .public, authorityHost: URL? = nil, tenant: String? = nil, clientId: String? = nil,
                method: SignInMethod = .clientSecret, secret: SecretSource? = nil, scope: String? = nil) {
        self.cloud = cloud
        self.authorityHost = authorityHost ?? cloud.authorityHost
        self.tenant = tenant
        self.clientId = clientId
        self.method = method
        self.secret = secret
        self.scope = scope
    }

    public var effectiveScope: String { scope ?? cloud.powerBIDefaultScope }

    /// Builds the credential for the method, checking the settings it needs.
    public func makeCredential(transport: any HTTPTransport,
                               environment: [String: String] = ProcessEnvironment.current) throws(AuthError) -> any TokenCredential {
        try URLPolicyCheck.authority(authorityHost)
        switch method {
        case .clientSecret:
            let tenant = try Self.required(tenant, Setting(.tenant))
            let clientId = try Self.required(clientId, Setting(.clientId))
            let source = self.secret ?? .environment("AZURE_CLIENT_SECRET")
            if case .command = source {
                return ServicePrincipalCredential(authorityHost: authorityHost, tenant: tenant, clientId: clientId,
                                                  authentication: .secretSource(source, environment), transport: transport)
            }
            return ClientSecretCredential(authorityHost: authorityHost, tenant: tenant, clientId: clientId,
                                          secret: try source.read(environment: environment), transport: transport)
        case .certificate:
            let tenant = try Self.required(tenant, Setting(.tenant))
            let clientId = try Self.required(clientId, Setting(.clientId))
            let path = try Self.required(certificatePath ?? environment["AZURE_CLIENT_CERTIFICATE_PATH"],
                                         Setting(.certificate, name: "--certificate (or AZURE_CLIENT_CERTIFICATE_PATH)"))
            return ServicePrincipalCredential(authorityHost: authorityHost, tenant: tenant, clientId: clientId,
                                              authentication: .certificate(try ClientCertificate(path: path), .rs256),
                                              transport: transport)
        case .password:
            let tenant = try Self.required(tenant, Setting(.tenant))
            let clientId = try Self.required(clientId, Setting(.clientId))
            let username = try Self.required(username ?? environment["AZURE_USERNAME"], Setting(.username))
            // Asked for only when the cache holds nothing for this account (a cached account signs in silently).
            let given = self.password ?? environment["AZURE_PASSWORD"].flatMap({ $0.isEmpty ? nil : Secret($0) })
            let prompt = passwordPrompt
            let password: @Sendable () async throws(AuthError) -> Secret = { () async throws(AuthError) -> Secret in
                if let given { return given }
                if let prompt, let typed = await prompt(username) { return typed }
                throw .invalidSetting(Setting(.password), problem: "not set, and the token cache holds no sign-in for \(username); password sign-in reads the password from AZURE_PASSWORD or asks for it at a terminal")
            }
            return DelegatedCredential(authorityHost: authorityHost, tenant: tenant, clientId: clientId,
                                       signIn: PasswordSignIn(username: username, password: password), transport: transport,
                                       cache: tokenCache, account: username)
        case .deviceCode:
            let tenant = tenant ?? "organizations"
            let clientId = try Self.required(clientId, Setting(.clientId))
            let prompt = deviceCodePrompt ?? { _ in }
            return DelegatedCredential(authorityHost: authorityHost, tenant: tenant, clientId: clientId,
                                       signIn: personPresent ? DeviceCodeSignIn(prompt: prompt) as any UserSignIn : NobodyToAsk(method: "device code"),
                                       transport: transport,
                                       cache: tokenCache, account: Self.interactiveAccount(username ?? environment["AZURE_USERNAME"]))
        case .azureCLI:
            return AzureCLICredential(tenant: tenant, environment: environment)
        case .managedIdentity:
            return ManagedIdentityCredential(clientId: clientId, transport: transport, environment: environment)
        case .token:
            if let path = accessTokenFile {
                let text: String
                do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                    throw .invalidSetting(Setting(.accessTokenFile), problem: "cannot read \(path)")
                }
                return try StaticTokenCredential(text: text, source: "--access-token-file \(path)", field: .accessTokenFile)
            }
            if let text = environment["PBITUI_ACCESS_TOKEN"] { return try StaticTokenCredential(text: text, source: "PBITUI_ACCESS_TOKEN") }
            guard personPresent else {
                throw .invalidSetting(Setting(.accessToken), problem: "standard input is not yours here: give --access-token-file or PBITUI_ACCESS_TOKEN")
            }
            let input = FileHandle.standardInput.readDataToEndOfFile()
            return try StaticTokenCredential(text: String(decoding: input, as: UTF8.self), source: "standard input")
        case .browser:
            let tenant = tenant ?? "organizations"
            let clientId = try Self.required(clientId, Setting(.clientId))
            let show = browserURLPrompt ?? { _ in }
            return DelegatedCredential(authorityHost: authorityHost, tenant: tenant, clientId: clientId,
                                       signIn: personPresent ? BrowserSignIn(environment: environment, showURL: show) as any UserSignIn
                                           : NobodyToAsk(method: "browser"), transport: transport,
                                       cache: tokenCache, account: Self.interactiveAccount(username ?? environment["AZURE_USERNAME"]))
        }
    }

    /// The cache account of a device-code or browser sign-in: the user when one is named (whose earlier
    /// sign-in, by any delegated method, is then reused), else the last interactive sign-in.
    static func interactiveAccount(_ username: String?) -> String {
        guard let username = username?.trimmingCharacters(in: .whitespaces), !username.isEmpty else { return "interactive" }
        return username
    }

    static func required(_ value: String?, _ setting: Setting) throws(AuthError) -> String {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalidSetting(setting, problem: "required for this sign-in method")
        }
        return value.trimmingCharacters(in: .whitespaces)
    }
}

enum URLPolicyCheck {
    static func authority(_ url: URL) throws(AuthError) {
        do { try URLPolicy.check(url) } catch { throw .transport(error) }
    }
}

/// Splits a command line into words as a shell would for simple cases: whitespace separates, single and
/// double quotes group, a backslash escapes the next character. Nothing is expanded or substituted.
enum CommandLineWords {
    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped { current.append(character); escaped = false; inWord = true; continue }
            if character == "\\", quote != "'" { escaped = true; continue }
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            if character == "'" || character == "\"" { quote = character; inWord = true; continue }
            if character.isWhitespace {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            current.append(character)
            inWord = true
        }
        if inWord { words.append(current) }
        return words
    }
}
