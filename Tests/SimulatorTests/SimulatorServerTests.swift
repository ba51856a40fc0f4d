import EntraAuth
import Foundation
import HTTPCore
import Testing
import Tokens
@testable import Simulator

@Suite struct SimulatorServerTests {
    @Test func servesOnLoopbackAndDescribesItselfInOneJSONLine() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let line = simulator.info.jsonLine
        #expect(!line.contains("\n"))
        let json = try JSONValue.parse(line)
        for key in ["authorityHost", "apiRoot", "tenantId", "confidentialClient", "publicClient", "users"] {
            #expect(json[key] != nil, "\(key)")
        }
        #expect(json["confidentialClient"]?["clientSecret"]?.stringValue?.isEmpty == false)
        #expect(json["users"]?.arrayValue?.count == 2)
        #expect(json["users"]?.arrayValue?.contains { $0["mfa"] == true } == true)
        #expect(simulator.info.apiRoot.hasPrefix("http://127.0.0.1:"))

        let transport = try AsyncHTTPTransport()
        let response = try await transport.send(HTTPRequest(method: "GET", url: URL(string: simulator.info.apiRoot + "/v1.0/myorg/groups")!))
        #expect(response.status == 401)
        #expect(response.headers["RequestId"] != nil)
        await transport.shutdown()
        await simulator.stop()
    }

    @Test func refusesToBindBeyondLoopback() async {
        await #expect(throws: SimulatorServer.StartError.self) {
            _ = try await SimulatorServer.start(SimulatorOptions(host: "0.0.0.0"))
        }
    }

    @Test func keepsServingAfterGarbage() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let transport = try AsyncHTTPTransport()
        let token = URL(string: simulator.info.authorityHost + "/\(simulator.info.tenantId)/oauth2/v2.0/token")!
        let garbage = try await transport.send(HTTPRequest(method: "POST", url: token,
                                                           headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                           body: Data([0xFF, 0x00, 0x25, 0x26, 0x3D])))
        #expect(garbage.status == 400)
        let wrongMethod = try await transport.send(HTTPRequest(method: "GET", url: token))
        #expect(wrongMethod.status == 405)
        let after = try await transport.send(HTTPRequest(method: "GET", url: URL(string: simulator.info.apiRoot + "/")!))
        #expect(after.status == 200)
        await transport.shutdown()
        await simulator.stop()
    }
}
