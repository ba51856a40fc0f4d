import App
import Config
import EntraAuth
import Foundation
import HTTPCore
import PowerBI
import Simulator
import Tokens
import TerminalSafety

/// Signs in for the UI's sign-in screen: turns the form into ``SignInSettings`` on top of the connection
/// options (cloud, authority, API root, CA file, profile), gets a first token so that failures show on the
/// screen, and hands back a session. The demo choice starts the demo tenant in this process.
struct ScreenSignIn: SignInService {
    let options: ConnectionOptions
    let environment: [String: String]
    let prefilled: [SignInField: String]
    let profileName: String?
    let authorityDescription: String
    /// The session's demo tenant: once it runs, every method signs in to it.
    let demoHost: DemoTenantHost
    /// The profiles of `config.toml`, for `:ctx`.
    let profiles: [(name: String, summary: String)]

    init(options: ConnectionOptions, demoHost: DemoTenantHost = DemoTenantHost(),
         environment: [String: String] = ProcessEnvironment.current) throws {
        self.options = options
        self.demoHost = demoHost
        self.environment = environment
        let (settings, _) = try options.signInSettings(environment: environment, askForSecrets: false)
        var values: [SignInField: String] = [:]
        values[.tenant] = settings.tenant
        values[.clientId] = settings.clientId
        values[.username] = settings.username ?? environment["AZURE_USERNAME"]
        values[.certificate] = settings.certificatePath ?? environment["AZURE_CLIENT_CERTIFICATE_PATH"]
        values[.accessTokenFile] = settings.accessTokenFile
        if case let .file(path)? = settings.secret { values[.secretFile] = path }
        prefilled = values
        profileName = try options.selectedProfile(environment: environment)?.name
        // A config file that cannot be read was reported by selectedProfile already when it matters.
        profiles = ((try? ConfigFile.load(path: ConfigFile.defaultPath(environment: environment)))?.profiles ?? []).map { ($0.name, $0.summary) }
        authorityDescription = settings.authorityHost.absoluteString
    }

    func signIn(_ request: SignInRequest, progress: @escaping @Sendable (SignInProgress) -> Void) async throws -> ConnectedSession {
        switch request.option {
        case .demo:
            progress(.working(await demoHost.info == nil ? "Starting the demo tenant…" : "Signing in to the demo tenant…"))
            let session: Session
            do { session = try await Session.demo(host: demoHost) } catch {
                throw SignInFailure(String(describing: error))
            }
            return session.connected
        case let .method(method):
            return try await signIn(method, request, progress: progress)
        case let .profile(name):
            return try await signIn(profile: name, progress: progress)
        }
    }

    /// `:ctx NAME`: the profile as it stands in `config.toml` (its method, tenant, client, secret source,
    /// hosts), silently when its token cache or secret source allows; device code and browser sign-ins
    /// show their prompts on the sign-in screen.
    private func signIn(profile name: String, progress: @escaping @Sendable (SignInProgress) -> Void) async throws -> ConnectedSession {
        // Parsed, not built: an options value only works once ArgumentParser has filled it.
        let options = try mapUsage { try ConnectionOptions.parse(["--profile", name]) }
        var (settings, apiRoot) = try mapUsage { try options.signInSettings(environment: environment, askForSecrets: false) }
        let caFile = try mapUsage { try options.effectiveCAFile(environment: environment) }
        settings.deviceCodePrompt = { prompt in
            progress(.deviceCode(userCode: TerminalSafety.escape(prompt.userCode),
                                 verificationURI: TerminalSafety.escape(prompt.verificationURI), expiresOn: prompt.expiresOn))
        }
        settings.browserURLPrompt = { url in progress(.browser(url: url.absoluteString)) }
        progress(.working("Signing in with profile \(name) (\(settings.method.rawValue))…"))
        do {
            let session = try await Session.open(SessionPlan(settings: settings, caFile: caFile, environment: environment, signInNow: true),
                                                 apiRoot: apiRoot)
            return session.connected
        } catch {
            if Task.isCancelled { throw SignInFailure("Sign-in cancelled") }
            switch error {
            case let .caFile(error): throw SignInFailure(error.description)
            case let .auth(error): throw Self.failure(for: error, method: settings.method)
            }
        }
    }

