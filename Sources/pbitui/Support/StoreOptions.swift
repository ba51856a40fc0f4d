import ArgumentParser
import Foundation
import HTTPCore
import Inventory
import Simulator
import TerminalSafety

/// Which tenant store a command uses: `--store PATH`, else the signed-in (or `--tenant`, or demo) tenant's
/// `$XDG_DATA_HOME/pbitui/TENANT.sqlite`, else the only store there is.
struct StoreOptions: ParsableArguments {
    @Option(help: "The store file (default: $XDG_DATA_HOME/pbitui/TENANT.sqlite of the tenant).")
    var store: String?

    /// The path for a tenant id known after sign-in.
    func path(tenantId: String?) throws -> String {
        if let store { return store }
        guard let folder = StoreLocation.folder(environment: ProcessEnvironment.current) else {
            throw CLIError.usage("no place for the tenant store: set XDG_DATA_HOME or HOME, or give --store PATH")
        }
        if let tenantId, let path = StoreLocation.path(tenantId: tenantId, folder: folder) { return path }
        let stores = StoreLocation.stores(in: folder)
        switch stores.count {
        case 0: throw CLIError.usage("no tenant store in \(folder) yet: run `pbitui scan` (or `pbitui activity`) first")
        case 1: return stores[0]
        default:
            throw CLIError.usage("several tenant stores in \(folder); name one with --tenant ID or --store PATH:\n"
                                 + stores.map { "  " + TerminalSafety.escape($0) }.joined(separator: "\n"))
        }
    }

    /// Opens the store; errors are exit 1 (the file exists but is not usable) or 2 (a path that cannot be).
    static func open(_ path: String) throws -> TenantStore {
        do { return try TenantStore(path: path) } catch { throw CLIError.refused(TerminalSafety.escape(error.description)) }
    }

    /// The demo tenant's id (for `--demo` without signing in).
    static var demoTenantId: String { DemoTenant.generate(workspaces: 0).tenantId }
}
