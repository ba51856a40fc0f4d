import APIDescriptions
import ArgumentParser
import Foundation
import Synchronization
import ListOutput
import PowerBI
import TerminalSafety
import TerminalUI
import Tokens

/// `pbitui pulses`: the health of every refreshable dataset in reach, failing first; with `--check`, one line
/// per refresh that failed in the window and exit 1 when there is any (for cron and monitoring scripts).
struct PulsesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pulses", abstract: "Every refreshable dataset's last refresh, usual duration, failures and next run.",
        discussion: """
            The datasets of every workspace the identity sees (or of --workspace), four requests at a time: each \
            one's recent refresh history and its schedule. Failing datasets come first. --since sets the window \
            failures are counted in (30m, 24h, 7d; default 7d). --check prints one line per refresh that failed \
            in the window and exits 1 when there is any, 0 otherwise. --watch S reports again every S seconds \
            (JSON: one array per line), until interrupted.
            """)

    enum Output: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    @Flag(help: "Only datasets whose last refresh failed, or that failed in the window.")
    var failed = false

    @Option(help: "The window failures are counted in: 30m, 24h, 7d.")
    var since = "7d"

    @Option(help: "table, json or csv.")
    var output: Output = .table

    @Flag(help: "One line per refresh that failed in the window; exit 1 when there is any.")
    var check = false

    @Option(help: "Report again every this many seconds until interrupted (with --check: only failures not reported before).")
    var watch: Int?

    @Option(help: "Only this workspace (id or name).")
    var workspace: String?


    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if let watch, !(5...86_400).contains(watch) { throw ValidationError("--watch: seconds between 5 and 86400") }
    }

    func run() async throws {
        guard let window = Pulses.window(since) else { throw CLIError.usage("--since: '\(TerminalSafety.escape(since))' is not a window such as 30m, 24h or 7d") }
        try await connection.withSession { session in
            try await report(session.client, window: window)
        }
    }

    private func report(_ client: PowerBIClient, window: TimeInterval) async throws {
        var workspaces: [Workspace]
        if let wanted = workspace, ItemID.isID(wanted) {
            // An id is used as given: the one workspace is asked for, not the list.
            do {
                guard let one = Workspace(json: try await client.getJSON("/groups/" + FormEncodingPath.segment(wanted))) else {
                    throw CLIError.usage("--workspace: no workspace with the id '\(TerminalSafety.escape(wanted))'")
                }
                workspaces = [one]
            } catch let error as PowerBIError { throw CLIError.failure(error) }
        } else {
            do { workspaces = try await client.workspaces() } catch { throw CLIError.failure(error) }
        }
        if let wanted = workspace, !ItemID.isID(wanted) {
            workspaces = workspaces.filter { ItemID.same($0.id, wanted) || $0.name.caseInsensitiveCompare(wanted) == .orderedSame }
            guard !workspaces.isEmpty else { throw CLIError.usage("--workspace: no workspace with the id or name '\(TerminalSafety.escape(wanted))'") }
        }
        guard let seconds = watch else {
            let lines = await once(client, workspaces, window: window, pretty: true)
            guard check else { return }
            guard !lines.isEmpty else {
                StandardOutput.write("no refresh failed in the last \(since) (\(workspaces.count) workspaces)")
                return
            }
            StandardOutput.write(lines.joined(separator: "\n"))
            throw ExitCode(1)
        }
        // Watching: the whole report again every interval; with --check, only failures not printed before, and
        // at a terminal a heartbeat on stderr while nothing fails (when it checked, when it checks next).
        var seen = Set<String>()
        let heartbeat = ProgressLine(isTerminal: check && isatty(STDERR_FILENO) != 0)
        let round = Mutex((checked: Date(), failures: 0))
        while true {
            if !check, output == .table { StandardOutput.write("— \(HumanTime.local(Date())) —") }
            let fresh = await once(client, workspaces, window: window, pretty: false).filter { seen.insert($0).inserted }
            heartbeat.clear()
            if !fresh.isEmpty { StandardOutput.write(fresh.joined(separator: "\n")) }
            round.withLock { $0 = (Date(), $0.failures + fresh.count) }
            let count = workspaces.count
            heartbeat.tick {
                let (checked, failures) = round.withLock { $0 }
                let next = checked.addingTimeInterval(Double(seconds))
                return "pulses: \(count) workspaces checked at \(HumanTime.local(checked)) · \(failures) failures so far · next check in "
                    + HumanTime.duration(max(0, next.timeIntervalSinceNow).rounded(.up))
            }
            try await Task.sleep(for: .seconds(seconds))
        }
    }

    /// One report: with `--check` its lines (one per failed refresh), else the table, JSON or CSV written.
    private func once(_ client: PowerBIClient, _ workspaces: [Workspace], window: TimeInterval, pretty: Bool) async -> [String] {
        let now = Date()
        // One workspace asked for: the admin API's tenant-wide list would be mostly other workspaces.
        var (pulses, problems) = await client.pulses(of: workspaces, now: now, window: window, useAdmin: workspace == nil)
        for problem in problems { StandardError.write("pbitui: " + TerminalSafety.escape(problem)) }
        if failed || check { pulses = pulses.filter { $0.lastFailed || $0.failureCount > 0 } }
        if check {
            return pulses.flatMap { pulse in
                // The admin API counts failures it does not list (no history in reach): the last one stands for them.
                let lastInWindow = pulse.lastFailed && (pulse.last?.startTime ?? .distantPast) >= now.addingTimeInterval(-window)
                return (pulse.failures.isEmpty && lastInWindow ? [pulse.last!] : pulse.failures).map { Self.checkLine(pulse, $0) }
            }
        }
        switch output {
        case .table:
            let table = Self.table(pulses, now: now)
            StandardOutput.write(PlainTable.format(headers: table.headers, rows: table.rows))
        case .csv:
            let table = Self.table(pulses, now: now)
            StandardStream.write(CSVOutput.bytes(headers: table.headers, rows: table.rows), to: STDOUT_FILENO)
        case .json:
            StandardStream.write(JSONValue.array(pulses.map(Self.json)).serializedBytes(pretty: pretty) + [0x0A], to: STDOUT_FILENO)
        }
        return []
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func checkLine(_ pulse: Pulse, _ refresh: Refresh) -> String {
        var line = "FAILED \(refresh.startTime.map { HumanTime.local($0) } ?? "?") \(pulse.workspaceName) / \(pulse.datasetName)"
        if let code = refresh.errorCode { line += " \(code)" }
        if let id = refresh.requestId { line += " RequestId \(id)" }
        if let transaction = PowerBIClient.transactionWords(refresh) { line += " " + transaction }
        return TerminalSafety.escape(line)
    }

    static func table(_ pulses: [Pulse], now: Date) -> (headers: [String], rows: [[String]]) {
        let headers = ["DATASET", "WORKSPACE", "CAPACITY", "STATUS", "STARTED", "DURATION", "MEDIAN", "VS MEDIAN", "NEXT RUN", "FAILURES", "ERROR", "KIND", "ID"]
        let rows = pulses.map { pulse -> [String] in
            [pulse.datasetName, pulse.workspaceName, pulse.capacity ?? "",
             pulse.last.map { $0.state.description } ?? "never",
             pulse.last?.startTime.map { HumanTime.relative($0, now: now) } ?? "",
             pulse.lastDuration.map(HumanTime.duration) ?? "",
             pulse.medianDuration.map(HumanTime.duration) ?? "",
             pulse.deviation.map { String(format: "%.1f×", $0) } ?? "",
             pulse.nextRun.map { HumanTime.relative($0, now: now) } ?? (pulse.scheduleEnabled == false ? "schedule off" : ""),
             "\(pulse.failureCount)/\(pulse.refreshCount)",
             pulse.lastFailed ? (pulse.last?.errorCode ?? "") : "",
             pulse.kind.rawValue, pulse.datasetId]
        }
        return (headers, rows)
    }

    static func json(_ pulse: Pulse) -> JSONValue { pulse.json }
}
