import ArgumentParser
import Foundation
import Synchronization
import Inventory
import PowerBI
import TerminalSafety

/// `pbitui scan`: the tenant's inventory and lineage into the tenant store, within the scanner's limits.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan", abstract: "Scan the tenant's workspaces into the tenant store (inventory and lineage).",
        discussion: """
            The admin scanner API: the list of modified workspaces, then getInfo in batches of 100, each polled \
            until done, its result stored in one transaction. At most 16 scans at once and 500 getInfo calls an \
            hour (calls of earlier runs count); a 429 is waited out. Without --full or --modified-since, only \
            what changed since the last finished scan is asked for (everything the first time). Killed, the next \
            `pbitui scan` continues the unfinished run with its own options. Needs a Fabric administrator with \
            Tenant.Read.All, or a service principal allowed to use the read-only admin APIs (and holding no \
            admin-consented Power BI permissions). The store: $XDG_DATA_HOME/pbitui/TENANT.sqlite (docs/STORE.md).
            """)

    @Flag(help: "Scan every workspace, not only those changed since the last scan.")
    var full = false

    @Option(help: "Scan the workspaces changed since this date (ISO 8601, at most 30 days back).")
    var modifiedSince: String?

    @Flag(help: "Lineage: dataflows and datasources each item reads from, dashboard tiles.")
    var lineage = false

    @Flag(help: "Datasource details (server, database, URL, gateway).")
    var datasourceDetails = false

    @Flag(help: "Tables, columns and measures of datasets (when the tenant setting allows).")
    var schema = false

    @Flag(help: "DAX and M expressions of datasets (when the tenant setting allows).")
    var expressions = false

    @Flag(help: "Who has access to each workspace and item.")
    var users = false

    @Option(help: "getInfo calls this scan may use per hour (the service allows 500; leave some for other tools).")
    var budget = 500

    @Option(help: "Scans running at once (the service allows 16).")
    var concurrency = 16


    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if full, modifiedSince != nil { throw ValidationError("--full and --modified-since exclude each other") }
        guard (1...500).contains(budget) else { throw ValidationError("--budget: between 1 and 500") }
        guard (1...16).contains(concurrency) else { throw ValidationError("--concurrency: between 1 and 16") }
    }

    func run() async throws {
        var mode = ScanMode.incremental
        if full { mode = .full }
        if let text = modifiedSince {
            guard let date = PowerBIDate.parse(text) ?? PowerBIDate.parse(text + "T00:00:00Z") else {
                throw CLIError.usage("--modified-since: '\(TerminalSafety.escape(text))' is not an ISO 8601 date")
            }
            guard Date().timeIntervalSince(date) <= 30 * 86_400 else {
                throw CLIError.usage("--modified-since: the service looks back 30 days at most")
            }
            mode = .modifiedSince(date)
        }
        try await connection.withSession { session in
            try await scan(session, mode: mode)
        }
    }

    private func scan(_ session: Session, mode: ScanMode) async throws {
        var client = session.client
        // The job waits out 429s itself, for as long as the service says, and shows it.
        client.retryPolicy = RetryPolicy(maximumAutomaticWait: .zero, throttleAttempts: 0)
        let tenantId: String?
        do { tenantId = try await client.currentToken().tenantId } catch { throw CLIError.failure(error) }
        let store = try StoreOptions.open(try storeOptions.path(tenantId: tenantId))
        let options = ScanOptions(lineage: lineage, datasourceDetails: datasourceDetails, datasetSchema: schema,
                                  datasetExpressions: expressions, artifactUsers: users)
        let bar = ProgressLine(isTerminal: isatty(STDERR_FILENO) != 0)
        let announcer = WaitAnnouncer(WaitNotice(advice: "Ctrl-C stops: the next `pbitui scan` continues this run with nothing stored twice; "
                                                 + "--budget N keeps this run under N getInfo calls an hour, leaving the rest to other tools."))
        let latest = Mutex<ScanProgress?>(nil)
        bar.tick { latest.withLock { $0 }.map(Self.line) }
        let job = ScanJob(store: store, service: client, options: options, mode: mode,
                          limits: ScanLimits(maxInFlight: concurrency, budget: budget)) { progress in
            latest.withLock { $0 = progress }
            if let line = announcer.announce(until: progress.waitingUntil, reason: progress.waitingFor ?? "the service") { bar.say(line) }
            bar.show(Self.line(progress))
        }
        let started = Date()
        let outcome: ScanOutcome
        do { outcome = try await job.run() } catch {
            bar.finish()
            if case let .service(failure) = error { throw CLIError.failure(failure) }
            throw CLIError.refused(TerminalSafety.escape(error.description))
        }
        bar.finish()
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        var summary = outcome.resumed ? "Continued an interrupted scan: " : ""
        summary += outcome.modifiedSince.map { "\(outcome.workspaces) workspaces changed since \($0.ISO8601Format()); " } ?? "\(outcome.workspaces) workspaces; "
        summary += "stored \(outcome.storedWorkspaces) in \(seconds) s with \(outcome.getInfoCalls) getInfo calls, in \(TerminalSafety.escape(store.path))"
        StandardOutput.write(summary)
        if let warning = Self.settingWarning(schema: schema, expressions: expressions, path: store.path) { StandardError.write("pbitui: warning: " + warning) }
        if outcome.failedBatches > 0 {
            throw CLIError.refused("\(outcome.failedBatches) batches failed \(ScanLimits().attempts) times and were not stored; run `pbitui scan` again to retry them")
        }
    }

    /// When `--schema` or `--expressions` was asked and no dataset in the store has what was asked, the tenant
    /// setting that gives it is off (the service leaves it out without an error): named, as `pbitui doctor` names it.
    static func settingWarning(schema: Bool, expressions: Bool, path: String) -> String? {
        guard schema || expressions else { return nil }
        let sql = "SELECT COUNT(*) AS datasets, COALESCE(SUM(json LIKE '%\"tables\"%'), 0) AS tables, "
            + "COALESCE(SUM(json LIKE '%\"expression\"%'), 0) AS expressions FROM item WHERE kind = 'dataset'"
        guard let row = try? StoreQuery.run(sql, limit: 1, path: path).rows.first,
              let datasets = row["datasets"]?.intValue, datasets > 0 else { return nil }
        if schema || expressions, row["tables"]?.intValue == 0 {
            return "no dataset came back with its tables and columns: the tenant setting \"Enhance admin APIs responses with detailed metadata\" "
                + "(Admin portal › Admin API settings) is off (`pbitui doctor` checks it)"
        }
        if expressions, row["expressions"]?.intValue == 0 {
            return "no dataset came back with DAX or M expressions: the tenant setting \"Enhance admin APIs responses with DAX and mashup expressions\" "
                + "(Admin portal › Admin API settings) is off (`pbitui doctor` checks it)"
        }
        return nil
    }

    /// `scan [████░░░░] 4,200/10,000 workspaces · 458 getInfo left this hour · about 0:42 left`.
    static func line(_ progress: ScanProgress) -> String {
        let width = 24
        let filled = progress.workspaces == 0 ? width : min(width, progress.storedWorkspaces * width / max(1, progress.workspaces))
        var text = "scan [" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "] "
        text += "\(progress.storedWorkspaces)/\(progress.workspaces) workspaces · \(progress.callsLeft) getInfo left this hour"
        if let until = progress.waitingUntil {
            text += " · waiting \(HumanTime.duration(max(0, until.timeIntervalSinceNow).rounded(.up))) for \(progress.waitingFor ?? "the service")"
        } else if let left = progress.secondsLeft() {
            text += " · about \(HumanTime.duration(left)) left"
        }
        return text
    }
}
