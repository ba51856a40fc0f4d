import Foundation
import Synchronization

/// What Entra ID remembers between requests: device codes waiting for a person, authorization codes
/// waiting to be redeemed, and refresh tokens.
final class EntraSessions: Sendable {
    struct DeviceCode {
        let deviceCode: String
        let userCode: String
        let clientId: String
        let scope: String
        let expiresAt: Date
        let interval: TimeInterval
        var lastPoll: Date?
        var approvedBy: String?
        var declined = false
        var redeemed = false
    }

    struct AuthorizationCode {
        let code: String
        let clientId: String
        let redirectURI: String
        let scope: String
        let challenge: String?
        let challengeMethod: String
        let username: String
        let expiresAt: Date
        var redeemed = false
    }

    struct RefreshGrant {
        let clientId: String
        let username: String
        /// The permissions consented on first sign-in; later requests may ask for these or fewer.
        let scope: String
        let expiresAt: Date
        let authMethods: [String]
    }

    private struct State {
        var deviceCodes: [String: DeviceCode] = [:]
        var authorizationCodes: [String: AuthorizationCode] = [:]
        var refreshTokens: [String: RefreshGrant] = [:]
    }

    private let state = Mutex(State())

    func addDeviceCode(_ code: DeviceCode) { state.withLock { $0.deviceCodes[code.deviceCode] = code } }

    /// Finds a waiting device code by its user code (case-insensitive, dashes and spaces ignored).
    func deviceCode(userCode: String) -> DeviceCode? {
        let wanted = userCode.uppercased().filter { $0.isLetter || $0.isNumber }
        return state.withLock { state in state.deviceCodes.values.first { $0.userCode == wanted && !$0.redeemed } }
    }

    func updateDeviceCode(_ deviceCode: String, _ change: (inout DeviceCode) -> Void) -> DeviceCode? {
        state.withLock { state in
            guard var code = state.deviceCodes[deviceCode] else { return nil }
            change(&code)
            state.deviceCodes[deviceCode] = code
            return code
        }
    }

    func addAuthorizationCode(_ code: AuthorizationCode) { state.withLock { $0.authorizationCodes[code.code] = code } }

    /// Marks a code redeemed and returns it as it was before (so a second redemption can be told apart).
    func redeemAuthorizationCode(_ code: String) -> AuthorizationCode? {
        state.withLock { state in
            guard var found = state.authorizationCodes[code] else { return nil }
            let before = found
            found.redeemed = true
            state.authorizationCodes[code] = found
            return before
        }
    }

    func addRefreshToken(_ token: String, _ grant: RefreshGrant) { state.withLock { $0.refreshTokens[token] = grant } }

    func refreshGrant(_ token: String) -> RefreshGrant? { state.withLock { $0.refreshTokens[token] } }
}
