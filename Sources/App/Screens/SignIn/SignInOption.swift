import EntraAuth

/// A field of a sign-in form. Each knows how a person names it and whether it is typed masked.
public enum SignInField: String, Sendable, Hashable, CaseIterable {
    case tenant, clientId, clientSecret, secretFile, certificate, username, password, accessToken, accessTokenFile

    public var label: String {
        switch self {
        case .tenant: "Tenant"
        case .clientId: "Client id"
        case .clientSecret: "Client secret"
        case .secretFile: "…or secret file"
        case .certificate: "Certificate PEM"
        case .username: "User name"
        case .password: "Password"
        case .accessToken: "Access token"
        case .accessTokenFile: "…or token file"
        }
    }

    /// Typed without echo: the screen shows one `•` per character.
    public var isMasked: Bool { [.clientSecret, .password, .accessToken].contains(self) }

    /// Kept when a sign-in fails or the person goes back; secrets are cleared instead.
    public var isKeptAfterFailure: Bool { !isMasked }
}

/// One choice of the sign-in screen: a method of DESIGN.md §1 (or the demo tenant) with its honest
/// trade-offs and the fields its form asks for.
public struct SignInOption: Sendable, Hashable, Identifiable {
    public enum ID: Sendable, Hashable {
        case demo
        case method(SignInMethod)
        /// A profile of `config.toml`, as it says (`:ctx NAME`).
        case profile(String)
    }

    public let id: ID
    public let title: String
    public let pro: String
    public let con: String
    /// The form, in order; `optional` fields may stay empty.
    public let fields: [SignInField]
    public let optional: Set<SignInField>
    /// A sentence shown above the form (the deprecation of password sign-in, say).
    public let warning: String?

    /// The `--auth` name, or `demo`.
    public var name: String {
        switch id {
        case .demo: "demo"
        case let .profile(name): "profile " + name
        case let .method(method): method.rawValue
        }
    }

    public static let all: [SignInOption] = [
        SignInOption(id: .demo, title: "Demo tenant",
                     pro: "no account needed: a simulated tenant on this machine",
                     con: "not your data; nothing leaves the loopback interface",
                     fields: [], optional: [], warning: nil),
        SignInOption(id: .method(.clientSecret), title: "Service principal + secret",
                     pro: "unattended; the usual choice for automation",
                     con: "anyone who can read the secret is the app; secrets expire",
                     fields: [.tenant, .clientId, .clientSecret, .secretFile], optional: [.clientSecret, .secretFile], warning: nil),
        SignInOption(id: .method(.certificate), title: "Service principal + certificate",
                     pro: "no shared secret travels; the key signs a short assertion",
                     con: "a certificate to create, upload and renew",
                     fields: [.tenant, .clientId, .certificate], optional: [], warning: nil),
        SignInOption(id: .method(.password), title: "User name + password",
                     pro: "acts as a user without a browser",
                     con: "deprecated by Microsoft; fails for accounts with MFA",
                     fields: [.tenant, .clientId, .username, .password], optional: [.password],
                     warning: "Microsoft deprecated password sign-in (ROPC); it fails for accounts with MFA. Prefer device code."),
        SignInOption(id: .method(.deviceCode), title: "Device code",
                     pro: "works with MFA and on machines without a browser",
                     con: "a person must approve on another device",
                     fields: [.tenant, .clientId], optional: [.tenant], warning: nil),
        SignInOption(id: .method(.browser), title: "Browser (PKCE)",
                     pro: "the full sign-in experience, MFA and conditional access",
                     con: "needs a browser on this machine",
                     fields: [.tenant, .clientId], optional: [.tenant], warning: nil),
        SignInOption(id: .method(.azureCLI), title: "Azure CLI",
                     pro: "borrows `az login`; nothing to configure",
                     con: "az must be installed and signed in; its client's scopes",
                     fields: [.tenant], optional: [.tenant], warning: nil),
        SignInOption(id: .method(.managedIdentity), title: "Managed identity",
                     pro: "no secret at all inside Azure",
                     con: "only works on an Azure VM, App Service or Function",
                     fields: [.clientId], optional: [.clientId], warning: nil),
        SignInOption(id: .method(.token), title: "Pasted access token",
                     pro: "inspect or use any token as it is",
                     con: "no renewal: it stops working when it expires",
                     fields: [.accessToken, .accessTokenFile], optional: [.accessToken, .accessTokenFile], warning: nil),
    ]

    public static func option(_ id: ID) -> SignInOption { all.first { $0.id == id }! }
}
