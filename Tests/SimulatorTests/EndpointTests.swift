import Foundation
import Testing
import Tokens
@testable import Simulator

/// Calls the simulator's endpoints directly, without HTTP.
@Suite struct EndpointTests {
    static let core = SimulatorCore(options: SimulatorOptions(workspaces: 30), signingKey: try! RSASigningKey.generate())

    static func form(_ path: String, _ fields: [(String, String)], contentType: String = "application/x-www-form-urlencoded") -> SimRequest {
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return SimRequest(method: "POST", path: path, headers: ["Content-Type": contentType], body: Data(body.utf8))
    }

    static func json(_ response: SimResponse) throws -> JSONValue { try JSONValue.parse(response.body) }

    static func appToken(for app: DemoApplication? = nil) throws -> String {
        let tenant = core.tenant
        let app = app ?? tenant.confidentialClient
        let response = core.handle(form("/\(tenant.tenantId)/oauth2/v2.0/token", [
            ("grant_type", "client_credentials"), ("client_id", app.clientId), ("client_secret", app.secret!),
            ("scope", "https://analysis.windows.net/powerbi/api/.default"),
        ]))
        return try #require(try json(response)["access_token"]?.stringValue)
    }

    static func get(_ path: String, token: String?, query: [(String, String)] = []) -> SimResponse {
        core.handle(SimRequest(method: "GET", path: path, query: query,
                               headers: token.map { ["Authorization": "Bearer \($0)"] } ?? [:]))
    }

    @Test func issuesSignedV1PowerBITokens() throws {
        let jwt = try JWT.decode(try Self.appToken())
        let tenant = Self.core.tenant
        #expect(jwt.header["alg"]?.stringValue == "RS256")
        #expect(jwt.header["kid"] == jwt.header["x5t"])
        #expect(jwt.payload["aud"]?.stringValue == "https://analysis.windows.net/powerbi/api")
        #expect(jwt.payload["iss"]?.stringValue == "https://sts.windows.net/\(tenant.tenantId)/")
        #expect(jwt.payload["tid"]?.stringValue == tenant.tenantId)
        #expect(jwt.payload["appid"]?.stringValue == tenant.confidentialClient.clientId)
        #expect(jwt.payload["oid"]?.stringValue == tenant.confidentialClient.servicePrincipal?.objectId)
        #expect(jwt.payload["idtyp"]?.stringValue == "app")
        let iat = try #require(jwt.payload["iat"]?.intValue), exp = try #require(jwt.payload["exp"]?.intValue)
        #expect(exp - iat == 3599)
        #expect(Self.core.issuer.signingKey.publicKey.isValidRS256Signature(of: jwt))
    }

    @Test func tokenErrorsHaveEntrasShape() throws {
        let tenant = Self.core.tenant
        let response = Self.core.handle(Self.form("/\(tenant.tenantId)/oauth2/v2.0/token", [
            ("grant_type", "client_credentials"), ("client_id", tenant.confidentialClient.clientId),
            ("client_secret", "wrong"), ("scope", "https://analysis.windows.net/powerbi/api/.default"),
        ]))
        #expect(response.status == 401)
        let body = try Self.json(response)
        #expect(body["error"]?.stringValue == "invalid_client")
        #expect(body["error_description"]?.stringValue?.hasPrefix("AADSTS7000215: ") == true)
        #expect(body["error_codes"] == [7000215])
        for key in ["timestamp", "trace_id", "correlation_id", "error_uri"] {
            #expect(body[key]?.stringValue?.isEmpty == false, "\(key)")
        }
    }

    @Test(arguments: [
        ([("client_id", "x")], "invalid_request", 900144),
        ([("grant_type", "magic")], "unsupported_grant_type", 70003),
        ([("grant_type", "client_credentials")], "invalid_request", 900144),
    ])
    func refusesIncompleteOrUnknownGrants(fields: [(String, String)], error: String, code: Int) throws {
        let response = Self.core.handle(Self.form("/\(Self.core.tenant.tenantId)/oauth2/v2.0/token", fields))
        #expect(response.status == 400)
        let body = try Self.json(response)
        #expect(body["error"]?.stringValue == error)
        #expect(body["error_codes"] == [.int(code)])
    }

