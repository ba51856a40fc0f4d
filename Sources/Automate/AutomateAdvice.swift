import APIDescriptions
import Foundation

/// The four ways to call an Entra-protected API from Power Automate or Logic Apps.
public enum AutomateWay: Int, Sendable, CaseIterable, Hashable {
    case servicePrincipal = 1, userPassword, customConnector, entraConnector

    public var title: String {
        switch self {
        case .servicePrincipal: "HTTP action + service principal"
        case .userPassword: "HTTP action + user (password grant)"
        case .customConnector: "Custom connector (Entra ID OAuth)"
        case .entraConnector: "HTTP with Microsoft Entra ID (preauthorized)"
        }
    }

    /// The file (or folder) `pbitui automate` writes for the way.
    public var fileName: String {
        switch self {
        case .servicePrincipal: "1-http-service-principal.json"
        case .userPassword: "2-http-user-password.json"
        case .customConnector: "3-custom-connector"
        case .entraConnector: "4-http-entra-id-connector.json"
        }
    }

    public var pros: [String] {
        switch self {
        case .servicePrincipal: ["no user's password in the flow", "some endpoints need app rights", "runs unattended, no connection to renew"]
        case .userPassword: ["works where only delegated rights do", "two plain HTTP actions, no connector to build"]
        case .customConnector: ["the connection signs in as the user (MFA is fine)", "no password or secret in the flow", "reusable by other flows"]
        case .entraConnector: ["the simplest: a connection, then one action", "signs in as the user, no app registration"]
        }
    }

    public var cons: [String] {
        switch self {
        case .servicePrincipal:
            ["other makers of the flow (or the Key Vault action's output) can read the secret", "the secret expires and must be renewed",
             "needs an app registration", "not every endpoint accepts an app token"]
        case .userPassword:
            ["the flow holds the app's secret and the user's password", "fails for accounts with MFA or Conditional Access",
             "Microsoft discourages the password grant"]
        case .customConnector: ["an OpenAPI definition and an app registration to maintain", "its connection can expire"]
        case .entraConnector: ["poorly documented", "does not work with every API or endpoint", "premium; 100 calls a minute per connection"]
        }
    }
}

/// Whether a way will work for a call and an identity.
public enum AutomateVerdict: String, Sendable, Hashable {
    case works, conditional, fails
}

public struct WayAdvice: Sendable, Hashable {
    public let way: AutomateWay
    public let verdict: AutomateVerdict
    /// Why, in words, most important first.
    public let reasons: [String]
}

/// The verdicts of the four ways, from the operation's rules (service-principal support, delegated scopes,
/// the resource) and what is known of the identity.
public enum AutomateAdvisor {
    public static func advise(_ call: AutomateCall, identity: AutomateIdentity) -> [WayAdvice] {
        AutomateWay.allCases.map { advise($0, call, identity: identity) }
    }

    /// Power Automate's own Power BI connector has an action for these: the simplest choice, said first.
    public static func readyMade(_ call: AutomateCall) -> String? {
        guard call.isPowerBI, let id = call.operation?.operationId else { return nil }
        switch id {
        case "Datasets_RefreshDatasetInGroup", "Datasets_RefreshDataset":
            return "Power Automate's Power BI connector has \"Refresh a dataset\" for this call: no app, secret or HTTP action needed"
        case "Datasets_ExecuteQueriesInGroup", "Datasets_ExecuteQueries":
            return "Power Automate's Power BI connector has \"Run a query against a dataset\" for this call"
        case "Datasets_PostRowsInGroup", "Datasets_PostRows":
            return "Power Automate's Power BI connector has \"Add rows to a dataset\" for this call"
        default:
            return nil
        }
    }

