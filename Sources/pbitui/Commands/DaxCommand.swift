import APIDescriptions
import ArgumentParser
import Foundation
import ListOutput
import PowerBI
import TerminalSafety
import TerminalUI
import Tokens

/// `pbitui dax`: runs one DAX query against a dataset through executeQueries and prints its rows as a table,
/// CSV or JSON. Exit 0 with the rows; 1 when the service refused the query (its message on stderr) or cut the
/// result short (the rows written, the service's message on stderr); 2 for bad usage, including a query with
/// several EVALUATEs (nothing is sent).
struct DaxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dax", abstract: "Run a DAX query against a dataset and print the rows (Execute DAX Queries where it answers, else executeQueries).",
        discussion: """
            The query comes as an argument, from --file, or from standard input with '-'. --engine auto (the \
            default) asks the Arrow engine (executeDaxQueries: models on a capacity, several EVALUATEs, no row \
            cap) and falls back to executeQueries where it does not answer, remembering which answered each \
            dataset; --engine json and arrow ask one. Several result sets print one after the other (a blank line \
            between; JSON: an array of result sets); --result N picks one. executeQueries runs one \
            query with one EVALUATE a call, and answers at most 100,000 rows, 1,000,000 values or 15 MB: a \
            longer result is printed as far as it came, the service's message goes to stderr, and the exit \
            status is 1. Columns are the keys the service writes (Table[Column], [Measure]), in the order they \
            first appear: a blank value is left out of its row unless --include-nulls. CSV follows the rules of \
            `ls --output csv`; JSON is one array of objects with every column (null where blank).
            """)

    enum Output: String, ExpressibleByArgument, CaseIterable { case table, csv, json, arrow }
    enum Engine: String, ExpressibleByArgument, CaseIterable { case auto, json, arrow }

    @Option(help: "The workspace: its id, its name, or `me` for My workspace.")
    var workspace: String

    @Option(help: "The dataset: its id, or its name in the workspace.")
    var dataset: String

    @Argument(help: "The DAX query, or '-' to read it from standard input.")
    var query: String?

    @Option(help: "Read the query from this file.")
    var file: String?

    @Option(help: "table, csv, json, or arrow (the Arrow IPC streams as received; the Arrow engine only).")
    var output: Output = .table

    @Option(help: "auto (the Arrow engine where it answers, remembered per dataset; executeQueries otherwise), json (executeQueries) or arrow (executeDaxQueries).")
    var engine: Engine = .auto

    @Option(help: "With several EVALUATEs: print only result set N (1 is the first).")
    var result: Int?

    @Option(help: "Rows per result set at most (the Arrow engine has no cap of its own; executeQueries stops at 100,000).")
    var maxRows: Int?

    @Flag(help: "Print the Arrow engine's execution metrics on standard error.")
    var metrics = false

    @Option(help: "Seconds the query may run: sent to the Arrow engine (queryTimeout); with either engine, pbitui waits that long for the answer (the Arrow engine's 30 s more). Without it, 60 s.")
    var timeout: Int?

    @Flag(help: "Say which engine answered, and why auto fell back to executeQueries.")
    var verbose = false

    @Option(help: "Run the query as this user (impersonatedUserName), to test row-level security.")
    var impersonate: String?

    @Flag(help: "Keep blank values in the rows (serializerSettings.includeNulls).")
    var includeNulls = false


    @OptionGroup var connection: ConnectionOptions

    /// Queries past this size are refused before reading on (the service's own limit is far below it).
    static let maximumQueryBytes = 1 << 20

    func queryText() throws -> String {
        let sources = [query != nil, file != nil].filter { $0 }.count
        guard sources == 1 else {
            throw CLIError.usage(sources == 0 ? "give the query as an argument, with --file PATH, or '-' to read standard input"
                                              : "give the query once: as an argument or with --file, not both")
        }
        let data: Data
        if let file {
            guard let read = FileManager.default.contents(atPath: file) else { throw CLIError.usage("--file: cannot read '\(TerminalSafety.escape(file))'") }
            data = read
        } else if query == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = Data(query!.utf8)
        }
        guard data.count <= Self.maximumQueryBytes else { throw CLIError.usage("the query is \(data.count) bytes; pbitui sends queries up to 1 MiB") }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError.usage("the query is not UTF-8 text") }
        let stripped = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        if stripped.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw CLIError.usage("the query is empty (nothing was sent)") }
        if engine == .json, let problem = DAXQueryText.problem(stripped) { throw CLIError.usage(problem + " (nothing was sent; --engine arrow takes several)") }
        return stripped
    }

    func validate() throws {
        if output == .arrow, engine == .json { throw ValidationError("--output arrow goes with the Arrow engine (--engine arrow or auto)") }
        if let maxRows, maxRows < 1 { throw ValidationError("--max-rows must be at least 1") }
        if let result, result < 1 { throw ValidationError("--result counts from 1") }
        if let timeout, !(1...86_400).contains(timeout) { throw ValidationError("--timeout: seconds from 1 to 86400") }
    }

    func run() async throws {
        let text = try queryText()
        try await connection.withSession { session in
            try await execute(text, client: session.client)
        }
    }

    private func execute(_ text: String, client: PowerBIClient) async throws {
        let scope = try await WorkspaceArgument.resolve(workspace, client: client).scope
        let datasetId = try await DatasetArgument.resolve(dataset, in: scope, client: client)
        if engine == .arrow || (engine == .auto && !DAXEngineMemory.usesJSON(datasetId)) {
            guard let reason = try await executeArrow(text, datasetId: datasetId, scope: scope, client: client) else { return }
            if verbose { StandardError.write("pbitui: the Arrow engine did not answer (\(TerminalSafety.escape(reason))); using executeQueries") }
        } else if verbose {
            StandardError.write("pbitui: executeQueries (the Arrow engine did not answer this dataset before)")
        }
        if output == .arrow { throw CLIError.refused("--output arrow: the Arrow engine did not answer this dataset (executeQueries answers JSON)") }
        if let problem = DAXQueryText.problem(text) { throw CLIError.refused(problem + "; the Arrow engine, which takes several, did not answer this dataset") }
        let request = DAXRequest(query: text, impersonate: impersonate, includeNulls: includeNulls, timeout: timeout)
        let result: DAXResult
        do {
            result = try await client.executeQuery(request, dataset: datasetId, in: scope)
        } catch {
            var failure = error
            if let service = error.service, service.status == 401, (try? await client.currentToken())?.kind == .app,
               let object = try? await client.getJSON(scope.prefix + "/datasets/" + FormEncodingPath.segment(datasetId)) {
                failure = DAXFailure.from(.service(service), isApp: true, rowLevelSecurity: object["isEffectiveIdentityRequired"]?.boolValue)
            }
            throw CLIError.refused(failure.description)
        }
        let shown = maxRows.map { DAXResult(columns: result.columns, rows: Array(result.rows.prefix($0)), truncation: result.truncation, label: result.label, body: result.body) } ?? result
        StandardStream.write(Self.format(shown, as: output), to: STDOUT_FILENO)
        if let truncation = result.truncation {
            throw CLIError.refused("the result is cut short: \(TerminalSafety.escape(truncation)) (\(result.rows.count) rows written)")
        }
    }

    static func format(_ result: DAXResult, as output: Output) -> [UInt8] {
        switch output {
        case .table:
            let rows = result.rows.map { $0.map(DAXResult.text) }
            return Array((PlainTable.format(headers: result.columns, rows: rows) + "\n").utf8)
        case .csv, .arrow:
            return CSVOutput.bytes(headers: result.columns, rows: result.rows.lazy.map { $0.lazy.map(DAXResult.text) })
        case .json:
            return result.jsonRows().serializedBytes() + [0x0A]
        }
    }
}
