import ArgumentParser
import Foundation
import Synchronization
import Inventory
import ListOutput
import PowerBI
import TerminalSafety
import TerminalUI
import Tokens

/// `pbitui activity`: the tenant's activity log over a date range, downloaded into the tenant store and printed.
struct ActivityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activity", abstract: "Download the activity log into the tenant store and print it.",
        discussion: """
            One UTC day per call, as the service requires, with every page followed (empty pages included) until \
            the last; each page stored with the place to continue from, events deduplicated by their Id. A day \
            already complete is not asked again, except the last two (events arrive late). --resume continues a \
            day an interruption cut short from its last stored page; without it, such a day starts again (the \
            stored events are the same either way). 429s are waited out. The service keeps 28 days. Dates are \
            YYYY-MM-DD (UTC) or ISO 8601 date-times (their UTC day).
            """)

    enum Output: String, ExpressibleByArgument, CaseIterable { case table, jsonl, csv }

    @Option(help: "The first day (YYYY-MM-DD, UTC).")
    var from: String

    @Option(help: "The last day (YYYY-MM-DD, UTC), included.")
    var to: String

    @Option(help: "Only this activity (for example ViewReport).")
    var activity: String?

    @Option(help: "Only this user (UPN).")
    var user: String?

    @Option(help: "table, jsonl (each event as the service sent it) or csv.")
    var output: Output = .table

    @Flag(help: "Continue days an interruption cut short from their last stored page.")
    var resume = false

    @Flag(help: "Print counts per activity, user and day instead of the events.")
    var summary = false


    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var connection: ConnectionOptions

    static let historyDays = 28

    /// The UTC day of `YYYY-MM-DD` or an ISO 8601 date-time.
    static func day(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return PowerBIDate.parse(trimmed.count == 10 ? trimmed + "T00:00:00Z" : trimmed)
    }

    func run() async throws {
        guard let first = Self.day(from) else { throw CLIError.usage("--from: '\(TerminalSafety.escape(from))' is not a date (YYYY-MM-DD)") }
        guard let last = Self.day(to) else { throw CLIError.usage("--to: '\(TerminalSafety.escape(to))' is not a date (YYYY-MM-DD)") }
        guard ActivityWindow.dayText(first) <= ActivityWindow.dayText(last) else { throw CLIError.usage("--from is after --to") }
        let now = Date()
        guard ActivityWindow.dayText(last) <= ActivityWindow.dayText(now) else { throw CLIError.usage("--to is in the future") }
        let oldest = now.addingTimeInterval(-Double(Self.historyDays - 1) * 86_400)
        var start = first
        if ActivityWindow.dayText(first) < ActivityWindow.dayText(oldest) {
            guard ActivityWindow.dayText(last) >= ActivityWindow.dayText(oldest) else {
                throw CLIError.usage("the service keeps the activity log for \(Self.historyDays) days: nothing before \(ActivityWindow.dayText(oldest))")
            }
            StandardError.write("pbitui: the service keeps \(Self.historyDays) days: starting at \(ActivityWindow.dayText(oldest))")
            start = oldest
        }
        try await connection.withSession { session in
            try await download(session, from: start, to: last)
        }
    }

    private func download(_ session: Session, from: Date, to: Date) async throws {
        var client = session.client
        client.retryPolicy = RetryPolicy(maximumAutomaticWait: .zero, throttleAttempts: 0)
        let tenantId: String?
        do { tenantId = try await client.currentToken().tenantId } catch { throw CLIError.failure(error) }
        let store = try StoreOptions.open(try storeOptions.path(tenantId: tenantId))
        let bar = ProgressLine(isTerminal: isatty(STDERR_FILENO) != 0)
        let announcer = WaitAnnouncer(WaitNotice(advice: "Ctrl-C stops: `pbitui activity --from \(ActivityWindow.dayText(from)) --to \(ActivityWindow.dayText(to)) --resume` "
                                                 + "later continues where this stopped, with nothing stored twice."))
        let latest = Mutex<ActivityProgress?>(nil)
        bar.tick { latest.withLock { $0 }.map(Self.line) }
        let job = ActivityJob(store: store, service: client, from: from, to: to, activity: activity, user: user, resume: resume) { progress in
            latest.withLock { $0 = progress }
            if let line = announcer.announce(until: progress.waitingUntil, reason: "the service (429: the activity log's calls an hour are spent)") {
                bar.say(line)
            }
            bar.show(Self.line(progress))
        }
        let outcome: ActivityOutcome
        do { outcome = try await job.run() } catch {
            bar.finish()
            if case let .service(failure) = error { throw CLIError.failure(failure) }
            throw CLIError.refused(TerminalSafety.escape(error.description))
        }
        bar.finish()
        let (fromDay, toDay) = (ActivityWindow.dayText(from), ActivityWindow.dayText(to))
        let activity = self.activity
        let user = self.user
        do {
            if summary {
                let counts = try await store.read { db in
                    try ActivityLog.Grouping.allCases.map { ($0, try ActivityLog.counts(by: $0, from: fromDay, to: toDay, activity: activity, user: user, in: db)) }
                }
                try printSummary(counts)
            } else {
                let events = try await store.read { db in try ActivityLog.events(from: fromDay, to: toDay, activity: activity, user: user, in: db) }
                printEvents(events)
            }
        } catch {
            throw CLIError.refused(TerminalSafety.escape(String(describing: error)))
        }
        StandardError.write("pbitui: \(outcome.newEvents) new events from \(outcome.pages) pages over \(outcome.days) days"
                            + (outcome.skippedDays > 0 ? " (\(outcome.skippedDays) already complete)" : "") + ", in \(TerminalSafety.escape(store.path))")
    }

    /// `activity day 2/7 2026-12-01 · 14 pages · 2,100 new events · throttled, waiting 49m 44s`.
    static func line(_ progress: ActivityProgress) -> String {
        var text = "activity day \(progress.doneDays)/\(progress.days) \(progress.day ?? "") · \(progress.pages) pages · \(progress.newEvents) new events"
        if let until = progress.waitingUntil { text += " · throttled, waiting \(HumanTime.duration(max(0, until.timeIntervalSinceNow).rounded(.up)))" }
        return text
    }

    private func printEvents(_ events: [ActivityEvent]) {
        switch output {
        case .table:
            StandardOutput.write(PlainTable.format(headers: ["TIME", "ACTIVITY", "USER", "WORKSPACE", "ITEM", "OK"], rows: events.map {
                [HumanTime.local(text: $0.creationTime), $0.activity, $0.user, $0.workspaceName ?? "", $0.itemName ?? "", $0.isSuccess.map { $0 ? "yes" : "no" } ?? ""]
            }))
        case .csv:
            let rows = events.map { [$0.id, $0.creationTime, $0.activity, $0.user, $0.workspaceName ?? "", $0.itemName ?? "",
                                     $0.isSuccess.map { $0 ? "true" : "false" } ?? ""] }
            StandardStream.write(CSVOutput.bytes(headers: ["Id", "CreationTime", "Activity", "UserId", "WorkSpaceName", "ItemName", "IsSuccess"], rows: rows),
                                 to: STDOUT_FILENO)
        case .jsonl:
            var bytes: [UInt8] = []
            for event in events {
                bytes += JSONValue.terminalSafe(Array(event.json.utf8)[...])
                bytes.append(0x0A)
                if bytes.count > 1 << 20 {
                    StandardStream.write(bytes, to: STDOUT_FILENO)
                    bytes.removeAll(keepingCapacity: true)
                }
            }
            StandardStream.write(bytes, to: STDOUT_FILENO)
        }
    }

    private func printSummary(_ counts: [(ActivityLog.Grouping, [(key: String, count: Int)])]) throws {
        switch output {
        case .table:
            for (grouping, list) in counts {
                StandardOutput.write(PlainTable.format(headers: [grouping.rawValue.uppercased(), "EVENTS"], rows: list.map { [$0.key, String($0.count)] }) + "\n")
            }
        case .csv:
            StandardStream.write(CSVOutput.bytes(headers: ["grouping", "key", "events"], rows: counts.flatMap { grouping, list in
                list.map { [grouping.rawValue, $0.key, String($0.count)] }
            }), to: STDOUT_FILENO)
        case .jsonl:
            for (grouping, list) in counts {
                for entry in list {
                    let line = JSONValue.object(JSONObject([("grouping", .string(grouping.rawValue)), ("key", .string(entry.key)), ("events", .int(entry.count))]))
                    StandardStream.write(Array(JSONValue.terminalSafe(line.serializedBytes()[...])) + [0x0A], to: STDOUT_FILENO)
                }
            }
        }
    }
}
