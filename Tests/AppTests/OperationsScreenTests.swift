import APIDescriptions
import Foundation
import PowerBI
import TerminalUI
import Testing
import Tokens
@testable import App

/// The operation explorer (`:ops`, `o`): the list, the form, and the call through the API console.
@Suite struct OperationsScreenTests {
    /// Signed in with an app token, in workspace W1 on the datasets tab, dataset D1 selected.
    static func onADataset() -> AppState {
        var state = AppState(size: (40, 130), identity: "app")
        state.tokenKind = .app
        _ = AppReducer.reduce(&state, .workspaces(.loaded([BrowseScreenTests.workspace("Sales", id: "W1", dedicated: true),
                                                         BrowseScreenTests.workspace("Finance", id: "W2", dedicated: false)])))
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        _ = AppReducer.reduce(&state, .workspace(.itemsLoaded(.group("W1"), .datasets, [BrowseScreenTests.dataset("Model", id: "D1"),
                                                                               BrowseScreenTests.dataset("Budget", id: "D2")])))
        return state
    }

    static func type(_ text: String, _ state: inout AppState) {
        for character in text { _ = AppReducer.reduce(&state, .terminal(.key(.character(character)))) }
    }

    @Test func oOnADatasetFillsItsIdsAndPutsTheOperationsTheyCompleteFirst() throws {
        var state = Self.onADataset()
        _ = AppReducer.reduce(&state, .terminal(.key(.character("o"))))
        #expect(state.route == .operations)
        let view = try #require(state.operations)
        #expect(view.context.values == ["groupId": "W1", "datasetId": "D1"])
        #expect(view.context.known["datasetId"]?.map(\.name) == ["Model", "Budget"])
        #expect(view.context.known["groupId"]?.map(\.id) == ["W1", "W2"])
        // The In Group operations, whose path the two ids complete, before My workspace's.
        let first = try #require(view.rows.row(at: 0)).operation
        #expect(first.path.contains("{groupId}") && first.path.contains("{datasetId}"), "\(first.operationId)")
        let screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("Operations (286) · from dataset Model in Sales"), "\(screen)")
        #expect(screen.contains("✓"))
    }

    @Test func theFormIsFilledAndEnterSendsThroughTheConsole() throws {
        var state = Self.onADataset()
        _ = AppReducer.reduce(&state, .terminal(.key(.character("o"))))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("/"))))
        Self.type("refresh history", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.operations?.rows.row(at: 0)?.operation.operationId == "Datasets_GetRefreshHistoryInGroup")
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.route == .operation)
        let form = try #require(state.operation)
        #expect(form.fields.map(\.parameter.name) == ["groupId", "datasetId", "$top"])
        #expect(form.fields.map(\.value) == ["W1", "D1", ""])
        #expect(form.focus == 0, "nothing required is left empty")
        var screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("GET /v1.0/myorg/groups/{groupId}/datasets/{datasetId}/refreshes"), "\(screen)")
        #expect(screen.contains("D1 (Model)"))
        #expect(screen.contains("your token can call it"))
        #expect(screen.contains("LIMITATIONS"), "the description, as text")
        // The top: typed into its field (a printable key is text, even `q` or `/`).
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        Self.type("5", &state)
        let effects = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.route == .console)
        let request = ConsoleRequest(method: "GET", resource: .powerbi, path: "/groups/W1/datasets/D1/refreshes?$top=5", body: "")
        #expect(effects == [.console(.send(request))])
        // Esc from the console comes back to the form as it was.
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(state.route == .operation)
        screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("5▏") || screen.contains(" 5 "), "\(screen)")
    }

    @Test func wrongValuesAreNamedAndChoicesCycle() throws {
        var state = Self.onADataset()
        state.commandPrompt = CommandPrompt(text: "ops")
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.route == .operations)
        _ = AppReducer.reduce(&state, .terminal(.key(.character("/"))))
        Self.type("Reports_ExportReportInGroup", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        var form = try #require(state.operation)
        #expect(form.operation.operationId == "Reports_ExportReportInGroup")
        #expect(form.fields.allSatisfy { $0.value.isEmpty }, "opened from the palette: no context")
        // Enter with the workspace missing: nothing is sent, the field is named and gets the focus.
        #expect(AppReducer.reduce(&state, .terminal(.key(.enter))).isEmpty)
        form = try #require(state.operation)
        #expect(form.problem?.contains("needs --groupId") == true)
        #expect(form.focus == 0)
        // → offers the workspaces already loaded, by name.
        _ = AppReducer.reduce(&state, .terminal(.key(.right)))
        #expect(state.operation?.fields[0].value == "W1")
        _ = AppReducer.reduce(&state, .terminal(.key(.right)))
        #expect(state.operation?.fields[0].value == "W2")
        // The enum cycles through its values.
        let download = try #require(form.fields.firstIndex { $0.parameter.name == "downloadType" })
        while state.operation?.focus != download { _ = AppReducer.reduce(&state, .terminal(.key(.tab))) }
        _ = AppReducer.reduce(&state, .terminal(.key(.right)))
        #expect(state.operation?.fields[download].value == "IncludeModel")
        _ = AppReducer.reduce(&state, .terminal(.key(.left)))
        #expect(state.operation?.fields[download].value == "LiveConnect")
    }

    @Test func aWriteAsksFirstAndReadOnlyRefusesIt() throws {
        var state = Self.onADataset()
        _ = AppReducer.reduce(&state, .terminal(.key(.character("o"))))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("/"))))
        Self.type("Datasets_RefreshDatasetInGroup", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        let form = try #require(state.operation)
        #expect(form.focus == form.fields.count, "the body has the focus: the ids are filled")
        #expect(form.body == #"{"notifyOption":"NoNotification"}"#)
        var readOnly = state
        readOnly.readOnly = true
        #expect(AppReducer.reduce(&readOnly, .terminal(.key(.enter))).isEmpty)
        #expect(readOnly.status?.text.contains("Read-only") == true)
        #expect(AppReducer.reduce(&state, .terminal(.key(.enter))).isEmpty, "nothing is sent before the confirmation")
        let dialog = try #require(state.dialog)
        #expect(dialog.lines.first == "POST /groups/W1/datasets/D1/refreshes")
        let effects = AppReducer.reduce(&state, .terminal(.key(.character("y"))))
        #expect(effects == [.console(.send(ConsoleRequest(method: "POST", resource: .powerbi, path: "/groups/W1/datasets/D1/refreshes",
                                                     body: #"{"notifyOption":"NoNotification"}"#)))])
    }

    @Test func whatTheDemoTenantDoesNotModelIsSaid() throws {
        var state = Self.onADataset()
        state.commandPrompt = CommandPrompt(text: "api GET /gateways")
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        let body = #"{"error":{"code":"NotModelledByDemoTenant","message":"The demo tenant does not model Gateways_GetGateways"}}"#
        _ = AppReducer.reduce(&state, .console(.answered(ConsoleResponse(
            request: ConsoleRequest(method: "GET", path: "/gateways"), url: "http://127.0.0.1:1/v1.0/myorg/gateways", status: 501, milliseconds: 3,
            headers: [], bodyText: body, json: try JSONValue.parse(body)))))
        #expect(state.status?.text == "The demo tenant does not model Gateways_GetGateways (HTTP 501)")
    }

    /// Another API's description (`--spec`), at a loopback host and at a remote one.
    static func inventory(host: String) throws -> APIDescription {
        let text = #"""
            {"swagger": "2.0", "info": {"title": "Contoso Inventory"}, "host": "\#(host)", "basePath": "/v1",
             "securityDefinitions": {"entra": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://login.example/a",
                                               "scopes": {"api://inventory/Items.Read": "read"}}},
             "security": [{"entra": ["api://inventory/Items.Read"]}],
             "paths": {"/workspaces/{workspaceId}/items": {
               "get": {"operationId": "Items_List", "summary": "Lists items",
                       "parameters": [{"name": "workspaceId", "in": "path", "required": true, "type": "string"},
                                      {"name": "type", "in": "query", "type": "string", "enum": ["Report", "Lakehouse"]}],
                       "responses": {"200": {"description": "OK"}}},
               "post": {"operationId": "Items_Create",
                        "parameters": [{"name": "workspaceId", "in": "path", "required": true, "type": "string"},
                                       {"name": "item", "in": "body", "required": true,
                                        "schema": {"type": "object", "required": ["displayName"], "properties": {"displayName": {"type": "string"}}}}],
                        "responses": {"201": {"description": "Created"}}}}}}
            """#
        return try SwaggerReader { name in throw DescriptionError(file: name, problem: "none") }.read(Data(text.utf8), name: "inventory.json")
    }

    @Test func anotherAPIsOperationsAreListedAndSentToItsHost() throws {
        var state = Self.onADataset()
        let inventory = try Self.inventory(host: "127.0.0.1:9")
        state.descriptions = [inventory]
        state.commandPrompt = CommandPrompt(text: "ops")
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        let view = try #require(state.operations)
        #expect(view.operationCount == 288)
        #expect(state.status?.text.contains("288 operations of 2 APIs") == true)
        // The API's title is searched: one filter finds its operations.
        _ = AppReducer.reduce(&state, .terminal(.key(.character("/"))))
        Self.type("contoso inventory", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.operations?.rows.count == 2)
        var screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("API") && screen.contains("Contoso Inv"), "\(screen)")
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        let form = try #require(state.operation)
        #expect(form.description.title == "Contoso Inventory")
        #expect(form.operation.operationId == "Items_List")
        screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("GET /v1/workspaces/{workspaceId}/items  · Contoso Inventory"), "\(screen)")
        #expect(screen.contains("Items.Read"))
        #expect(!screen.contains("your token"), "Power BI's permission table says nothing of another API's token")
        Self.type("w1", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        _ = AppReducer.reduce(&state, .terminal(.key(.right)))
        let effects = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.route == .console)
        let api = try DescribedAPI(inventory)
        #expect(api.audience == "api://inventory" && api.root.absoluteString == "http://127.0.0.1:9")
        #expect(effects == [.console(.send(ConsoleRequest(method: "GET", resource: .powerbi, path: "/v1/workspaces/w1/items?type=Report", body: "", api: api)))])
        screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("Contoso Inventory"), "the console's resource field names the API: \(screen)")
    }

    @Test func aDescribedAPIGoesToItsHostOnlyAndTheDemoTenantReachesLoopbackOnly() throws {
        let client = PowerBIClient.placeholder
        let loopback = try DescribedAPI(try Self.inventory(host: "127.0.0.1:9"))
        let target = try BackgroundWork.consoleTarget(ConsoleRequest(path: "/v1/workspaces/w1/items?type=Report", api: loopback), client: client, cloud: nil)
        #expect(target.client.apiRoot.absoluteString == "http://127.0.0.1:9")
        #expect(target.client.scope == "api://inventory/.default")
        #expect(target.path == "/workspaces/w1/items" && target.query.map(\.0) == ["type"])
        // A full URL on another host is refused: the token goes only to the API's host.
        #expect(throws: PowerBIError.self) {
            try BackgroundWork.consoleTarget(ConsoleRequest(path: "http://127.0.0.2:9/v1/x", api: loopback), client: client, cloud: nil)
        }
        let remote = try DescribedAPI(try Self.inventory(host: "inventory.contoso.example"))
        #expect(remote.root.absoluteString == "https://inventory.contoso.example")
        do {
            _ = try BackgroundWork.consoleTarget(ConsoleRequest(path: "/v1/x", api: remote), client: client, cloud: nil)
            Issue.record("the demo tenant reached a remote host")
        } catch {
            #expect(error.description.contains("needs a real tenant"))
        }
        #expect(try BackgroundWork.consoleTarget(ConsoleRequest(path: "/v1/x", api: remote), client: client, cloud: .public).client.apiRoot.host
                == "inventory.contoso.example")
        #expect(throws: PowerBIError.self) { try DescribedAPI(try Self.inventory(host: "evil.example/path")) }
    }
}

extension OperationsScreenTests {
    /// `:ops` filters as you type: every letter is the filter (`h` and `t` included, which leave the screen or
    /// open the token elsewhere); Backspace deletes; Esc clears the filter, then leaves.
    @Test func theExplorerFiltersAsYouType() throws {
        var state = Self.onADataset()
        state.commandPrompt = CommandPrompt(text: "ops")
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.route == .operations)
        Self.type("refresh history", &state)
        #expect(state.route == .operations && state.operations?.rows.filter == "refresh history")
        let count = try #require(state.operations?.rows.count)
        #expect(count > 0 && count < 20, "\(count)")
        _ = AppReducer.reduce(&state, .terminal(.key(.backspace)))
        #expect(state.operations?.rows.filter == "refresh histor")
        Self.type("yt", &state)
        #expect(state.route == .operations && state.operations?.rows.filter == "refresh historyt", "t is a letter here, not the token inspector")
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(state.route == .operations && state.operations?.rows.filter == "", "Esc clears the filter first")
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(state.route != .operations, "then leaves")
    }
}
