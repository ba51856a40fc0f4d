import Foundation
import Tokens

/// Power BI error answers with the real shapes (reference/powerbi.md §3.1).
enum PowerBIErrors {
    /// The `error` + `pbi.error` envelope, which has no `message`.
    static func envelope(_ status: Int, code: String, details: [String] = [], requestId: String) -> SimResponse {
        let detailValues: [JSONValue] = details.map { ["code": "DetailsMessage", "detail": ["type": 1, "value": .string($0)]] }
        let body: JSONValue = ["error": [
            "code": .string(code),
            "pbi.error": ["code": .string(code), "parameters": [:], "details": .array(detailValues), "exceptionCulprit": 1],
        ]]
        return .json(status, body, headers: [("RequestId", requestId)])
    }

    /// The simple OData shape `{"error":{"code","message"}}`, as `TokenExpired` comes.
    static func simple(_ status: Int, code: String, message: String, requestId: String) -> SimResponse {
        .json(status, ["error": ["code": .string(code), "message": .string(message)]], headers: [("RequestId", requestId)])
    }

    static func notFound(requestId: String) -> SimResponse {
        envelope(404, code: "PowerBIEntityNotFound", requestId: requestId)
    }

    static func unauthorized(_ requestId: String) -> SimResponse {
        envelope(401, code: "PowerBINotAuthorizedException", requestId: requestId)
    }

    static func methodNotAllowed(requestId: String) -> SimResponse {
        simple(405, code: "MethodNotAllowed", message: "The requested resource does not support this http method.", requestId: requestId)
    }

    /// What the demo tenant answers for an operation of the description that it does not model: 501 with
    /// the operation named, so that pbitui can say so instead of showing a generic failure.
    static func notModelled(_ operationId: String, requestId: String) -> SimResponse {
        simple(501, code: "NotModelledByDemoTenant", message: "The demo tenant does not model \(operationId)", requestId: requestId)
    }

    static func invalidRequest(_ message: String, requestId: String) -> SimResponse {
        simple(400, code: "InvalidRequest", message: message, requestId: requestId)
    }
}
