import ArgumentParser
import Doctor
import Foundation
import PowerBI
import TerminalSafety
import Tokens

/// `pbitui doctor`: what this identity can do in this tenant, probed side by side with requests that change
/// nothing, and the setting or role to change where it cannot (docs/DOCTOR.md).
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", abstract: "Probe what this identity can do in this tenant, and name the setting to change where it cannot.",
        discussion: """
            Checks, side by side, with requests that change nothing: sign-in, power-bi-api, workspaces, admin-api, \
            scanner, activity-log, execute-queries, execute-dax-queries, refresh, fabric-api, four-ways. Each row \
            has a status (works, fails, unknown when the probe could not decide, skipped with the reason), the \
            evidence (HTTP status, error code and RequestId, or the claim read from the token) and, where it \
            fails, what to do in the admin portal's words. Exit 0 when every probe that ran works, 1 when any \
            fails, 2 for bad usage. --output json prints an array of {check, status, evidence, advice}.
            """)

    enum Output: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Option(help: "table or json.")
    var output: Output = .table

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let rows = try await connection.withSession { session in
            await Doctor(client: session.client, method: session.auth.method.rawValue,
                             fabricRoot: Self.fabricRoot(session, demo: connection.demo)).run()
        }
        switch output {
        case .json: print(JSONValue.array(rows.map(\.json)).serialized(pretty: true))
        case .table: print(Self.table(rows), terminator: "")
        }
        let failing = rows.filter { $0.status == .fails }.map(\.check)
        if !failing.isEmpty { throw CLIError.refused("\(failing.count) check\(failing.count == 1 ? "" : "s") fail: " + failing.joined(separator: ", ")) }
    }

    /// Fabric's root in the session's cloud; none against the demo tenant or a loopback API root (a simulator).
    static func fabricRoot(_ session: Session, demo: Bool) -> URL? {
        let host = session.client.apiRoot.host ?? ""
        guard !demo, host != "127.0.0.1", host != "localhost", host != "::1" else { return nil }
        return APIResource.fabric.root(in: session.cloud)
    }

    /// CHECK, STATUS, EVIDENCE, and the advice under a failing row.
    static func table(_ rows: [DoctorRow]) -> String {
        let width = rows.map(\.check.count).max() ?? 5
        var text = "CHECK".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "STATUS   EVIDENCE\n"
        for row in rows {
            text += row.check.padding(toLength: width + 2, withPad: " ", startingAt: 0) + row.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                + TerminalSafety.escape(row.evidence) + "\n"
            if let advice = row.advice { text += String(repeating: " ", count: width + 11) + "→ " + TerminalSafety.escape(advice) + "\n" }
        }
        return text
    }
}
