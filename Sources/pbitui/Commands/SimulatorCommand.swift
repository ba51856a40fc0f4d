import ArgumentParser
import Dispatch
import Foundation
import Simulator

/// `pbitui simulator`: serves the demo tenant until SIGINT or SIGTERM.
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Serve the demo tenant (Entra ID and Power BI) on loopback.",
        discussion: "Prints one JSON line with the endpoints and identities once it listens.")

    @Option(help: "The loopback address to bind.")
    var host = "127.0.0.1"

    @Option(help: "The port (0 picks a free one).")
    var port = 0

    @Option(help: "The seed of the generated tenant.")
    var seed: UInt64 = DemoTenant.defaultSeed

    @Option(help: "How many workspaces to generate.")
    var workspaces = DemoTenant.defaultWorkspaceCount

    @Option(help: "Items of each kind per workspace.")
    var items = DemoTenant.defaultItemCount

    @Option(help: "How long a dataset refresh runs, in seconds.")
    var refreshSeconds: Double = 8

    @Option(help: "Every refreshable dataset runs a scheduled refresh once in this many seconds, the first after as long (0: none); some fail.")
    var scheduleSeconds: Double = 120

    @Option(help: "Faults to inject, e.g. 429:0.1,500:0.05,slow:0.05,reset:0.02,malformed:0.01.")
    var faults: String?

    @Flag(help: "Serve HTTPS with a generated certificate.")
    var tls = false

    @Flag(help: "Put terminal control sequences (ESC, CSI, OSC, BEL, bidi overrides) in some names, an error and a claim, for injection tests.")
    var hostileNames = false

    @Option(name: .customLong("setting-off"),
            help: ArgumentHelp("Turn this tenant setting off (repeatable): service-principal-apis, service-principal-admin-apis, execute-queries, xmla-endpoints, scanner-detailed-metadata, scanner-expressions. The tenant then answers as the service does when it is off.", valueName: "name"))
    var settingsOff: [String] = []

    @Flag(help: "Turn off the tenant setting \"Dataset Execute Queries REST API\": executeQueries answers 401 (the same as --setting-off execute-queries).")
    var executeQueriesOff = false

    @Flag(help: "Turn off the tenant settings for detailed metadata and expressions: scan results leave schema and expressions out (the same as --setting-off scanner-detailed-metadata).")
    var metadataScanningOff = false

    @Option(help: "getInfo calls the scanner allows per window (500 in the service).")
    var scanBudget = 500

    @Option(help: "Scans that may run at once (16 in the service).")
    var scanConcurrency = 16

    @Option(help: "activityevents calls allowed per window (200 in the service).")
    var activityBudget = 200

    @Option(help: "The window of the scanner's and the activity log's budgets, in seconds (3600 in the service).")
    var scanWindowSeconds = 3600.0

    @Option(help: "Access-token lifetime in seconds (short ones let tests see expiry).")
    var tokenLifetime = 3599

    @Option(help: "The device-code polling interval in seconds.")
    var deviceCodeInterval = 5

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard workspaces >= 0, workspaces <= 1_000_000 else { throw ValidationError("--workspaces must be between 0 and 1000000") }
        guard items >= 0, items <= 1000 else { throw ValidationError("--items must be between 0 and 1000") }
        guard refreshSeconds >= 0 else { throw ValidationError("--refresh-seconds must not be negative") }
        guard scheduleSeconds >= 0, scheduleSeconds.isFinite else { throw ValidationError("--schedule-seconds must not be negative") }
        guard scanBudget >= 1, scanConcurrency >= 1, activityBudget >= 1, scanWindowSeconds > 0, scanWindowSeconds.isFinite else {
            throw ValidationError("--scan-budget, --scan-concurrency and --activity-budget must be at least 1, --scan-window-seconds positive")
        }
        guard tokenLifetime >= 1 else { throw ValidationError("--token-lifetime must be at least 1 second") }
        guard deviceCodeInterval >= 1 else { throw ValidationError("--device-code-interval must be at least 1 second") }
        if let faults { do { _ = try FaultPlan(faults) } catch { throw ValidationError(error.description) } }
        for name in settingsOff {
            do { _ = try TenantSetting.parse(name) } catch { throw ValidationError(String(describing: error)) }
        }
    }

    func run() async throws {
        for signalNumber in [SIGINT, SIGTERM] { signal(signalNumber, SIG_IGN) }
        var options = SimulatorOptions(host: host, port: port, seed: seed, workspaces: workspaces, items: items,
                                       refreshSeconds: refreshSeconds, tokenLifetime: tokenLifetime, tls: tls,
                                       deviceCodeInterval: deviceCodeInterval, faults: try faults.map { try FaultPlan($0) })
        options.hostileNames = hostileNames
        options.settingsOff = Set(settingsOff.compactMap { TenantSetting(rawValue: $0.lowercased()) })
        if executeQueriesOff { options.executeQueriesOff = true }
        if metadataScanningOff { options.metadataScanningOff = true }
        options.scannerLimits = ScannerLimits(getInfoPerWindow: scanBudget, concurrentScans: scanConcurrency,
                                              activityPerWindow: activityBudget, windowSeconds: scanWindowSeconds)
        options.scheduleSeconds = scheduleSeconds
        let server: SimulatorServer
        do {
            server = try await SimulatorServer.start(options)
        } catch let error as SimulatorServer.StartError {
            throw CLIError.usage(error.description)
        } catch {
            throw CLIError.refused("the simulator could not start: \(error)")
        }
        StandardOutput.write(server.info.jsonLine)
        let (stops, stop) = AsyncStream.makeStream(of: Int32.self)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
            source.setEventHandler { stop.yield(signalNumber) }
            source.resume()
            sources.append(source)
        }
        for await _ in stops { break }
        for source in sources { source.cancel() }
        await server.stop()
    }
}
