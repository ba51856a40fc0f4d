import APIDescriptions
import Foundation
import Testing
import Tokens
@testable import Simulator

/// What the demo tenant models of the official description, and its 501 for the rest.
@Suite struct ModelledOperationTests {
    static let description = OperationCatalogue.powerBI

    /// The operation's path with every `{parameter}` filled with an id nobody has.
    static func concrete(_ operation: APIOperation) -> String {
        var path = ""
        var inside = false
        for character in operation.path {
            if character == "{" { inside = true; path += "00000000-0000-4000-8000-00000000000f"; continue }
            if character == "}" { inside = false; continue }
            if !inside { path.append(character) }
        }
        return path
    }

    static func call(_ operation: APIOperation, token: String) -> SimResponse {
        EndpointTests.core.handle(SimRequest(method: operation.method, path: concrete(operation),
                                             headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                             body: operation.changesSomething ? Data("{}".utf8) : Data()))
    }

    @Test func everyModelledOperationIsInTheDescription() {
        for id in PowerBIEndpoints.modelled {
            #expect(Self.description.operation(id: id)?.operationId == id, "\(id) is not an operation of the description")
        }
        #expect(PowerBIEndpoints.modelled.count == 58)
    }

    /// Runs `work` on a thread of its own: hundreds of calls must not hold one of the test pool's two threads.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }

    @Test func everyOtherOperationAnswers501NamingIt() async throws {
        let answers = try await Self.offPool { () throws -> [(APIOperation, SimResponse)] in
            let token = try EndpointTests.appToken()
            return Self.description.operations.filter { !PowerBIEndpoints.modelled.contains($0.operationId) }.map { ($0, Self.call($0, token: token)) }
        }
        var unmodelled = 0
        for (operation, response) in answers {
            #expect(response.status == 501, "\(operation.operationId): \(response.status)")
            let message = try EndpointTests.json(response)["error"]?["message"]?.stringValue ?? ""
            #expect(message == "The demo tenant does not model \(operation.operationId)", "\(operation.method) \(Self.concrete(operation))")
            #expect(response.header("RequestId") != nil)
            unmodelled += 1
        }
        #expect(unmodelled == 286 - PowerBIEndpoints.modelled.count)
    }

    @Test func modelledOperationsAreAnswered() async throws {
        let statuses = try await Self.offPool { () throws -> [String: Int] in
            let token = try EndpointTests.appToken()
            var statuses: [String: Int] = [:]
            for operation in Self.description.operations where PowerBIEndpoints.modelled.contains(operation.operationId) {
                statuses[operation.operationId] = Self.call(operation, token: token).status
            }
            return statuses
        }
        #expect(statuses.count == PowerBIEndpoints.modelled.count)
        // Ids nobody has: a 404, or a 401 where an app token has no such list, but never "not modelled".
        for (id, status) in statuses { #expect(status != 501, "\(id)") }
    }

    @Test func aCallerWithoutATokenIsRefusedBeforeAnythingElse() {
        let response = EndpointTests.core.handle(SimRequest(method: "GET", path: "/v1.0/myorg/gateways"))
        #expect(response.status == 401)
    }
}
