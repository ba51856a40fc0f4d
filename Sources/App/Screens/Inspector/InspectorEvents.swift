import EntraAuth
import Foundation
import PowerBI
import Tokens

/// What reading the session's token brings: one case of ``AppEvent`` (`.inspector`) carries them.
public enum InspectorEvent: Sendable {
    case inspected(JWT)
    /// The token could not be had or read (the message says why).
    case unreadable(String)
    case verified(VerificationReport)
}

/// The work the inspector asks for: one case of ``Effect`` (`.inspector`) carries them.
public enum InspectorEffect: Sendable, Hashable {
    /// The session's current token, decoded, then verified against its issuer's keys.
    case inspect
}

extension TerminalApp {
    /// The inspector's effects, where ``TerminalApp/carryOut(_:)`` hands them.
    func carryOut(_ effect: InspectorEffect) {
        switch effect {
        case .inspect:
            let verify = session?.verify
            background { client, _, emit in await BackgroundWork.inspectToken(client, verify: verify, emit) }
        }
    }
}

/// The inspector's network work.
extension BackgroundWork {
    /// The session's current token, decoded, then verified against its issuer's keys.
    static func inspectToken(_ client: PowerBIClient, verify: (@Sendable (JWT) async -> VerificationReport)?, _ emit: Emit) async {
        let token: AccessToken
        do throws(PowerBIError) { token = try await client.currentToken() } catch {
            emit.yield(.inspector(.unreadable(error.description)))
            return
        }
        let jwt: JWT
        do { jwt = try JWT.decode(token.value) } catch {
            emit.yield(.inspector(.unreadable("the access token is not a readable JWT (\(error)); Microsoft issues some tokens in formats only their API can read")))
            return
        }
        emit.yield(.inspector(.inspected(jwt)))
        if let verify { emit.yield(.inspector(.verified(await verify(jwt)))) }
    }
}
