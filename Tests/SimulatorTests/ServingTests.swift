import EntraAuth
import Foundation
import HTTPCore
import Testing
import Tokens
@testable import Simulator

/// The simulator over real HTTP(S): TLS, faults on the wire, managed identity, the certificate file.
@Suite struct ServingTests {
    static func get(_ transport: AsyncHTTPTransport, _ url: String, headers: HTTPHeaders = [:]) async throws -> HTTPResponse {
        try await transport.send(HTTPRequest(method: "GET", url: URL(string: url)!, headers: headers))
    }

    static func appToken(_ info: SimulatorInfo, _ transport: AsyncHTTPTransport) async throws -> String {
        let response = try await transport.send(.form(URL(string: "\(info.authorityHost)/\(info.tenantId)/oauth2/v2.0/token")!, [
            ("client_id", info.confidentialClientId), ("client_secret", info.confidentialClientSecret),
            ("grant_type", "client_credentials"), ("scope", "https://analysis.windows.net/powerbi/api/.default"),
        ]))
        return try #require(try JSONValue.parse(response.body)["access_token"]?.stringValue)
    }

    @Test func servesHTTPSWithACAFileItPrints() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions(tls: true))
        let info = simulator.info
        #expect(info.authorityHost.hasPrefix("https://127.0.0.1:"))
        let caFile = try #require(info.caFile)
        #expect(info.jsonLine.contains("\"caFile\""))
        let trusting = try AsyncHTTPTransport(caFile: caFile)
        let token = try await Self.appToken(info, trusting)
        let groups = try await Self.get(trusting, "\(info.apiRoot)/v1.0/myorg/groups", headers: ["Authorization": "Bearer \(token)"])
        #expect(groups.status == 200)
        let discovery = try JSONValue.parse(try await Self.get(trusting, "\(info.authorityHost)/\(info.tenantId)/v2.0/.well-known/openid-configuration").body)
        #expect(discovery["token_endpoint"]?.stringValue?.hasPrefix("https://127.0.0.1:") == true)
        // Without the CA the certificate is not trusted.
        let plain = try AsyncHTTPTransport()
        await #expect(throws: TransportError.self) { _ = try await Self.get(plain, info.apiRoot + "/") }
        await plain.shutdown()
        // Trusting one demo tenant's CA is no trust in another's.
        let other = try await SimulatorServer.start(SimulatorOptions(tls: true))
        await #expect(throws: TransportError.self) { _ = try await Self.get(trusting, other.info.apiRoot + "/") }
        await other.stop()
        await trusting.shutdown()
        await simulator.stop()
    }

    @Test func aBodyIsTakenWholeUpToTheLimitAndRefusedBeyondIt() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions(workspaces: 300))
        let roomy = try AsyncHTTPTransport()
        let token = try await Self.appToken(simulator.info, roomy)
        let url = "\(simulator.info.apiRoot)/v1.0/myorg/groups"
        let whole = try await Self.get(roomy, url, headers: ["Authorization": "Bearer \(token)"])
        #expect(whole.status == 200)
        #expect(try JSONValue.parse(whole.body)["value"]?.arrayValue?.count ?? 0 > 250)
        let exact = try AsyncHTTPTransport(maximumBodySize: whole.body.count)
        #expect(try await Self.get(exact, url, headers: ["Authorization": "Bearer \(token)"]).body == whole.body)
        let tight = try AsyncHTTPTransport(maximumBodySize: whole.body.count - 1)
        do {
            _ = try await Self.get(tight, url, headers: ["Authorization": "Bearer \(token)"])
            Issue.record("a body over the limit was taken")
        } catch let error as TransportError {
            guard case .responseTooLarge = error else { Issue.record("expected responseTooLarge, got \(error)"); return }
        }
        for transport in [roomy, exact, tight] { await transport.shutdown() }
        await simulator.stop()
    }

    @Test func writesTheClientCertificateWithItsKeyPrivately() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let path = try #require(simulator.info.certificatePath)
        let pem = try String(contentsOfFile: path, encoding: .utf8)
        #expect(pem.contains("PRIVATE KEY-----"))
        #expect(pem.contains("-----BEGIN CERTIFICATE-----"))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        await simulator.stop()
    }

    @Test func injects429WithRetryAfterBeforeProcessing() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions(faults: try FaultPlan("429:1")))
        let transport = try AsyncHTTPTransport()
        let response = try await Self.get(transport, "\(simulator.info.apiRoot)/v1.0/myorg/groups")
        #expect(response.status == 429)
        #expect(Int(response.headers["Retry-After"] ?? "") != nil)
        #expect(try JSONValue.parse(response.body)["message"]?.stringValue?.contains("exceeded") == true)
        // Pages a person uses are never faulted.
        #expect(try await Self.get(transport, "\(simulator.info.authorityHost)/devicelogin").status == 200)
        let stats = try JSONValue.parse(try await Self.get(transport, "\(simulator.info.apiRoot)/_simulator/stats").body)
        #expect(stats["faults"]?["429"] == 1)
        await transport.shutdown()
        await simulator.stop()
    }

    @Test func resetsConnectionsForReal() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions(faults: try FaultPlan("reset:1")))
        let transport = try AsyncHTTPTransport()
        do {
            _ = try await Self.get(transport, "\(simulator.info.apiRoot)/v1.0/myorg/groups")
            Issue.record("got an answer through a reset")
        } catch {
            guard let transportError = error as? TransportError, case .unreachable = transportError else { Issue.record("expected a dropped connection, got \(error)"); return }
        }
        #expect(try await Self.get(transport, "\(simulator.info.apiRoot)/").status == 200)
        await transport.shutdown()
        await simulator.stop()
    }

    @Test func malformsBodiesAndAnswers5xx() async throws {
        let malformed = try await SimulatorServer.start(SimulatorOptions(faults: try FaultPlan("malformed:1")))
        let transport = try AsyncHTTPTransport()
        let cut = try await Self.get(transport, "\(malformed.info.apiRoot)/v1.0/myorg/groups")
        #expect(cut.status == 401)
        #expect((try? JSONValue.parse(cut.body)) == nil)
        await malformed.stop()
        let failing = try await SimulatorServer.start(SimulatorOptions(faults: try FaultPlan("500:0.5,503:0.5")))
        for _ in 0..<4 {
            let status = try await Self.get(transport, "\(failing.info.apiRoot)/v1.0/myorg/groups").status
            #expect(status == 500 || status == 503)
        }
        await failing.stop()
        await transport.shutdown()
    }

    @Test func faultPlansAreParsedStrictly() throws {
        let plan = try FaultPlan("429:0.1,500:0.05,slow:0.05,reset:0.02,malformed:0.01")
        #expect(plan.rates.count == 5)
        #expect(throws: FaultPlan.ParseError.self) { try FaultPlan("418:0.1") }
        #expect(throws: FaultPlan.ParseError.self) { try FaultPlan("429:2") }
        #expect(throws: FaultPlan.ParseError.self) { try FaultPlan("429:0.7,500:0.7") }
    }

    @Test func managedIdentityEndpointsIssueAppTokens() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let info = simulator.info
        let transport = try AsyncHTTPTransport()
        let resource = "resource=https%3A%2F%2Fanalysis.windows.net%2Fpowerbi%2Fapi"
        let noHeader = try await Self.get(transport, "\(info.apiRoot)/metadata/identity/oauth2/token?api-version=2018-02-01&\(resource)")
        #expect(noHeader.status == 400)
        let imds = try await Self.get(transport, "\(info.apiRoot)/metadata/identity/oauth2/token?api-version=2018-02-01&\(resource)",
                                      headers: ["Metadata": "true"])
        #expect(imds.status == 200)
        let body = try JSONValue.parse(imds.body)
        #expect(body["expires_in"]?.stringValue != nil)
        #expect(body["client_id"]?.stringValue == info.managedIdentityClientId)
        let claims = try JWT.decode(body["access_token"]!.stringValue!).payload
        #expect(claims["idtyp"] == "app" && claims["appid"]?.stringValue == info.managedIdentityClientId)
        let groups = try await Self.get(transport, "\(info.apiRoot)/v1.0/myorg/groups",
                                        headers: ["Authorization": "Bearer \(body["access_token"]!.stringValue!)"])
        #expect((try JSONValue.parse(groups.body))["value"]?.arrayValue?.count == 10)

        let appService = try await Self.get(transport, "\(info.apiRoot)/msi/token?api-version=2019-08-01&\(resource)",
                                            headers: ["X-IDENTITY-HEADER": info.identityHeader])
        #expect(appService.status == 200)
        #expect(try JSONValue.parse(appService.body)["expires_on"]?.stringValue != nil)
        let wrong = try await Self.get(transport, "\(info.apiRoot)/msi/token?api-version=2019-08-01&\(resource)",
                                       headers: ["X-IDENTITY-HEADER": "nope"])
        #expect(wrong.status == 401)
        await transport.shutdown()
        await simulator.stop()
    }

    @Test func aCAFileThatIsNotPEMIsNamed() {
        do {
            _ = try AsyncHTTPTransport(caFile: "/etc/hostname")
            Issue.record("accepted a file that is not PEM")
        } catch {
            #expect(error.description.contains("/etc/hostname"))
            #expect(error.description.hasPrefix("--ca-file"))
        }
    }
}
