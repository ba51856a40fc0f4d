import ArgumentParser
import Foundation
import HTTPCore
import Inventory
import MCPServer
import PowerBI

/// `pbitui mcp`: pbitui as a Model Context Protocol server on stdio, for assistants (Claude, Copilot, VS
/// Code agents). It signs in as every command does (silently from the token cache where it can) and then
/// answers tool calls until its input closes.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp", abstract: "Serve pbitui's read tools to an assistant over the Model Context Protocol (stdio).",
        discussion: """
            Standard output carries protocol messages only (JSON-RPC, one per line); messages for people go to \
            standard error. The tools read: whoami, list_workspaces, list_items, find, get_model_schema, run_dax, \
            refresh_history, refresh_health, lineage, query_store, explain_error, search_operations, \
            describe_operation, call_operation (reads), four_ways. With --allow-writes: refresh_dataset, cancel_refresh and \
            call_operation for operations that change something, each confirmed by the person \
            through the client (MCP elicitation; declined sends nothing); a client that cannot ask gets no writes \
            unless --no-confirm. --read-only keeps every write away. Every call is appended to $XDG_STATE_HOME/pbitui/mcp-audit.jsonl. Sign in once with \
            `pbitui token` for a method that needs a person (device code, browser): the server itself cannot ask.
            """)

    @Flag(help: "Offer the write tools (refresh_dataset, cancel_refresh, call_operation's writes); each asks the person first through the client.")
    var allowWrites = false

    @Flag(help: "With --allow-writes: write without asking (for clients that cannot ask).")
    var noConfirm = false

    @Flag(help: "Never offer a write tool, whatever else is given.")
    var readOnly = false

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if noConfirm && !allowWrites { throw ValidationError("--no-confirm goes with --allow-writes") }
    }

    var writes: WritePolicy { readOnly || !allowWrites ? .off : (noConfirm ? .noConfirm : .confirm) }

    func run() async throws {
        let variables = ProcessEnvironment.current
        // Standard input is the protocol, and nobody is at a prompt: an interactive sign-in works from the cache only.
        try await connection.withSession(personPresent: false) { session in
            let context = MCPContext(client: session.client, cloud: connection.demo ? .public : session.cloud, profile: connection.profile, auditPath: Self.auditPath(variables),
                                     storeFolder: StoreLocation.folder(environment: variables), writes: writes,
                                     daxEngines: DAXEngineMemory.path)
            try await PbituiMCP.serve(context, version: "0.1.0")
        }
    }

    /// `$XDG_STATE_HOME/pbitui/mcp-audit.jsonl` (else under `~/.local/state`).
    static func auditPath(_ environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/pbitui/mcp-audit.jsonl" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/pbitui/mcp-audit.jsonl"
    }
}
