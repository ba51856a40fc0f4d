import Foundation
import HTTPCore
import Tokens

/// What a session is built from: the sign-in settings, the CA file its transport trusts, the environment
/// the credential reads (`AZURE_*`, `IDENTITY_ENDPOINT`, `PBITUI_ACCESS_TOKEN`), and when to sign in.
public struct SessionPlan: Sendable {
    public var settings: SignInSettings
    public var caFile: String?
    public var environment: [String: String]
    /// Sign in now, so that a failure shows where the person is (the sign-in screen's form); otherwise the
    /// first call signs in (the command line, whose first call follows at once).
    public var signInNow: Bool
    /// The identity as shown; by default the method with the account (after signing in now) or the client
    /// and tenant.
    public var identity: String?

    public init(settings: SignInSettings, caFile: String? = nil, environment: [String: String] = ProcessEnvironment.current,
                signInNow: Bool = false, identity: String? = nil) {
        self.settings = settings
        self.caFile = caFile
        self.environment = environment
        self.signInNow = signInNow
        self.identity = identity
    }

    /// The demo tenant's confidential client (`--demo`): its authority, tenant, client id and secret, and the
    /// CA file of its TLS listener. Nothing of it goes into the person's token cache.
    public static func demoTenant(authorityHost: URL, tenant: String, clientId: String, secret: String, caFile: String?) -> SessionPlan {
        var settings = SignInSettings(authorityHost: authorityHost, tenant: tenant, clientId: clientId,
                                      method: .clientSecret, secret: .value(Secret(secret)))
        settings.tokenCache = nil
        return SessionPlan(settings: settings, caFile: caFile, environment: [:], identity: "demo tenant · app pbitui-automation")
    }
}

/// A signed-in (or ready to sign in) connection to Entra ID: the transport every call of the session goes
/// through, the credential, and who it acts as. The Power BI client is built on it (`PowerBIClient(session:apiRoot:)`).
public struct AuthSession: Sendable {
    public let transport: AsyncHTTPTransport
    /// The method's credential, wrapped so that every token it hands out is registered with the log.
    public let credential: any TokenCredential
    /// The scope asked for (the cloud's Power BI `.default` unless the settings say otherwise).
    public let scope: String
    public let identity: String
    /// The token got while signing in now; nil when the first call signs in.
    public let firstToken: AccessToken?
    public let settings: SignInSettings

    public var cloud: Cloud { settings.cloud }
    public var authorityHost: URL { settings.authorityHost }
    public var method: SignInMethod { settings.method }
    /// True for sign-ins that talk to the person (device code, browser).
    public var isInteractive: Bool { [.deviceCode, .browser].contains(settings.method) }

    /// Verifies a token against its issuer's keys, found by OpenID discovery at this session's authority.
    public var verifier: @Sendable (JWT) async -> VerificationReport {
        Self.verifier(transport: transport, authorityHost: authorityHost)
    }

    public static func verifier(transport: any HTTPTransport, authorityHost: URL?) -> @Sendable (JWT) async -> VerificationReport {
        let fetcher = KeySetFetcher(transport: transport, authorityHost: authorityHost)
        return { jwt in
            do {
                let (keys, _) = try await fetcher.keys(for: jwt)
                return TokenVerifier().verify(jwt, keys: keys)
            } catch {
                return VerificationReport(outcome: .failed("could not get the signing keys: \(error)"), checks: [])
            }
        }
    }

    public func close() async { await transport.shutdown() }
}

/// Why a session could not be built.
public enum SessionError: Error, Sendable, CustomStringConvertible {
    /// The CA file cannot be used (bad usage on the command line).
    case caFile(CAFileError)
    /// A setting is missing or wrong, or Entra ID refused the sign-in.
    case auth(AuthError)

    public var description: String {
        switch self {
        case let .caFile(error): error.description
        case let .auth(error): error.description
        }
    }
}

/// The one place sessions are built, for the command line, the sign-in screen and the demo tenant alike:
/// a transport trusting the plan's CA file, the method's credential, its tokens registered with the log as
/// secrets, a line in the log, and (when asked) a first token.
public enum SessionFactory {
    /// `token · app Contoso ETL (client …) · tenant …` from an app token's claims, the settings where it says nothing.
    static func appIdentity(_ token: AccessToken, method: String, settings: SignInSettings) -> String {
        let name = (try? JWT.decode(token.value))?.payload["app_displayname"]?.stringValue
        let client = token.clientId ?? settings.clientId ?? "?"
        return "\(method) · " + (name.map { "app \($0) (client \(client))" } ?? "client \(client)") + " · tenant \(token.tenantId ?? settings.tenant ?? "?")"
    }

    public static func open(_ plan: SessionPlan, log: ActivityLog = .shared) async throws(SessionError) -> AuthSession {
        let settings = plan.settings
        let transport: AsyncHTTPTransport
        do { transport = try AsyncHTTPTransport(caFile: plan.caFile) } catch { throw .caFile(error) }
        // Secrets (client secrets, passwords) register themselves with the log when they are read, wherever
        // that happens (a file, a command, a prompt); tokens are registered by the credential's wrapper.
        let method = settings.method.rawValue
        do throws(AuthError) {
            let credential = RegisteringCredential(base: try settings.makeCredential(transport: transport, environment: plan.environment), log: log)
            let firstToken = plan.signInNow ? try await credential.token(for: settings.effectiveScope) : nil
            // What the token says comes first: a pasted token is shown with its own app and tenant, not the
            // client and tenant the form or the previous context held.
            let identity = plan.identity
                ?? firstToken?.account.map { "\(method) · \($0)" }
                ?? firstToken.map { Self.appIdentity($0, method: method, settings: settings) }
                ?? "\(method) · client \(settings.clientId ?? "?") · tenant \(settings.tenant ?? "?")"
            log.write(plan.signInNow ? "sign-in \(method): signed in as \(identity) at \(settings.authorityHost.absoluteString)"
                                     : "connect \(identity) at \(settings.authorityHost.absoluteString)")
            return AuthSession(transport: transport, credential: credential, scope: settings.effectiveScope,
                               identity: identity, firstToken: firstToken, settings: settings)
        } catch {
            await transport.shutdown()
            log.write("sign-in \(method) failed: \(error.description)")
            throw .auth(error)
        }
    }
}

/// A credential that registers every token it hands out (and the refresh token with it) with the log, so
/// that tokens from any source (token endpoint, managed identity, Azure CLI, a pasted token, the cache)
/// never appear in it.
struct RegisteringCredential: TokenCredential {
    let base: any TokenCredential
    let log: ActivityLog

    func token(for scope: String) async throws(AuthError) -> AccessToken {
        let token = try await base.token(for: scope)
        log.register(secret: token.value)
        if let refreshToken = token.refreshToken { log.register(secret: refreshToken) }
        return token
    }

    func invalidate(scope: String) async { await base.invalidate(scope: scope) }
}
