import EntraAuth
import Foundation
import HTTPCore
import PowerBI
import Simulator

/// A Power BI client signed in to an in-process demo tenant as its confidential client, built by the same
/// session factory the program uses, for tests that call the service or drive the real runtime.
public struct DemoClient: Sendable {
    public let simulator: SimulatorServer
    public let session: AuthSession
    public let client: PowerBIClient

    public var info: SimulatorInfo { simulator.info }

    public static func start(_ options: SimulatorOptions = SimulatorOptions(), pageSize: Int = 5000) async throws -> DemoClient {
        let simulator = try await SimulatorServer.start(options)
        let info = simulator.info
        let plan = SessionPlan.demoTenant(authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId,
                                          clientId: info.confidentialClientId, secret: info.confidentialClientSecret, caFile: info.caFile)
        let session: AuthSession
        do { session = try await SessionFactory.open(plan, log: ActivityLog()) } catch {
            await simulator.stop()
            throw error
        }
        return DemoClient(simulator: simulator, session: session,
                          client: PowerBIClient(session: session, apiRoot: URL(string: info.apiRoot)!, pageSize: pageSize))
    }

    /// Another client on the same session, with another page size.
    public func client(pageSize: Int) -> PowerBIClient {
        PowerBIClient(session: session, apiRoot: URL(string: info.apiRoot)!, pageSize: pageSize)
    }

    public func stop() async {
        await session.close()
        await simulator.stop()
    }
}
