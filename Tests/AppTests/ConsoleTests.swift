@testable import Config
import EntraAuth
import Foundation
import PowerBI
import Simulator
import TerminalUI
import TestSupport
import Testing
import Tokens
@testable import App

@Suite struct ConsoleReducerTests {
    static func state(readOnly: Bool = false) -> AppState {
        var state = WorkspaceScreenTests.loadedState(rows: 30, columns: 120)
        state.readOnly = readOnly
        return state
    }

    static func press(_ keys: [Key], _ state: inout AppState) -> [Effect] {
        keys.flatMap { AppReducer.reduce(&state, .terminal(.key($0))) }
    }

    static func type(_ text: String, _ state: inout AppState) -> [Effect] { press(text.map { .character($0) }, &state) }

    @Test func apiOpensTheConsoleTypesAPathAndSendsOnce() {
        var state = Self.state()
        _ = Self.press([.character(":")], &state)
        _ = Self.type("api GET /groups/W1/datasets", &state)
        _ = Self.press([.enter], &state)
        #expect(state.route == .console)
        #expect(state.console?.request == ConsoleRequest(method: "GET", resource: .powerbi, path: "/groups/W1/datasets"))
        _ = Self.press([.control("u")], &state)
        _ = Self.type("/groups?$top=2", &state)
        let effects = Self.press([.enter], &state)
        #expect(effects == [.console(.send(ConsoleRequest(path: "/groups?$top=2")))])
        #expect(state.console?.response.isLoading == true)
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("waiting for the answer"))
        #expect(state.console?.history.count == 1)
    }

    @Test func methodAndResourceCycleAndABodyMustBeJSON() {
        var state = Self.state()
        _ = ConsoleReducer.open(&state)
        _ = Self.press([.backTab, .backTab], &state)            // path → resource → method
        #expect(state.console?.focus == .method)
        _ = Self.press([.right], &state)
        #expect(state.console?.request.method == "POST")
        _ = Self.press([.tab, .right, .right], &state)
        #expect(state.console?.request.resource == .graph)
        _ = Self.press([.left, .left], &state)
        _ = Self.press([.tab, .tab], &state)                    // → body
        #expect(state.console?.focus == .body)
        _ = Self.type("{\"notifyOption\": ", &state)
        #expect(Self.press([.enter], &state).isEmpty, "not JSON: nothing is sent")
        #expect(state.status?.text.hasPrefix("Body: not JSON") == true)
        _ = Self.type("\"NoNotification\"}", &state)
        _ = Self.press([.backTab], &state)
        _ = Self.press([.control("u")], &state)
        _ = Self.type("/groups/W1/datasets/D1/refreshes", &state)
        #expect(Self.press([.enter], &state).isEmpty, "a POST asks first")
        #expect(state.dialog?.title == "Send POST?")
        #expect(Self.press([.character("n")], &state).isEmpty)
        #expect(state.status?.text == "Nothing was sent")
        _ = Self.press([.enter], &state)
        let effects = Self.press([.character("y")], &state)
        #expect(effects == [.console(.send(ConsoleRequest(method: "POST", resource: .powerbi, path: "/groups/W1/datasets/D1/refreshes",
                                                    body: "{\"notifyOption\": \"NoNotification\"}")))])
    }

    @Test func readOnlyModeSendsReadsOnly() {
        var state = Self.state(readOnly: true)
        _ = Self.press([.character(":")], &state)
        _ = Self.type("api POST /groups/W1/datasets/D1/refreshes", &state)
        _ = Self.press([.enter], &state)
        #expect(state.console?.request.method == "POST")
        state.console?.focus = .path
        #expect(Self.press([.enter], &state).isEmpty, "a refresh changes something: not sent")
        #expect(state.status?.text.contains("Read-only") == true && state.status?.text.contains("changes something") == true)
        #expect(state.console?.focus == .method)
        _ = Self.press([.right], &state)
        #expect(state.console?.request.method == "GET", "read-only: GET and POST to cycle through")
        state.console?.request.method = "DELETE"
        state.console?.focus = .path
        #expect(Self.press([.enter], &state).isEmpty)
        // A DAX query is a POST that only reads: sent.
        state.console?.request.method = "POST"
        state.console?.request.path = "/groups/W1/datasets/D1/executeQueries"
        state.console?.request.body = #"{"queries":[{"query":"EVALUATE {1}"}]}"#
        state.console?.focus = .path
        #expect(!Self.press([.enter], &state).isEmpty, "a DAX query is a read")
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("read-only: reads only"))
    }

    @Test func historyRecallsEarlierRequests() {
        var state = Self.state()
        _ = ConsoleReducer.open(&state)
        for path in ["/groups", "/datasets", "/reports"] {
            _ = Self.press([.control("u")], &state)
            _ = Self.type(path, &state)
            _ = Self.press([.enter], &state)
        }
        _ = Self.press([.up], &state)
        #expect(state.console?.request.path == "/reports")
        _ = Self.press([.up, .up], &state)
        #expect(state.console?.request.path == "/groups")
        _ = Self.press([.down], &state)
        #expect(state.console?.request.path == "/datasets")
    }

    @Test func theAnswerShowsStatusTimingHeadersAndFoldableJSON() throws {
        var state = Self.state()
        _ = ConsoleReducer.open(&state)
        _ = Self.press([.enter], &state)
        let body = #"{"@odata.context":"x","value":[{"id":"W1","name":"Sales"},{"id":"W2","name":"Finance"}]}"#
        _ = AppReducer.reduce(&state, .console(.answered(ConsoleResponse(
            request: ConsoleRequest(), url: "https://api.powerbi.com/v1.0/myorg/groups", status: 200, milliseconds: 42,
            headers: [("RequestId", "1b2c"), ("Content-Type", "application/json")], bodyText: body, json: try JSONValue.parse(Data(body.utf8))))))
        var text = AppRenderer.render(state, theme: .defaultDark).text
        #expect(text.contains("HTTP 200 · 42 ms"))
        #expect(text.contains("RequestId 1b2c"))
        #expect(text.contains("\"name\": \"Finance\""))
        #expect(!text.contains("Content-Type: application/json"), "headers hidden until F4")
        _ = Self.press([.function(4)], &state)
        text = AppRenderer.render(state, theme: .defaultDark).text
        #expect(text.contains("Content-Type: application/json"))
        _ = Self.press([.tab, .tab, .tab], &state)              // path → body → response → method… response comes after body
        #expect(state.console?.focus == .method || state.console?.focus == .response)
        state.console?.focus = .response
        _ = Self.press([.character("j"), .character("j"), .character(" ")], &state)
        text = AppRenderer.render(state, theme: .defaultDark).text
        #expect(text.contains("\"value\": [ … ]  2 items"), "the response folds")
        #expect(state.status?.level == .ok)
    }

    @Test func anErrorAnswerIsShownAsItCame() {
        var state = Self.state()
        _ = ConsoleReducer.open(&state)
        _ = Self.press([.enter], &state)
        let body = #"{"error":{"code":"PowerBIEntityNotFound"}}"#
        _ = AppReducer.reduce(&state, .console(.answered(ConsoleResponse(
            request: ConsoleRequest(), url: "u", status: 404, milliseconds: 3, headers: [("RequestId", "dead-beef")],
            bodyText: body, json: try? JSONValue.parse(Data(body.utf8))))))
        let frame = AppRenderer.render(state, theme: .defaultDark)
        #expect(frame.text.contains("HTTP 404"))
        #expect(frame.text.contains("PowerBIEntityNotFound"))
        #expect(state.status?.text.contains("RequestId dead-beef") == true)
        #expect(state.status?.level == .error)
        #expect(state.toasts.isEmpty, "on screen: no toast")
        // An answer that arrives after the person left the console becomes a toast.
        _ = Self.press([.enter], &state)
        _ = Self.press([.escape], &state)
        _ = AppReducer.reduce(&state, .console(.answered(ConsoleResponse(
            request: ConsoleRequest(), url: "u", status: 200, milliseconds: 3, headers: [], bodyText: "{}", json: .object(JSONObject())))))
        #expect(state.toasts.first?.text == "API console: HTTP 200 for GET /groups")
    }

    @Test func copyAsCurlAndAsAPowerAutomateActionWithPlaceholders() throws {
        let request = ConsoleRequest(method: "POST", resource: .powerbi, path: "/groups/W1/datasets/D1/refreshes", body: #"{"type":"full","note":"it's"}"#)
        let curl = ConsoleExport.curl(request, url: "https://api.powerbi.com/v1.0/myorg/groups/W1/datasets/D1/refreshes",
                                      audience: "https://analysis.windows.net/powerbi/api")
        #expect(curl.contains("curl -sS -X POST 'https://api.powerbi.com/v1.0/myorg/groups/W1/datasets/D1/refreshes'"))
        #expect(curl.contains(#"-H "Authorization: Bearer $TOKEN""#))
        #expect(curl.contains(#"--data '{"type":"full","note":"it'\''s"}'"#), "the body is quoted for the shell")
        #expect(curl.contains("az account get-access-token --resource 'https://analysis.windows.net/powerbi/api'"))
        let flow = ConsoleExport.powerAutomate(request, url: "https://api.powerbi.com/v1.0/myorg/groups/W1/datasets/D1/refreshes",
                                               audience: "https://analysis.windows.net/powerbi/api", authority: "https://login.microsoftonline.com/")
        let action = try JSONValue.parse(Data(flow.utf8))
        #expect(action["type"]?.stringValue == "Http")
        #expect(action["inputs"]?["method"]?.stringValue == "POST")
        #expect(action["inputs"]?["body"]?["type"]?.stringValue == "full", "the body is JSON, not a string")
        let auth = action["inputs"]?["authentication"]
        #expect(auth?["type"]?.stringValue == "ActiveDirectoryOAuth")
        #expect(auth?["audience"]?.stringValue == "https://analysis.windows.net/powerbi/api")
        #expect(auth?["secret"]?.stringValue == "<client-secret>")
        #expect(auth?["tenant"]?.stringValue == "<tenant-id>")
        #expect(auth?["clientId"]?.stringValue == "<client-id>")
        var state = Self.state()
        _ = ConsoleReducer.open(&state)
        #expect(Self.press([.function(2)], &state) == [.console(.copy(ConsoleRequest(), .curl))])
        #expect(Self.press([.function(3)], &state) == [.console(.copy(ConsoleRequest(), .powerAutomate))])
    }

    @Test func printableKeysTypeInsteadOfActing() {
        var state = Self.state()
        _ = ConsoleReducer.open(&state)
        _ = Self.press([.control("u")], &state)
        _ = Self.type("https://api.powerbi.com/v1.0/myorg/groups?q=1", &state)
        #expect(state.console?.request.path == "https://api.powerbi.com/v1.0/myorg/groups?q=1")
        #expect(state.commandPrompt == nil && !state.helpVisible && !state.shouldQuit)
        _ = Self.press([.escape], &state)
        #expect(state.route == .workspaces)
        _ = Self.press([.character(":")], &state)
        _ = Self.type("api", &state)
        _ = Self.press([.enter], &state)
        #expect(state.console?.request.path.hasSuffix("q=1") == true, "the console keeps its request")
    }
}

