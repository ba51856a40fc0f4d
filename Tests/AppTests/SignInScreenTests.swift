import EntraAuth
import Foundation
import HTTPCore
import PowerBI
import TerminalUI
import Testing
@testable import App

@Suite struct SignInScreenTests {
    func state(_ prefilled: [SignInField: String] = [:]) -> AppState {
        AppState(size: (30, 120), identity: nil, signIn: SignInState(prefilled: prefilled, profileName: "contoso", authority: "https://login.microsoftonline.com"))
    }

    func press(_ keys: [Key], _ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        for key in keys { effects += AppReducer.reduce(&state, .terminal(.key(key))) }
        return effects
    }

    func text(_ state: AppState) -> String { AppRenderer.render(state, theme: .defaultDark).text }

    @Test func listsEveryMethodWithItsTradeOffsAndTheProfile() {
        let screen = text(state())
        for option in SignInOption.all {
            #expect(screen.contains(option.title), "\(option.title)")
            #expect(screen.contains(option.name))
        }
        #expect(SignInOption.all.count == 9, "eight methods of DESIGN.md §1 and the demo tenant")
        #expect(screen.contains("profile contoso"))
        #expect(screen.contains("not signed in"))
        #expect(screen.contains("Enter choose"))
    }

    @Test func theDemoTenantSignsInWithoutAForm() {
        var app = state()
        let effects = press([.enter], &app)
        #expect(effects == [.signIn(.start(SignInRequest(option: .demo, values: [:])))])
        #expect(app.signIn.isWorking)
    }

    @Test func aMissingRequiredFieldIsNamedAndFocusedWithoutAnyRequest() {
        var app = state([.tenant: "contoso.onmicrosoft.com"])
        _ = press([.down, .down, .enter], &app)          // certificate
        #expect(app.signIn.focusedField == .clientId, "focus starts on the first empty field")
        let effects = press([.enter], &app)
        #expect(effects.isEmpty)
        #expect(app.signIn.failure?.field == .clientId)
        #expect(text(app).contains("Client id: required"))
        #expect(app.signIn.values[.tenant] == "contoso.onmicrosoft.com")
    }

