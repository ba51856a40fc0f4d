import Foundation
import PowerBI
import TerminalUI
import Tokens

/// Draws the token inspector: who and what the token is, a lifetime bar counting down, every claim with
/// its explanation, the verification result, what the token can call, and a diagnosis of the last failure.
enum InspectorRenderer {
    typealias Line = DetailsRenderer.Line

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        guard let view = state.inspector else { return }
        var title = view.diagnosed == nil ? "Token inspector" : "Why did it fail?"
        if !view.claimFilter.isEmpty { title += " · claims matching /" + view.claimFilter }
        buffer.put(TextFit.truncate(title, to: state.size.columns - 2), row: layout.titleRow, column: 1, style: theme[.title])
        let width = state.size.columns - 2
        // Lines longer than the screen wrap (a narrow terminal, a long explanation) instead of ending at the edge.
        let lines = body(view, width: width, now: now).flatMap { DetailsRenderer.wrap($0, to: width) }
        let top = layout.titleRow + 2
        let height = max(0, layout.statusRow - top)
        let start = min(view.scroll, max(0, lines.count - height))
        for (offset, line) in lines.dropFirst(start).prefix(height).enumerated() {
            var column = 1
            for segment in line {
                column += buffer.put(segment.text, row: top + offset, column: column, style: theme[segment.role], limit: width + 1 - column)
            }
        }
    }

    static func body(_ view: InspectorView, width: Int, now: Date) -> [Line] {
        let jwt: JWT
        switch view.token {
        case .idle, .loading: return [[("Reading the token…", .muted)]]
        case let .failed(message, _): return [[(message, .error)]]
        case let .loaded(value): jwt = value
        }
        var lines: [Line] = []
        if let call = view.diagnosed {
            let answer = call.status.map { "  HTTP \($0)\(call.code.map { " \($0)" } ?? "")" } ?? "  no answer"
            lines.append([("\(call.method) \(call.path)", .accent), (answer, .error),
                          (call.requestId.map { "  RequestId \($0)" } ?? "", .muted)])
            for finding in CallDiagnosis.explain(method: call.method, path: call.path, status: call.status, code: call.code, token: jwt,
                                                 message: call.message, now: now) {
                for (index, text) in TextFit.wrap(finding, to: width - 2).enumerated() {
                    lines.append([(index == 0 ? "• " : "  ", .warn), (text, .text)])
                }
            }
            lines.append([])
        }
        let summary = TokenSummary(jwt)
        var who = summary.kind == .app ? "App-only token" : "Delegated token"
        if let subject = summary.subject { who += " · " + subject }
        lines.append([(who, .accent)])
        if let audience = summary.audience {
            lines.append([("for ", .muted), (audience, .text), (ClaimCatalogue.explainValue("aud", .string(audience)).map { "  (\($0))" } ?? "", .muted)])
        }
        lines.append(lifetimeBar(summary, width: width, now: now))
        if !summary.scopes.isEmpty { lines.append([("scopes  ", .muted), (summary.scopes.joined(separator: " "), .text)]) }
        if !summary.roles.isEmpty { lines.append([("roles   ", .muted), (summary.roles.joined(separator: " "), .text)]) }
        lines.append(verificationLine(view.verification))
        let callable = PermissionTable.callable(by: summary)
        lines.append([("can call ", .muted), ("\(callable.count) of \(PermissionTable.operations.count) Power BI operations", .text),
                      (summary.kind == .app ? " (service principals; workspace membership still applies)" : " (by its scopes)", .muted)])
        for text in TextFit.wrap(callable.map(\.operationId).joined(separator: ", "), to: max(10, width - 4)).prefix(6) {
            lines.append([("    ", .text), (text, .muted)])
        }
        lines.append([])
        lines.append([("Header", .title)])
        lines += claims(jwt.header, inHeader: true, width: width, now: now, filter: view.claimFilter)
        lines.append([("Payload", .title)])
        lines += claims(jwt.payload, inHeader: false, width: width, now: now, filter: view.claimFilter)
        lines.append([])
        lines.append(view.revealed ? [("token ", .muted), (jwt.compact, .warn)] : [("token ", .muted), ("hidden; press v to reveal it (it is a secret)", .muted)])
        return lines
    }

    static func lifetimeBar(_ summary: TokenSummary, width: Int, now: Date) -> Line {
        guard let expires = summary.expiresAt else { return [("no exp claim", .warn)] }
        let start = summary.issuedAt ?? summary.notBefore ?? expires.addingTimeInterval(-3600)
        let total = max(1, expires.timeIntervalSince(start))
        let left = max(0, expires.timeIntervalSince(now))
        let barWidth = max(10, min(40, width - 40))
        let filled = min(barWidth, max(0, Int((Double(barWidth) * left / total).rounded())))
        let role: ColorRole = left <= 0 ? .error : (left < 300 ? .warn : .ok)
        return [("lifetime ", .muted), (String(repeating: "█", count: filled), role), (String(repeating: "░", count: barWidth - filled), .muted),
                ("  " + summary.lifetime(now: now), role)]
    }

    static func verificationLine(_ report: VerificationReport?) -> Line {
        guard let report else { return [("signature ", .muted), ("checking against the issuer's keys…", .muted)] }
        switch report.outcome {
        case .verified: return [("signature ", .muted), ("✓ verified: " + report.checks.map(\.name).joined(separator: ", "), .ok)]
        case let .failed(reason): return [("signature ", .muted), ("✗ " + reason, .error)]
        case let .notVerifiable(reason): return [("signature ", .muted), ("– " + reason, .warn)]
        }
    }

    static func claims(_ object: JSONObject, inHeader: Bool, width: Int, now: Date, filter: String = "") -> [Line] {
        let keyWidth = min(18, (object.keys.map(\.count).max() ?? 4) + 1)
        let shown = object.members.compactMap { member -> [Line]? in
            var value = member.value.stringValue ?? member.value.serialized()
            if !inHeader, ["iat", "nbf", "exp", "auth_time"].contains(member.key), let date = TokenSummary.date(member.value) {
                value += "  " + HumanTime.local(date) + " (" + HumanTime.relative(date, now: now) + ")"
            }
            if let meaning = ClaimCatalogue.explainValue(member.key, member.value) { value += "  → " + meaning }
            guard ListFilter.matches([member.key, value, ClaimCatalogue.explain(member.key, inHeader: inHeader)?.meaning ?? ""], filter: filter) else { return nil }
            var lines: [Line] = [[("  " + TextFit.pad(member.key, to: keyWidth), .jsonKey), (TextFit.truncate(value, to: max(10, width - keyWidth - 3)), .text)]]
            if let entry = ClaimCatalogue.explain(member.key, inHeader: inHeader) {
                for text in TextFit.wrap(entry.meaning, to: max(10, width - keyWidth - 3)) {
                    lines.append([("  " + String(repeating: " ", count: keyWidth), .text), (text, .muted)])
                }
            }
            return lines
        }
        if shown.isEmpty, !filter.isEmpty { return [[("  no claim matches /" + filter, .muted)]] }
        return shown.flatMap { $0 }
    }
}
