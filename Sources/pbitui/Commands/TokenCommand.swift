import ArgumentParser
import EntraAuth
import PowerBI
import Foundation
import Tokens
import TerminalSafety

/// `pbitui token`: signs in and describes the access token; `--raw` prints the token itself, and nothing
/// else in pbitui ever prints a whole token.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Sign in and show the access token's type, expiry, scopes, tenant and client.")

    enum Output: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "text or json.")
    var output: Output = .text

    @Flag(help: "Print the access token alone (for piping into other tools).")
    var raw = false


    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let token: AccessToken = try await connection.withSession { session in
            do throws(AuthError) { return try await session.auth.credential.token(for: session.client.scope) } catch { throw Session.cliError(for: error) }
        }
        if raw {
            StandardOutput.write(token.value)
            return
        }
        let expires = ISO8601DateFormatter().string(from: token.expiresOn)
        switch output {
        case .json:
            let json: JSONValue = .object(JSONObject([
                ("tokenType", .string(token.tokenType)),
                ("expiresOn", .string(expires)),
                ("scopes", .array(token.scopes.map(JSONValue.string))),
                ("tenantId", token.tenantId.map(JSONValue.string) ?? .null),
                ("clientId", token.clientId.map(JSONValue.string) ?? .null),
                ("kind", .string(token.kind.rawValue)),
                ("audience", token.audience.map(JSONValue.string) ?? .null),
            ]))
            StandardOutput.write(json.serialized(pretty: true))
        case .text:
            let minutes = Int(token.expiresOn.timeIntervalSinceNow / 60)
            StandardOutput.write("""
                kind       \(token.kind == .app ? "app only (service principal)" : "delegated (app + user)")
                audience   \(TerminalSafety.escape(token.audience ?? "?"))
                tenant     \(TerminalSafety.escape(token.tenantId ?? "?"))
                client     \(TerminalSafety.escape(token.clientId ?? "?"))
                scopes     \(TerminalSafety.escape(token.scopes.joined(separator: " ")))
                expires    \(HumanTime.local(token.expiresOn)) (in \(minutes) min)
                """)
        }
    }
}
