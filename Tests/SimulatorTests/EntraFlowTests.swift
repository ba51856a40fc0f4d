import Crypto
import Foundation
import Testing
import Tokens
@testable import Simulator

/// Every Entra grant of the demo tenant, called without HTTP.
@Suite struct EntraFlowTests {
    static let key = try! RSASigningKey.generate()
    static let certificates = try! DemoCertificates.makeClient(name: "pbitui-automation")
    static let powerBIDefault = "https://analysis.windows.net/powerbi/api/.default"

    struct Fixture {
        let core: SimulatorCore
        var tenant: DemoTenant { core.tenant }

        init(_ options: SimulatorOptions = SimulatorOptions(deviceCodeInterval: 2)) {
            core = SimulatorCore(options: options, signingKey: EntraFlowTests.key, certificates: EntraFlowTests.certificates)
        }

        func post(_ path: String, _ fields: [(String, String)], tenantSegment: String? = nil) -> SimResponse {
            let body = fields.map { "\(SimForm.escape($0.0))=\(SimForm.escape($0.1))" }.joined(separator: "&")
            return core.handle(SimRequest(method: "POST", path: "/\(tenantSegment ?? tenant.tenantId)\(path)",
                                          headers: ["Content-Type": "application/x-www-form-urlencoded", "Host": "127.0.0.1:9"],
                                          body: Data(body.utf8)))
        }

        func token(_ fields: [(String, String)], tenantSegment: String? = nil) -> SimResponse {
            post("/oauth2/v2.0/token", fields, tenantSegment: tenantSegment)
        }

        func password(_ username: String, _ password: String, scope: String = "\(EntraFlowTests.powerBIDefault) offline_access openid profile",
                      tenantSegment: String? = nil) -> SimResponse {
            token([("client_id", tenant.publicClient.clientId), ("grant_type", "password"), ("username", username),
                   ("password", password), ("scope", scope), ("client_info", "1")], tenantSegment: tenantSegment)
        }

        func page(_ method: String, _ path: String, query: [(String, String)] = [], form: [(String, String)] = []) -> SimResponse {
            let body = form.map { "\(SimForm.escape($0.0))=\(SimForm.escape($0.1))" }.joined(separator: "&")
            return core.handle(SimRequest(method: method, path: path, query: query,
                                          headers: ["Content-Type": "application/x-www-form-urlencoded", "Host": "127.0.0.1:9"],
                                          body: Data(body.utf8)))
        }
    }

    static func json(_ response: SimResponse) -> JSONValue { (try? JSONValue.parse(response.body)) ?? .null }
    static func code(_ response: SimResponse) -> Int? { json(response)["error_codes"]?.arrayValue?.first?.intValue }

