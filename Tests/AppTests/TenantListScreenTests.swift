import Foundation
import PowerBI
import TerminalUI
import Testing
import Tokens
@testable import App

/// `:apps` and `:capacities`: one screen for tenant lists, driven by actions and results.
@Suite struct TenantListScreenTests {
    static func capacity(_ name: String, sku: String, state: String, id: String) -> JSONValue {
        .object(JSONObject([("id", .string(id)), ("displayName", .string(name)), ("sku", .string(sku)), ("state", .string(state)),
                            ("region", .string("West Europe")), ("admins", .array([.string("alex@contoso.com"), .string("ops@contoso.com")])),
                            ("capacityUserAccessRight", .string("Admin"))]))
    }

    func signedIn(_ kind: TokenKind) -> AppState {
        var state = AppState(size: (24, 120), identity: "someone")
        state.tokenKind = kind
        return state
    }

    @Test func capacitiesLoadFilterSortAndShowTheirJSON() {
        var state = signedIn(.app)
        state.commandPrompt = CommandPrompt(text: "capacities")
        let effects = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(effects == [.tenantList(.load(.capacities))])
        #expect(state.route == .tenantList(.capacities))
        #expect(state.isBusy, "the spinner turns while it loads")
        _ = AppReducer.reduce(&state, .tenantList(.loaded(.capacities, .success([
            Self.capacity("Contoso Premium P1", sku: "P1", state: "Active", id: "C1"),
            Self.capacity("Fabric F64, paused", sku: "F64", state: "Suspended", id: "C2"),
            Self.capacity("duplicate", sku: "P1", state: "Active", id: "c1"),
        ]), requestId: nil)))
        var screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("Capacities (2)"), "\(screen)")
        for text in ["SKU", "STATE", "REGION", "ADMINS", "Contoso Premium P1", "Suspended", "alex@contoso.com, ops@contoso.com"] {
            #expect(screen.contains(text), "\(text)\n\(screen)")
        }
        // `/` filters, `s` sorts, Enter shows the JSON, Esc goes back to the workspaces.
        _ = AppReducer.reduce(&state, .terminal(.key(.character("/"))))
        for character in "fabric" { _ = AppReducer.reduce(&state, .terminal(.key(.character(character)))) }
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("Capacities (1 of 2 · /fabric)") && !screen.contains("Contoso Premium P1"), "\(screen)")
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.jsonOverlay?.title == "Capacity Fabric F64, paused")
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(state.jsonOverlay == nil)
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(state.route == .workspaces)
        // Opened again, the list is kept (no second call), with its filter.
        state.commandPrompt = CommandPrompt(text: "capacities")
        #expect(AppReducer.reduce(&state, .terminal(.key(.enter))).isEmpty)
        #expect(state.tenantList(.capacities)?.rows.count == 1)
    }

    @Test func appsSayWhyAnAppTokenCannotListThemAndLoadForUsers() {
        var app = signedIn(.app)
        #expect(AppReducer.act(.command, &app, now: Date()).isEmpty)
        app.commandPrompt = CommandPrompt(text: "apps")
        #expect(AppReducer.reduce(&app, .terminal(.key(.enter))).isEmpty, "nothing is sent for an app token")
        #expect(AppRenderer.render(app, theme: .defaultDark).text.contains("does not accept service principals"))
        var user = signedIn(.delegated)
        user.commandPrompt = CommandPrompt(text: "apps")
        #expect(AppReducer.reduce(&user, .terminal(.key(.enter))) == [.tenantList(.load(.apps))])
        _ = AppReducer.reduce(&user, .tenantList(.loaded(.apps, .success([
            .object(JSONObject([("id", .string("A1")), ("name", .string("Sales App")), ("publishedBy", .string("Alex Wilber"))])),
        ]), requestId: nil)))
        let screen = AppRenderer.render(user, theme: .defaultDark).text
        #expect(screen.contains("Apps (1)") && screen.contains("Sales App") && screen.contains("Alex Wilber"), "\(screen)")
        // A refusal shows its message; Ctrl-R asks again.
        _ = AppReducer.reduce(&user, .tenantList(.loaded(.apps, .failure(LastRefreshFailure("HTTP 401 PowerBINotAuthorizedException")), requestId: "R1")))
        #expect(AppRenderer.render(user, theme: .defaultDark).text.contains("Could not load apps: HTTP 401"))
        #expect(AppReducer.reduce(&user, .terminal(.key(.control("r")))) == [.tenantList(.load(.apps))])
    }

    /// An app opens like a workspace: its reports and dashboards as tabs (the kinds an app has), under
    /// "Apps"; Esc goes back to the list of apps, `y` shows an app's JSON.
    @Test func anAppOpensOnItsReportsAndDashboards() {
        var state = signedIn(.delegated)
        state.commandPrompt = CommandPrompt(text: "apps")
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        _ = AppReducer.reduce(&state, .tenantList(.loaded(.apps, .success([
            .object(JSONObject([("id", .string("A1")), ("name", .string("Sales, \"Global\" 売上")), ("publishedBy", .string("Alex Wilber"))])),
        ]), requestId: nil)))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("y"))))
        #expect(state.jsonOverlay?.title == "App Sales, \"Global\" 売上")
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(AppReducer.reduce(&state, .terminal(.key(.enter))) == [.workspace(.loadItems(.app("A1"), .reports))])
        #expect(state.routes == [.workspaces, .tenantList(.apps), .workspace])
        #expect(state.workspace?.tabs == [.reports, .dashboards])
        let report = ItemRow(Report(json: .object(JSONObject([("id", "R1"), ("name", "Pipeline"), ("datasetId", "D9"), ("appId", "A1")])))!)
        _ = AppReducer.reduce(&state, .workspace(.itemsLoaded(.app("A1"), .reports, [report])))
        var screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("Apps ▸ Sales, \"Global\" 売上 ▸ Reports"), "\(screen)")
        #expect(screen.contains("Pipeline") && screen.contains("app") && !screen.contains("Datasets"), "\(screen)")
        #expect(AppReducer.reduce(&state, .terminal(.key(.tab))) == [.workspace(.loadItems(.app("A1"), .dashboards))])
        _ = AppReducer.reduce(&state, .workspace(.itemsLoaded(.app("A1"), .dashboards, [])))
        screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("No dashboards in this app."), "\(screen)")
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        #expect(state.workspace?.tab == .reports, "two tabs: Tab comes back to Reports")
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(state.route == .tenantList(.apps))
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("Apps (1)"))
    }

    @Test func theWheelAndClicksWorkInATenantList() {
        var state = signedIn(.app)
        _ = AppReducer.act(.command, &state, now: Date())
        state.commandPrompt = CommandPrompt(text: "capacities")
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        _ = AppReducer.reduce(&state, .tenantList(.loaded(.capacities, .success((1...9).map {
            Self.capacity("Capacity \($0)", sku: "F2", state: "Active", id: "C\($0)")
        }), requestId: nil)))
        let firstRow = AppLayout(size: state.size).table.row + 1
        _ = AppReducer.reduce(&state, .terminal(.mouse(MouseEvent(kind: .wheelDown, row: firstRow, column: 5))))
        #expect(state.tenantList(.capacities)?.selection.selected == MouseReducer.wheelStep)
        _ = AppReducer.reduce(&state, .terminal(.mouse(MouseEvent(kind: .click, row: firstRow + 1, column: 5))))
        #expect(state.tenantList(.capacities)?.selection.selected == 1)
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("c")))) == [.copy("C2")])
        #expect(state.status?.text == "Copied the capacity id C2 (OSC 52)")
    }
}
