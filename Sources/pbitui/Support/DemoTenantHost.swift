import EntraAuth
import Foundation
import Simulator

/// The one demo tenant of a full-screen session: started by `--demo` or the first time the sign-in screen's
/// "Demo tenant" is chosen, then shared by every sign-in of the session (choosing it again signs in to the
/// same tenant), and stopped when the UI ends. Sessions built on it never stop it.
actor DemoTenantHost {
    private var server: SimulatorServer?

    /// The running tenant, started on first use.
    func start() async throws -> SimulatorServer {
        if let server { return server }
        let started: SimulatorServer
        do { started = try await SimulatorServer.start(SimulatorOptions()) } catch {
            throw CLIError.refused("could not start the demo tenant: \(error)")
        }
        server = started
        return started
    }

    /// What the running tenant tells its clients; nil before it started.
    var info: SimulatorInfo? { server?.info }

    func stop() async {
        await server?.stop()
        server = nil
    }
}