    static func advise(_ way: AutomateWay, _ call: AutomateCall, identity: AutomateIdentity) -> WayAdvice {
        let support = call.operation?.servicePrincipal ?? .notStated
        let label = call.label
        var reasons: [String] = []
        var verdict = AutomateVerdict.works
        func lower(to level: AutomateVerdict) {
            if level == .fails || (level == .conditional && verdict == .works) { verdict = level }
        }
        switch way {
        case .servicePrincipal:
            switch support {
            case .no:
                lower(to: .fails)
                reasons.append("\(label) does not accept service principals")
            case .only: reasons.append("only a service principal may call \(label)")
            case .yes: reasons.append("\(label) accepts service principals")
            case let .conditional(condition):
                lower(to: .conditional)
                reasons.append("service principals: \(condition)")
            case .notStated:
                lower(to: .conditional)
                reasons.append(call.operation == nil ? "a call without an operation: whether an app token is accepted is not known; --try proves it"
                                                     : "the description does not say whether service principals may call \(label)")
            }
            if call.isPowerBI, verdict != .fails {
                if call.operation?.isAdmin == true {
                    reasons.append("the tenant setting for service principals and read-only admin APIs must include the app's security group")
                } else {
                    reasons.append("the tenant setting \"Service principals can use Fabric APIs\" must include the app, and the app must have access to the workspace")
                }
            }
        case .userPassword:
            if support == .only {
                lower(to: .fails)
                reasons.append("only a service principal may call \(label); a user's token is refused")
            }
            if identity.kind == .user, identity.usedMFA {
                lower(to: .fails)
                reasons.append("\(identity.account ?? "the signed-in user") has MFA: a password sign-in fails with AADSTS50076")
            } else if identity.kind == .app {
                lower(to: .conditional)
                reasons.append("needs a user account without MFA (the current sign-in is an app)")
            } else if identity.kind == .unknown {
                lower(to: .conditional)
                reasons.append("needs a user account without MFA or Conditional Access")
            }
            reasons += scopeReasons(call, identity, &verdict)
            if verdict != .fails { reasons.append("the flow holds the app's secret and the user's password") }
        case .customConnector:
            if support == .only {
                lower(to: .fails)
                reasons.append("only a service principal may call \(label); the connection signs in as a user")
            }
            reasons += scopeReasons(call, identity, &verdict)
            if verdict != .fails {
                reasons.append("needs an app registration with the delegated permission\(call.operation?.scopes.isEmpty == false ? "s above" : "s the API asks for") and its redirect URI")
            }
        case .entraConnector:
            if support == .only {
                lower(to: .fails)
                reasons.append("only a service principal may call \(label); the connection signs in as a user")
            }
            reasons += scopeReasons(call, identity, &verdict)
            let host = call.url.host?.lowercased() ?? ""
            let documented = host == "graph.microsoft.com" || host.hasSuffix(".sharepoint.com") || host.hasSuffix(".dynamics.com")
            if documented {
                reasons.append("the preauthorized app is documented for \(host)")
            } else {
                lower(to: .conditional)
                reasons.append("the preauthorized app is not documented for this resource (\(call.audience)): try it")
            }
        }
        return WayAdvice(way: way, verdict: verdict, reasons: reasons)
    }

    /// The delegated scopes the call needs, against the user's token when a user is signed in.
    private static func scopeReasons(_ call: AutomateCall, _ identity: AutomateIdentity, _ verdict: inout AutomateVerdict) -> [String] {
        guard let scopes = call.operation?.scopes, !scopes.isEmpty else { return [] }
        let wanted = scopes.joined(separator: " or ")
        guard identity.kind == .user else { return ["needs the delegated scope \(wanted)"] }
        // Tokens carry scopes by their short name (`scp`) or in full (`https://…/powerbi/api/Dataset.Read.All`).
        let held = Set(identity.scopes.map { ($0.split(separator: "/").last.map(String.init) ?? $0).lowercased() })
        if scopes.contains(where: { held.contains($0.lowercased()) }) { return [] }
        if verdict == .works { verdict = .conditional }
        return ["needs the delegated scope \(wanted) (the current token has none of them)"]
    }
}
