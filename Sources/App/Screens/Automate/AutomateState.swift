import APIDescriptions
import Automate
import EntraAuth
import Foundation
import PowerBI
import Tokens

/// The Automate screen (`A`): the four ways to make one call from Power Automate, side by side.
public struct AutomateView: Sendable {
    public let call: AutomateCall
    public let advice: [WayAdvice]
    /// Power Automate's own Power BI connector action for the call, when it has one.
    public let readyMade: String?
    /// Each way's files (relative name, text), as `pbitui automate` writes them.
    public let files: [AutomateWay: [(name: String, text: String)]]
    public var selected: AutomateWay = .servicePrincipal
    /// How far the selected way's preview is scrolled.
    public var scroll = 0
    /// What `T` gave, by way.
    public var tried: [AutomateWay: TrialOutcome] = [:]
    /// The way being tried now.
    public var trying: AutomateWay?
    /// `T` was pressed once on a call that changes something: the next `T` sends it.
    public var armed: AutomateWay?

    /// The view again for what is now known of the identity, keeping the way, the scroll and what was tried.
    func identified(_ identity: AutomateIdentity) -> AutomateView {
        var view = AutomateView(call: call, identity: identity)
        view.selected = selected
        view.scroll = scroll
        view.tried = tried
        view.trying = trying
        view.armed = armed
        return view
    }

    public init(call: AutomateCall, identity: AutomateIdentity) {
        self.call = call
        advice = AutomateAdvisor.advise(call, identity: identity)
        readyMade = AutomateAdvisor.readyMade(call)
        let calls = [call] + (call.refreshHistory().map { [$0] } ?? [])
        var files: [AutomateWay: [(name: String, text: String)]] = [:]
        for way in AutomateWay.allCases {
            files[way] = AutomateFiles.files(way, calls: calls, identity: identity, flow: call.isRefresh ? .refreshAndWait : nil)
        }
        self.files = files
        // The first way that works comes up first.
        selected = advice.first { $0.verdict == .works }?.way ?? .servicePrincipal
    }

    /// What `c` copies: the selected way's first file (the call's definition, or the connector's OpenAPI file).
    public var clipboardText: String { files[selected]?.first?.text ?? "" }

    /// The selected way's files, each under a rule with its name.
    public var previewLines: [String] {
        (files[selected] ?? []).flatMap { file in ["── \(file.name) ──"] + file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    }
}

/// Why there is no call to automate, in words.
public struct AutomateProblem: Error, Sendable {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// Calls as the Automate screen gets them: from the console's request, an operation's form, or a row.
enum AutomateCalls {
    /// The console's request as a call on the cloud's real hosts (the demo tenant's are loopback: the
    /// files are written for the public cloud).
    static func from(_ request: ConsoleRequest, cloud: Cloud?, operation: APIOperation? = nil, description: APIDescription? = nil) -> Result<AutomateCall, AutomateProblem> {
        let cloud = cloud ?? .public
        let root: URL
        let basePath: String
        let audience: String
        let split: (path: String, query: [(String, String)])
        do throws(PowerBIError) {
            if let api = request.api {
                root = api.root
                basePath = api.basePath
                audience = api.audience
                split = try api.relativePath(request.path)
            } else {
                guard let known = request.resource.root(in: cloud) else { return .failure(AutomateProblem("\(request.resource.rawValue) is not in the \(cloud.name) cloud")) }
                root = known
                basePath = request.resource.basePath
                let scope = request.resource.scope(in: cloud, root: known)
                audience = DefaultScope.resource(of: scope)
                split = try request.resource.relativePath(request.path, root: known)
            }
        } catch {
            return .failure(AutomateProblem(error.description))
        }
        var components = URLComponents(url: root, resolvingAgainstBaseURL: false)
        components?.path = basePath + split.path
        if !split.query.isEmpty { components?.queryItems = split.query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components?.url else { return .failure(AutomateProblem("\(request.path) does not make a URL")) }
        var body: JSONValue?
        if request.sendsBody { body = try? JSONValue.parse(Data(request.body.utf8)) }
        let isPowerBI = request.api == nil && request.resource == .powerbi
        let found = operation ?? (isPowerBI ? OperationCatalogue.powerBI.operation(method: request.method, path: basePath + split.path) : nil)
        return .success(AutomateCall(label: found?.operationId ?? "\(request.method) \(split.path)", method: request.method, url: url, body: body,
                                     audience: audience, authorityHost: cloud.authorityHost, operation: found,
                                     description: description ?? (isPowerBI ? OperationCatalogue.powerBI : nil), basePath: basePath))
    }

    /// A row's primary call, from the ids it fills: a dataset's refresh; else the first GET whose path the
    /// row's ids complete, the one that uses the most of them (a report in a workspace: the report).
    static func primary(_ context: OperationContext, cloud: Cloud?) -> AutomateCall? {
        let values = context.values
        var request: ConsoleRequest?
        var chosen: APIOperation?
        if let dataset = values["datasetId"] {
            let group = values["groupId"]
            chosen = OperationCatalogue.powerBI.operation(id: group == nil ? "Datasets_RefreshDataset" : "Datasets_RefreshDatasetInGroup")
            let path = (group.map { "/groups/\($0)" } ?? "") + "/datasets/\(dataset)/refreshes"
            request = ConsoleRequest(method: "POST", path: path, body: #"{"notifyOption":"NoNotification"}"#)
        } else {
            let fitting = OperationCatalogue.powerBI.operations
                .filter { $0.method == "GET" && context.fits($0) && !$0.isAdmin && $0.parameters.allSatisfy { !$0.required || $0.location == .path } }
                .max { context.filled($0) < context.filled($1) || (context.filled($0) == context.filled($1) && $0.path.count > $1.path.count) }
            guard let operation = fitting, let call = try? operation.call(values.map { ($0.key, $0.value) }.filter { name, _ in
                operation.parameters.contains { $0.name == name && $0.location == .path }
            }, body: nil) else { return nil }
            chosen = operation
            request = ConsoleRequest(method: "GET", path: String(call.path.dropFirst("/v1.0/myorg".count)))
        }
        guard let request, case let .success(call) = from(request, cloud: cloud, operation: chosen, description: OperationCatalogue.powerBI) else { return nil }
        return call
    }
}

extension AppState {
    /// What the verdicts know of the identity: an app or a user, and the token's scopes.
    var automateIdentity: AutomateIdentity {
        if let knownIdentity { return knownIdentity }
        let kind: AutomateIdentity.Kind = switch tokenKind {
        case .app?: .app
        case .delegated?: .user
        default: .unknown
        }
        return AutomateIdentity(kind: kind, scopes: tokenScopes)
    }
}
