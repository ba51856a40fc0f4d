import APIDescriptions
import ArgumentParser
import Automate
import EntraAuth
import Foundation
import HTTPCore
import PowerBI
import TerminalSafety
import Tokens

/// `pbitui automate OPERATION_ID|'METHOD PATH' [--PARAM VALUE]...`: the four ways to make the call from
/// Power Automate or Logic Apps, with a verdict for this call and identity, and the files to paste.
struct AutomateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "automate", abstract: "Write the call as a Power Automate / Logic Apps flow, four ways, with a verdict for each.",
        discussion: """
            The four ways: (1) an HTTP action with a service principal (ActiveDirectoryOAuth; the secret from \
            Key Vault, or --way1-certificate), (2) an HTTP action with a user's password (the password grant, then \
            the call), (3) a custom connector with Entra ID OAuth (a folder paconn reads), (4) the "HTTP with \
            Microsoft Entra ID (preauthorized)" connector. Each gets a verdict (works, conditional, fails) with \
            its reasons, from the operation's rules and, when pbitui signs in (--demo, --auth, a profile), the \
            identity. The files hold no secret: placeholders, parameters and Key Vault references only. \
            --flow refresh-and-wait writes whole flows that start a refresh and wait for its end. \
            --try sends the call each way would: way 1 with the session's client credentials, way 2 with the \
            password grant as the flow sends it (the app's id and secret, --username or AZURE_USERNAME, and \
            AZURE_PASSWORD), ways 3 and 4 with the session's delegated sign-in; a way pbitui cannot try is \
            skipped with the reason.
            """)

    enum Way: String, ExpressibleByArgument, CaseIterable { case one = "1", two = "2", three = "3", four = "4", all }
    enum Flow: String, ExpressibleByArgument, CaseIterable { case refreshAndWait = "refresh-and-wait" }
    /// `text` is DESIGN.md's name for the verdict table; `table` is kept as its synonym, as `ops` says it.
    enum Output: String, ExpressibleByArgument, CaseIterable { case text, table, json }

    @Argument(help: "An operation id (Datasets_RefreshDatasetInGroup) or 'METHOD PATH' (a Power BI path, as `pbitui api` takes it).")
    var call: String

    @Option(help: "The request body: JSON text, or @FILE to read it from a file.")
    var body: String?

    @Option(help: "Which ways to write: 1, 2, 3, 4 or all.")
    var way: Way = .all

    @Option(help: "Write a whole flow instead of one call: refresh-and-wait (for a dataset refresh).")
    var flow: Flow?

    @Flag(name: .customLong("way1-certificate"), help: "Way 1 with a certificate (a base64 PFX and its password as secure parameters) instead of a Key Vault secret.")
    var certificate = false

    @Option(help: ArgumentHelp("The folder the files go to.", valueName: "dir"))
    var out: String = "pbitui-automate"

    @Option(help: "text (the verdict table; also: table) or json.")
    var output: Output = .text

    @Flag(name: .customLong("try"), help: "Try each way's authentication against the tenant pbitui signs in to, and report the HTTP status and RequestId.")
    var tryIt = false

    @Flag(help: "With --try: send a call that changes something (it is sent once per way) without asking.")
    var yes = false


    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var specs: SpecOptions

    @Option(help: "For an operation of a --spec description: the token's audience (a URL), by default the description's.")
    var resource: String?

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var parameters: [String] = []

    func run() async throws {
        let descriptions = try specs.descriptions(profile: try connection.selectedProfile())
        var identity = AutomateIdentity.unknown
        var cloud = Cloud.public
        let signsIn = try connection.demo || connection.choosesMethod()
        if tryIt, !signsIn { throw CLIError.usage("--try needs a sign-in: --demo, --auth …, a profile, or AZURE_* settings") }
        var session: Session?
        if signsIn {
            let opened = try await connection.open()
            if !connection.demo { cloud = opened.cloud }
            identity = await Self.identity(opened)
            session = opened
        }
        do {
            try await run(descriptions: descriptions, session: session, identity: identity, cloud: cloud)
            await session?.close()
        } catch {
            await session?.close()
            throw error
        }
    }

    private func run(descriptions: [APIDescription], session: Session?, identity: AutomateIdentity, cloud: Cloud) async throws {
        let main = try await resolve(call, descriptions: descriptions, cloud: cloud, session: session)
        if tryIt, main.changesSomething, !yes {
            throw CLIError.usage("--try sends \(main.method) \(TerminalSafety.escape(main.url.path)) once for each way: add --yes to send it")
        }
        var calls = [main]
        if flow == .refreshAndWait {
            guard let history = main.refreshHistory() else {
                throw CLIError.usage("--flow refresh-and-wait: \(TerminalSafety.escape(main.label)) is not a refresh (POST …/datasets/{id}/refreshes)")
            }
            calls.append(history)
        }
        let ways = way == .all ? AutomateWay.allCases : [AutomateWay(rawValue: Int(way.rawValue) ?? 1) ?? .servicePrincipal]
        let advice = AutomateAdvisor.advise(main, identity: identity).filter { ways.contains($0.way) }
        var written: [AutomateWay: [String]] = [:]
        for way in ways { written[way] = try write(way, calls: calls, identity: identity) }
        var tried: [AutomateWay: AutomateTrial.Outcome] = [:]
        if tryIt, let session {
            let environment = ProcessEnvironment.current
            let trial = AutomateTrial(session: session, username: connection.username ?? environment["AZURE_USERNAME"],
                                      password: environment["AZURE_PASSWORD"])
            for way in ways { tried[way] = await trial.run(way, main) }
        }
        switch output {
        case .json:
            let objects = advice.map { item -> JSONValue in
                .object(JSONObject([
                    ("way", .int(item.way.rawValue)), ("title", .string(item.way.title)), ("verdict", .string(item.verdict.rawValue)),
                    ("reasons", .array(item.reasons.map(JSONValue.string))), ("pros", .array(item.way.pros.map(JSONValue.string))),
                    ("cons", .array(item.way.cons.map(JSONValue.string))), ("files", .array((written[item.way] ?? []).map(JSONValue.string))),
                ] + (tried[item.way].map { [("tried", $0.json)] } ?? [])))
            }
            print(JSONValue.array(objects).serialized(pretty: true))
        case .text, .table:
            if let readyMade = AutomateAdvisor.readyMade(main) { print("Simplest: \(readyMade).\n") }
            for item in advice {
                print("\(item.way.rawValue)  \(item.verdict.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0))\(item.way.title)")
                for reason in item.reasons { print("   · \(TerminalSafety.escape(reason))") }
                print("   + \(item.way.pros.joined(separator: "; "))")
                print("   − \(item.way.cons.joined(separator: "; "))")
                for file in written[item.way] ?? [] { print("   → \(TerminalSafety.escape(file))") }
                if let outcome = tried[item.way] { print("   ⇒ tried: \(TerminalSafety.escape(outcome.line))") }
                print("")
            }
        }
        // Exit 1 when a way that was tried failed (skipped ways do not count), 0 when every tried way worked.
        let failed = ways.filter { tried[$0]?.failed == true }
        if !failed.isEmpty {
            throw CLIError.refused("way \(failed.map { String($0.rawValue) }.joined(separator: ", ")) failed when tried")
        }
    }

    /// Who the session's token is: an app or a user, its scopes, whether the user passed MFA.
    static func identity(_ session: Session) async -> AutomateIdentity {
        await AutomateTrying.identity(of: session.client)
    }

    /// The call the argument names, with its URL on the cloud's hosts.
    private func resolve(_ text: String, descriptions: [APIDescription], cloud: Cloud, session: Session?) async throws -> AutomateCall {
        let bodyValue = try BodyArgument.json(body)?.json
        if text.contains(" ") {
            if !parameters.isEmpty { throw CLIError.usage("--PARAM values go with an operation id; put them in the path") }
            let built: AutomateCall?
            do throws(PowerBIError) { built = try AutomateCall.powerBIPath(text, body: bodyValue, cloud: cloud) } catch {
                throw CLIError.usage(TerminalSafety.escape(error.description))
            }
            guard let built else { throw CLIError.usage("'\(TerminalSafety.escape(text))': give an operation id or 'METHOD PATH'") }
            return built
        }
        let (operation, description) = try OpsShowCommand.find(text, in: descriptions)
        var pairs = try CallCommand.pairs(parameters)
        let bodyData = bodyValue.map { Data($0.serialized().utf8) }
        do { _ = try operation.call(pairs, body: bodyData) } catch {
            throw CLIError.usage(TerminalSafety.escape(error.message))
        }
        // Names where ids go are looked up with the sign-in, as `call` does; ids are used as given.
        if description.isPowerBI, try IdArguments.check(pairs, operation: operation) {
            if let session {
                pairs = try await IdArguments.resolve(pairs, operation: operation, client: session.client)
            } else {
                // Without a sign-in nothing can be looked up: the files take the values as given (placeholders
                // are common in templates), and the person is told.
                StandardError.write("pbitui: warning: values that are not ids are written as given; sign in (--demo, --auth …, a profile) to have names looked up")
            }
        }
        let call: OperationCall
        do { call = try operation.call(pairs, body: bodyData) } catch {
            throw CLIError.usage(TerminalSafety.escape(error.message))
        }
        let root: URL
        let audience: String
        if description.isPowerBI {
            root = cloud.apiRoot
            audience = cloud.powerBIResource
        } else {
            let api: DescribedAPI
            do { api = try DescribedAPI(description, audience: resource) } catch { throw CLIError.usage("--spec: " + TerminalSafety.escape(error.description)) }
            root = api.root
            audience = api.audience
        }
        guard let built = AutomateCall.operation(operation, call, description: description, root: root, audience: audience,
                                                 authorityHost: cloud.authorityHost) else {
            throw CLIError.usage("\(operation.operationId): the path does not make a URL")
        }
        return built
    }

    /// Writes one way's files into `out` (each atomically); their paths.
    private func write(_ way: AutomateWay, calls: [AutomateCall], identity: AutomateIdentity) throws -> [String] {
        let folder = (out as NSString).standardizingPath
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw CLIError.usage("--out: cannot create \(TerminalSafety.escape(folder))")
        }
        let files = AutomateFiles.files(way, calls: calls, identity: identity, certificate: certificate,
                                        flow: flow == .refreshAndWait ? .refreshAndWait : nil)
        var paths: [String] = []
        for (name, text) in files {
            let path = folder + "/" + name
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw CLIError.usage("--out: cannot write \(TerminalSafety.escape(path))")
            }
            paths.append(path)
        }
        return paths
    }

}
