import APIDescriptions
import Automate
import Config
import Foundation
import TerminalSafety
import PowerBI
import TerminalUI
import Tokens

/// A request as the API console (`:api`) holds it.
public struct ConsoleRequest: Sendable, Hashable {
    public static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    public var method = "GET"
    public var resource: APIResource = .powerbi
    /// Relative to the resource's API (`/groups`), or a full URL on the resource's host.
    public var path = "/groups"
    /// JSON text; sent only with methods that take a body.
    public var body = ""
    /// An API of a `--spec` description, instead of `resource` (the explorer sets it; cycling the resource
    /// field goes back to the four known resources).
    public var api: DescribedAPI?

    public init(method: String = "GET", resource: APIResource = .powerbi, path: String = "/groups", body: String = "", api: DescribedAPI? = nil) {
        self.method = method
        self.resource = resource
        self.path = path
        self.body = body
        self.api = api
    }

    /// The API the request goes to: `powerbi`, `fabric`, …, or a described API's title.
    public var apiName: String { api?.title ?? resource.rawValue }

    public var sendsBody: Bool { ["POST", "PUT", "PATCH"].contains(method) && !body.trimmingCharacters(in: .whitespaces).isEmpty }
    /// The methods read-only mode offers: a POST is sent only when it only reads (`changesAnything`).
    public static let readOnlyMethods = ["GET", "POST"]
    /// Changes something: refused in read-only mode. A Power BI POST that only reads (a DAX query) does not.
    public var changesAnything: Bool {
        guard method != "GET" else { return false }
        guard api == nil, resource == .powerbi else { return true }
        return OperationCatalogue.changesSomething(method: method, path: path)
    }
    /// One line for the history list: "GET powerbi /groups".
    public var summary: String { "\(method) \(apiName) \(path)" }
}

/// What the service answered to a console request.
public struct ConsoleResponse: Sendable {
    /// The path a diagnosis looks up: below `/v1.0/myorg` for Power BI URLs, else the URL's path.
    static func apiPath(_ url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        let path = components.path
        if let range = path.range(of: "/v1.0/myorg") { return String(path[range.upperBound...]) }
        return path
    }

    public let request: ConsoleRequest
    /// The full URL the request went to.
    public let url: String
    public let status: Int
    public let milliseconds: Int
    public let headers: [(name: String, value: String)]
    public let bodyText: String
    public let json: JSONValue?

    public init(request: ConsoleRequest, url: String, status: Int, milliseconds: Int, headers: [(name: String, value: String)], bodyText: String, json: JSONValue?) {
        self.request = request
        self.url = url
        self.status = status
        self.milliseconds = milliseconds
        self.headers = headers
        self.bodyText = bodyText
        self.json = json
    }

    public var requestId: String? {
        headers.first { $0.name.caseInsensitiveCompare("RequestId") == .orderedSame || $0.name.caseInsensitiveCompare("x-ms-request-id") == .orderedSame }?.value
    }
}

/// The API console: a request form, the answer, and the history of this session.
public struct ConsoleView: Sendable {
    public enum Field: Int, Sendable, Hashable, CaseIterable {
        case method, resource, path, body, response
        var label: String {
            switch self {
            case .method: "Method"
            case .resource: "Resource"
            case .path: "Path"
            case .body: "Body"
            case .response: "Response"
            }
        }
    }

    public var request = ConsoleRequest()
    public var focus: Field = .path
    public var response: Loadable<ConsoleResponse> = .idle
    public var viewer: JSONViewer?
    public var showHeaders = false
    /// Requests sent in this session, oldest first.
    public var history: [ConsoleRequest] = []
    /// While stepping through the history with Ctrl-P / Ctrl-N.
    public var historyPosition: Int?

    public init() {}
}

/// Keys and results of the API console.
enum ConsoleReducer {
    static func open(_ state: inout AppState) -> [Effect] {
        guard state.identity != nil else {
            state.status = StatusMessage("Sign in first: the console calls APIs as the signed-in identity", level: .warn)
            return []
        }
        if state.route != .console { state.stack.push(.console(state.console ?? ConsoleView())) }
        return []
    }

    static func bodyHeight(_ state: AppState) -> Int { max(1, state.size.rows - 10) }

    /// An action that is not typing (the mouse wheel): it scrolls the answer when the answer has the focus.
    static func action(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.console, view.focus == .response, var viewer = view.viewer else { return [] }
        _ = viewer.perform(action, height: bodyHeight(state))
        view.viewer = viewer
        state.console = view
        return []
    }

