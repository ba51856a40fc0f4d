import ArrowIPC
import Foundation
import Tokens

/// `POST …/datasets/{id}/executeDaxQueries` (reference/execute-dax-queries.md): every `EVALUATE` of the query
/// answered as an Arrow IPC stream the demo tenant writes itself (LZ4-compressed, strings dictionary-encoded,
/// at most 100,000 rows a batch), one after the other; DAX errors and the XMLA setting off as an error stream
/// in a 200; models on shared capacity refused; 120 queries a minute per caller, shared with executeQueries.
extension PowerBIEndpoints {
    static let arrowBatchRows = 100_000
    static let xmlaOffMessage = "XMLA endpoint feature is disabled. Turn on the tenant setting 'Allow XMLA endpoints and Analyze in Excel with on-premises semantic models' to enable this feature."

    func executeDaxQueries(_ request: SimRequest, dataset: DemoDataset, place: Place, caller: Caller, requestId: String) -> SimResponse {
        guard tenant.executeQueriesEnabled else {
            return PowerBIErrors.envelope(401, code: "PowerBINotAuthorizedException",
                                          details: ["The tenant setting 'Dataset Execute Queries REST API' is disabled."], requestId: requestId)
        }
        guard place.isDedicated else {
            // Not documented: the demo answers as for a bad request, in words.
            return PowerBIErrors.invalidRequest("Execute DAX Queries needs a semantic model on a capacity (Premium, Fabric or Embedded); this workspace is on shared capacity.",
                                                requestId: requestId)
        }
        if let wait = queries.admit(caller.objectId) {
            return .json(429, ["error": ["code": "TooManyRequests", "message": .string("You have exceeded the amount of requests allowed in the current time frame. Retry in \(wait) seconds.")]],
                         headers: [("Retry-After", String(wait)), ("RequestId", requestId)])
        }
        guard let body = try? JSONValue.parse(request.body), let text = body["query"]?.stringValue else {
            return PowerBIErrors.invalidRequest("The request must have a 'query' text.", requestId: requestId)
        }
        if tenant.settingsOff.contains(.xmlaEndpoints) { return Self.arrowAnswer(Self.errorStream(Self.xmlaOffMessage, code: "0xC1000010"), requestId: requestId) }
        let model = queries.models.model(for: dataset)
        var identity: String?
        if model.security != nil || model.singleSignOn {
            if caller.isApp {
                return PowerBIErrors.envelope(401, code: "PowerBINotAuthorizedException",
                                              details: ["Service principals cannot query a dataset with row-level security or single sign-on."], requestId: requestId)
            }
            identity = body["effectiveUsername"]?.stringValue ?? caller.name
        }
        let limit = (body["resultSetRowCountLimit"] ?? body["resultsetRowcountLimit"])?.intValue ?? 1_000_000
        var bytes: [UInt8] = []
        var tables: [DAXTable] = []
        do {
            let query = try DAXParser.query(text)
            let evaluator = DAXEvaluator(model: model, securityValue: identity.flatMap { name in
                model.security?.valueByUser.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
            })
            // One invalid EVALUATE fails the whole request: every table is evaluated before anything is written.
            for index in query.evaluates.indices { tables.append(try evaluator.run(query, evaluate: index)) }
            for table in tables { bytes += Self.arrowStream(table, limit: max(0, limit), schemaOnly: body["schemaOnly"]?.boolValue == true) }
        } catch {
            let code = UInt32(error.engineCode).map { "0x" + String($0, radix: 16, uppercase: true) } ?? error.engineCode
            return Self.arrowAnswer(Self.errorStream(error.detailsMessage, code: code), requestId: requestId)
        }
        if body["executionMetrics"]?.boolValue == true {
            var metrics = ArrowStreamWriter(columns: [.init(name: "Name", kind: .strings([])), .init(name: "Value", kind: .strings([]))],
                                            metadata: [("IsExecMetrics", "true")])
            // The names and columns are not documented (reference/execute-dax-queries.md §3): the demo's own.
            let rows = body["schemaOnly"]?.boolValue == true ? 0 : tables.reduce(0) { $0 + min($1.rows.count, max(0, limit)) }
            metrics.write([.strings(["QueryCount", "ResultSetCount", "RowCount"]), .strings(["1", String(tables.count), String(rows)])])
            metrics.finish()
            bytes += metrics.bytes
        }
        return Self.arrowAnswer(bytes, requestId: requestId)
    }

