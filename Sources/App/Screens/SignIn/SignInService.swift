import EntraAuth
import Foundation
import PowerBI
import Tokens

/// What the person filled in on the sign-in screen.
public struct SignInRequest: Sendable, Hashable {
    public var option: SignInOption.ID
    public var values: [SignInField: String]

    public init(option: SignInOption.ID, values: [SignInField: String] = [:]) {
        self.option = option
        self.values = values
    }

    /// The value of a field with surrounding whitespace removed; nil when empty.
    public func value(_ field: SignInField) -> String? {
        guard let text = values[field]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}

/// News from a sign-in in progress, shown on the sign-in screen as it comes.
public enum SignInProgress: Sendable, Hashable {
    case working(String)
    case deviceCode(userCode: String, verificationURI: String, expiresOn: Date)
    case browser(url: String)
}

/// Why a sign-in did not succeed: a message, the field at fault (the screen moves there), and whether
/// device code is the way out (MFA blocked a password sign-in).
public struct SignInFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public let field: SignInField?
    public let offersDeviceCode: Bool

    public init(_ message: String, field: SignInField? = nil, offersDeviceCode: Bool = false) {
        self.message = message
        self.field = field
        self.offersDeviceCode = offersDeviceCode
    }

    public var description: String { message }
}

/// A demo tenant that a session runs on: its sign-in screen then targets it, and each method's form starts
/// with one of its identities, so that every method can be tried offline.
public struct DemoSignIn: Sendable, Hashable {
    /// Where its Entra ID listens, for the screen's title.
    public var authority: String
    public var presets: [SignInMethod: [SignInField: String]]
    /// Who is who, shown under the methods (no secrets).
    public var note: String

    public init(authority: String, presets: [SignInMethod: [SignInField: String]], note: String) {
        self.authority = authority
        self.presets = presets
        self.note = note
    }
}

/// A signed-in connection the screens browse with.
public struct ConnectedSession: Sendable {
    public let client: PowerBIClient
    /// Who is signed in, as the header shows it.
    public let identity: String
    /// "app" or "delegated", when known.
    public let tokenKind: TokenKind?
    /// The token's delegated scopes (short names such as `Dataset.ReadWrite.All`); empty for app tokens.
    public let scopes: [String]
    /// Ends the connection (the transport, an in-process demo tenant).
    public let close: @Sendable () async -> Void
    /// Verifies a token against its issuer's keys (the composition root owns the HTTP for it).
    public let verify: (@Sendable (JWT) async -> VerificationReport)?
    /// The cloud whose Fabric, Graph and ARM hosts the API console may call; nil for the demo tenant,
    /// which serves Power BI only (a token never leaves loopback there).
    public let cloud: Cloud?
    /// The demo tenant the session runs on, if any.
    public var demo: DemoSignIn?

    public init(client: PowerBIClient, identity: String, tokenKind: TokenKind? = nil, scopes: [String] = [],
                verify: (@Sendable (JWT) async -> VerificationReport)? = nil, cloud: Cloud? = nil, demo: DemoSignIn? = nil,
                close: @escaping @Sendable () async -> Void) {
        self.client = client
        self.demo = demo
        self.cloud = cloud
        self.identity = identity
        self.tokenKind = tokenKind
        self.scopes = scopes
        self.verify = verify
        self.close = close
    }
}

/// Signs in for the sign-in screen. The composition root implements it: it owns transports, the token
/// cache and the demo tenant, which the App module never touches directly.
public protocol SignInService: Sendable {
    /// Values to fill the forms with (from flags, the profile and the environment; never secrets).
    var prefilled: [SignInField: String] { get }
    /// The profile in force, shown on the screen.
    var profileName: String? { get }
    /// Where sign-ins go ("https://login.microsoftonline.com"), shown on the screen.
    var authorityDescription: String { get }
    func signIn(_ request: SignInRequest, progress: @escaping @Sendable (SignInProgress) -> Void) async throws -> ConnectedSession
    /// The profiles of `config.toml` (`:ctx` lists them): name and a line saying what it signs in as.
    var profiles: [(name: String, summary: String)] { get }
}

extension SignInService {
    public var profiles: [(name: String, summary: String)] { [] }
}
