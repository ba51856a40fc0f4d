import APIDescriptions
import Foundation
import Tokens

/// One Power BI REST operation: who may call it. The operations come from the compiled-in description
/// (``OperationCatalogue/powerBI``).
public typealias PermissionEntry = APIOperation

/// The delegated scopes and service-principal support of every Power BI operation, read from the official
/// OpenAPI description's own sentences (``OperationText``).
public enum PermissionTable {
    /// The operations of the Power BI REST API.
    public static var operations: [APIOperation] { OperationCatalogue.powerBI.operations }

    /// The operation a call was, by method and path (`/v1.0/myorg/...`, or relative to it).
    public static func operation(method: String, path: String) -> PermissionEntry? {
        let full = path.hasPrefix("/v1.0/") ? path : "/v1.0/myorg" + (path.hasPrefix("/") ? path : "/" + path)
        return OperationCatalogue.powerBI.operation(method: method, path: full)
    }

    /// Whether a token may call an operation, and if not, why.
    public static func check(_ entry: PermissionEntry, token summary: TokenSummary) -> String? {
        check(entry, kind: summary.kind, scopes: summary.scopes)
    }

    /// Whether a token of `kind` with these delegated `scopes` may call an operation, and if not, why.
    public static func check(_ entry: PermissionEntry, kind: TokenKind, scopes: [String]) -> String? {
        switch kind {
        case .app:
            switch entry.servicePrincipal {
            case .no: return "\(entry.operationId) does not accept service principals (app tokens); it needs a user's token"
            case .notStated where entry.path.hasPrefix("/v1.0/myorg/") && !entry.path.contains("{groupId}") && !entry.path.contains("/admin/"):
                return "\(entry.operationId) works on My workspace, which a service principal does not have; use the In Group variant"
            default: return nil
            }
        case .delegated:
            if entry.servicePrincipal == .only { return "\(entry.operationId) can only be called by a service principal" }
            guard !entry.scopes.isEmpty else { return nil }
            let granted = Set(scopes.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.map { $0.lowercased() })
            if entry.scopes.contains(where: { granted.contains($0.lowercased()) }) { return nil }
            return "the token lacks the scope \(entry.operationId) needs: \(entry.scopes.joined(separator: " or ")) (it has: \(scopes.isEmpty ? "none" : scopes.joined(separator: " ")))"
        }
    }

    /// The operations a token may call.
    public static func callable(by summary: TokenSummary) -> [PermissionEntry] {
        operations.filter { check($0, token: summary) == nil }
    }
}

/// Why a call failed, judged from the token and the answer: what a person should fix.
public enum CallDiagnosis {
    public static let powerBIAudiences = ["https://analysis.windows.net/powerbi/api", "https://analysis.usgovcloudapi.net/powerbi/api",
                                          "https://analysis.chinacloudapi.cn/powerbi/api", "00000009-0000-0000-c000-000000000000"]

    /// Findings, most likely cause first; the last is always a conclusion.
    /// - Parameters:
    ///   - status: nil when no answer came.
    ///   - message: what the service said and pbitui's explanation (``ServiceError/advice``), or why no answer
    ///     came: the same words the status line and the command line use.
    public static func explain(method: String, path: String, status: Int?, code: String?, token: JWT, message: String? = nil,
                               now: Date = Date()) -> [String] {
        let summary = TokenSummary(token)
        var findings: [String] = []
        guard let status else {
            return ["No answer came from the service\(message.map { ": " + $0 } ?? ""). The token was not the problem: check the network or proxy "
                    + "(HTTPS_PROXY), the host in --api-root, or the service's health, then try again (Ctrl-R)."]
        }
        if let message, !message.isEmpty { findings.append("The service said: \(message)") }
        let serviceFindings = findings.count
        if let expires = summary.expiresAt, expires < now {
            findings.append("The token expired \(summary.lifetime(now: now).replacingOccurrences(of: "expired ", with: "")): sign in again (pbitui renews tokens by itself; a pasted token cannot be renewed).")
        }
        if let notBefore = summary.notBefore, notBefore.timeIntervalSince(now) > 300 {
            findings.append("The token is not valid yet (nbf is in the future): check this machine's clock.")
        }
        if let audience = summary.audience, !powerBIAudiences.contains(where: { audience.lowercased().hasPrefix($0) }) {
            findings.append("The token is for \(audience), not for Power BI: ask for the scope https://analysis.windows.net/powerbi/api/.default.")
        }
        let operation = PermissionTable.operation(method: method, path: path)
        if let operation, let problem = PermissionTable.check(operation, token: summary) {
            findings.append(problem.prefix(1).uppercased() + problem.dropFirst() + ".")
        } else if operation == nil {
            findings.append("\(method) \(path) is not an operation of the Power BI REST API as its OpenAPI file describes it; check the path.")
        }
        if findings.count == serviceFindings {
            var conclusion = "The token is fine for this call"
            if let operation { conclusion += " (\(operation.operationId): " + (summary.kind == .app ? "service principals allowed" : "scope \(operation.scopes.first ?? "none needed") present") + ")" }
            conclusion += ": the service refused for another reason — "
            switch status {
            case _ where message != nil && (status == 400 || status == 409 || status == 429):
                conclusion += "the one the service gave above."
            case 401 where summary.kind == .app:
                conclusion += "most often the tenant setting \"Service principals can use Fabric APIs\" does not include this app, or the app is not a member of the workspace."
            case 403, 401:
                conclusion += "workspace membership or role, or a tenant setting for admin APIs."
                if let tenant = summary.tenantId { conclusion += " The token is for tenant \(tenant); a workspace of another tenant needs a sign-in to that tenant." }
            case 404:
                conclusion += "the item does not exist or this identity cannot see it (Power BI answers 404 for both); check the workspace membership."
            default:
                conclusion += "workspace membership, tenant settings or the item's state."
            }
            findings.append(conclusion)
        } else {
            findings.append("Fix the above first; the service's answer (HTTP \(status)\(code.map { " \($0)" } ?? "")) follows from it.")
        }
        return findings
    }
}
