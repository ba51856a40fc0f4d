import Foundation
import HTTPCore
import TerminalSafety

/// Why a sign-in or token request failed. Each case carries what a person needs to act on it.
public enum AuthError: Error, Sendable, CustomStringConvertible {
    /// Entra ID answered with an OAuth error.
    case entra(EntraErrorResponse, status: Int)
    /// The request never got an answer.
    case transport(TransportError)
    /// An answer that is not what the endpoint sends: HTML from a proxy, a body that is not JSON, a missing field.
    case unexpectedResponse(endpoint: String, status: Int, detail: String)
    /// A setting is missing or unusable: which one (typed), named as the person knows it (`--tenant`,
    /// `AZURE_CLIENT_SECRET`, a file's path).
    case invalidSetting(Setting, problem: String)
    /// The method is known but not available in this build or on this machine.
    case unsupported(String)

    public var description: String {
        switch self {
        case let .entra(response, status):
            var text = "sign-in failed: "
            if let code = response.aadstsCode { text += "\(code) " }
            text += "(\(response.error), HTTP \(status)): \(TerminalSafety.escape(response.message))"
            if let code = response.aadstsCode, let entry = EntraErrorCatalogue.explain(code) { text += " → \(entry.advice)" }
            if let trace = response.traceId { text += " [trace id \(trace)" + (response.correlationId.map { ", correlation id \($0)]" } ?? "]") }
            return text
        case let .transport(error):
            return "sign-in failed: \(error)"
        case let .unexpectedResponse(endpoint, status, detail):
            return "sign-in failed: \(endpoint) answered HTTP \(status) with \(detail)"
        case let .invalidSetting(setting, problem):
            return "\(setting.name): \(problem)"
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
            return "an HTML page (\(TerminalSafety.escape(String(excerpt.prefix(limit)))))"
        }
        excerpt = excerpt.split(whereSeparator: \.isNewline).joined(separator: " ")
        let cut = excerpt.count > limit ? String(excerpt.prefix(limit)) + "…" : excerpt
        return "a \(type) body that pbitui cannot read: \(TerminalSafety.escape(cut))"
    }
}

/// A sign-in setting an error is about: which one, for code (the sign-in form puts the cursor on its
/// field), and the name the person knows it by, for the message.
public struct Setting: Sendable, Hashable, CustomStringConvertible {
    public enum Field: Sendable, Hashable, CaseIterable {
        case tenant, clientId, clientSecret, clientSecretFile, clientSecretCommand, certificate, username, password
        case accessToken, accessTokenFile, caFile, azureCLI, browser, tokenCache, keySet

        /// The name a message uses when nothing more precise is known.
        public var name: String {
            switch self {
            case .tenant: "--tenant (or AZURE_TENANT_ID)"
            case .clientId: "--client-id (or AZURE_CLIENT_ID)"
            case .clientSecret: "client secret"
            case .clientSecretFile: "--client-secret-file"
            case .clientSecretCommand: "--client-secret-command"
            case .certificate: "certificate"
            case .username: "--username (or AZURE_USERNAME)"
            case .password: "AZURE_PASSWORD"
            case .accessToken: "token"
            case .accessTokenFile: "--access-token-file"
            case .caFile: "--ca-file"
            case .azureCLI: "azure-cli"
            case .browser: "browser"
            case .tokenCache: "token cache"
            case .keySet: "key set URL"
            }
        }
    }

    public let field: Field
    public let name: String

    public init(_ field: Field, name: String? = nil) {
        self.field = field
        self.name = name ?? field.name
    }

    public var description: String { name }
}
