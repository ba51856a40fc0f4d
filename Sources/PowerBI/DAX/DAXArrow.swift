public import ArrowIPC
public import Foundation
import APIDescriptions
import HTTPCore
import Tokens

/// A request to Execute DAX Queries (`executeDaxQueries`, reference/execute-dax-queries.md §2): several
/// `EVALUATE`s may go in one query. Where the documentation spells an option two ways, both are sent.
public struct DAXArrowRequest: Sendable, Hashable {
    public var query: String
    /// Seconds (`queryTimeout` in the reference, `timeout` in the samples).
    public var timeout: Int?
    /// Rows per result set at most (`resultSetRowCountLimit`, `resultsetRowcountLimit`).
    public var rowLimit: Int?
    public var schemaOnly = false
    public var executionMetrics = false
    /// A user the query runs as (`effectiveUsername`), for row-level security.
    public var impersonate: String?

    public init(query: String, timeout: Int? = nil, rowLimit: Int? = nil, schemaOnly: Bool = false, executionMetrics: Bool = false,
                impersonate: String? = nil) {
        self.query = query
        self.timeout = timeout
        self.rowLimit = rowLimit
        self.schemaOnly = schemaOnly
        self.executionMetrics = executionMetrics
        self.impersonate = impersonate
    }

    public var body: Data {
        var members: [(key: String, value: JSONValue)] = [("query", .string(query))]
        if let timeout { members += [("queryTimeout", .int(timeout)), ("timeout", .int(timeout))] }
        if let rowLimit { members += [("resultSetRowCountLimit", .int(rowLimit)), ("resultsetRowcountLimit", .int(rowLimit))] }
        if schemaOnly { members.append(("schemaOnly", true)) }
        if executionMetrics { members.append(("executionMetrics", true)) }
        if let impersonate { members.append(("effectiveUsername", .string(impersonate))) }
        return Data(JSONValue.object(JSONObject(members)).serializedBytes())
    }
}

/// One `EVALUATE`'s result: its columns and rows, as the streams held them.
public struct DAXResultSet: Sendable {
    public let columns: [String]
    public let rows: [[ArrowValue]]

