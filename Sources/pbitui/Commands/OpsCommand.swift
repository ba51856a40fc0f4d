import ArgumentParser
import APIDescriptions
import Config
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
            Read from the official OpenAPI description compiled into pbitui; nothing is sent. SEARCH matches \
            every word in the operation id, summary, path or description, ignoring case.
            """,
        subcommands: [OpsListCommand.self, OpsShowCommand.self], defaultSubcommand: OpsListCommand.self)
}

extension OpsCommand {
    /// The profile named by `--profile`, or the config file's default one (its `specs` are read).
    static func profile(_ name: String?) throws -> Profile? {
        try ConnectionOptions.parse(name.map { ["--profile", $0] } ?? []).selectedProfile()
    }
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

    @OptionGroup var specs: SpecOptions

    @Option(help: "The profile of config.toml whose `specs` are read too.")
    var profile: String?

    func run() async throws {
        let descriptions = try specs.descriptions(profile: try OpsCommand.profile(profile))
        let tags = Set(descriptions.flatMap(\.tags))
        if let tag, !tags.contains(where: { $0.caseInsensitiveCompare(tag) == .orderedSame }) {
            throw CLIError.usage("--tag: no tag '\(TerminalSafety.escape(tag))'; the tags are \(tags.sorted().joined(separator: ", "))")
        }
        let query = search.joined(separator: " ")
        let found = descriptions.flatMap { description in description.search(query, tag: tag).map { ($0, description.title) } }
        let several = descriptions.count > 1
        switch output {
        case .json:
            let objects = found.map { operation, api -> JSONValue in
                var object = operation.listingJSON.objectValue ?? JSONObject()
                object["api"] = .string(api)
                return .object(object)
            }
            StandardOutput.write(bytes: JSONValue.array(objects).serializedBytes(pretty: true))
        case .table:
            guard !found.isEmpty else {
                StandardError.write("No operation matches \(TerminalSafety.escape(search.joined(separator: " ")))")
                throw ExitCode(1)
            }
            let rows = found.map { operation, api in
                (several ? [api] : []) + [operation.tag, operation.method, operation.operationId, operation.path,
                                          operation.servicePrincipal.word, operation.scopes.joined(separator: " | ")]
            }
            StandardOutput.write(PlainTable.format(headers: (several ? ["API"] : []) + ["TAG", "METHOD", "OPERATION", "PATH", "SP", "SCOPES"],
                                                   rows: rows, maximumColumnWidth: 90))
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

    @OptionGroup var specs: SpecOptions

    @Option(help: "The profile of config.toml whose `specs` are read too.")
    var profile: String?

    func run() async throws {
        let (operation, description) = try Self.find(operationId, in: try specs.descriptions(profile: try OpsCommand.profile(profile)))
        let example = operation.body?.schema.map { description.example(for: $0) }
        switch output {
        case .json:
            StandardOutput.write(bytes: operation.detailJSON(example: example).serializedBytes(pretty: true))
        case .text:
            StandardOutput.write(TerminalSafety.escape(Self.text(operation, example: example), keepingLineBreaks: true))
        }
    }

    /// The operation with this id (in the first description that has it), or bad usage naming the closest ids.
    static func find(_ id: String, in descriptions: [APIDescription]) throws -> (APIOperation, APIDescription) {
        if let found = descriptions.operation(id: id) { return found }
        // Nearest by edit distance first (a typo), then those sharing a word of the id.
        let ids = descriptions.flatMap(\.operations).map(\.operationId)
        let words = id.lowercased().split(whereSeparator: { $0 == "_" || $0.isWhitespace }).map(String.init)
        var close = DidYouMean.closest(to: id, among: ids)
        if close.isEmpty {
            close = descriptions.flatMap(\.operations).filter { operation in
                words.contains { operation.operationId.lowercased().contains($0) }
            }.prefix(5).map(\.operationId)
        }
        let hint = close.isEmpty ? "; `pbitui ops SEARCH` finds operations" : "; did you mean \(close.joined(separator: ", "))?"
        let apis = descriptions.count == 1 ? "the Power BI REST API" : "the Power BI REST API or the --spec descriptions"
        throw CLIError.usage("no operation '\(TerminalSafety.escape(id))' in \(apis)\(hint)")
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
