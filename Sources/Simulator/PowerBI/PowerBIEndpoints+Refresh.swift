import Foundation
import Tokens

extension PowerBIEndpoints {
    static let refreshTypes = ["Full", "ClearValues", "Calculate", "DataOnly", "Automatic", "Defragment"]
    static let commitModes = ["Transactional", "PartialBatch"]
    static let enhancedFields: Set<String> = ["type", "commitMode", "maxParallelism", "retryCount", "objects",
                                              "applyRefreshPolicy", "effectiveDate", "timeout"]

    func refreshRoute(_ request: SimRequest, dataset: DemoDataset, place: Place, refreshId: String?, caller: Caller,
                      requestId: String) -> SimResponse {
        switch (request.method, refreshId) {
        case ("GET", nil): return history(request, dataset: dataset)
        case ("POST", nil): return startRefresh(request, dataset: dataset, place: place, caller: caller, requestId: requestId)
        case let ("GET", id?): return details(id, dataset: dataset, requestId: requestId)
        case let ("DELETE", id?):
            guard caller.has(anyOf: ["Dataset.ReadWrite.All"]) else { return PowerBIErrors.unauthorized(requestId) }
            switch refreshes.cancel(id, of: dataset) {
            case .success: return SimResponse(status: 200)
            case .failure(.notCancellable):
                return PowerBIErrors.invalidRequest("Cancel is supported only for refreshes triggered through the enhanced refresh API.", requestId: requestId)
            case .failure: return PowerBIErrors.notFound(requestId: requestId)
            }
        default:
            return PowerBIErrors.methodNotAllowed(requestId: requestId)
        }
    }

    func history(_ request: SimRequest, dataset: DemoDataset) -> SimResponse {
        let now = Date()
        var rows = refreshes.history(of: dataset)
        if let text = request.queryValue("$top"), let top = Int(text), top >= 0 { rows = Array(rows.prefix(top)) }
        return .json(200, [
            "@odata.context": .string(odataBase + "#refreshes"),
            "value": .array(rows.map { historyJSON($0, now: now) }),
        ])
    }

