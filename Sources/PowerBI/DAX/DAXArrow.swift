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
}

/// What Execute DAX Queries answered: the result sets in the order of their `EVALUATE`s, and the execution
/// metrics apart (`IsExecMetrics`).
public struct DAXArrowAnswer: Sendable {
    public let results: [DAXResultSet]
    public let metrics: [DAXResultSet]

    /// Reads the streams; an error stream (`IsError`) is the failure the JSON engine would give: the message,
    /// its line and column, the engine's code (`FaultCode`). Broken bytes are a failure that says so.
    public static func read(_ bytes: [UInt8]) throws(DAXFailure) -> DAXArrowAnswer {
        var reader = ArrowStreamReader(bytes)
        var results: [DAXResultSet] = [], metrics: [DAXResultSet] = []
        var schema: ArrowSchema?
        var rows: [[ArrowValue]] = []
        while true {
            let item: ArrowStreamReader.Item?
            do throws(ArrowError) { item = try reader.next() } catch {
                throw DAXFailure(message: "the answer is not a readable Arrow stream: \(error)")
            }
            guard let item else { break }
            switch item {
            case let .schema(read):
                schema = read
                rows = []
            case let .batch(batch):
                for row in 0..<batch.count { rows.append(batch.columns.map { $0[row] }) }
            case .endOfStream:
                guard let done = schema else { continue }
                if done[metadata: "IsError"]?.lowercased() == "true" { throw failure(done, rows) }
                let set = DAXResultSet(columns: done.fields.map(\.name), rows: rows)
                if done[metadata: "IsExecMetrics"]?.lowercased() == "true" { metrics.append(set) } else { results.append(set) }
                schema = nil
            }
        }
        return DAXArrowAnswer(results: results, metrics: metrics)
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

extension PowerBIClient {
    /// `POST {scope}/datasets/{id}/executeDaxQueries`: the Arrow streams read into result sets. HTTP errors and
    /// 429s as `executeQuery` gives them; an error stream in a 200 as the same failure.
    public func executeDaxQueries(_ request: DAXArrowRequest, dataset: String, in scope: WorkspaceScope?) async throws(DAXFailure) -> DAXArrowAnswer {
        let path = (scope?.prefix ?? "") + "/datasets/" + FormEncodingPath.segment(dataset) + "/executeDaxQueries"
        let isApp = (try? await currentToken())?.kind == .app
        let response: HTTPResponse
        do throws(PowerBIError) {
            response = try await send("POST", path, body: request.body, returningErrors: true)
        } catch {
            throw DAXFailure.from(error, isApp: isApp, rowLevelSecurity: nil)
        }
        guard response.isSuccess else {
            throw DAXFailure.from(.service(ServiceError(response: response, method: "POST", path: path)), isApp: isApp, rowLevelSecurity: nil,
                                  engineCode: Self.engineCode(in: response.body))
        }
        return try DAXArrowAnswer.read([UInt8](response.body))
    }
}