    @Test func typingGoesIntoTheFocusedFieldAndSecretsAreMasked() {
        var app = state([.tenant: "t", .clientId: "c"])
        _ = press([.down, .enter], &app)                 // client secret
        #expect(app.signIn.focusedField == .clientSecret)
        _ = press("qs3cret".map { Key.character($0) } + [.backspace], &app)
        #expect(app.signIn.values[.clientSecret] == "qs3cre", "q types, it does not quit")
        #expect(!app.shouldQuit)
        let screen = text(app)
        #expect(screen.contains("••••••"))
        #expect(!screen.contains("qs3cre"))
        let effects = press([.enter], &app)
        #expect(effects == [.signIn(.start(SignInRequest(option: .method(.clientSecret),
                                                  values: [.tenant: "t", .clientId: "c", .clientSecret: "qs3cre", .secretFile: ""])))])
    }

    @Test func aFailureKeepsTheFieldsButForgetsTheSecretAndFocusesTheField() {
        var app = state([.tenant: "t", .clientId: "c", .username: "megan@contoso.com"])
        _ = press([.down, .down, .down, .enter], &app)   // password
        #expect(text(app).contains("deprecated"))
        _ = press("pw".map { Key.character($0) } + [.enter], &app)
        _ = AppReducer.reduce(&app, .signIn(.failed(SignInFailure("AADSTS50076 MFA", field: .password, offersDeviceCode: true))))
        #expect(app.signIn.values[.password] == nil)
        #expect(app.signIn.values[.username] == "megan@contoso.com")
        #expect(app.signIn.focusedField == .password)
        #expect(text(app).contains("Ctrl-D device code instead"))
        let effects = press([.control("d")], &app)
        #expect(effects == [.signIn(.start(SignInRequest(option: .method(.deviceCode), values: [.tenant: "t", .clientId: "c"])))])
    }

    @Test func ctrlDDoesNothingUnlessMFABlockedTheSignIn() {
        var app = state([.tenant: "t", .clientId: "c", .username: "u"])
        _ = press([.down, .down, .down, .enter], &app)
        #expect(press([.control("d")], &app).isEmpty)
    }

    @Test func escapeCancelsARunningSignIn() {
        var app = state()
        _ = press([.enter], &app)
        #expect(press([.escape], &app) == [.signIn(.cancel)])
        #expect(!app.signIn.isWorking)
        #expect(app.status?.text == "Sign-in cancelled")
    }

    @Test func theDeviceCodeIsDrawnLargeWithItsCountdown() {
        var app = state([.clientId: "c"])
        _ = press([.down, .down, .down, .down, .enter, .enter], &app)
        let now = Date()
        _ = AppReducer.reduce(&app, .signIn(.progress(.deviceCode(userCode: "ABCD1234", verificationURI: "https://microsoft.com/devicelogin",
                                                                 expiresOn: now.addingTimeInterval(14 * 60 + 5)))))
        let screen = AppRenderer.render(app, theme: .defaultDark, now: now).text
        #expect(screen.contains("https://microsoft.com/devicelogin"))
        #expect(screen.contains("ABCD1234"))
        #expect(screen.contains("██████"))
        #expect(screen.contains("expires in 14:05"))
        #expect(screen.contains("Esc cancel"))
    }

    @Test func signingInOpensTheWorkspacesAndColonSigninComesBack() {
        var app = state()
        _ = press([.enter], &app)
        let effects = AppReducer.reduce(&app, .signIn(.signedIn(ConnectedSession(client: .placeholder, identity: "demo tenant", close: {}))))
        #expect(effects == [.workspaces(.load)])
        #expect(app.route == .workspaces)
        _ = press([.character(":")] + "signin".map { Key.character($0) } + [.enter], &app)
        #expect(app.route == .signIn)
        #expect(text(app).contains("Sign in"))
        _ = press([.escape], &app)
        #expect(app.route == .workspaces, "Esc goes back while signed in")
        _ = press([.character(":"), .character("x"), .enter], &app)
        #expect(app.status?.text.contains("Unknown command :x") == true)
    }

    /// A pasted token arrives as one key per character; every keystroke is answered with a frame. Each frame
    /// costs a pass over the field, not a pass per character cut (which took minutes for 1,253 characters).
    @Test(.timeLimit(.minutes(10)))
    func aLongPasteIntoATextFieldIsAnsweredAndShowsItsEnd() {
        var app = state()
        while app.signIn.selectedOption.id != .method(.token) { _ = press([.down], &app) }
        _ = press([.enter], &app)
        let token = (0..<2_000).map { index in Character(Unicode.Scalar(UInt8(0x61 + index % 26))) }
        var frames = 0
        for character in token {
            _ = AppReducer.reduce(&app, .terminal(.key(.character(character))))
            _ = AppRenderer.render(app, theme: .defaultDark)
            frames += 1
        }
        #expect(frames == 2_000)
        #expect(app.signIn.values[.accessToken]?.count == 2_000)
        let screen = text(app)
        #expect(screen.contains("…••••"), "the field shows the end of the masked token after an ellipsis")
    }

    @Test func bigTextHasAGlyphForEveryDeviceCodeCharacter() {
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"
        for character in alphabet {
            let rows = BigText(String(character)).rows
            #expect(rows.count == 5)
            #expect(rows.joined().contains("█"), "\(character)")
        }
        let distinct = Set(alphabet.map { BigText(String($0)).rows })
        #expect(distinct.count == alphabet.count, "no two glyphs look the same")
    }
}

/// A transport that answers nothing: for state tests that need a client but make no calls.
struct UnreachableTransport: HTTPTransport {
    func send(_ request: HTTPRequest, timeout: Duration) async throws(TransportError) -> HTTPResponse {
        throw .unreachable(host: request.url.host ?? "", reason: "no network in this test")
    }
}

struct NoCredential: TokenCredential {
    func token(for scope: String) async throws(AuthError) -> AccessToken { throw .unsupported("no tokens in this test") }
    func invalidate(scope: String) async {}
}

extension PowerBIClient {
    static let placeholder = PowerBIClient(apiRoot: URL(string: "https://api.powerbi.com")!, credential: NoCredential(),
                                           scope: "https://analysis.windows.net/powerbi/api/.default", transport: UnreachableTransport())
}
