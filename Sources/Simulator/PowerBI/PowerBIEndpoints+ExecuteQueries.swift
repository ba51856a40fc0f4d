import Foundation
import Tokens

/// What executeQueries keeps between calls: the models of the datasets queried, and each caller's queries of
/// the last minute (the service allows 120 a minute per user, over all datasets).
final class QueryBook: @unchecked Sendable {
    let models = DAXModels()
    private let lock = NSLock()
    private var recent: [String: [Date]] = [:]
    static let perMinute = 120

    /// Nil when the call may go ahead (and it is counted), else the seconds until it may.
    func admit(_ caller: String, now: Date = Date()) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        var times = recent[caller, default: []].filter { now.timeIntervalSince($0) < 60 }
        defer { recent[caller] = times }
        guard times.count < Self.perMinute else {
            return max(1, Int((60 - now.timeIntervalSince(times[0])).rounded(.up)))
        }
        times.append(now)
        return nil
    }
}

extension PowerBIEndpoints {
    /// The service's limits on one answer (reference/workbench.md §1.5).
    static let queryRowLimit = 100_000
    static let queryValueLimit = 1_000_000
    static let queryByteLimit = 15 * 1024 * 1024

    /// `POST …/datasets/{id}/executeQueries` (reference/workbench.md §1): one query a call, one table a query,
    /// the row, value and size limits answered with 200, a partial result and an error object; DAX errors as
    /// 400 `DatasetExecuteQueriesError`; 120 a minute per user; the tenant setting; RLS and SSO for apps.
    func executeQueries(_ request: SimRequest, dataset: DemoDataset, caller: Caller, requestId: String) -> SimResponse {
        guard tenant.executeQueriesEnabled else {
            return PowerBIErrors.envelope(401, code: "PowerBINotAuthorizedException",
                                          details: ["The tenant setting 'Dataset Execute Queries REST API' is disabled."], requestId: requestId)
        }
        if let wait = queries.admit(caller.objectId) {
            return .json(429, ["error": ["code": "TooManyRequests",
                                         "message": .string("You have exceeded the amount of requests allowed in the current time frame and further requests will fail. Retry in \(wait) seconds.")]],
                         headers: [("Retry-After", String(wait)), ("RequestId", requestId)])
        }
        guard let body = try? JSONValue.parse(request.body), let object = body.objectValue else {
            return PowerBIErrors.invalidRequest("The request body is not valid JSON.", requestId: requestId)
        }
        guard let queryList = object["queries"]?.arrayValue else {
            return PowerBIErrors.invalidRequest("The 'queries' field is required.", requestId: requestId)
        }
        guard queryList.count == 1, let text = queryList[0]["query"]?.stringValue else {
            return PowerBIErrors.invalidRequest(queryList.count > 1 ? "Only one query is supported per request."
                                                : "The request must contain one query with a 'query' text.", requestId: requestId)
        }
        let includeNulls = object["serializerSettings"]?["includeNulls"]?.boolValue ?? false
        let model = queries.models.model(for: dataset)
        var identity: String?
        if model.security != nil || model.singleSignOn {
            if caller.isApp {
                return PowerBIErrors.envelope(401, code: "PowerBINotAuthorizedException", details: [model.singleSignOn
                    ? "Service principals cannot query a dataset that uses single sign-on to its data source."
                    : "Service principals cannot query a dataset with row-level security."], requestId: requestId)
            }
            identity = object["impersonatedUserName"]?.stringValue ?? caller.name
        }
        let query: DAXQuery
        let table: DAXTable
        do {
            query = try DAXParser.query(text)
            let evaluator = DAXEvaluator(model: model, securityValue: identity.flatMap { name in
                model.security?.valueByUser.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
            })
            table = try evaluator.run(query)
        } catch {
            return Self.daxError(error, requestId: requestId)
        }
        return .init(status: 200, headers: [("Content-Type", "application/json; charset=utf-8"), ("RequestId", requestId)],
                     body: Data(Self.queryAnswer(table, includeNulls: includeNulls, moreTables: query.evaluates.count > 1)))
    }

    static func daxError(_ error: DAXError, requestId: String) -> SimResponse {
        let detail = { (code: String, value: String) -> JSONValue in ["code": .string(code), "detail": ["type": 1, "value": .string(value)]] }
        let body: JSONValue = ["error": [
            "code": "DatasetExecuteQueriesError",
            "pbi.error": ["code": "DatasetExecuteQueriesError", "parameters": [:],
                          "details": [detail("DetailsMessage", error.detailsMessage), detail("AnalysisServicesErrorCode", error.engineCode)]],
        ]]
        return .json(400, body, headers: [("RequestId", requestId)])
    }

    /// The answer's bytes, written row by row so that the size limit can stop it: a UTF-8 byte-order mark (the
    /// service's answers may start with one), rows without their blank values unless `includeNulls`, and an
    /// error object next to the rows when a limit cut them.
    static func queryAnswer(_ table: DAXTable, includeNulls: Bool, moreTables: Bool) -> [UInt8] {
        let rowLimit = min(queryRowLimit, queryValueLimit / max(1, table.columns.count))
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array(#"{"results":[{"tables":[{"rows":["#.utf8)
        let keys = table.columns.map { JSONValue.string($0.key).serializedBytes() }
        var truncation: String?
        for (position, row) in table.rows.enumerated() {
            if position == rowLimit {
                truncation = rowLimit == queryRowLimit
                    ? "More than \(queryRowLimit) rows in a query result."
                    : "More than \(queryValueLimit) values in a query result."
                break
            }
            if bytes.count > queryByteLimit {
                truncation = "The query result exceeded the maximum size of 15 MB."
                break
            }
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (column, value) in row.enumerated() where includeNulls || !value.isBlank {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                bytes += keys[column]
                bytes.append(UInt8(ascii: ":"))
                bytes += value.json.serializedBytes()
            }
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
        if let truncation {
            bytes += Array(#","error":"#.utf8) + JSONValue.object(JSONObject([("code", "DatasetExecuteQueriesError"), ("message", .string(truncation))])).serializedBytes()
        }
        bytes += Array("}]".utf8)
        if moreTables {
            bytes += Array(#","error":{"code":"DatasetExecuteQueriesError","message":"More than one result table in a query."}"#.utf8)
        }
        bytes += Array("}]}".utf8)
        return bytes
    }
}
