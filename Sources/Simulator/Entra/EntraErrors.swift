import Foundation
import Tokens

/// Entra ID error answers with the real shape (reference/entra.md §4a): `error`, an `error_description`
/// that begins with the AADSTS code and ends with trace, correlation and timestamp lines, `error_codes`,
/// `timestamp`, `trace_id`, `correlation_id` and `error_uri`.
enum EntraErrors {
    static let noStore: [(String, String)] = [("Cache-Control", "no-store, no-cache"), ("Pragma", "no-cache")]

    static func response(status: Int, error: String, code: Int, message: String, request: SimRequest,
                         suberror: String? = nil, now: Date = Date()) -> SimResponse {
        let traceId = UUID().uuidString.lowercased()
        let correlationId = request.header("client-request-id").flatMap { UUID(uuidString: $0)?.uuidString.lowercased() }
            ?? UUID().uuidString.lowercased()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        let timestamp = formatter.string(from: now)
        let description = "AADSTS\(code): \(message) Trace ID: \(traceId) Correlation ID: \(correlationId) Timestamp: \(timestamp)"
        var members: [(key: String, value: JSONValue)] = [
            ("error", .string(error)),
            ("error_description", .string(description)),
            ("error_codes", [.int(code)]),
            ("timestamp", .string(timestamp)),
            ("trace_id", .string(traceId)),
            ("correlation_id", .string(correlationId)),
            ("error_uri", .string("https://login.microsoftonline.com/error?code=\(code)")),
        ]
        if let suberror { members.append(("suberror", .string(suberror))) }
        let body = JSONValue.object(JSONObject(members))
        return .json(status, body, headers: [
            ("Cache-Control", "no-store, no-cache"), ("Pragma", "no-cache"),
            ("x-ms-request-id", traceId), ("client-request-id", correlationId),
        ])
    }

    static func missingParameter(_ name: String, request: SimRequest) -> SimResponse {
        response(status: 400, error: "invalid_request", code: 900144,
                 message: "The request body must contain the following parameter: '\(name)'.", request: request)
    }

    static func tenantNotFound(_ tenant: String, request: SimRequest) -> SimResponse {
        response(status: 400, error: "invalid_request", code: 90002,
                 message: "Tenant '\(tenant)' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
                 request: request)
    }

    static func unknownApplication(_ clientId: String, tenant: String, request: SimRequest) -> SimResponse {
        response(status: 400, error: "unauthorized_client", code: 700016,
                 message: "Application with identifier '\(clientId)' was not found in the directory '\(tenant)'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
                 request: request)
    }

    static func invalidSecret(_ app: DemoApplication, request: SimRequest) -> SimResponse {
        response(status: 401, error: "invalid_client", code: 7000215,
                 message: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\(app.clientId)'.",
                 request: request)
    }
}
