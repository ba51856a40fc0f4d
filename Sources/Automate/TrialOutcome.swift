import Foundation
import Tokens

/// What trying a way against the tenant gave: the service's answer, a refusal, or why it was not tried.
public enum TrialOutcome: Sendable, Hashable {
    case answered(status: Int, requestId: String?)
    case refused(String)
    case skipped(String)

    /// `{"status": 200, "requestId": "…"}`, `{"error": "…"}` or `{"skipped": "…"}` (`automate --output json`'s `tried`).
    public var json: JSONValue {
        switch self {
        case let .answered(status, requestId):
            .object(JSONObject([("status", .int(status))] + (requestId.map { [("requestId", JSONValue.string($0))] } ?? [])))
        case let .refused(reason): .object(JSONObject([("error", .string(reason))]))
        case let .skipped(reason): .object(JSONObject([("skipped", .string(reason))]))
        }
    }

    public var line: String {
        switch self {
        case let .answered(status, requestId): "HTTP \(status)" + (requestId.map { " · RequestId \($0)" } ?? "")
        case let .refused(reason): "refused: \(reason)"
        case let .skipped(reason): "skipped: \(reason)"
        }
    }

    /// Tried and not a 2xx answer: a refusal or another status (a way that was skipped did not fail).
    public var failed: Bool {
        switch self {
        case .skipped: false
        case .refused: true
        case .answered: !succeeded
        }
    }

    /// A 2xx answer.
    public var succeeded: Bool {
        if case let .answered(status, _) = self { return (200..<300).contains(status) }
        return false
    }
}
