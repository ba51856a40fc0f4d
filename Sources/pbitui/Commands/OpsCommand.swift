import ArgumentParser
import APIDescriptions
import Foundation
import PowerBI
import TerminalSafety
import TerminalUI
import Tokens

/// `pbitui ops [SEARCH]` and `pbitui ops show OPERATION_ID`: the operations of the Power BI REST API, from
/// its official description (compiled in): what each needs, and whether a service principal may call it.
struct OpsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ops", abstract: "Find the operations of the Power BI REST API and what each needs.",
        discussion: """
            Read from the official OpenAPI description compiled into pbitui; nothing is sent. SEARCH matches
            every word in the operation id, summary, path or description, ignoring case.
            """,
        subcommands: [OpsListCommand.self, OpsShowCommand.self], defaultSubcommand: OpsListCommand.self)
}

struct OpsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List operations, grouped by tag (the default of `pbitui ops`).")

    enum Output: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: "Words that must all appear in the operation id, summary, path or description.")
    var search: [String] = []

    @Option(help: "Only the operations of this tag (Datasets, Reports, Admin, …).")
    var tag: String?

    @Option(help: "table or json.")
    var output: Output = .table

    func run() async throws {
        let description = OperationCatalogue.powerBI
        if let tag, !description.tags.contains(where: { $0.caseInsensitiveCompare(tag) == .orderedSame }) {
            throw CLIError.usage("--tag: no tag '\(TerminalSafety.escape(tag))'; the tags are \(description.tags.sorted().joined(separator: ", "))")
        }
        let found = description.search(search.joined(separator: " "), tag: tag)
        switch output {
        case .json:
            StandardOutput.write(bytes: JSONValue.array(found.map(\.listingJSON)).serializedBytes(pretty: true))
        case .table:
            guard !found.isEmpty else {
                StandardError.write("No operation matches \(TerminalSafety.escape(search.joined(separator: " ")))")
                throw ExitCode(1)
            }
            let rows = found.map { operation in
                [operation.tag, operation.method, operation.operationId, operation.path,
                 operation.servicePrincipal.word, operation.scopes.joined(separator: " | ")]
            }
            StandardOutput.write(PlainTable.format(headers: ["TAG", "METHOD", "OPERATION", "PATH", "SP", "SCOPES"], rows: rows,
                                                   maximumColumnWidth: 90))
        }
    }
}

struct OpsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one operation: path, scopes, service principals, parameters, body, description.")

    enum Output: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The operation id, e.g. Datasets_GetRefreshHistoryInGroup (case does not matter).")
    var operationId: String

    @Option(help: "text or json.")
    var output: Output = .text

    func run() async throws {
        let description = OperationCatalogue.powerBI
        let operation = try Self.find(operationId, in: description)
        let example = operation.body?.schema.map { description.example(for: $0) }
        switch output {
        case .json:
            StandardOutput.write(bytes: operation.detailJSON(example: example).serializedBytes(pretty: true))
        case .text:
            StandardOutput.write(TerminalSafety.escape(Self.text(operation, example: example), keepingLineBreaks: true))
        }
    }

    /// The operation with this id, or bad usage naming the closest ids.
    static func find(_ id: String, in description: APIDescription) throws -> APIOperation {
        if let operation = description.operation(id: id) { return operation }
        let words = id.lowercased().split(whereSeparator: { $0 == "_" || $0.isWhitespace }).map(String.init)
        let close = description.operations.filter { operation in
            words.contains { operation.operationId.lowercased().contains($0) }
        }.prefix(5).map(\.operationId)
        let hint = close.isEmpty ? "; `pbitui ops SEARCH` finds operations" : "; did you mean \(close.joined(separator: ", "))?"
        throw CLIError.usage("no operation '\(TerminalSafety.escape(id))' in the Power BI REST API\(hint)")
    }

    static func text(_ operation: APIOperation, example: JSONValue?) -> String {
        var lines = [operation.operationId, "\(operation.method) \(operation.path)", ""]
        if !operation.summary.isEmpty { lines += [MarkdownText.plain(operation.summary), ""] }
        lines.append("Tag:                \(operation.tag)\(operation.isAdmin ? " (administrator operation)" : "")")
        lines.append("Delegated scopes:   \(operation.scopes.isEmpty ? "none stated" : operation.scopes.joined(separator: " or "))")
        var support = operation.servicePrincipal.word
        if let condition = operation.servicePrincipal.condition { support += ": " + condition }
        lines.append("Service principals: \(support)")
        if operation.changesSomething { lines.append("Changes something:  yes (\(operation.method)); `pbitui call` asks first") }
        if operation.deprecated { lines.append("Deprecated:         yes") }
        let plain = operation.parameters.filter { $0.location != .body }
        if !plain.isEmpty {
            lines += ["", "Parameters:"]
            let rows = plain.map { parameter in
                [parameter.name, parameter.location.rawValue, parameter.type + (parameter.format.map { " (\($0))" } ?? ""),
                 parameter.required ? "required" : "optional",
                 (parameter.choices.isEmpty ? "" : "one of " + parameter.choices.joined(separator: ", ") + ". ") + MarkdownText.plain(parameter.summary)]
            }
            lines += PlainTable.format(headers: ["NAME", "IN", "TYPE", "", "DESCRIPTION"], rows: rows, maximumColumnWidth: 70)
                .split(separator: "\n").map { "  " + $0 }
        }
        if let body = operation.body {
            lines += ["", "Body: \(body.type)\(body.required ? " (required)" : "")"]
            if let example {
                lines += String(decoding: example.serializedBytes(pretty: true), as: UTF8.self).split(separator: "\n").map { "  " + $0 }
            }
        }
        let prose = MarkdownText.lines(operation.description)
        if !prose.isEmpty {
            lines += [""]
            lines += prose.map { $0.kind == .heading ? $0.text.uppercased() : $0.text.isEmpty ? "" : "  " + $0.text }
        }
        return lines.joined(separator: "\n")
    }
}