    static func key(_ key: Key, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.console else { return [] }
        defer { state.console = view }
        if view.focus == .response, var viewer = view.viewer {
            let height = bodyHeight(state) - (view.showHeaders ? min(8, 1 + ((view.response.value?.headers.count) ?? 0)) : 0)
            let handled = viewer.handle(key, height: height, keys: state.keys(.jsonViewer))
            view.viewer = viewer
            if handled { return [] }
        }
        guard let action = state.keys(.console).action(for: key) else {
            if case let .character(character) = key { type(character, &view) }
            return []
        }
        switch action {
        case .submit:
            return send(&view, &state, now: now)
        case .nextField, .previousField:
            let all = ConsoleView.Field.allCases.filter { $0 != .response || view.viewer != nil }
            let index = all.firstIndex(of: view.focus) ?? 0
            view.focus = all[(index + (action == .nextField ? 1 : all.count - 1)) % all.count]
        case .cycleNext, .cyclePrevious:
            let step = action == .cycleNext ? 1 : -1
            switch view.focus {
            case .method:
                let methods = state.readOnly ? ConsoleRequest.readOnlyMethods : ConsoleRequest.methods
                let index = methods.firstIndex(of: view.request.method) ?? 0
                view.request.method = methods[(index + step + methods.count) % methods.count]
            case .resource:
                let all = APIResource.allCases
                if view.request.api != nil {
                    view.request.api = nil
                    view.request.resource = .powerbi
                } else {
                    let index = all.firstIndex(of: view.request.resource) ?? 0
                    view.request.resource = all[(index + step + all.count) % all.count]
                }
            default:
                if key == .character(" ") { type(" ", &view) }
            }
        case .clearField:
            switch view.focus {
            case .path: view.request.path = ""
            case .body: view.request.body = ""
            default: break
            }
        case .historyPrevious, .historyNext:
            guard !view.history.isEmpty else { return [] }
            var position = view.historyPosition ?? view.history.count
            position += action == .historyPrevious ? -1 : 1
            if position >= view.history.count { view.historyPosition = nil; return [] }
            position = max(0, position)
            view.historyPosition = position
            view.request = view.history[position]
        case .deleteBackward:
            switch view.focus {
            case .path: if !view.request.path.isEmpty { view.request.path.removeLast() }
            case .body: if !view.request.body.isEmpty { view.request.body.removeLast() }
            default: break
            }
        case .copyCurl, .copyPowerAutomate:
            return [.console(.copy(view.request, action == .copyCurl ? .curl : .powerAutomate))]
        case .toggleHeaders:
            view.showHeaders.toggle()
        case .automate:
            state.console = view
            return AutomateReducer.open(AutomateCalls.from(view.request, cloud: state.cloud), &state)
        case .back:
            state.console = view
            state.stack.pop()
            return []
        case .command:
            state.commandPrompt = CommandPrompt()
        case .help:
            state.helpVisible = true
        default:
            break
        }
        return []
    }

    static func type(_ character: Character, _ view: inout ConsoleView) {
        switch view.focus {
        case .path: view.request.path.append(character)
        case .body: view.request.body.append(character)
        default: break
        }
    }

    static func send(_ view: inout ConsoleView, _ state: inout AppState, now: Date) -> [Effect] {
        var request = view.request
        request.path = request.path.trimmingCharacters(in: .whitespaces)
        guard !request.path.isEmpty else {
            state.status = StatusMessage("Path: required (for example /groups)", level: .error)
            view.focus = .path
            return []
        }
        if state.readOnly, request.changesAnything {
            state.status = StatusMessage("Read-only mode: \(request.method) \(TerminalSafety.escape(request.path)) changes something; the console sends reads only (GET, and POSTs that only read, such as DAX queries)", level: .warn)
            view.focus = .method
            return []
        }
        if request.sendsBody {
            do { _ = try JSONValue.parse(Data(request.body.utf8)) } catch {
                state.status = StatusMessage("Body: not JSON (\(error))", level: .error)
                view.focus = .body
                return []
            }
        }
        if request.changesAnything {
            // Anything but GET can change the tenant: asked first, as a refresh is.
            state.dialog = ConfirmDialog(title: "Send \(request.method)?",
                                         lines: [TextFit.truncate("\(request.method) \(request.path)", to: 60), "to \(request.apiName)", "",
                                                 "\(request.method) can change things in the tenant."],
                                         action: .sendRequest(request))
            return []
        }
        return dispatch(request, &view, &state, now: now)
    }

    /// Sends a request that was checked (and, when it changes anything, confirmed).
    static func dispatch(_ request: ConsoleRequest, _ view: inout ConsoleView, _ state: inout AppState, now: Date) -> [Effect] {
        view.response = .loading(since: now)
        view.viewer = nil
        if view.history.last != request { view.history.append(request) }
        if view.history.count > 100 { view.history.removeFirst(view.history.count - 100) }
        view.historyPosition = nil
        state.status = StatusMessage("\(request.method) \(request.path)…")
        return [.console(.send(request))]
    }

