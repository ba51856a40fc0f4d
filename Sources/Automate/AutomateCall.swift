import APIDescriptions
import Foundation
import Tokens

/// The call a person wants in a flow: from the console, the explorer, a refresh, or `pbitui automate`.
/// Two calls are the same when they send the same request for the same audience.
public struct AutomateCall: Sendable, Hashable {
    public static func == (left: AutomateCall, right: AutomateCall) -> Bool {
        left.label == right.label && left.method == right.method && left.url == right.url && left.body == right.body
            && left.audience == right.audience && left.headers.map { "\($0.name): \($0.value)" } == right.headers.map { "\($0.name): \($0.value)" }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(url)
        hasher.combine(audience)
    }

    /// `Datasets_RefreshDatasetInGroup`, or `POST /groups/…/refreshes` for a call without an operation.
    public let label: String
    public let method: String
    /// The whole URL, query included: `https://api.powerbi.com/v1.0/myorg/groups/…`.
    public let url: URL
    /// Header parameters (never `Authorization`: each way brings its own).
    public let headers: [(name: String, value: String)]
    public let body: JSONValue?
    /// The token's audience: `https://analysis.windows.net/powerbi/api`.
    public let audience: String
    /// `https://login.microsoftonline.com/` (the cloud's).
    public let authorityHost: URL
    /// The operation, when the call is one of a description's (its rules decide the verdicts).
    public let operation: APIOperation?
    /// The description the operation is in (the custom connector copies its schemas).
    public let description: APIDescription?
    /// The API's base path (`/v1.0/myorg`), which the custom connector keeps as its own.
    public let basePath: String

    public init(label: String, method: String, url: URL, headers: [(name: String, value: String)] = [], body: JSONValue? = nil,
                audience: String, authorityHost: URL, operation: APIOperation? = nil, description: APIDescription? = nil, basePath: String) {
        self.label = label
        self.method = method.uppercased()
        self.url = url
        self.headers = headers.filter { $0.name.caseInsensitiveCompare("Authorization") != .orderedSame }
        self.body = body
        self.audience = audience.hasSuffix("/") ? String(audience.dropLast()) : audience
        self.authorityHost = authorityHost
        self.operation = operation
        self.description = description
        self.basePath = basePath
    }

    /// Whether sending the call changes something (its operation's word, else Power BI's by method and path).
    public var changesSomething: Bool {
        operation?.changesSomething ?? OperationCatalogue.changesSomething(method: method, path: url.path)
    }

    /// `https://api.powerbi.com`: what the "HTTP with Microsoft Entra ID" connection calls its base resource URL.
    public var origin: String {
        var text = (url.scheme ?? "https") + "://" + (url.host ?? "")
        if let port = url.port { text += ":\(port)" }
        return text
    }

    /// The URL's path and query, as the Entra ID connector's relative `request/url` takes them.
    public var pathAndQuery: String {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let path = components?.percentEncodedPath ?? url.path
        return path + (components?.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    /// The authority without a trailing slash: `https://login.microsoftonline.com`.
    var authority: String {
        let text = authorityHost.absoluteString
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// True for the Power BI REST API (its audience or its hosts).
    public var isPowerBI: Bool {
        audience.lowercased().contains("analysis.windows.net/powerbi/api") || audience.lowercased().contains("analysis.usgovcloudapi.net/powerbi/api")
            || audience.lowercased().contains("analysis.chinacloudapi.cn/powerbi/api")
    }
}

/// What is known of who is signed in, for the verdicts: nothing, an app, or a user (with or without MFA).
public struct AutomateIdentity: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case unknown, app, user }

    public var kind: Kind
    /// The user (`megan@contoso.com`) or the app's client id.
    public var account: String?
    /// The token's delegated scopes (`Dataset.ReadWrite.All`); empty for apps.
    public var scopes: [String]
    /// The token's `amr` says the user passed MFA: a password grant will be refused.
    public var usedMFA: Bool
    public var tenantId: String?
    public var clientId: String?

    public init(kind: Kind = .unknown, account: String? = nil, scopes: [String] = [], usedMFA: Bool = false,
                tenantId: String? = nil, clientId: String? = nil) {
        self.kind = kind
        self.account = account
        self.scopes = scopes
        self.usedMFA = usedMFA
        self.tenantId = tenantId
        self.clientId = clientId
    }

    public static let unknown = AutomateIdentity()
}

extension AutomateCall {
    /// True for a dataset refresh (`POST …/datasets/{id}/refreshes`).
    public var isRefresh: Bool { method == "POST" && url.path.lowercased().hasSuffix("/refreshes") }

    /// The refresh's history (`GET …/refreshes?$top=1`): what a flow polls after starting it.
    public func refreshHistory() -> AutomateCall? {
        guard isRefresh, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return nil }
        components.queryItems = [URLQueryItem(name: "$top", value: "1")]
        guard let historyURL = components.url else { return nil }
        let operation = description?.operation(method: "GET", path: url.path)
        return AutomateCall(label: operation?.operationId ?? "GET " + url.path, method: "GET", url: historyURL, audience: audience,
                            authorityHost: authorityHost, operation: operation, description: description, basePath: basePath)
    }
}
