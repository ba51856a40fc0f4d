import EntraAuth
import Foundation
import TerminalUI

/// The sign-in screen: the list of methods, the form of the chosen one, and what a running sign-in shows.
public struct SignInState: Sendable {
    public enum Phase: Sendable, Hashable {
        /// Choosing a method from the list.
        case choosing
        /// Filling the form of the chosen method; `focus` indexes its fields.
        case form(focus: Int)
        /// Signing in; the progress shown so far.
        case working(SignInProgress, since: Date)
    }

    public var options: [SignInOption] = SignInOption.all
    public var list = ListState()
    public var phase: Phase = .choosing
    public var values: [SignInField: String] = [:]
    public var failure: SignInFailure?
    public var profileName: String?
    public var authority: String = ""
    /// Values a method's form starts with when it is chosen (the demo tenant's identities), by method.
    public var presets: [SignInMethod: [SignInField: String]] = [:]
    /// What the presets are, shown under the methods ("Demo tenant on 127.0.0.1:…: …").
    public var presetsNote: String?

    public init(prefilled: [SignInField: String] = [:], profileName: String? = nil, authority: String = "") {
        values = prefilled
        self.profileName = profileName
        self.authority = authority
    }

    public var selectedOption: SignInOption { options[min(list.selected, options.count - 1)] }

    public var focusedField: SignInField? {
        guard case let .form(focus) = phase else { return nil }
        let fields = selectedOption.fields
        return fields.indices.contains(focus) ? fields[focus] : nil
    }

    public var isWorking: Bool {
        if case .working = phase { return true }
        return false
    }

    /// The request the form describes.
    public var request: SignInRequest {
        let option = selectedOption
        var chosen: [SignInField: String] = [:]
        for field in option.fields { chosen[field] = values[field] ?? "" }
        return SignInRequest(option: option.id, values: chosen)
    }

    /// The first required field left empty, checked before anything goes to the network.
    public var missingField: SignInField? {
        let option = selectedOption
        let request = self.request
        if option.id == .method(.clientSecret), request.value(.clientSecret) == nil, request.value(.secretFile) == nil {
            return nil  // the service falls back to AZURE_CLIENT_SECRET and names it when unset
        }
        if option.id == .method(.token), request.value(.accessToken) == nil, request.value(.accessTokenFile) == nil {
            return .accessToken
        }
        return option.fields.first { !option.optional.contains($0) && request.value($0) == nil }
    }

    /// After a failure or going back: secrets are forgotten, everything else kept.
    public mutating func forgetSecrets() {
        for field in SignInField.allCases where field.isMasked { values[field] = nil }
    }
}
