import Automate
import TestSupport
import Foundation
import PowerBI
import TerminalUI
import Testing
import Tokens
@testable import App

/// The Automate screen (`A`): the four ways side by side, from a row, the console and an operation's form.
@Suite struct AutomateScreenTests {
    @Test func aOnADatasetShowsItsRefreshAsFourWays() throws {
        var state = OperationsScreenTests.onADataset()
        _ = AppReducer.reduce(&state, .terminal(.key(.character("A"))))
        #expect(state.route == .automate)
        let view = try #require(state.automate)
        #expect(view.call.label == "Datasets_RefreshDatasetInGroup")
        #expect(view.call.method == "POST")
        #expect(view.call.url.absoluteString == "https://api.powerbi.com/v1.0/myorg/groups/W1/datasets/D1/refreshes")
        #expect(view.readyMade?.contains("Refresh a dataset") == true)
        #expect(view.advice.map(\.verdict) == [.works, .conditional, .works, .conditional], "an app token: way 2 needs a user")
        #expect(view.selected == .servicePrincipal)
        var screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("Simplest:"), "\(screen)")
        #expect(screen.contains("1 works") && screen.contains("2 conditional"))
        #expect(screen.contains("── 1-http-service-principal.json ──"))
        #expect(screen.contains("ActiveDirectoryOAuth") || view.previewLines.contains { $0.contains("ActiveDirectoryOAuth") })
        // → the next way; c copies its definition; s saves its files (the flow too: a refresh).
        _ = AppReducer.reduce(&state, .terminal(.key(.right)))
        #expect(state.automate?.selected == .userPassword)
        screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("needs a user account without MFA"), "\(screen)")
        let copied = AppReducer.reduce(&state, .terminal(.key(.character("c"))))
        guard case let .copy(text)? = copied.first else { Issue.record("nothing copied: \(copied)"); return }
        #expect(text.contains("grant_type=password"))
        #expect(WorkflowCheck.problems(try JSONValue.parse(Data(text.utf8))) == [])
        let saved = AppReducer.reduce(&state, .terminal(.key(.character("s"))))
        let paths = saved.compactMap { effect -> String? in if case let .export(path, _, _, _) = effect { path } else { nil } }
        #expect(paths == ["pbitui-automate/2-http-user-password.json", "pbitui-automate/2-http-user-password-refresh-and-wait.json"])
        // The connector way's preview holds its three files and the flow.
        _ = AppReducer.reduce(&state, .terminal(.key(.right)))
        #expect(state.automate?.previewLines.filter { $0.hasPrefix("── ") }.count == 4)
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(state.route == .workspace)
    }

    @Test func ctrlAInTheConsoleAndInAForm() throws {
        var state = OperationsScreenTests.onADataset()
        _ = ConsoleReducer.open(&state)
        state.console?.request = ConsoleRequest(method: "GET", path: "/groups?$top=3")
        _ = AppReducer.reduce(&state, .terminal(.key(.control("a"))))
        #expect(state.route == .automate)
        #expect(state.automate?.call.label == "Groups_GetGroups")
        #expect(state.automate?.call.url.absoluteString == "https://api.powerbi.com/v1.0/myorg/groups?$top=3")
        #expect(state.automate?.files[.servicePrincipal]?.map(\.name) == ["1-http-service-principal.json"], "no flow for a GET")
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(state.route == .console)

        // A form with a required value missing says what is missing instead.
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        state.commandPrompt = CommandPrompt(text: "ops")
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("/"))))
        OperationsScreenTests.type("Datasets_GetRefreshHistoryInGroup", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.route == .operation)
        _ = AppReducer.reduce(&state, .terminal(.key(.function(5))))
        #expect(state.route == .operation)
        #expect(state.status?.text.contains("Nothing to automate") == true && state.status?.text.contains("groupId") == true, "\(String(describing: state.status))")
        // Filled, it opens the screen with the form's call.
        OperationsScreenTests.type("W1", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.tab)))
        OperationsScreenTests.type("D1", &state)
        _ = AppReducer.reduce(&state, .terminal(.key(.control("a"))))
        #expect(state.route == .automate)
        #expect(state.automate?.call.label == "Datasets_GetRefreshHistoryInGroup")
    }

    @Test func aOnAWorkspaceRowAndOnATinyTerminal() throws {
        var state = AppState(size: (40, 130), identity: "user")
        state.tokenKind = .delegated
        state.tokenScopes = ["Workspace.Read.All"]
        _ = AppReducer.reduce(&state, .workspaces(.loaded([BrowseScreenTests.workspace("Sales", id: "W1", dedicated: true)])))
        // My workspace comes first for users; move to Sales.
        _ = AppReducer.reduce(&state, .terminal(.key(.down)))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("A"))))
        #expect(state.route == .automate)
        let call = try #require(state.automate?.call)
        #expect(call.method == "GET" && call.url.path.hasPrefix("/v1.0/myorg/groups/W1"), "\(call.url)")
        state.size = (4, 10)
        _ = AppRenderer.render(state, theme: .defaultDark)
        state.size = (24, 30)
        for _ in 0..<4 { _ = AppReducer.reduce(&state, .terminal(.key(.right))) }
        _ = AppReducer.reduce(&state, .terminal(.key(.character("G"))))
        _ = AppRenderer.render(state, theme: .defaultDark)
    }
}