    static func arrowAnswer(_ bytes: [UInt8], requestId: String) -> SimResponse {
        SimResponse(status: 200, headers: [("Content-Type", "application/vnd.apache.arrow.stream"), ("RequestId", requestId)], body: Data(bytes))
    }

    /// The service's error stream: `IsError`, `FaultCode`, `FaultString`, and one row of ErrorCode, ErrorMessage, ErrorDescription.
    static func errorStream(_ message: String, code: String) -> [UInt8] {
        var writer = ArrowStreamWriter(columns: ["ErrorCode", "ErrorMessage", "ErrorDescription"].map { .init(name: $0, kind: .strings([])) },
                                       metadata: [("IsError", "true"), ("FaultCode", code), ("FaultString", message)])
        writer.write([.strings([code]), .strings([message]), .strings([""])])
        writer.finish()
        return writer.bytes
    }

    /// One table as a stream: each column typed by its values (DAX Integer int64, Decimal double, Currency
    /// decimal128(19,4), DateTime date64, Boolean bool, String dictionary utf8, blanks only null; a column of
    /// mixed kinds, which the service sends as a union, as strings here), at most `limit` rows.
    static func arrowStream(_ table: DAXTable, limit: Int, schemaOnly: Bool) -> [UInt8] {
        let rows = table.rows.prefix(limit)
        let kinds = table.columns.indices.map { column in ArrowKind.of(rows.lazy.map { $0[column] }) }
        var writer = ArrowStreamWriter(columns: zip(table.columns, kinds).map { .init(name: $0.key, kind: $1.empty) })
        if !schemaOnly {
            var start = rows.startIndex
            while start < rows.endIndex {
                let batch = rows[start..<min(start + arrowBatchRows, rows.endIndex)]
                writer.write(kinds.indices.map { column in kinds[column].values(batch.lazy.map { $0[column] }) })
                start = batch.endIndex
            }
        }
        writer.finish()
        return writer.bytes
    }
}

/// The Arrow type a DAX column goes as.
enum ArrowKind {
    case null, int64, double, currency, date64, bool, strings

    static func of<C: Collection>(_ values: C) -> ArrowKind where C.Element == DAXValue {
        var kind: ArrowKind?
        for value in values where !value.isBlank {
            let this: ArrowKind = switch value {
            case .integer: .int64
            case .decimal: .double
            case .currency: .currency
            case .date: .date64
            case .bool: .bool
            default: .strings
            }
            if kind == nil { kind = this } else if kind != this { return .strings }
        }
        return kind ?? .null
    }

    var empty: ArrowColumnValues {
        switch self {
        case .null: .null(0)
        case .int64: .int64([])
        case .double: .double([])
        case .currency: .currency([])
        case .date64: .date64([])
        case .bool: .bool([])
        case .strings: .strings([])
        }
    }

    func values<C: Collection>(_ cells: C) -> ArrowColumnValues where C.Element == DAXValue {
        switch self {
        case .null: return .null(cells.count)
        case .int64: return .int64(cells.map { if case let .integer(value) = $0 { value } else { nil } })
        case .double: return .double(cells.map { if case let .decimal(value) = $0 { value } else { nil } })
        case .currency: return .currency(cells.map { if case let .currency(value) = $0 { value } else { nil } })
        case .date64: return .date64(cells.map { if case let .date(text) = $0 { Self.milliseconds(text) } else { nil } })
        case .bool: return .bool(cells.map { if case let .bool(value) = $0 { value } else { nil } })
        case .strings: return .strings(cells.map { $0.isBlank ? nil : DAXResultText.text($0) })
        }
    }

    /// `2025-03-04T10:30:00` (the demo's DateTime text, UTC) as milliseconds since the epoch; nil when it is not one.
    static func milliseconds(_ text: String) -> Int64? {
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int64($0) }
        guard digits.count >= 3 else { return nil }
        let (year, month, day) = (digits[0], digits[1], digits[2])
        // Days from the civil date (proleptic Gregorian).
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = (digits.count > 3 ? digits[3] * 3600 : 0) + (digits.count > 4 ? digits[4] * 60 : 0) + (digits.count > 5 ? digits[5] : 0)
        return (days * 86_400 + seconds) * 1000
    }
}

/// A DAX value as text, for a column of mixed kinds.
enum DAXResultText {
    static func text(_ value: DAXValue) -> String {
        switch value.json {
        case let .string(text): text
        case let .number(text): text
        case let .bool(flag): flag ? "True" : "False"
        default: ""
        }
    }
}
