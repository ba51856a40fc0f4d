import Foundation

/// What a sign-in brings: its progress (a device code to show, a browser to open), the session, or why not.
public enum SignInEvent: Sendable {
    case progress(SignInProgress)
    case signedIn(ConnectedSession)
    case failed(SignInFailure)
}

/// The sign-in screen's work.
public enum SignInEffect: Sendable, Hashable {
    case start(SignInRequest)
    case cancel
}
