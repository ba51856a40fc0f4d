@testable import Config
import Foundation
import PowerBI
import TerminalUI
import Testing
import Tokens
@testable import App

@Suite struct InspectorScreenTests {
    static func jwt(_ claims: String) throws -> JWT {
        try JWT.decode(Base64URL.encode(#"{"typ":"JWT","alg":"RS256","kid":"abc"}"#) + "." + Base64URL.encode(claims) + ".c2lnbmF0dXJl")
    }

    func signedIn() -> AppState {
        var state = AppState(size: (90, 120), identity: "megan")
        _ = AppReducer.reduce(&state, .workspaces(.loaded([])))
        return state
    }

    @Test func tShowsTheTokenExplainedVerifiedAndHidden() throws {
        var state = signedIn()
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("t")))) == [.inspector(.inspect)])
        #expect(state.route == .inspector)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let token = try Self.jwt(#"{"aud":"https://analysis.windows.net/powerbi/api","iss":"https://sts.windows.net/t/","exp":1800002520,"iat":1799998920,"scp":"Dataset.Read.All Workspace.Read.All","upn":"megan@contoso.com","amr":["pwd","mfa"],"wids":["a9ea8996-122f-4c74-9520-8edcd192826c"]}"#)
        _ = AppReducer.reduce(&state, .inspector(.inspected(token)))
        _ = AppReducer.reduce(&state, .inspector(.verified(VerificationReport(outcome: .verified, checks: [.init(name: "signature", passed: true, detail: "ok")]))))
        let screen = AppRenderer.render(state, theme: .defaultDark, now: now).text
        #expect(screen.contains("Delegated token · megan@contoso.com"))
        #expect(screen.contains("(Power BI REST API)"))
        #expect(screen.contains("expires in 42 min"))
        #expect(screen.contains("█") && screen.contains("░"), "a lifetime bar")
        #expect(screen.contains("✓ verified"))
        #expect(screen.contains("scopes  Dataset.Read.All Workspace.Read.All"))
        #expect(screen.contains("Fabric (Power BI) Administrator"))
        #expect(screen.contains("mfa (multi-factor authentication)"))
        #expect(screen.contains("Delegated permissions (scopes)"), "claims carry their explanation")
        #expect(!screen.contains(token.compact), "the raw token stays hidden")
        #expect(screen.contains("press v to reveal"))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("v"))))
        #expect(AppRenderer.render(state, theme: .defaultDark, now: now).text.contains(String(token.compact.prefix(40))))
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("c")))) == [.copy(token.compact)], "copied only on its own key")
        #expect(state.status?.text.contains(token.compact) == false, "the status never shows the token")
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(state.route == .workspaces)
    }

    @Test func cCopiesTheSelectedId() {
        var state = AppState(size: (30, 120), identity: "app")
        _ = AppReducer.reduce(&state, .workspaces(.loaded([BrowseScreenTests.workspace("Sales", id: "W1")])))
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("c")))) == [.copy("W1")])
        #expect(state.status?.text == "Copied the workspace id W1 (OSC 52)")
    }

    @Test func dDiagnosesTheLastFailedCall() throws {
        var state = signedIn()
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("d")))).isEmpty)
        #expect(state.status?.text.contains("Nothing to diagnose") == true)
        _ = AppReducer.reduce(&state, .callFailed(FailedCall(method: "POST", path: "/groups/g/datasets/d/refreshes", status: 401,
                                                                 code: "PowerBINotAuthorizedException", requestId: "RID-1")))
        #expect(AppReducer.reduce(&state, .terminal(.key(.character("d")))) == [.inspector(.inspect)])
        let token = try Self.jwt(#"{"aud":"https://analysis.windows.net/powerbi/api","exp":4000000000,"scp":"Dataset.Read.All"}"#)
        _ = AppReducer.reduce(&state, .inspector(.inspected(token)))
        let screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("Why did it fail?"))
        #expect(screen.contains("POST /groups/g/datasets/d/refreshes  HTTP 401 PowerBINotAuthorizedException  RequestId RID-1"))
        #expect(screen.contains("Dataset.ReadWrite.All"))
        #expect(screen.contains("checking against the issuer's keys"))
    }

    @Test func aTokenThatIsNotAJWTIsSaidSo() {
        var state = signedIn()
        _ = AppReducer.reduce(&state, .terminal(.key(.character("t"))))
        _ = AppReducer.reduce(&state, .inspector(.unreadable("the access token is not a readable JWT")))
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("not a readable JWT"))
    }
}

@Suite struct InspectorFilterTests {
    @Test func slashShowsOnlyTheClaimsThatMatch() throws {
        var state = InspectorScreenTests().signedIn()
        _ = AppReducer.reduce(&state, .terminal(.key(.character("t"))))
        let token = try InspectorScreenTests.jwt(#"{"aud":"https://analysis.windows.net/powerbi/api","scp":"Dataset.Read.All","upn":"megan@contoso.com","amr":["pwd","mfa"],"tid":"72f988bf"}"#)
        _ = AppReducer.reduce(&state, .inspector(.inspected(token)))
        for key: Key in [.character("/"), .character("M"), .character("F"), .character("A"), .enter] {
            _ = AppReducer.reduce(&state, .terminal(.key(key)))
        }
        var screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("claims matching /MFA"))
        #expect(screen.contains("amr"), "the value's explanation matched, in any case")
        #expect(!screen.contains("  upn "), "other claims are hidden")
        #expect(!screen.contains("  tid "))
        for key: Key in [.character("/"), .backspace, .backspace, .backspace, .character("z"), .character("z"), .enter] {
            _ = AppReducer.reduce(&state, .terminal(.key(key)))
        }
        screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("no claim matches /zz"))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("/"))))
        _ = AppReducer.reduce(&state, .terminal(.key(.escape)))
        #expect(AppRenderer.render(state, theme: .defaultDark).text.contains("  upn "), "Esc clears the filter")
    }

    @Test func theJSONViewerKeysComeFromItsTableAndCanBeRemapped() throws {
        var state = BrowseScreenTests().opened()
        state.keyMap = try ConfigFile.parse("[keys]\ntoggle_fold = \"z\"\n").keys
        _ = AppReducer.reduce(&state, .terminal(.key(.character("y"))))
        _ = AppReducer.reduce(&state, .terminal(.key(.character("z"))))
        #expect(state.details?.json?.folded.isEmpty == false, "z folds now")
        _ = AppReducer.reduce(&state, .terminal(.key(.character("?"))))
        var help = AppRenderer.render(state, theme: .defaultDark).text
        #expect(help.contains("JSON viewer"))
        #expect(help.contains("z                  Fold or unfold the object or array under the cursor"), "help shows the remapped key")
        for binding in KeyTable.jsonViewer.bindings {
            #expect(help.contains(binding.description), "\(binding.description)")
        }
        #expect(!help.contains("Scroll a page down"), "the viewer's keys shadow the details' scrolling")
        #expect(help.contains("j/k scroll"), "help longer than the screen scrolls")
        for _ in 0..<30 { _ = AppReducer.reduce(&state, .terminal(.key(.character("j")))) }
        help = AppRenderer.render(state, theme: .defaultDark).text
        #expect(help.contains("Quit pbitui"), "the last line can be scrolled to")
        #expect(state.helpVisible)
    }
}