    public init(columns: [String], rows: [[ArrowValue]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// What Execute DAX Queries answered: the result sets in the order of their `EVALUATE`s, and the execution
/// metrics apart (`IsExecMetrics`).
public struct DAXArrowAnswer: Sendable {
    public let results: [DAXResultSet]
    public let metrics: [DAXResultSet]
    /// The streams as they came (`dax --output arrow` writes them).
    public var raw: [UInt8] = []

    /// Reads the streams; an error stream (`IsError`) is the failure the JSON engine would give: the message,
    /// its line and column, the engine's code (`FaultCode`). Broken bytes are a failure that says so.
    public static func read(_ bytes: [UInt8]) throws(DAXFailure) -> DAXArrowAnswer {
        final class Collected { var results: [DAXResultSet] = []; var columns: [String] = []; var rows: [[ArrowValue]] = [] }
        let collected = Collected()
        let metrics = try stream(bytes, start: { schema in
            collected.columns = schema.fields.map(\.name)
            collected.rows = []
        }, batch: { batch in
            for row in 0..<batch.count { collected.rows.append(batch.columns.map { $0[row] }) }
        }, end: {
            collected.results.append(DAXResultSet(columns: collected.columns, rows: collected.rows))
            collected.rows = []
        })
        return DAXArrowAnswer(results: collected.results, metrics: metrics)
    }

    /// The data streams handed over as they are read: `start` with each result set's schema, `batch` with each
    /// of its record batches (one batch in memory at a time), `end` after it. Metrics streams are kept and
    /// returned; an error stream is thrown as the failure. Nothing of a data stream is kept here.
    public static func stream(_ bytes: [UInt8], start: (ArrowSchema) throws(DAXFailure) -> Void, batch: (ArrowBatch) throws(DAXFailure) -> Void,
                              end: () throws(DAXFailure) -> Void) throws(DAXFailure) -> [DAXResultSet] {
        var reader = ArrowStreamReader(bytes)
        var metrics: [DAXResultSet] = []
        var schema: ArrowSchema?
        var special: [[ArrowValue]] = []
        while true {
            let item: ArrowStreamReader.Item?
            do throws(ArrowError) { item = try reader.next() } catch {
                throw DAXFailure(message: "the answer is not a readable Arrow stream: \(error)")
            }
            guard let item else { break }
            switch item {
            case let .schema(read):
                schema = read
                special = []
                if !isSpecial(read) { try start(read) }
            case let .batch(read):
                guard let current = schema else { continue }
                if isSpecial(current) {
                    for row in 0..<read.count { special.append(read.columns.map { $0[row] }) }
                } else {
                    try batch(read)
                }
            case .endOfStream:
                guard let done = schema else { continue }
                schema = nil
                if done[metadata: "IsError"]?.lowercased() == "true" { throw failure(done, special) }
                if done[metadata: "IsExecMetrics"]?.lowercased() == "true" {
                    metrics.append(DAXResultSet(columns: done.fields.map(\.name), rows: special))
                } else {
                    try end()
                }
            }
        }
        return metrics
    }

    static func isSpecial(_ schema: ArrowSchema) -> Bool {
        schema[metadata: "IsError"]?.lowercased() == "true" || schema[metadata: "IsExecMetrics"]?.lowercased() == "true"
    }

    /// An error stream's failure: `FaultString` (else the first row's `ErrorMessage`), its position, `FaultCode`.
    static func failure(_ schema: ArrowSchema, _ rows: [[ArrowValue]]) -> DAXFailure {
        var message = schema[metadata: "FaultString"] ?? ""
        if message.isEmpty, let column = schema.fields.firstIndex(where: { $0.name == "ErrorMessage" }), let first = rows.first,
           case let .string(text) = first[column] {
            message = text
        }
        let position = DAXQueryText.position(in: message)
        return DAXFailure(message: message.isEmpty ? "the query failed (the error stream gave no message)" : message,
                          line: position?.line, column: position?.column, engineCode: schema[metadata: "FaultCode"])
    }
}

extension DAXFailure {
    /// Whether an Arrow engine failure means the engine is not there for this dataset (a model off capacity, the
    /// XMLA setting off, a refusal), rather than a query that is wrong (which executeQueries would refuse too), a
    /// 429 (the 120 queries a minute are shared by both engines) or a server error after its retries: those say
    /// nothing of the dataset, are the answer, and are not remembered.
    public var meansArrowUnavailable: Bool {
        if let service { return service.status != 429 && service.status < 500 }
        return message.contains("XMLA")
    }
}

extension PowerBIClient {
    /// `POST {scope}/datasets/{id}/executeDaxQueries`: the Arrow streams read into result sets. HTTP errors and
    /// 429s as `executeQuery` gives them; an error stream in a 200 as the same failure.
    public func executeDaxQueries(_ request: DAXArrowRequest, dataset: String, in scope: WorkspaceScope?) async throws(DAXFailure) -> DAXArrowAnswer {
        let bytes = try await executeDaxQueriesBytes(request, dataset: dataset, in: scope)
        var answer = try DAXArrowAnswer.read(bytes)
        answer.raw = bytes
        return answer
    }

    /// The answer's bytes as they came (after the HTTP checks): for `DAXArrowAnswer.stream` and `--output arrow`.
    public func executeDaxQueriesBytes(_ request: DAXArrowRequest, dataset: String, in scope: WorkspaceScope?) async throws(DAXFailure) -> [UInt8] {
        // With a query timeout, the answer is waited for 30 s longer than the query may run.
        [UInt8](try await postDAX("executeDaxQueries", body: request.body, dataset: dataset, in: scope, rowLevelSecurity: nil,
                                  wait: request.timeout.map { .seconds($0 + 30) } ?? .seconds(60)))
    }
}

extension DAXResultSet {
    /// A cell as the JSON engine would write it: numbers exactly (a decimal as its digits), a date as
    /// `2026-03-14T15:09:26.535` (UTC, milliseconds when there are any), binary as base64, a blank as null.
    public static func json(_ value: ArrowValue) -> JSONValue {
        switch value {
        case .null: .null
        case let .int(number): .number(String(number))
        case let .uint(number): .number(String(number))
        case let .double(number): number.isFinite ? .double(number) : .null
        case let .decimal(text): .number(text)
        case let .string(text): .string(text)
        case let .bool(flag): .bool(flag)
        case let .binary(bytes): .string(Data(bytes).base64EncodedString())
        case let .dateDays(days): .string(dateText(Int64(days) * 86_400_000))
        case let .dateMilliseconds(milliseconds): .string(dateText(milliseconds))
        case let .timestamp(count, unit): .string(dateText(unit == 0 ? count * 1000 : unit == 1 ? count : unit == 2 ? count / 1000 : count / 1_000_000))
        }
    }

    /// A cell as text (table and CSV), as `DAXResult.text` writes the JSON engine's.
    public static func text(_ value: ArrowValue) -> String {
        // The common cells straight to text (a CSV of a million rows asks this for every cell).
        switch value {
        case .null: ""
        case let .int(number): String(number)
        case let .uint(number): String(number)
        case let .decimal(text), let .string(text): text
        case let .bool(flag): flag ? "true" : "false"
        default: DAXResult.text(json(value))
        }
    }

    /// Every row as an object keyed by column, as the JSON engine's `jsonRows`.
    public func jsonRows() -> JSONValue {
        .array(rows.map { row in .object(JSONObject(zip(columns, row).map { (key: $0, value: Self.json($1)) })) })
    }

    static func dateText(_ milliseconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                          parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        let fraction = ((milliseconds % 1000) + 1000) % 1000
        if fraction != 0 { text += String(format: ".%03d", fraction) }
        return text
    }
}
