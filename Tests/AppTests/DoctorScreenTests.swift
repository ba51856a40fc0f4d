import Doctor
import Foundation
import Testing
import TerminalUI
import Tokens
@testable import App

/// `:doctor`: a registered screen (its folder, one line in `Palette.units`) over the Doctor module's rows.
@Suite struct DoctorScreenTests {
    static let rows = [
        DoctorRow("sign-in", .works, "client-secret, app token"),
        DoctorRow("power-bi-api", .works, "GET /groups answered 200"),
        DoctorRow("execute-queries", .fails, "HTTP 401 PowerBINotAuthorizedException", advice: "turn on \"Dataset Execute Queries REST API\""),
        DoctorRow("fabric-api", .skipped, "no Fabric API here"),
    ]

    @Test func doctorProbesTheSessionAndSelectsTheFirstFailure() throws {
        var nobody = AppState(size: (30, 140), identity: nil)
        #expect(DoctorScreen.open(&nobody).isEmpty && nobody.status?.level == .warn, "nothing to probe before a sign-in")

        var state = AppState(size: (30, 140), identity: "app pbitui-automation")
        var effects: [Effect] = []
        for key in [Key.character(":")] + "doctor".map({ Key.character($0) }) + [.enter] { effects += AppReducer.reduce(&state, .terminal(.key(key))) }
        #expect(state.route == .registered("doctor"))
        #expect(effects.count == 1 && DoctorScreen.isBusy(state))
        _ = AppReducer.reduce(&state, DoctorScreen.event(.probed(generation: 1, Self.rows)))
        #expect(DoctorScreen.view(state)?.selectedRow?.check == "execute-queries", "the first failing check is selected")
        #expect(state.status?.text.contains("1 fail: execute-queries") == true && state.status?.level == .error)
        let screen = AppRenderer.render(state, theme: .defaultDark).text
        #expect(screen.contains("Doctor: what app pbitui-automation can do") && screen.contains("fabric-api") && screen.contains("skipped"), "\(screen)")
        _ = AppReducer.reduce(&state, .terminal(.key(.enter)))
        #expect(state.jsonOverlay?.title == "Check execute-queries")
        // An answer for a screen since replaced is dropped.
        _ = AppReducer.reduce(&state, DoctorScreen.event(.probed(generation: 7, [])))
        #expect(DoctorScreen.view(state)?.rows.totalCount == 4)
    }

    @Test func doctorWithAContextNameSwitchesFirstAndProbesOnceSignedIn() {
        var state = AppState(size: (30, 140), identity: "app one")
        state.profiles = [(name: "prod", summary: "client secret · contoso")]
        let effects = DoctorScreen.forContext("prod", &state, now: Date())
        #expect(state.pendingContext == "prod" && state.doctorAfterSignIn, "\(effects)")
        let signedIn = SignInReducer.signedIn(identity: "app prod", &state, now: Date())
        #expect(state.route == .registered("doctor") && !state.doctorAfterSignIn)
        #expect(signedIn.count == 2, "the workspaces load and the probes start: \(signedIn)")
        let unknown = DoctorScreen.forContext("nope", &state, now: Date())
        #expect(unknown.isEmpty && state.status?.text.contains("No profile 'nope'") == true)
    }
}