extension AutomateScreenTests {
    @Test func tTriesAWayAndAWriteNeedsASecondT() throws {
        var state = OperationsScreenTests.onADataset()
        _ = AppReducer.reduce(&state, .terminal(.key(.character("A"))))
        let call = try #require(state.automate?.call)
        // A refresh changes something: the first T only warns, the second sends.
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("T")))).isEmpty)
        #expect(state.status?.text.contains("T again sends POST") == true)
        let effects = AppReducer.reduce(&state, .terminal(.key(.character("T"))))
        #expect(effects == [.automate(.tryWay(.servicePrincipal, call, .app))])
        #expect(state.automate?.trying == .servicePrincipal)
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("sending…"))
        _ = AppReducer.reduce(&state, .automate(.tried(.servicePrincipal, .answered(status: 202, requestId: "r-1"))))
        #expect(state.automate?.trying == nil)
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("tried: HTTP 202 · RequestId r-1"))
        // Read-only mode sends no write.
        state.readOnly = true
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("T")))).isEmpty)
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("T")))).isEmpty)
        #expect(state.status?.text.contains("Read-only") == true)
    }

    /// A way the session cannot try is said at once: no "T again sends" first, then "skipped".
    @Test func aWayThatWouldBeSkippedIsNeverArmed() throws {
        var state = OperationsScreenTests.onADataset()
        _ = AppReducer.reduce(&state, .terminal(.key(.character("A"))))
        for _ in 0..<2 { _ = AppReducer.reduce(&state, .terminal(.key(.right))) }
        #expect(state.automate?.selected == .customConnector)
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("T")))).isEmpty)
        #expect(state.automate?.armed == nil)
        #expect(state.status?.text.hasPrefix("Way 3: skipped") == true, "\(state.status?.text ?? "")")
        #expect(state.status?.text.contains("T again") == false)
        #expect(state.automate?.tried[.customConnector]?.line.contains("delegated") == true)
    }

    @Test func whatTheScreenCanTryWithTheSessionsOwnSignIn() async throws {
        let demo = try await DemoClient.start()
        let call = AutomateCall(label: "Groups_GetGroups", method: "GET", url: URL(string: "https://api.powerbi.com/v1.0/myorg/groups?$top=1")!,
                                audience: "https://analysis.windows.net/powerbi/api", authorityHost: URL(string: "https://login.microsoftonline.com/")!,
                                basePath: "/v1.0/myorg")
        let one = await AutomateTrying.attempt(.servicePrincipal, call, client: demo.client, tokenKind: .app, demo: true)
        let two = await AutomateTrying.attempt(.userPassword, call, client: demo.client, tokenKind: .app, demo: true)
        let three = await AutomateTrying.attempt(.customConnector, call, client: demo.client, tokenKind: .app, demo: true)
        await demo.stop()
        guard case let .answered(status, requestId) = one else { Issue.record("\(one)"); return }
        #expect(status == 200 && requestId != nil)
        #expect(two.line.contains("skipped") && two.line.contains("password"))
        #expect(three.line.contains("needs a delegated sign-in"))
    }
}

extension AutomateScreenTests {
    @Test func theTokensAccountAndMFASharpenTheVerdicts() throws {
        var state = OperationsScreenTests.onADataset()
        state.tokenKind = .delegated
        state.tokenScopes = ["Dataset.ReadWrite.All"]
        let effects = AppReducer.reduce(&state, .terminal(.key(.character("A"))))
        #expect(effects == [.automate(.identify)], "the token is decoded once, for the account and MFA")
        #expect(state.automate?.advice[1].verdict == .works, "a user without known MFA: the password grant may work")
        _ = AppReducer.reduce(&state, .terminal(.key(.right)))
        let megan = AutomateIdentity(kind: .user, account: "megan@pbitui-demo.onmicrosoft.com", scopes: ["Dataset.ReadWrite.All"], usedMFA: true)
        _ = AppReducer.reduce(&state, .automate(.identified(megan)))
        #expect(state.automate?.advice[1].verdict == .fails)
        #expect(state.automate?.selected == .userPassword, "the way chosen stays")
        let screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("megan@pbitui-demo.onmicrosoft.com has MFA: a password sign-in fails with AADSTS50076"), "\(screen)")
        // Known for the session: the next A asks no more.
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("A")))).isEmpty)
        #expect(state.automate?.advice[1].verdict == .fails)
    }
}