@MainActor
@Suite struct ConsoleAndThemeRuntimeTests {
    @Test func theConsoleCallsTheDemoTenantAndThemesSwitchLive() async throws {
        let demo = try await DemoClient.start()
        let client = demo.client
        let screen = RecordingScreen(rows: 30, columns: 120)
        let session = ConnectedSession(client: client, identity: "demo", close: {})
        let app = TerminalApp(screen: screen, environment: AppEnvironment(session: session, signIn: StubSignIn(),
                                                                          themes: ThemeLibrary(userDirectory: "/nonexistent")))
        let run = Task { await app.run() }
        try await screen.waitFor("Workspaces (10)")
        func type(_ text: String) { for character in text { screen.send(.key(.character(character))) } }
        type(":api GET /groups?$top=2")
        screen.send(.key(.enter))
        try await screen.waitFor("API console")
        screen.send(.key(.enter))
        try await screen.waitFor("HTTP 200")
        #expect(screen.lastFrame?.text.contains("\"@odata.context\"") == true)
        // Another resource on the demo tenant is refused before anything leaves.
        screen.send(.key(.backTab))
        screen.send(.key(.right))
        screen.send(.key(.enter))
        try await screen.waitFor("serves the Power BI API only")
        // A full URL to another host is refused: the token stays with its host.
        screen.send(.key(.left))
        screen.send(.key(.tab))
        screen.send(.key(.control("u")))
        type("https://evil.example/v1.0/myorg/groups")
        screen.send(.key(.enter))
        try await screen.waitFor("goes only to")
        // Copy as curl puts the URL on the clipboard, the token as a placeholder.
        screen.send(.key(.control("u")))
        type("/groups")
        screen.send(.key(.function(2)))
        try await screen.waitFor("Copied the request as a curl command")
        #expect(screen.copied.last?.contains("\(demo.simulator.info.apiRoot)/v1.0/myorg/groups") == true)
        #expect(screen.copied.last?.contains("$TOKEN") == true)
        let token = try await demo.client.currentToken()
        #expect(screen.copied.last?.contains(token.value) == false)
        // :theme switches the next frame's colours; a bad name says what is known.
        screen.send(.key(.escape))
        type(":theme solarized-dark")
        screen.send(.key(.enter))
        try await screen.waitFor("Theme solarized-dark")
        #expect(screen.lastFrame?[5, 100].style.background == .rgb(0x00, 0x2b, 0x36))
        type(":theme nope")
        screen.send(.key(.enter))
        try await screen.waitFor("no such theme; known:")
        #expect(screen.lastFrame?[5, 100].style.background == .rgb(0x00, 0x2b, 0x36), "a failed switch keeps the theme")
        screen.send(.key(.character("q")))
        #expect(await run.value == 0)
        await demo.stop()
    }
}