    func historyJSON(_ record: RefreshRecord, now: Date) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("requestId", .string(record.requestId)),
            ("id", .int(record.id)),
            ("refreshType", .string(record.refreshType)),
            ("startTime", .string(WireDate.format(record.start))),
        ]
        if let end = record.end(at: now) { members.append(("endTime", .string(WireDate.format(end)))) }
        let status = record.status(at: now)
        if status == .failed, let failure = record.failure { members.append(("serviceExceptionJson", .string(failure.serviceExceptionJSON))) }
        members.append(("status", .string(status.rawValue)))
        if record.enhanced { members.append(("extendedStatus", .string(record.extendedStatus(at: now)))) }
        if let end = record.end(at: now) {
            var attempt: [(key: String, value: JSONValue)] = [
                ("attemptId", 1), ("startTime", .string(WireDate.format(record.start))), ("endTime", .string(WireDate.format(end))),
            ]
            if status == .failed, let failure = record.failure { attempt.append(("serviceExceptionJson", .string(failure.serviceExceptionJSON))) }
            attempt.append(("type", "Data"))
            members.append(("refreshAttempts", [.object(JSONObject(attempt))]))
        }
        return .object(JSONObject(members))
    }

    func startRefresh(_ request: SimRequest, dataset: DemoDataset, place: Place, caller: Caller, requestId: String) -> SimResponse {
        var body = JSONObject()
        if !request.body.isEmpty {
            guard let parsed = try? JSONValue.parse(request.body), let object = parsed.objectValue else {
                return PowerBIErrors.invalidRequest("The request body is not valid JSON.", requestId: requestId)
            }
            body = object
        }
        let enhanced = body.keys.contains { Self.enhancedFields.contains($0) }
        if let notify = body["notifyOption"]?.stringValue {
            guard ["NoNotification", "MailOnFailure", "MailOnCompletion"].contains(notify) else {
                return PowerBIErrors.invalidRequest("Invalid value '\(notify)' for notifyOption.", requestId: requestId)
            }
            if enhanced {
                return PowerBIErrors.invalidRequest("For enhanced refresh, notifyOption is not required and must be excluded.", requestId: requestId)
            }
            if caller.isApp, notify != "NoNotification" {
                return PowerBIErrors.invalidRequest("Service principals can only use notifyOption NoNotification.", requestId: requestId)
            }
        }
        let type = body["type"]?.stringValue ?? "Full"
        let commitMode = body["commitMode"]?.stringValue ?? "Transactional"
        guard Self.refreshTypes.contains(where: { $0.caseInsensitiveCompare(type) == .orderedSame }) else {
            return PowerBIErrors.invalidRequest("Invalid value '\(type)' for type.", requestId: requestId)
        }
        guard Self.commitModes.contains(where: { $0.caseInsensitiveCompare(commitMode) == .orderedSame }) else {
            return PowerBIErrors.invalidRequest("Invalid value '\(commitMode)' for commitMode.", requestId: requestId)
        }
        switch refreshes.start(dataset, onDedicatedCapacity: place.isDedicated, enhanced: enhanced, type: type, commitMode: commitMode) {
        case let .success(record):
            if enhanced {
                let host = request.header("host") ?? "127.0.0.1"
                let location = "\(scheme)://\(host)/v1.0/myorg\(place.prefix)/datasets/\(dataset.id)/refreshes/\(record.requestId)"
                return SimResponse(status: 202, headers: [
                    ("Location", location), ("x-ms-request-id", record.requestId), ("RequestId", requestId),
                    ("Retry-After", "0"), ("Content-Length", "0"),
                ])
            }
            return SimResponse(status: 202, headers: [
                ("Content-Type", "application/octet-stream"), ("RequestId", record.requestId),
                ("Access-Control-Expose-Headers", "RequestId"),
            ])
        case let .failure(refusal):
            return refused(refusal, requestId: requestId)
        }
    }

    func refused(_ refusal: RefreshRefusal, requestId: String) -> SimResponse {
        switch refusal {
        case .alreadyRunning:
            return PowerBIErrors.invalidRequest("Invalid dataset refresh request. Another refresh request is already executing", requestId: requestId)
        case .dailyLimit:
            return PowerBIErrors.invalidRequest("Invalid dataset refresh request. Number of refresh requests in last 24 hours exceeded limit", requestId: requestId)
        case .notRefreshable:
            return PowerBIErrors.invalidRequest("Invalid dataset refresh request. Refresh is not supported for DirectQuery datasets", requestId: requestId)
        case .enhancedOnShared:
            return PowerBIErrors.invalidRequest("Enhanced refresh is not supported for shared capacities. For Shared capacities, only notifyOption can be specified.", requestId: requestId)
        case .unknownRefresh, .notCancellable:
            return PowerBIErrors.notFound(requestId: requestId)
        }
    }

    /// `GET …/refreshes/{id}`: 202 while running, 200 once finished, the same body in both.
    func details(_ id: String, dataset: DemoDataset, requestId: String) -> SimResponse {
        guard let record = refreshes.record(id, of: dataset) else { return PowerBIErrors.notFound(requestId: requestId) }
        let now = Date()
        let status = record.status(at: now)
        var members: [(key: String, value: JSONValue)] = [("startTime", .string(WireDate.format(record.start, fractionDigits: 3, zone: false)))]
        if let end = record.end(at: now) { members.append(("endTime", .string(WireDate.format(end, fractionDigits: 2, zone: false)))) }
        members += [
            ("type", .string(record.type)),
            ("commitMode", .string(record.commitMode)),
            ("status", .string(status == .cancelled ? "Unknown" : status.rawValue)),
            ("extendedStatus", .string(record.extendedStatus(at: now))),
            ("currentRefreshType", .string(record.type)),
            ("numberOfAttempts", .int(status == .unknown ? 0 : 1)),
            ("objects", [["table": "Sales", "partition": "Sales", "status": .string(status == .unknown ? "InProgress" : record.extendedStatus(at: now))]]),
        ]
        if status == .failed, let failure = record.failure {
            members.append(("messages", [["code": .string(failure.engineCode), "message": .string(failure.description), "type": "Error"]]))
        }
        return .json(status == .unknown ? 202 : 200, .object(JSONObject(members)))
    }
}
