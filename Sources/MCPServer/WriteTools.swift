import Foundation
import MCP
import PowerBI
import Tokens

/// Whether the server may change anything, and how it asks first.
public enum WritePolicy: Sendable, Equatable {
    /// Only the read tools exist (the default, and always with `--read-only`).
    case off
    /// `--allow-writes`: each write is asked of the person through MCP elicitation; a client without it gets no writes.
    case confirm
    /// `--allow-writes --no-confirm`: writes go without asking.
    case noConfirm
}

/// What the person answered to "Refresh 'Sales Model' in 'Sales Analytics'?".
enum Confirmation: Sendable, Equatable {
    case accepted, declined, cancelled
    /// The client cannot ask (no elicitation), and confirmation is required.
    case cannotAsk(String)
}

/// The write tools: each asks first (``Confirmation``); declined, cancelled or unasked sends nothing.
enum WriteTools {
    static let names: Set<String> = ["refresh_dataset", "cancel_refresh"]

    static func run(_ name: String, _ arguments: [String: Value]?, _ context: MCPContext,
                    confirm: @Sendable (String) async -> Confirmation, progress: ProgressReporter) async throws(ToolError) -> JSONValue {
        guard context.writes != .off else {
            throw ToolError("\(name) changes something, and writes are off: start the server with pbitui mcp --allow-writes")
        }
        switch name {
        case "refresh_dataset": return try await refresh(arguments, context, confirm: confirm, progress: progress)
        default: return try await cancel(arguments, context, confirm: confirm)
        }
    }

    /// Nothing sent, and why, as an answer (not an error: the person said no).
    static func notSent(_ answer: Confirmation) throws(ToolError) -> JSONValue? {
        switch answer {
        case .accepted: return nil
        case .declined: return .object(JSONObject([("sent", false), ("answer", "declined")]))
        case .cancelled: return .object(JSONObject([("sent", false), ("answer", "cancelled")]))
        case let .cannotAsk(reason):
            throw ToolError("this client cannot ask the person to confirm (\(reason)); nothing was sent. Start the server with --allow-writes --no-confirm to write without asking")
        }
    }

    static func refresh(_ arguments: [String: Value]?, _ context: MCPContext, confirm: @Sendable (String) async -> Confirmation,
                        progress: ProgressReporter) async throws(ToolError) -> JSONValue {
        var request = RefreshRequest()
        if let type = MCPValue.text(arguments, "type") {
            guard let known = RefreshRequest.RefreshType.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(type) == .orderedSame }) else {
                throw ToolError("type: one of " + RefreshRequest.RefreshType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            request = .enhanced(type: known)
        }
        if case let .array(tables)? = arguments?["tables"] {
            if !request.isEnhanced { request = .enhanced() }
            request.objects = tables.compactMap { if case let .string(table) = $0 { (table, nil) } else { nil } }
        }
        let wait = MCPValue.integer(arguments, "wait_seconds") ?? 0
        guard (0...3600).contains(wait) else { throw ToolError("wait_seconds: from 0 to 3600") }
        let target = try await DatasetTools.target(arguments, context.client)
        let what = "Refresh '\(MCPValue.text(arguments, "dataset") ?? target.id)' in '\(MCPValue.text(arguments, "workspace") ?? "")'"
            + (request.objects.isEmpty ? "" : " (tables " + request.objects.map(\.table).joined(separator: ", ") + ")") + "?"
        if let answer = try notSent(await confirm(what)) { return answer }
        let ticket: RefreshTicket
        do throws(PowerBIError) { ticket = try await context.client.triggerRefresh(of: target.id, in: target.scope, request) } catch { throw ToolError(error) }
        var members: [(key: String, value: JSONValue)] = [("sent", true), ("accepted", true), ("request_id", ticket.requestId.map(JSONValue.string) ?? .null),
                                                          ("enhanced", .bool(ticket.enhanced))]
        if wait > 0 {
            await progress.report("Refresh accepted (\(ticket.requestId ?? "no request id")); following it up to \(wait) s")
            do throws(PowerBIError) {
                let seen = try await RefreshTracker(client: context.client).follow(ticket, timeout: .seconds(wait), update: { seen in
                    Task { await progress.report("Refresh: \(seen.state.description)") }
                })
                members += [("status", .string(seen.state.description)), ("final", .bool(seen.state.isFinal))]
                if let code = seen.errorCode { members.append(("error_code", .string(code))) }
            } catch {
                if case .transport(.cancelled) = error { throw .cancelled }
                members.append(("status_unknown", .string(error.description)))
            }
        }
        return .object(JSONObject(members))
    }

    static func cancel(_ arguments: [String: Value]?, _ context: MCPContext, confirm: @Sendable (String) async -> Confirmation) async throws(ToolError) -> JSONValue {
        guard let requestId = MCPValue.text(arguments, "request_id"), !requestId.isEmpty else { throw ToolError("request_id: the refresh's id") }
        let target = try await DatasetTools.target(arguments, context.client)
        if let answer = try notSent(await confirm("Cancel refresh \(requestId) of '\(MCPValue.text(arguments, "dataset") ?? target.id)'?")) { return answer }
        do throws(PowerBIError) { try await context.client.cancelRefresh(requestId, of: target.id, in: target.scope) } catch { throw ToolError(error) }
        return .object(JSONObject([("sent", true), ("cancelled", true), ("request_id", .string(requestId))]))
    }
}
