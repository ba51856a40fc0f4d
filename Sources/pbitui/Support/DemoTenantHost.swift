import EntraAuth
import Foundation
import Simulator
import TerminalSafety

/// The one demo tenant of a full-screen session: started by `--demo` or the first time the sign-in screen's
/// "Demo tenant" is chosen, then shared by every sign-in of the session (choosing it again signs in to the
/// same tenant), and stopped when the UI ends. Sessions built on it never stop it.
actor DemoTenantHost {
    private var server: SimulatorServer?
    /// `--demo --setting-off`: the tenant settings the demo tenant starts with turned off.
    private let settingsOff: Set<TenantSetting>

    init(settingsOff: Set<TenantSetting> = []) {
        self.settingsOff = settingsOff
    }

    /// The running tenant, started on first use.
    func start() async throws -> SimulatorServer {
        if let server { return server }
        let started: SimulatorServer
        var options = SimulatorOptions()
        options.settingsOff = settingsOff
        do { started = try await SimulatorServer.start(options) } catch {
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

extension TenantSetting {
    /// A name as `--setting-off` takes it (case ignored); an unknown one is bad usage naming the known ones.
    static func parse(_ name: String) throws -> TenantSetting {
        guard let setting = TenantSetting(rawValue: name.lowercased()) else {
            throw CLIError.usage("--setting-off: no tenant setting '\(TerminalSafety.escape(name))'; one of "
                                 + TenantSetting.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return setting
    }
}
