import Automate
import Tokens
import Foundation

/// What trying a way gave, and who the session's token is (its account, scopes and MFA) for the verdicts.
public enum AutomateEvent: Sendable {
    case tried(AutomateWay, TrialOutcome)
    case identified(AutomateIdentity)
}

public enum AutomateEffect: Sendable, Hashable {
    /// `T`: the call as `AutomateWay` would send it, with the session's sign-in.
    case tryWay(AutomateWay, AutomateCall, TokenKind?)
    /// The session's token decoded for the verdicts.
    case identify
}
