import ArgumentParser
import Foundation
import HTTPCore
import Inventory
import MCPServer

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
            describe_operation. Every call is appended to $XDG_STATE_HOME/pbitui/mcp-audit.jsonl. Sign in once with \
            `pbitui token` for a method that needs a person (device code, browser): the server itself cannot ask.
            """)

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let variables = ProcessEnvironment.current
        // Standard input is the protocol, and nobody is at a prompt: an interactive sign-in works from the cache only.
        try await connection.withSession(personPresent: false) { session in
            let context = MCPContext(client: session.client, profile: connection.profile, auditPath: Self.auditPath(variables),
                                     storeFolder: StoreLocation.folder(environment: variables))
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