    @Test func refusesJSONBodiesAtTheTokenEndpoint() throws {
        let response = Self.core.handle(Self.form("/\(Self.core.tenant.tenantId)/oauth2/v2.0/token",
                                                  [("grant_type", "client_credentials")], contentType: "application/json"))
        #expect(response.status == 400)
        #expect(try Self.json(response)["error_codes"] == [900144])
    }

    @Test func publicClientMayNotSendASecret() throws {
        let tenant = Self.core.tenant
        let response = Self.core.handle(Self.form("/\(tenant.tenantId)/oauth2/v2.0/token", [
            ("grant_type", "client_credentials"), ("client_id", tenant.publicClient.clientId), ("client_secret", "x"),
            ("scope", "https://analysis.windows.net/powerbi/api/.default"),
        ]))
        #expect(try Self.json(response)["error_codes"] == [700025])
    }

    @Test func unknownTenantIs90002() throws {
        let response = Self.core.handle(Self.form("/contoso.onmicrosoft.com/oauth2/v2.0/token", [("grant_type", "client_credentials")]))
        #expect(try Self.json(response)["error_codes"] == [90002])
    }

    @Test func groupsPageWithTopAndSkip() throws {
        let token = try Self.appToken()
        let all = try Self.json(Self.get("/v1.0/myorg/groups", token: token))["value"]?.arrayValue ?? []
        let page = Self.get("/v1.0/myorg/groups", token: token, query: [("$top", "5"), ("$skip", "10")])
        #expect(page.status == 200)
        #expect(page.header("RequestId") != nil)
        #expect(page.header("home-cluster-uri") != nil)
        let body = try Self.json(page)
        #expect(body["@odata.context"]?.stringValue?.hasSuffix("$metadata#groups") == true)
        let values = body["value"]?.arrayValue ?? []
        #expect(values.map { $0["id"] } == all[10..<15].map { $0["id"] })
        #expect(values.first?.objectValue?.keys.first == "id")
        let beyond = try Self.json(Self.get("/v1.0/myorg/groups", token: token, query: [("$top", "5"), ("$skip", "5000")]))
        #expect(beyond["value"] == [])
    }

    @Test func badTopIsABadRequest() throws {
        let response = Self.get("/v1.0/myorg/groups", token: try Self.appToken(), query: [("$top", "lots")])
        #expect(response.status == 400)
    }

    @Test func missingOrForeignTokensAreUnauthorized() throws {
        let missing = Self.get("/v1.0/myorg/groups", token: nil)
        #expect(missing.status == 401)
        #expect(try Self.json(missing)["error"]?["code"]?.stringValue == "PowerBINotAuthorizedException")
        #expect(try Self.json(missing)["error"]?["message"] == nil)

        let foreignKey = try RSASigningKey.generate()
        let forged = try foreignKey.sign(header: ["alg": "RS256", "kid": .string(Self.core.issuer.keyId)],
                                         payload: ["aud": "https://analysis.windows.net/powerbi/api"])
        #expect(Self.get("/v1.0/myorg/groups", token: forged).status == 401)
    }

    @Test func servicePrincipalBlockedByTenantSettingGets401() throws {
        let token = try Self.appToken(for: Self.core.tenant.blockedClient)
        let response = Self.get("/v1.0/myorg/groups", token: token)
        #expect(response.status == 401)
        #expect(try Self.json(response)["error"]?["pbi.error"]?["code"]?.stringValue == "PowerBINotAuthorizedException")
    }

    @Test func expiredTokensAreTokenExpired403() throws {
        let issuer = Self.core.issuer
        let tenant = Self.core.tenant
        let old = try issuer.appToken(for: tenant.confidentialClient, principal: tenant.confidentialClient.servicePrincipal!,
                                      audience: TokenIssuer.powerBIResource, authenticatedWith: "1",
                                      now: Date().addingTimeInterval(-7200))
        let response = Self.get("/v1.0/myorg/groups", token: old)
        #expect(response.status == 403)
        #expect(try Self.json(response)["error"]?["code"]?.stringValue == "TokenExpired")
    }

    @Test func unknownPathsAnswerLikeTheRealServices() {
        #expect(Self.get("/v1.0/myorg/nothing-here", token: try? Self.appToken()).status == 404)
        let page = Self.core.handle(SimRequest(method: "GET", path: "/nowhere"))
        #expect(page.status == 404)
        #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
    }
}
