import Foundation
import Tokens

/// The error body Entra ID's token and device-code endpoints send (reference/entra.md §4a).
public struct EntraErrorResponse: Sendable, Hashable {
    /// The OAuth error (`invalid_client`, `invalid_grant`, …): the only field to branch on.
    public let error: String
    public let errorDescription: String?
    public let errorCodes: [Int]
    public let traceId: String?
    public let correlationId: String?
    public let timestamp: String?
    public let suberror: String?

    public init(error: String, errorDescription: String? = nil, errorCodes: [Int] = [], traceId: String? = nil,
                correlationId: String? = nil, timestamp: String? = nil, suberror: String? = nil) {
        self.error = error
        self.errorDescription = errorDescription
        self.errorCodes = errorCodes
        self.traceId = traceId
        self.correlationId = correlationId
        self.timestamp = timestamp
        self.suberror = suberror
    }

    /// Reads an Entra error body; nil when the body is not one (HTML, empty, other JSON).
    public init?(body: Data) {
        guard let value = try? JSONValue.parse(body), let error = value["error"]?.stringValue else { return nil }
        self.init(
            error: error,
            errorDescription: value["error_description"]?.stringValue,
            errorCodes: value["error_codes"]?.arrayValue?.compactMap(\.intValue) ?? [],
            traceId: value["trace_id"]?.stringValue,
            correlationId: value["correlation_id"]?.stringValue,
            timestamp: value["timestamp"]?.stringValue,
            suberror: value["suberror"]?.stringValue)
    }

    /// `AADSTS7000215`, from `error_codes` or the start of the description.
    public var aadstsCode: String? {
        if let first = errorCodes.first { return "AADSTS\(first)" }
        guard let description = errorDescription, description.hasPrefix("AADSTS") else { return nil }
        return String(description.prefix(while: { $0 != ":" }))
    }

    /// The first line of the description without its `AADSTSnnnn: ` prefix and trace lines.
    public var message: String {
        guard let description = errorDescription else { return error }
        var line = description.components(separatedBy: CharacterSet.newlines).first ?? description
        if let range = line.range(of: " Trace ID:") { line = String(line[..<range.lowerBound]) }
        if line.hasPrefix("AADSTS"), let colon = line.firstIndex(of: ":") {
            line = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        return line
    }
}
