import ArgumentParser
import EntraAuth
import Foundation
import HTTPCore
import PowerBI
import Tokens
import TerminalSafety

/// `pbitui api METHOD PATH`: one authenticated call, printed as the service answered it.
struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api", abstract: "Call an API with the signed-in identity and print the answer.",
        discussion: """
            PATH is relative to the resource's API (`/groups` means {api-root}/v1.0/myorg/groups for Power BI, \
            /v1/workspaces for Fabric); a full URL must be on that resource's host, because its token goes \
            nowhere else. The status line goes to standard error, the body (pretty JSON when it is JSON) to \
            standard output. Exit 0 for a 2xx answer, 1 otherwise.
            """)

    @Argument(help: "GET, POST, PUT, PATCH or DELETE.")
    var method: String

    @Argument(help: "The path, e.g. /groups or /groups/ID/datasets.")
    var path: String

    @Option(help: "The request body: JSON text, or @FILE to read it from a file.")
    var body: String?

    @Option(help: "powerbi, fabric, graph or arm.")
    var resource: String = "powerbi"


    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let method = self.method.uppercased()
        guard ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"].contains(method) else {
            throw CLIError.usage("METHOD: '\(self.method)' is not GET, POST, PUT, PATCH or DELETE")
        }
        guard let resource = APIResource(rawValue: resource.lowercased()) else {
            throw CLIError.usage("--resource: '\(resource)' is not one of \(APIResource.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let bodyData = try BodyArgument.json(body)?.data
        try await connection.withSession { session in
            try await call(method, resource: resource, body: bodyData, session: session)
        }
    }

    private func call(_ method: String, resource: APIResource, body: Data?, session: Session) async throws {
        let client: PowerBIClient
        do { client = try session.client.client(for: resource, cloud: session.cloud) } catch {
            throw CLIError.usage("--resource \(resource.rawValue): \(error.description)")
        }
        let root = client.apiRoot
        let started = ContinuousClock.now
        do {
            let (relative, query) = try resource.relativePath(path, root: root)
            // No automatic retry for anything but GET (the client's policy); a 429 is reported, not slept through silently.
            let response = try await client.send(method, relative, query: query, body: body)
            Self.report(response, since: started)
        } catch {
            throw CLIError.failure(error)
        }
    }

    /// The status line (status, time, RequestId) on standard error, the body on standard output: pretty
    /// JSON when it is JSON, otherwise the text with control characters escaped. `call` prints the same way.
    static func report(_ response: HTTPResponse, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        StandardError.write("HTTP \(response.status) · \(elapsed.formatted(.units(allowed: [.milliseconds], width: .narrow)))"
                            + (response.headers["RequestId"].map { " · RequestId \(TerminalSafety.escape($0))" } ?? ""))
        print(response)
    }

    private static func print(_ response: HTTPResponse) {
        guard !response.body.isEmpty else { return }
        if let json = try? JSONValue.parse(response.body) {
            StandardOutput.write(json.serialized(pretty: true))
        } else {
            StandardOutput.write(TerminalSafety.escape(response.bodyText))
        }
    }
}
