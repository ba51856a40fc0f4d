import ArgumentParser
import APIDescriptions
import EntraAuth
import Foundation
import HTTPCore
import PowerBI
import TerminalSafety
import Tokens

/// `pbitui call OPERATION_ID [--PARAM VALUE]... [--body JSON|@FILE] [--yes]`: one operation of the Power BI
/// REST API by its id, its arguments checked against the description before anything is sent.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call", abstract: "Call an operation of the Power BI REST API by its id, its arguments checked first.",
        discussion: """
            Each parameter of the operation is a flag of its own: --groupId ID --datasetId ID --top 5 (a leading \
            $ may be left out; case does not matter). A missing required parameter, an unknown one or a value \
            outside an enum is bad usage (exit 2) and nothing is sent. Operations that change something \
            (POST, PUT, PATCH, DELETE) ask first at a terminal; --yes sends without asking, and elsewhere it is \
            required. The answer prints as `pbitui api` prints it; exit 0 for a 2xx answer, 1 otherwise. \
            `pbitui ops show OPERATION_ID` lists the parameters and a body to start from.
            """)

    @Argument(help: "The operation id, e.g. Datasets_GetRefreshHistoryInGroup.")
    var operationId: String

    @Option(help: "The request body: JSON text, or @FILE to read it from a file.")
    var body: String?

    @Flag(help: "Send an operation that changes something without asking.")
    var yes = false

    @Flag(help: "Send GET operations only.")
    var readOnly = false


    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var specs: SpecOptions

    @Option(help: "For an operation of a --spec description: the token's audience (a URL, or powerbi, fabric, graph, arm); by default https:// and the description's host.")
    var resource: String?

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var parameters: [String] = []

    func run() async throws {
        let descriptions = try specs.descriptions(profile: try connection.selectedProfile())
        let (operation, description) = try OpsShowCommand.find(operationId, in: descriptions)
        var pairs = try Self.pairs(parameters)
        let bodyData = try BodyArgument.read(body)
        var call: OperationCall
        do { call = try operation.call(pairs, body: bodyData) } catch {
            throw CLIError.usage(TerminalSafety.escape(error.message))
        }
        // Names where ids go are looked up once signed in (Power BI's operations); a GUID is used as given.
        let hasNames = description.isPowerBI ? try IdArguments.check(pairs, operation: operation) : false
        if operation.changesSomething {
            if readOnly { throw CLIError.usage("--read-only: \(operation.operationId) is a \(operation.method) that changes something; only reads are sent") }
            if !yes { try confirm(operation, call) }
        }
        try await connection.withSession { session in
            if hasNames {
                pairs = try await IdArguments.resolve(pairs, operation: operation, client: session.client)
                do throws(CallArgumentError) { call = try operation.call(pairs, body: bodyData) } catch {
                    throw CLIError.usage(TerminalSafety.escape(error.message))
                }
            }
            let client = description.isPowerBI ? session.client : try Self.client(for: description, resource: resource, session: session, demo: connection.demo)
            let relative = call.path.hasPrefix(client.basePath + "/") ? String(call.path.dropFirst(client.basePath.count)) : call.path
            let started = ContinuousClock.now
            do throws(PowerBIError) {
                let response = try await client.send(operation.method, relative, query: call.queryItems, body: call.body,
                                                     headers: HTTPHeaders(call.headers.map { HTTPHeaders.HTTPField(name: $0.key, value: $0.value) }))
                APICommand.report(response, since: started)
            } catch {
                if case let .service(service) = error, service.status == 501 {
                    throw CLIError.refused("the demo tenant does not model \(operation.operationId) (HTTP 501); a real tenant answers it")
                }
                throw CLIError.failure(error)
            }
        }
    }

    /// The client for an operation of another description: its host (https; plain http only to loopback),
    /// its base path, a token for `--resource` (a URL, or powerbi, fabric, graph, arm), else for the audience
    /// the description names, else for the host itself. The demo tenant reaches loopback hosts only.
    static func client(for description: APIDescription, resource: String?, session: Session, demo: Bool) throws -> PowerBIClient {
        var audience: String?
        if let resource, let known = APIResource(rawValue: resource.lowercased()) {
            guard let knownRoot = known.root(in: session.cloud) else { throw CLIError.usage("--resource: \(resource) is not available in this cloud") }
            audience = DefaultScope.resource(of: known.scope(in: session.cloud, root: knownRoot))
        } else if let resource {
            guard resource.hasPrefix("https://") || resource.hasPrefix("api://") else {
                throw CLIError.usage("--resource: '\(TerminalSafety.escape(resource))' is not an audience (https://… or api://…) nor one of powerbi, fabric, graph, arm")
            }
            audience = resource
        }
        let api: DescribedAPI
        do { api = try DescribedAPI(description, audience: audience) } catch {
            throw CLIError.usage("--spec: " + TerminalSafety.escape(error.description))
        }
        if demo, !api.isLoopback {
            throw CLIError.usage("--demo: the demo tenant serves the Power BI API only; \(TerminalSafety.escape(api.host)) needs a real tenant")
        }
        return session.client.client(for: api)
    }

    /// `--name value` and `--name=value` pairs, in order.
    static func pairs(_ words: [String]) throws -> [(String, String)] {
        var pairs: [(String, String)] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            guard word.hasPrefix("--"), word.count > 2 else {
                throw CLIError.usage("unexpected '\(TerminalSafety.escape(word))': parameters are given as --NAME VALUE")
            }
            let flag = word.dropFirst(2)
            if let equals = flag.firstIndex(of: "=") {
                pairs.append((String(flag[..<equals]), String(flag[flag.index(after: equals)...])))
                index += 1
            } else {
                guard index + 1 < words.count else { throw CLIError.usage("--\(TerminalSafety.escape(String(flag))) needs a value") }
                pairs.append((String(flag), words[index + 1]))
                index += 2
            }
        }
        return pairs
    }

    /// Asks at a terminal; elsewhere an operation that changes something needs --yes.
    private func confirm(_ operation: APIOperation, _ call: OperationCall) throws {
        let what = "\(operation.method) \(TerminalSafety.escape(call.path)) (\(operation.operationId))"
        guard isatty(STDIN_FILENO) != 0, isatty(STDERR_FILENO) != 0 else {
            throw CLIError.usage("\(what) changes something: add --yes to send it")
        }
        StandardError.write("Send \(what)? [y/N] ", newline: false)
        let answer = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else { throw CLIError.refused("not sent") }
    }
}
