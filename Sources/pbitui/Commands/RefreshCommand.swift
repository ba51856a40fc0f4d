import ArgumentParser
import EntraAuth
import Foundation
import PowerBI
import TerminalSafety

/// `pbitui refresh`: asks for a dataset refresh once, prints its request id, and with `--wait` follows
/// it to the end (exit 0 when it completed, 1 when it failed, was cancelled or did not end in time).
struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh", abstract: "Refresh a dataset, and with --wait follow it to its end.",
        discussion: """
            Without enhanced options this is a standard refresh (the service's Refresh now). Any of --type, \
            --commit-mode, --max-parallelism, --retry-count, --table or --no-apply-refresh-policy makes it an \
            enhanced refresh, which needs Premium, PPU or Embedded capacity. The request is sent once; it is \
            sent again only after a 429, which proves the service did not take it.
            """)

    @Option(help: "The workspace: its id, its name, or `me` for My workspace.")
    var workspace: String

    @Option(help: "The dataset: its id, or its name in the workspace.")
    var dataset: String

    @Flag(help: "Follow the refresh until it ends and print its final status.")
    var wait = false

    @Option(help: "With --wait, give up after this many seconds (exit 1).")
    var timeout: Int = 7200

    @Option(help: "Enhanced: \(RefreshRequest.RefreshType.allCases.map(\.rawValue).joined(separator: ", ")).")
    var type: String?

    @Option(help: "Enhanced: Transactional or PartialBatch.")
    var commitMode: String?

    @Option(help: "Enhanced: how many objects refresh in parallel (default 10).")
    var maxParallelism: Int?

    @Option(help: "Enhanced: retries after a failure (default 0).")
    var retryCount: Int?

    @Option(name: .customLong("table"), help: "Enhanced: a table (or table/partition) to refresh; repeat for more.")
    var tables: [String] = []

    @Flag(help: "Enhanced: do not apply the incremental refresh policy.")
    var noApplyRefreshPolicy = false

    @Option(help: "Standard: NoNotification, MailOnFailure or MailOnCompletion (service principals: NoNotification).")
    var notify: String?


    @OptionGroup var connection: ConnectionOptions

    func request() throws -> RefreshRequest {
        let enhanced = type != nil || commitMode != nil || maxParallelism != nil || retryCount != nil || !tables.isEmpty || noApplyRefreshPolicy
        guard enhanced else { return RefreshRequest(notifyOption: notify ?? "NoNotification") }
        if notify != nil { throw CLIError.usage("--notify applies to standard refreshes only; enhanced refreshes must not carry notifyOption") }
        var request = RefreshRequest(notifyOption: nil)
        if let type {
            guard let value = RefreshRequest.RefreshType.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(type) == .orderedSame }) else {
                throw CLIError.usage("--type: '\(type)' is not one of \(RefreshRequest.RefreshType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            request.type = value
        } else {
            request.type = .full
        }
        if let commitMode {
            guard let value = RefreshRequest.CommitMode.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(commitMode) == .orderedSame }) else {
                throw CLIError.usage("--commit-mode: '\(commitMode)' is not Transactional or PartialBatch")
            }
            request.commitMode = value
        }
        if let maxParallelism, maxParallelism < 1 { throw CLIError.usage("--max-parallelism: must be 1 or more") }
        if let retryCount, retryCount < 0 { throw CLIError.usage("--retry-count: must be 0 or more") }
        request.maxParallelism = maxParallelism
        request.retryCount = retryCount
        request.objects = tables.map { entry in
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            return (parts.first ?? entry, parts.count > 1 ? parts[1] : nil)
        }
        if noApplyRefreshPolicy { request.applyRefreshPolicy = false }
        if request.commitMode == .partialBatch, request.applyRefreshPolicy != false {
            throw CLIError.usage("--commit-mode PartialBatch needs --no-apply-refresh-policy (the service refuses the combination)")
        }
        return request
    }

    func run() async throws {
        let request = try request()
        try await connection.withSession { session in
            try await refresh(session.client, request)
        }
    }

    private func refresh(_ client: PowerBIClient, _ request: RefreshRequest) async throws {
        let scope = try await WorkspaceArgument.resolve(workspace, client: client).scope
        let dataset = try await DatasetArgument.resolve(self.dataset, in: scope, client: client)
        let ticket: RefreshTicket
        do { ticket = try await client.triggerRefresh(of: dataset, in: scope, request) } catch { throw CLIError.failure(error) }
        StandardOutput.write(ticket.requestId ?? "(the service gave no request id)")
        guard wait else { return }
        let tracker = RefreshTracker(client: client, polling: .command)
        let final: RefreshObservation
        do {
            final = try await tracker.follow(ticket, timeout: .seconds(timeout), update: { observation in
                StandardError.write("pbitui: refresh \(observation.state)")
            }, failedLook: { error in
                StandardError.write("pbitui: could not look at the refresh (\(TerminalSafety.escape(error.headline))); looking again in \(RefreshPolling.command.afterFailedLook.components.seconds) s")
            })
        } catch {
            throw CLIError.refused("lost track of the refresh: \(error)")
        }
        var line = final.state.description
        if let code = final.errorCode { line += " \(code)" }
        if let message = final.errorMessage, final.state == .failed { line += ": \(TerminalSafety.escape(message))" }
        StandardOutput.write(line)
        if !final.state.isFinal { throw CLIError.refused("the refresh did not end within \(timeout) s (last seen \(final.state))") }
        if final.state != .completed { throw ExitCode(1) }
    }
}
