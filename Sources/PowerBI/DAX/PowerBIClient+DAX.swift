import Foundation
import HTTPCore
import APIDescriptions
import Tokens
import TerminalSafety

/// A DAX query for executeQueries: its text and the two settings the service takes.
public struct DAXRequest: Sendable, Hashable {
    public var query: String
    /// `impersonatedUserName`: run as this user, to test row-level security.
    public var impersonate: String?
    /// `serializerSettings.includeNulls`.
    public var includeNulls: Bool
    /// Seconds to wait for the answer (executeQueries takes no timeout of its own): 60 unless set.
    public var timeout: Int?

    public init(query: String, impersonate: String? = nil, includeNulls: Bool = false, timeout: Int? = nil) {
        self.query = query
        self.impersonate = impersonate
        self.includeNulls = includeNulls
        self.timeout = timeout
    }

    public var body: Data {
        var members: [(key: String, value: JSONValue)] = [("queries", [["query": .string(query)]])]
        if includeNulls { members.append(("serializerSettings", ["includeNulls": true])) }
        if let impersonate, !impersonate.isEmpty { members.append(("impersonatedUserName", .string(impersonate))) }
        return Data(JSONValue.object(JSONObject(members)).serializedBytes())
    }
}

/// Why a query came back refused, in words: the engine's message with its position and code, or what a
/// refusal of the whole call usually means for executeQueries.
public struct DAXFailure: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// Where the engine points, when its message says (`Query (line, column)`).
    public let line: Int?
    public let column: Int?
    /// The engine's code in hex (`0xC1180016`) when the service sent one.
    public let engineCode: String?
    public let service: ServiceError?
    /// Seconds to wait when the service throttled (120 queries a minute per user).
    public var retryAfter: Int? { service?.status == 429 ? (service?.retryAfter ?? 60) : nil }

    public init(message: String, line: Int? = nil, column: Int? = nil, engineCode: String? = nil, service: ServiceError? = nil) {
        self.message = message
        self.line = line
        self.column = column
        self.engineCode = engineCode
        self.service = service
    }

    public var description: String {
        var text = message
        if let line, let column, !message.hasPrefix("Query (") { text = "line \(line), column \(column): " + text }
        if let engineCode { text += " (engine code \(engineCode))" }
        if let service {
            text += " [HTTP \(service.status)" + (service.code.map { " \($0)" } ?? "") + (service.requestId.map { ", RequestId \($0)" } ?? "") + "]"
        }
        return TerminalSafety.escape(text)
    }

    /// Reads a refused call. `isApp` and `rowLevelSecurity` (the dataset's `isEffectiveIdentityRequired`)
    /// narrow down what a 401 means.
    public static func from(_ error: PowerBIError, isApp: Bool, rowLevelSecurity: Bool?, engineCode: String? = nil) -> DAXFailure {
        guard case let .service(service) = error else { return DAXFailure(message: String(describing: error)) }
        // The engine code is the `AnalysisServicesErrorCode` detail, an unsigned decimal; shown in hex.
        let engine = engineCode.flatMap { UInt32($0) }.map { "0x" + String($0, radix: 16, uppercase: true) }
        let detailsMessage = service.detail
        switch service.status {
        case 400:
            let message = detailsMessage ?? "the service refused the query (\(service.code ?? "no code"))"
            let position = DAXQueryText.position(in: message)
            var text = message
            if message == "Failed to execute the DAX query." {
                text += " The service hides the cause; the engine code below names it"
            }
            return DAXFailure(message: text, line: position?.line, column: position?.column, engineCode: engine, service: service)
        case 401, 403:
            var reasons: [String] = []
            if let detail = service.detail { reasons.append(detail) }
            if isApp, rowLevelSecurity == true {
                reasons.append("service principals cannot query a dataset with row-level security; sign in as a user (and use --impersonate to test a role)")
            } else if isApp {
                reasons.append("a service principal cannot query a dataset with row-level security or one that signs in to its source with SSO; and the tenant setting \"Dataset Execute Queries REST API\" must be on")
            } else {
                reasons.append("the tenant setting \"Dataset Execute Queries REST API\" (Admin portal › Integration settings) may be off, the token may lack Dataset.Read.All, or the dataset is on Azure Analysis Services (or live-connected to it), which executeQueries does not reach")
            }
            return DAXFailure(message: "the service refused to run queries on this dataset: " + reasons.joined(separator: "; "), service: service)
        case 404:
            return DAXFailure(message: "no such dataset, or this identity lacks Read and Build on it (the service answers 404 for both)", service: service)
        case 429:
            return DAXFailure(message: "the service allows 120 queries a minute per user, over all datasets; wait \(service.retryAfter ?? 60) s", service: service)
        default:
            return DAXFailure(message: service.headline, service: service)
        }
    }
}

extension PowerBIClient {
    /// `POST {scope}/datasets/{id}/executeQueries`: one query, its first table. A 429 is waited out when the
    /// service asks for a short wait (as every call is); the query is never sent twice otherwise.
    /// `rowLevelSecurity` is the dataset's `isEffectiveIdentityRequired`, when known: it sharpens what a 401 means.
    public func executeQuery(_ request: DAXRequest, dataset: String, in scope: WorkspaceScope?,
                             rowLevelSecurity: Bool? = nil) async throws(DAXFailure) -> DAXResult {
        let body = try await postDAX("executeQueries", body: request.body, dataset: dataset, in: scope, rowLevelSecurity: rowLevelSecurity,
                                     wait: request.timeout.map { .seconds($0) } ?? .seconds(60))
        do {
            return try DAXResult.parse(body)
        } catch {
            throw DAXFailure(message: String(describing: error))
        }
    }

    /// `POST {scope}/datasets/{id}/{endpoint}` for either query API: the answer's body when it succeeded, else the
    /// failure, its meaning sharpened by the token's kind, the dataset's row-level security and the engine's code.
    func postDAX(_ endpoint: String, body: Data, dataset: String, in scope: WorkspaceScope?, rowLevelSecurity: Bool?,
                 wait: Duration) async throws(DAXFailure) -> Data {
        let path = (scope?.prefix ?? "") + "/datasets/" + FormEncodingPath.segment(dataset) + "/" + endpoint
        let isApp = (try? await currentToken())?.kind == .app
        // Execute DAX Queries: Arrow streams, and JSON for the errors; a 500, 502 or 503 tried again, as its
        // documentation asks (reference/execute-dax-queries.md §3). executeQueries as before.
        let arrow = endpoint == "executeDaxQueries"
        let response: HTTPResponse
        do throws(PowerBIError) {
            response = try await send("POST", path, body: body, headers: arrow ? ["Accept": "application/vnd.apache.arrow.stream, application/json"] : [:],
                                      returningErrors: true, readOnly: arrow, wait: wait)
        } catch {
            throw DAXFailure.from(error, isApp: isApp, rowLevelSecurity: rowLevelSecurity)
        }
        guard response.isSuccess else {
            let error = ServiceError(response: response, method: "POST", path: path)
            throw DAXFailure.from(.service(error), isApp: isApp, rowLevelSecurity: rowLevelSecurity, engineCode: Self.engineCode(in: response.body))
        }
        return response.body
    }

    static func engineCode(in body: Data) -> String? {
        guard let json = try? JSONValue.parse(body) else { return nil }
        let details = json["error"]?["pbi.error"]?["details"]?.arrayValue ?? []
        return details.first { $0["code"]?.stringValue == "AnalysisServicesErrorCode" }?["detail"]?["value"]?.stringValue
    }
}