    private func signIn(_ method: SignInMethod, _ request: SignInRequest,
                        progress: @escaping @Sendable (SignInProgress) -> Void) async throws -> ConnectedSession {
        var base = self.environment
        var (settings, apiRoot) = try mapUsage { try options.signInSettings(environment: base, askForSecrets: false) }
        settings.method = method
        // With a demo tenant running, every method signs in to it (its App Service identity endpoint included),
        // and nothing of it goes into the person's token cache.
        let demo = await demoHost.info
        var caFile = try mapUsage { try options.effectiveCAFile(environment: base) }
        if let demo {
            settings.authorityHost = URL(string: demo.authorityHost)!
            apiRoot = URL(string: demo.apiRoot)!
            caFile = demo.caFile
            settings.tokenCache = nil
            base["IDENTITY_ENDPOINT"] = demo.apiRoot + "/msi/token"
            base["IDENTITY_HEADER"] = demo.identityHeader
        }
        settings.tenant = request.value(.tenant) ?? ([.deviceCode, .browser, .azureCLI].contains(method) ? nil : settings.tenant)
        settings.clientId = request.value(.clientId) ?? (method == .managedIdentity ? nil : settings.clientId)
        settings.username = request.value(.username)
        settings.certificatePath = request.value(.certificate)
        if let secret = request.values[.clientSecret], !secret.isEmpty {
            settings.secret = .value(Secret(secret))
        } else if let file = request.value(.secretFile) {
            settings.secret = .file(file)
        }
        if let password = request.values[.password], !password.isEmpty { settings.password = Secret(password) }
        settings.accessTokenFile = request.value(.accessTokenFile)
        var environment = base
        if method == .token, let pasted = request.value(.accessToken) { environment["PBITUI_ACCESS_TOKEN"] = pasted }
        if method == .token, request.value(.accessToken) == nil, settings.accessTokenFile == nil {
            throw SignInFailure("Access token: paste a token or name a file holding one", field: .accessToken)
        }
        settings.deviceCodePrompt = { prompt in
            progress(.deviceCode(userCode: TerminalSafety.escape(prompt.userCode),
                                 verificationURI: TerminalSafety.escape(prompt.verificationURI), expiresOn: prompt.expiresOn))
        }
        settings.browserURLPrompt = { url in progress(.browser(url: url.absoluteString)) }
        progress(.working(method == .deviceCode ? "Asking Entra ID for a device code…" : "Signing in as \(method.rawValue)…"))

        var session: Session
        do {
            session = try await Session.open(SessionPlan(settings: settings, caFile: caFile, environment: environment, signInNow: true),
                                             apiRoot: apiRoot)
        } catch {
            if Task.isCancelled { throw SignInFailure("Sign-in cancelled") }
            switch error {
            case let .caFile(error): throw SignInFailure(error.description)
            case let .auth(error): throw Self.failure(for: error, method: method)
            }
        }
        // On the demo tenant the session keeps its presets and the console stays on its Power BI API.
        session.demoInfo = demo
        return session.connected
    }

    private func mapUsage<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw SignInFailure(String(describing: error)) }
    }

    /// Turns an ``AuthError`` into what the screen shows: the catalogue's advice is already in the
    /// description; the field at fault is found from the setting's name or the method.
    static func failure(for error: AuthError, method: SignInMethod) -> SignInFailure {
        switch error {
        case let .invalidSetting(setting, _):
            return SignInFailure(error.description, field: Self.field(for: setting.field))
        case .entra:
            let code = error.aadstsCode ?? ""
            if ["AADSTS50076", "AADSTS50079"].contains(code) {
                return SignInFailure(error.description + " — multi-factor authentication blocks password sign-in. Press Ctrl-D to sign in with device code instead.",
                                     field: .password, offersDeviceCode: true)
            }
            let field: SignInField? = switch code {
            case "AADSTS7000215", "AADSTS7000222": .clientSecret
            // A confidential client's id used where a public client belongs (password, device code, browser).
            case "AADSTS7000218": [.clientSecret, .certificate].contains(method) ? .clientSecret : .clientId
            case "AADSTS700016", "AADSTS700027": method == .certificate ? .certificate : .clientId
            case "AADSTS90002": .tenant
            case "AADSTS50126", "AADSTS50034": .password
            default: nil
            }
            return SignInFailure(error.description, field: field)
        default:
            return SignInFailure(error.description)
        }
    }

    /// The form's field for a setting the error names (nil: the form has no such field, as for a secret
    /// command or the browser).
    static func field(for setting: Setting.Field) -> SignInField? {
        switch setting {
        case .tenant: .tenant
        case .clientId: .clientId
        case .clientSecret: .clientSecret
        case .clientSecretFile: .secretFile
        case .certificate: .certificate
        case .username: .username
        case .password: .password
        case .accessToken: .accessToken
        case .accessTokenFile: .accessTokenFile
        case .clientSecretCommand, .caFile, .azureCLI, .browser, .tokenCache, .keySet: nil
        }
    }
}
