import EntraAuth
import Foundation
import HTTPCore
import Tokens
import TerminalSafety

/// An error answer from the Power BI (or Fabric) service, whatever shape its body had.
public struct ServiceError: Sendable, Hashable, CustomStringConvertible {
    public let status: Int
    /// `PowerBINotAuthorizedException`, `PowerBIEntityNotFound`, `TokenExpired`, …; nil when the body had none.
    public let code: String?
    /// The human message: `message`, the first `pbi.error` detail, or the plain-text body.
    public let detail: String?
    public let requestId: String?
    /// Seconds from `Retry-After`, on 429 and some 503 answers.
    public let retryAfter: Int?
    public let method: String
    public let path: String
    /// What probably went wrong and what to do, when pbitui can tell (added by ``PowerBIClient``).
    public var advice: String?

    public init(status: Int, code: String?, detail: String?, requestId: String?, retryAfter: Int?,
                method: String, path: String) {
        self.status = status
        self.code = code
        self.detail = detail
        self.requestId = requestId
        self.retryAfter = retryAfter
        self.method = method
        self.path = path
    }

    /// Reads every error body shape of reference/powerbi.md §3.1: the `error` envelope with or without
    /// `message` and `pbi.error`, a bare `message`, Fabric's flat `errorCode`, HTML and plain text.
    public init(response: HTTPResponse, method: String, path: String) {
        let requestId = response.headers["RequestId"] ?? response.headers["x-ms-request-id"]
            ?? response.headers["requestId"] ?? response.headers["x-ms-root-activity-id"]
        let retryAfter = response.headers["Retry-After"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        var code: String?
        var detail: String?
        var bodyRequestId: String?
        if let json = try? JSONValue.parse(response.body), json.objectValue != nil {
            if let error = json["error"], error.objectValue != nil {
                code = error["code"]?.stringValue
                detail = error["message"]?.stringValue
                if let pbi = error["pbi.error"] {
                    code = code ?? pbi["code"]?.stringValue
                    let details = pbi["details"]?.arrayValue ?? []
                    detail = detail ?? details.lazy.compactMap { $0["detail"]?["value"]?.stringValue }.first
                }
            } else if let error = json["error"]?.stringValue {
                code = error
                detail = json["error_description"]?.stringValue ?? json["message"]?.stringValue
            } else {
                code = json["errorCode"]?.stringValue ?? json["code"]?.stringValue
                detail = json["message"]?.stringValue ?? json["Message"]?.stringValue
                bodyRequestId = json["requestId"]?.stringValue
            }
        } else if !response.body.isEmpty {
            let text = response.bodyText
            if text.lowercased().contains("<html") {
                detail = ResponseExcerpt.describe(response)
            } else {
                let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
                detail = line.count > 300 ? String(line.prefix(300)) + "…" : line
            }
        }
        if code == nil, response.headers["x-ms-public-api-error-code"] != nil {
            code = response.headers["x-ms-public-api-error-code"]
        }
        self.init(status: response.status, code: code, detail: detail, requestId: requestId ?? bodyRequestId,
                  retryAfter: retryAfter, method: method, path: path)
    }

    /// For a status line, where the start is what is read: pbitui's explanation first when it has one
    /// ("the daily limit is reached: …"), then the status, code and RequestId; else the whole description.
    public var headline: String {
        guard let advice else { return description }
        var text = advice.prefix(1).uppercased() + advice.dropFirst() + " (HTTP \(status)"
        if let code { text += " \(TerminalSafety.escape(code))" }
        if let requestId { text += ", RequestId \(TerminalSafety.escape(requestId))" }
        return text + ")"
    }

    public var description: String {
        var text = "\(method) \(path) failed: HTTP \(status)"
        if let code { text += " \(TerminalSafety.escape(code))" }
        if let detail, !detail.isEmpty { text += ": \(TerminalSafety.escape(detail))" }
        if let retryAfter { text += " (retry after \(retryAfter) s)" }
        if let advice { text += " → \(advice)" }
        if let requestId { text += " [RequestId \(TerminalSafety.escape(requestId))]" }
        return text
    }
}

/// Why a Power BI call failed.
public enum PowerBIError: Error, Sendable, CustomStringConvertible {
    case service(ServiceError)
    case auth(AuthError)
    case transport(TransportError)
    /// A success status with a body pbitui cannot read.
    case malformedResponse(method: String, path: String, status: Int, detail: String, requestId: String?)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .service(error): return error.description
        case let .auth(error): return error.description
        case let .transport(error): return "Power BI request failed: \(error)"
        case let .malformedResponse(method, path, status, detail, requestId):
            return "\(method) \(path) answered HTTP \(status) with \(detail)"
                + (requestId.map { " [RequestId \(TerminalSafety.escape($0))]" } ?? "")
        case let .invalidArgument(text): return text
        }
    }

    /// What a status line shows: ``ServiceError/headline`` for service answers, else the description.
    public var headline: String {
        if case let .service(error) = self { return error.headline }
        return description
    }

    /// The RequestId of the failed call, when there was one.
    public var requestId: String? {
        switch self {
        case let .service(error): return error.requestId
        case let .malformedResponse(_, _, _, _, requestId): return requestId
        default: return nil
        }
    }
}