    @Test func passwordSignInGivesDelegatedTokensRefreshTokenIdTokenAndClientInfo() throws {
        let fixture = Fixture()
        let alex = fixture.tenant.users[0]
        let response = fixture.password(alex.username, alex.password)
        #expect(response.status == 200)
        let body = Self.json(response)
        let claims = try JWT.decode(try #require(body["access_token"]?.stringValue)).payload
        #expect(claims["idtyp"] == "user")
        #expect(claims["upn"]?.stringValue == alex.username)
        #expect(claims["unique_name"]?.stringValue == alex.username)
        #expect(claims["amr"] == ["pwd"])
        #expect(claims["appidacr"] == "0")
        #expect(claims["scp"]?.stringValue?.split(separator: " ").contains("Dataset.ReadWrite.All") == true)
        #expect(claims["aud"] == "https://analysis.windows.net/powerbi/api")
        #expect(body["refresh_token"]?.stringValue?.isEmpty == false)
        let idToken = try JWT.decode(try #require(body["id_token"]?.stringValue)).payload
        #expect(idToken["aud"]?.stringValue == fixture.tenant.publicClient.clientId)
        #expect(idToken["preferred_username"]?.stringValue == alex.username)
        let info = try JSONValue.parse(Base64URL.decode(try #require(body["client_info"]?.stringValue)))
        #expect(info["uid"]?.stringValue == alex.principal.objectId)
        #expect(info["utid"]?.stringValue == fixture.tenant.tenantId)
        #expect(body["scope"]?.stringValue?.contains("https://analysis.windows.net/powerbi/api/Workspace.Read.All") == true)
    }

    @Test func passwordSignInErrors() {
        let fixture = Fixture()
        let megan = fixture.tenant.users[1]
        let mfa = fixture.password(megan.username, megan.password)
        #expect(Self.code(mfa) == 50076)
        #expect(Self.json(mfa)["suberror"] == "basic_action")
        #expect(Self.code(fixture.password(megan.username, "wrong")) == 50126)
        #expect(Self.code(fixture.password("nobody@pbitui-demo.onmicrosoft.com", "x")) == 50034)
        #expect(Self.code(fixture.password(megan.username, megan.password, tenantSegment: "common")) == 9001023)
        let withSecret = fixture.token([("client_id", fixture.tenant.publicClient.clientId), ("grant_type", "password"),
                                        ("client_secret", "x"), ("username", "a"), ("password", "b"), ("scope", Self.powerBIDefault)])
        #expect(Self.code(withSecret) == 700025)
    }

    @Test func scopesAreChecked() {
        let fixture = Fixture()
        let alex = fixture.tenant.users[0]
        #expect(Self.code(fixture.password(alex.username, alex.password, scope: "https://analysis.windows.net/powerbi/api/Tenant.ReadWrite.All")) == 65001, "a permission nobody consented to")
        #expect(Self.code(fixture.password(alex.username, alex.password, scope: "https://analysis.windows.net/powerbi/api/Dataset.Read.All https://management.azure.com/user_impersonation")) == 70011)
        let narrow = fixture.password(alex.username, alex.password, scope: "https://analysis.windows.net/powerbi/api/Report.Read.All")
        let claims = try? JWT.decode(Self.json(narrow)["access_token"]?.stringValue ?? "").payload
        #expect(claims?["scp"] == "Report.Read.All")
        #expect(Self.json(narrow)["refresh_token"] == nil)
    }

    @Test func clientSecretErrors() {
        let fixture = Fixture()
        let app = fixture.tenant.confidentialClient
        let expired = fixture.token([("client_id", app.clientId), ("grant_type", "client_credentials"),
                                     ("client_secret", app.expiredSecret!), ("scope", Self.powerBIDefault)])
        #expect(expired.status == 401)
        #expect(Self.code(expired) == 7000222)
        let noCredential = fixture.token([("client_id", app.clientId), ("grant_type", "client_credentials"), ("scope", Self.powerBIDefault)])
        #expect(Self.code(noCredential) == 7000218)
        let graph = fixture.token([("client_id", app.clientId), ("grant_type", "client_credentials"), ("client_secret", app.secret!),
                                   ("scope", "https://graph.microsoft.com/.default")])
        #expect(Self.code(graph) == 500011)
    }

    @Test func deviceCodeFlowWaitsForThePersonThenSignsIn() throws {
        let fixture = Fixture()
        let app = fixture.tenant.publicClient
        let start = fixture.post("/oauth2/v2.0/devicecode", [("client_id", app.clientId), ("scope", "\(Self.powerBIDefault) offline_access")])
        let flow = Self.json(start)
        let deviceCode = try #require(flow["device_code"]?.stringValue)
        let userCode = try #require(flow["user_code"]?.stringValue)
        #expect(flow["verification_uri"] == "http://127.0.0.1:9/devicelogin")
        #expect(flow["interval"] == 2 && flow["expires_in"] == 900)
        #expect(flow["message"]?.stringValue?.contains(userCode) == true)
        let poll = { fixture.token([("client_id", app.clientId), ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                                    ("device_code", deviceCode)]) }
        #expect(Self.json(poll())["error"] == "authorization_pending")
        #expect(Self.json(poll())["error"] == "slow_down")

        #expect(fixture.page("GET", "/devicelogin").status == 200)
        let megan = fixture.tenant.users[1]
        let wrong = fixture.page("POST", "/devicelogin", form: [("user_code", userCode), ("username", megan.username), ("password", "nope")])
        #expect(wrong.status == 401)
        let badCode = fixture.page("POST", "/devicelogin", form: [("user_code", "NOTACODE"), ("username", megan.username), ("password", megan.password)])
        #expect(badCode.status == 400)
        // A person with MFA can approve a device code: the browser does the second factor.
        let approved = fixture.page("POST", "/devicelogin", form: [("user_code", userCode.lowercased()), ("username", megan.username),
                                                                   ("password", megan.password)])
        #expect(approved.status == 200)
        let tokens = Self.json(poll())
        let claims = try JWT.decode(try #require(tokens["access_token"]?.stringValue)).payload
        #expect(claims["upn"]?.stringValue == megan.username)
        #expect(claims["amr"] == ["pwd", "mfa"])
        #expect(tokens["refresh_token"] != nil)
        #expect(Self.json(poll())["error"] == "bad_verification_code")
    }

    @Test func deviceCodeCanBeDeclinedOrExpire() throws {
        let fixture = Fixture(SimulatorOptions(deviceCodeInterval: 1, deviceCodeLifetime: 0))
        let app = fixture.tenant.publicClient
        let flow = Self.json(fixture.post("/oauth2/v2.0/devicecode", [("client_id", app.clientId), ("scope", Self.powerBIDefault)]))
        Thread.sleep(forTimeInterval: 0.01)
        let expired = fixture.token([("client_id", app.clientId), ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                                     ("device_code", flow["device_code"]!.stringValue!)])
        #expect(Self.json(expired)["error"] == "expired_token")

        let live = Fixture()
        let second = Self.json(live.post("/oauth2/v2.0/devicecode", [("client_id", app.clientId), ("scope", Self.powerBIDefault)]))
        let declined = live.page("POST", "/devicelogin", form: [("user_code", second["user_code"]!.stringValue!), ("action", "decline")])
        #expect(declined.status == 200)
        let answer = live.token([("client_id", live.tenant.publicClient.clientId), ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                                 ("device_code", second["device_code"]!.stringValue!)])
        #expect(Self.json(answer)["error"] == "authorization_declined")
    }

    @Test func authorizationCodeWithPKCE() throws {
        let fixture = Fixture()
        let app = fixture.tenant.publicClient
        let alex = fixture.tenant.users[0]
        let verifier = "the-code-verifier-is-random-and-at-least-43-characters-long"
        let challenge = Base64URL.encode(SHA256.hash(data: Array(verifier.utf8)))
        let query = [("client_id", app.clientId), ("response_type", "code"), ("redirect_uri", "http://localhost:53117"),
                     ("scope", "\(Self.powerBIDefault) offline_access openid"), ("state", "s-123"),
                     ("code_challenge", challenge), ("code_challenge_method", "S256")]
        let form = fixture.page("GET", "/\(fixture.tenant.tenantId)/oauth2/v2.0/authorize", query: query)
        #expect(form.status == 200)
        #expect(String(decoding: form.body, as: UTF8.self).contains("name=\"password\""))

        let wrong = fixture.page("POST", "/\(fixture.tenant.tenantId)/oauth2/v2.0/authorize", form: query + [("username", alex.username), ("password", "x")])
        #expect(wrong.status == 401)
        let signedIn = fixture.page("POST", "/\(fixture.tenant.tenantId)/oauth2/v2.0/authorize",
                                    form: query + [("username", alex.username), ("password", alex.password)])
        #expect(signedIn.status == 302)
        let header = try #require(signedIn.header("Location"))
        let location = try #require(URLComponents(string: header))
        #expect(location.host == "localhost" && location.port == 53117 && location.path == "/")
        #expect(location.queryItems?.first { $0.name == "state" }?.value == "s-123")
        let code = try #require(location.queryItems?.first { $0.name == "code" }?.value)

        let redeem = { (verifier: String, redirect: String) in
            fixture.token([("client_id", app.clientId), ("grant_type", "authorization_code"), ("code", code),
                           ("redirect_uri", redirect), ("code_verifier", verifier), ("scope", "\(Self.powerBIDefault) offline_access")])
        }
        #expect(Self.code(redeem(verifier, "http://localhost:1")) == 50011)
        // The failed attempt used the code up, as a real code is single-use.
        #expect(Self.code(redeem(verifier, "http://localhost:53117")) == 54005)
    }

    @Test func authorizationCodeRedeemsOnceAndChecksTheVerifier() throws {
        let fixture = Fixture()
        let app = fixture.tenant.publicClient
        let alex = fixture.tenant.users[0]
        let verifier = "another-code-verifier-that-is-long-enough-for-pkce-rules"
        let challenge = Base64URL.encode(SHA256.hash(data: Array(verifier.utf8)))
        func code() throws -> String {
            let query = [("client_id", app.clientId), ("response_type", "code"), ("redirect_uri", "http://localhost:4000/cb"),
                         ("scope", Self.powerBIDefault), ("state", "x"), ("code_challenge", challenge), ("code_challenge_method", "S256"),
                         ("username", alex.username), ("password", alex.password)]
            let response = fixture.page("POST", "/organizations/oauth2/v2.0/authorize", form: query)
            let header = try #require(response.header("Location"))
            let location = try #require(URLComponents(string: header))
            #expect(location.path == "/cb")
            return try #require(location.queryItems?.first { $0.name == "code" }?.value)
        }
        let first = try code()
        let fields = { (code: String, verifier: String) -> [(String, String)] in
            [("client_id", app.clientId), ("grant_type", "authorization_code"), ("code", code),
             ("redirect_uri", "http://localhost:4000/cb"), ("code_verifier", verifier)]
        }
        #expect(Self.code(fixture.token(fields(first, "not-the-verifier"))) == 501481)
        let second = try code()
        #expect(fixture.token(fields(second, verifier)).status == 200)
        #expect(Self.code(fixture.token(fields(second, verifier))) == 54005)
        #expect(Self.code(fixture.token(fields("made-up", verifier))) == 70000)
    }

    @Test func authorizeRefusesUnknownRedirectsAndReportsCancel() throws {
        let fixture = Fixture()
        let app = fixture.tenant.publicClient
        let evil = fixture.page("GET", "/organizations/oauth2/v2.0/authorize",
                                query: [("client_id", app.clientId), ("response_type", "code"), ("redirect_uri", "https://evil.example/cb"),
                                        ("scope", Self.powerBIDefault)])
        #expect(evil.status == 400)
        #expect(evil.header("Location") == nil)
        #expect(String(decoding: evil.body, as: UTF8.self).contains("AADSTS50011"))
        let cancel = fixture.page("POST", "/organizations/oauth2/v2.0/authorize",
                                  form: [("client_id", app.clientId), ("response_type", "code"), ("redirect_uri", "http://127.0.0.1:5000"),
                                         ("scope", Self.powerBIDefault), ("state", "q"), ("action", "cancel")])
        let location = try #require(cancel.header("Location"))
        #expect(location.hasPrefix("http://127.0.0.1:5000/?error=access_denied"))
        #expect(location.hasSuffix("&state=q"))
    }

    @Test func refreshTokensRotateAndSurviveUse() throws {
        let fixture = Fixture()
        let alex = fixture.tenant.users[0]
        let first = Self.json(fixture.password(alex.username, alex.password))
        let refresh = try #require(first["refresh_token"]?.stringValue)
        let redeem = { (token: String) in
            fixture.token([("client_id", fixture.tenant.publicClient.clientId), ("grant_type", "refresh_token"),
                           ("refresh_token", token), ("scope", "\(Self.powerBIDefault) offline_access")])
        }
        let second = Self.json(redeem(refresh))
        #expect(second["access_token"] != nil)
        let rotated = try #require(second["refresh_token"]?.stringValue)
        #expect(rotated != refresh)
        #expect(redeem(refresh).status == 200)
        #expect(redeem(rotated).status == 200)
        #expect(Self.code(redeem("garbage")) == 9002313)
        let otherClient = fixture.token([("client_id", fixture.tenant.confidentialClient.clientId), ("grant_type", "refresh_token"),
                                         ("client_secret", fixture.tenant.confidentialClient.secret!), ("refresh_token", refresh)])
        #expect(Self.code(otherClient) == 9002313)
    }

    @Test func discoveryAndKeysLetAClientVerifyTokens() throws {
        let fixture = Fixture()
        let v2 = Self.json(fixture.page("GET", "/\(fixture.tenant.tenantId)/v2.0/.well-known/openid-configuration"))
        #expect(v2["token_endpoint"]?.stringValue == "http://127.0.0.1:9/\(fixture.tenant.tenantId)/oauth2/v2.0/token")
        #expect(v2["device_authorization_endpoint"]?.stringValue?.hasSuffix("/oauth2/v2.0/devicecode") == true)
        #expect(v2["authorization_endpoint"] != nil && v2["issuer"] != nil)
        let v1 = Self.json(fixture.page("GET", "/organizations/.well-known/openid-configuration"))
        #expect(v1["issuer"]?.stringValue == "https://sts.windows.net/\(fixture.tenant.tenantId)/")
        #expect(v1["device_authorization_endpoint"]?.stringValue?.hasSuffix("/oauth2/devicecode") == true)

        let alex = fixture.tenant.users[0]
        let token = try JWT.decode(Self.json(fixture.password(alex.username, alex.password))["access_token"]!.stringValue!)
        for path in ["/discovery/keys", "/discovery/v2.0/keys", "/common/discovery/keys", "/\(fixture.tenant.tenantId)/discovery/v2.0/keys"] {
            let keys = Self.json(fixture.page("GET", path))["keys"]?.arrayValue ?? []
            let key = try #require(keys.first { $0["kid"] == token.header["kid"] }, "\(path)")
            #expect(key["x5t"] == key["kid"])
            let verifier = try RSAVerifyingKey(modulus: key["n"]!.stringValue!, exponent: key["e"]!.stringValue!)
            #expect(verifier.isValidRS256Signature(of: token))
        }
        #expect(Self.code(fixture.page("GET", "/contoso.example/v2.0/.well-known/openid-configuration")) == 90002)
    }

    static func assertion(_ fixture: Fixture, alg: String = "RS256", thumbprint: String? = nil, audience: String? = nil,
                          expires: Int = 600, signWith key: RSASigningKey? = nil) throws -> String {
        let app = fixture.tenant.confidentialClient
        let pem = certificates.clientPEM
        let keyPEM = String(pem[..<pem.range(of: "-----BEGIN CERTIFICATE-----")!.lowerBound])
        let signer = try key ?? RSASigningKey(pem: keyPEM)
        let (sha1, sha256) = certificates.clientThumbprints
        let header: JSONValue = alg == "PS256"
            ? ["alg": "PS256", "typ": "JWT", "x5t#S256": .string(thumbprint ?? sha256)]
            : ["alg": "RS256", "typ": "JWT", "x5t": .string(thumbprint ?? sha1)]
        let now = Int(Date().timeIntervalSince1970)
        return try signer.sign(header: header, payload: [
            "aud": .string(audience ?? "http://127.0.0.1:9/\(fixture.tenant.tenantId)/oauth2/v2.0/token"),
            "iss": .string(app.clientId), "sub": .string(app.clientId), "jti": .string(UUID().uuidString),
            "nbf": .int(now), "iat": .int(now), "exp": .int(now + expires),
        ])
    }

    static func clientAssertionGrant(_ fixture: Fixture, _ assertion: String) -> SimResponse {
        fixture.token([("client_id", fixture.tenant.confidentialClient.clientId), ("grant_type", "client_credentials"),
                       ("scope", powerBIDefault), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                       ("client_assertion", assertion)])
    }

    @Test func certificateAssertionsAreCheckedLikeEntraChecksThem() throws {
        let fixture = Fixture()
        let rs256 = Self.clientAssertionGrant(fixture, try Self.assertion(fixture))
        #expect(rs256.status == 200)
        let claims = try JWT.decode(Self.json(rs256)["access_token"]!.stringValue!).payload
        #expect(claims["appidacr"] == "2")
        #expect(Self.clientAssertionGrant(fixture, try Self.assertion(fixture, alg: "PS256")).status == 200)
        #expect(Self.code(Self.clientAssertionGrant(fixture, try Self.assertion(fixture, thumbprint: "AAAAAAAAAAAAAAAAAAAAAAAAAAA"))) == 700027)
        #expect(Self.code(Self.clientAssertionGrant(fixture, try Self.assertion(fixture, signWith: try RSASigningKey.generate()))) == 700027)
        #expect(Self.code(Self.clientAssertionGrant(fixture, try Self.assertion(fixture, expires: -60))) == 700024)
        #expect(Self.code(Self.clientAssertionGrant(fixture, try Self.assertion(fixture, audience: "https://login.microsoftonline.com/x/oauth2/v2.0/token"))) == 700027)
        #expect(Self.code(Self.clientAssertionGrant(fixture, "not.a.jwt")) == 50027)
    }
}