    static func result(_ event: ConsoleEvent, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.console else { return [] }
        switch event {
        case let .answered(response):
            view.response = .loaded(response)
            view.viewer = response.json.map(JSONViewer.init)
            let level: StatusMessage.Level = (200..<300).contains(response.status) ? .ok : .error
            state.status = StatusMessage("HTTP \(response.status) in \(response.milliseconds) ms" + (response.requestId.map { " · RequestId \($0)" } ?? ""), level: level)
            if response.status == 501, response.json?["error"]?["code"]?.stringValue == "NotModelledByDemoTenant",
               let message = response.json?["error"]?["message"]?.stringValue {
                // The demo tenant names the operation it does not model: said as it is, not as a failure to diagnose.
                state.status = StatusMessage(TerminalSafety.escape(message) + " (HTTP 501)", level: .warn)
            }
            if response.status >= 400 {
                // `d` diagnoses console calls too.
                let error = response.json?["error"]
                state.lastFailure = FailedCall(method: response.request.method, path: ConsoleResponse.apiPath(response.url), status: response.status,
                                               code: error?["code"]?.stringValue ?? response.json?["errorCode"]?.stringValue,
                                               requestId: response.requestId,
                                               message: error?["message"]?.stringValue ?? response.json?["message"]?.stringValue)
            }
            if state.route != .console {
                // The person left the console while it waited: say so where they are.
                state.toasts.append(Toast(text: "API console: HTTP \(response.status) for \(response.request.method) \(response.request.path)",
                                          level: level, until: now.addingTimeInterval(6)))
            }
        case let .failed(message):
            view.response = .failed(message: message, requestId: nil)
            state.status = StatusMessage(message, level: .error)
            state.lastFailure = FailedCall(method: view.request.method, path: view.request.path, status: nil, code: nil, requestId: nil, message: message)
        }
        state.console = view
        return []
    }
}

/// The console's request as something to paste elsewhere, with the token and secrets as placeholders.
public enum ConsoleExport {
    public enum Format: Sendable, Hashable { case curl, powerAutomate }

    /// A shell command: the token comes from `$TOKEN`, which the comment says how to fill.
    public static func curl(_ request: ConsoleRequest, url: String, audience: String) -> String {
        var lines = ["# TOKEN=$(az account get-access-token --resource \(shellQuote(audience)) --query accessToken -o tsv)",
                     "curl -sS -X \(request.method) \(shellQuote(url)) \\",
                     "  -H \"Authorization: Bearer $TOKEN\""]
        if request.sendsBody {
            lines[lines.count - 1] += " \\"
            lines.append("  -H 'Content-Type: application/json' \\")
            lines.append("  --data \(shellQuote(request.body))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Power Automate (Logic Apps) HTTP action with Active Directory OAuth authentication; tenant, client
    /// id and secret are placeholders to fill in the flow (better: from a Key Vault action).
    public static func powerAutomate(_ request: ConsoleRequest, url: String, audience: String, authority: String) -> String {
        var inputs: [(key: String, value: JSONValue)] = [
            ("method", .string(request.method)),
            ("uri", .string(url)),
        ]
        if request.sendsBody {
            inputs.append(("headers", .object(JSONObject([("Content-Type", .string("application/json"))]))))
            inputs.append(("body", (try? JSONValue.parse(Data(request.body.utf8))) ?? .string(request.body)))
        }
        inputs.append(("authentication", .object(JSONObject([
            ("type", .string("ActiveDirectoryOAuth")),
            ("authority", .string(authority)),
            ("tenant", .string("<tenant-id>")),
            ("audience", .string(audience)),
            ("clientId", .string("<client-id>")),
            ("credentialType", .string("Secret")),
            ("secret", .string("<client-secret>")),
        ]))))
        let action = JSONValue.object(JSONObject([
            ("type", .string("Http")),
            ("inputs", .object(JSONObject(inputs))),
            ("runAfter", .object(JSONObject())),
        ]))
        return action.serialized(pretty: true) + "\n"
    }

    static func shellQuote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// The API console: ``ConsoleView`` on the stack (and kept when it is left).
enum ConsoleScreen: ScreenUnit {
    static func keyScreen(_ state: AppState) -> KeyScreen { .console }
    static func breadcrumb(_ state: AppState) -> [String] { ["API console"] }

    /// The console's fields take text: the key itself goes to the reducer.
    /// The path takes a paste on one line, the body as it is.
    static func paste(_ text: String, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.console else { return [] }
        switch view.focus {
        case .path: view.request.path += PastedText.singleLine(text)
        case .body: view.request.body += text
        default: break
        }
        state.console = view
        return []
    }

    static func key(_ key: Key, action: Action?, _ state: inout AppState, now: Date) -> [Effect] {
        ConsoleReducer.key(key, &state, now: now)
    }

    static func takesEveryKey(_ state: AppState) -> Bool {
        state.console?.focus == .response && state.console?.viewer?.searching == true
    }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        ConsoleReducer.action(action, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        ConsoleRenderer.render(state, layout: layout, theme: theme, now: now, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { false }

    static func selection(_ state: AppState) -> Selection? { state.console.map { .request($0.request) } }
}
