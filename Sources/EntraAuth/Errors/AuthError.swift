import Foundation

/// Why a sign-in or token request failed. Each case carries what a person needs to act on it.
public enum AuthError: Error, Sendable, CustomStringConvertible {
    /// Entra ID answered with an OAuth error.
    case entra(EntraErrorResponse, status: Int)
    /// The request never got an answer.
    case transport(TransportError)
    /// An answer that is not what the endpoint sends: HTML from a proxy, a body that is not JSON, a missing field.
    case unexpectedResponse(endpoint: String, status: Int, detail: String)
    /// A setting is missing or unusable; `field` names it as the person knows it (`--tenant`, `AZURE_CLIENT_SECRET`).
    case invalidSetting(field: String, problem: String)
    /// The method is known but not available in this build or on this machine.
    case unsupported(String)

    public var description: String {
        switch self {
        case let .entra(response, status):
            var text = "sign-in failed: "
            if let code = response.aadstsCode { text += "\(code) " }
            text += "(\(response.error), HTTP \(status)): \(ControlCharacters.escape(response.message))"
            if let code = response.aadstsCode, let entry = EntraErrorCatalogue.explain(code) { text += " → \(entry.advice)" }
            if let trace = response.traceId { text += " [trace id \(trace)" + (response.correlationId.map { ", correlation id \($0)]" } ?? "]") }
            return text
        case let .transport(error):
            return "sign-in failed: \(error)"
        case let .unexpectedResponse(endpoint, status, detail):
            return "sign-in failed: \(endpoint) answered HTTP \(status) with \(detail)"
        case let .invalidSetting(field, problem):
            return "\(field): \(problem)"
        case let .unsupported(text):
            return text
        }
    }

    /// The AADSTS code when Entra ID gave one.
    public var aadstsCode: String? {
        if case let .entra(response, _) = self { return response.aadstsCode }
        return nil
    }
}

/// Makes text from a service or a token safe to print: C0 and C1 controls, DEL and the bidirectional
/// override characters become visible escapes (`\u{1B}`), so nothing reaches the terminal raw.
public enum ControlCharacters {
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                output += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F || value == 0x061C
    }
}

/// Describes a response body for an error message without dumping it: the content type and a short,
/// escaped excerpt with HTML tags dropped.
public enum ResponseExcerpt {
    public static func describe(_ response: HTTPResponse, limit: Int = 120) -> String {
        let type = response.headers["Content-Type"]?.split(separator: ";").first.map(String.init) ?? "no content type"
        let text = response.bodyText
        if text.isEmpty { return "an empty body (\(type))" }
        var excerpt = text
        if type.contains("html") || text.lowercased().contains("<html") {
            if let start = text.range(of: "<title>", options: .caseInsensitive),
               let end = text.range(of: "</title>", options: .caseInsensitive, range: start.upperBound..<text.endIndex) {
                excerpt = String(text[start.upperBound..<end.lowerBound])
            } else {
                excerpt = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
            }
            excerpt = excerpt.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return "an HTML page (\(ControlCharacters.escape(String(excerpt.prefix(limit)))))"
        }
        excerpt = excerpt.split(whereSeparator: \.isNewline).joined(separator: " ")
        let cut = excerpt.count > limit ? String(excerpt.prefix(limit)) + "…" : excerpt
        return "a \(type) body that pbitui cannot read: \(ControlCharacters.escape(cut))"
    }
}
