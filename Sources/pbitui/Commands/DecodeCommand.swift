import ArgumentParser
import EntraAuth
import Foundation
import HTTPCore
import TerminalUI
import Tokens
import TerminalSafety

/// Reads the token to decode or verify: the argument, `-` for standard input, or standard input when
/// there is no argument (a token on the command line is visible to other users in `/proc`).
enum TokenInput {
    static let limit = 1 << 20

    static func read(_ argument: String?) throws -> JWT {
        let text: String
        if let argument, argument != "-" {
            text = argument
        } else {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard data.count <= limit else { throw CLIError.usage("the input is \(data.count) bytes; pbitui reads tokens up to 1 MiB") }
            text = String(decoding: data, as: UTF8.self)
        }
        guard text.utf8.count <= limit else { throw CLIError.usage("the token is \(text.utf8.count) bytes; pbitui reads tokens up to 1 MiB") }
        do { return try JWT.decode(text) } catch { throw CLIError.usage(error.description) }
    }
}

/// `pbitui decode`: every claim of a token, explained, with times made human. Nothing is verified here.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode", abstract: "Decode a token and explain every claim (no verification; see `pbitui verify`).")

    enum Output: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The token, or - (the default) to read it from standard input.")
    var token: String?

    @Option(help: "text or json.")
    var output: Output = .text

    func run() throws {
        let jwt = try TokenInput.read(token)
        switch output {
        case .json:
            StandardOutput.write(bytes: TokenReport.json(jwt).serializedBytes(pretty: true))
        case .text:
            StandardOutput.write(TokenReport.text(jwt))
        }
    }
}

/// How a decoded token is written out.
enum TokenReport {
    static func json(_ jwt: JWT, now: Date = Date()) -> JSONValue {
        let summary = TokenSummary(jwt)
        var summaryMembers: [(key: String, value: JSONValue)] = [("kind", .string(summary.kind.rawValue))]
        if !summary.scopes.isEmpty { summaryMembers.append(("scopes", .array(summary.scopes.map(JSONValue.string)))) }
        if !summary.roles.isEmpty { summaryMembers.append(("roles", .array(summary.roles.map(JSONValue.string)))) }
        if let cloud = summary.cloud { summaryMembers.append(("cloud", .string(cloud))) }
        if let expires = summary.expiresAt { summaryMembers.append(("expiresOn", .string(iso(expires)))) }
        summaryMembers.append(("lifetime", .string(summary.lifetime(now: now))))
        let claims = jwt.payload.members.map { member -> JSONValue in
            var fields: [(key: String, value: JSONValue)] = [("claim", .string(member.key))]
            if let entry = ClaimCatalogue.explain(member.key) { fields.append(("meaning", .string(entry.meaning))) }
            if let value = ClaimCatalogue.explainValue(member.key, member.value) { fields.append(("value", .string(value))) }
            return .object(JSONObject(fields))
        }
        return .object(JSONObject([("header", .object(jwt.header)), ("payload", .object(jwt.payload)),
                                   ("summary", .object(JSONObject(summaryMembers))), ("claims", .array(claims))]))
    }

    static func text(_ jwt: JWT, now: Date = Date()) -> String {
        let summary = TokenSummary(jwt)
        var lines: [String] = []
        var headline = summary.kind == .app ? "App-only token" : "Delegated token (a user's)"
        if let subject = summary.subject { headline += " · \(TerminalSafety.escape(subject))" }
        if let audience = summary.audience { headline += " · for \(TerminalSafety.escape(audience))" + (ClaimCatalogue.explainValue("aud", .string(audience)).map { " (\($0))" } ?? "") }
        lines.append(headline)
        lines.append(summary.lifetime(now: now) + (summary.cloud.map { " · cloud \($0)" } ?? "") + (summary.version.map { " · v\($0)" } ?? ""))
        if !summary.scopes.isEmpty { lines.append("Scopes: " + TerminalSafety.escape(summary.scopes.joined(separator: " "))) }
        if !summary.roles.isEmpty { lines.append("Roles: " + TerminalSafety.escape(summary.roles.joined(separator: " "))) }
        if TokenVerifier.isGraphToken(jwt) { lines.append("Note: a Microsoft Graph token; only Graph can verify its signature.") }
        if let algorithm = jwt.algorithm, !TokenVerifier.algorithms.contains(algorithm) {
            lines.append("Warning: alg \(algorithm) — " + (algorithm.lowercased() == "none" ? "unsigned, proves nothing" : "not an algorithm Entra signs with"))
        }
        lines.append("")
        lines.append("Header")
        lines += rows(jwt.header, inHeader: true, now: now)
        lines.append("")
        lines.append("Payload (not verified; `pbitui verify` checks the signature)")
        lines += rows(jwt.payload, inHeader: false, now: now)
        return lines.joined(separator: "\n")
    }

    static func rows(_ object: JSONObject, inHeader: Bool, now: Date) -> [String] {
        let width = min(20, (object.keys.map(\.count).max() ?? 0))
        return object.members.flatMap { member -> [String] in
            var value = TerminalSafety.escape(member.value.stringValue ?? member.value.serialized())
            if !inHeader, ["iat", "nbf", "exp", "auth_time", "pwd_exp", "xms_tcdt"].contains(member.key), let date = TokenSummary.date(member.value) {
                value += "  (\(iso(date)) · \(local(date)) local · \(relative(date, now: now)))"
            }
            if let meaning = ClaimCatalogue.explainValue(member.key, member.value) { value += "  → \(meaning)" }
            let key = TerminalSafety.escape(member.key)
            var lines = ["  " + key.padding(toLength: max(width, key.count), withPad: " ", startingAt: 0) + "  " + value]
            if let entry = ClaimCatalogue.explain(member.key, inHeader: inHeader) {
                lines.append("  " + String(repeating: " ", count: max(width, key.count)) + "  " + entry.meaning)
            }
            return lines
        }
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func local(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss zzz"
        return formatter.string(from: date)
    }

    static func relative(_ date: Date, now: Date) -> String {
        let seconds = Int(date.timeIntervalSince(now))
        let amount = seconds == 0 ? "now" : (abs(seconds) < 60 ? "\(abs(seconds)) s" : abs(seconds) < 3600 ? "\(abs(seconds) / 60) min" : abs(seconds) < 172_800 ? "\(abs(seconds) / 3600) h" : "\(abs(seconds) / 86_400) days")
        if amount == "now" { return "now" }
        return seconds > 0 ? "in \(amount)" : "\(amount) ago"
    }
}

/// `pbitui verify`: checks the signature against the issuer's keys (or `--jwks`), then the times, the
/// audience and the issuer. Exit 0 verified, 1 a well-formed token that fails, 2 not a token.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Verify a token's signature and claims.",
        discussion: """
            Without --jwks the keys come from the issuer: OpenID discovery for the token's tenant (v1.0 or \
            v2.0 by its ver claim), then jwks_uri. --jwks takes a file or an https URL; --authority-host sends \
            discovery elsewhere (a sovereign cloud, the demo tenant). Times are checked with 5 minutes of leeway.
            """)

    @Argument(help: "The token, or - (the default) to read it from standard input.")
    var token: String?

    @Option(help: "A JWKS file or URL to verify with instead of discovery.")
    var jwks: String?

    @Option(help: "Require this audience (aud).")
    var audience: String?

    @Option(help: "Require this issuer (iss).")
    var issuer: String?

    @Option(help: "Where OpenID discovery goes instead of the issuer's authority.")
    var authorityHost: String?

    @Option(help: "A PEM file of the certificate authorities to trust instead of the system's (as curl's --cacert).")
    var caFile: String?

    @Option(help: "text or json.")
    var output: DecodeCommand.Output = .text

    func run() async throws {
        let jwt = try TokenInput.read(token)
        // A refused algorithm (none, HMAC) is the answer whatever the keys: nothing is fetched for it.
        if !TokenVerifier.algorithms.contains(jwt.algorithm ?? ""), !TokenVerifier.isGraphToken(jwt) {
            try report(jwt, keys: .none, source: "not looked up (the algorithm is refused first)")
            return
        }
        let authority = try ConnectionOptions.url(authorityHost, flag: "--authority-host")
        let transport: AsyncHTTPTransport
        do { transport = try AsyncHTTPTransport(caFile: caFile) } catch { throw CLIError.usage(error.description) }
        let fetcher = KeySetFetcher(transport: transport, authorityHost: authority)
        let keys: KeySet
        let source: String
        do {
            if let jwks, !jwks.lowercased().hasPrefix("http") {
                guard let data = FileManager.default.contents(atPath: jwks) else {
                    await transport.shutdown()
                    throw CLIError.usage("--jwks: cannot read \(jwks)")
                }
                do { keys = try KeySet(json: [UInt8](data)) } catch {
                    await transport.shutdown()
                    throw CLIError.usage("--jwks \(jwks): \(error)")
                }
                source = jwks
            } else if let jwks {
                keys = try await fetcher.fetchKeySet(jwks)
                source = jwks
            } else {
                (keys, source) = try await fetcher.keys(for: jwt)
            }
        } catch let error as CLIError {
            throw error
        } catch {
            await transport.shutdown()
            throw CLIError.refused("could not get the signing keys: \(error)")
        }
        await transport.shutdown()
        try report(jwt, keys: keys, source: source)
    }

    /// Verifies with `keys` and prints the report; throws exit 1 unless the token was verified.
    private func report(_ jwt: JWT, keys: KeySet, source: String) throws {
        let report = TokenVerifier().verify(jwt, keys: keys, audience: audience, issuer: issuer)
        if output == .json {
            let outcome: (String, String?) = switch report.outcome {
            case .verified: ("verified", nil)
            case let .failed(reason): ("failed", reason)
            case let .notVerifiable(reason): ("notVerifiable", reason)
            }
            var members: [(key: String, value: JSONValue)] = [("outcome", .string(outcome.0))]
            if let reason = outcome.1 { members.append(("reason", .string(reason))) }
            members.append(("keys", .string(source)))
            members.append(("checks", .array(report.checks.map { check in
                .object(JSONObject([("name", .string(check.name)), ("passed", .bool(check.passed)), ("detail", .string(check.detail))]))
            })))
            members.append(("header", .object(jwt.header)))
            members.append(("payload", .object(jwt.payload)))
            StandardOutput.write(bytes: JSONValue.object(JSONObject(members)).serializedBytes(pretty: true))
            if !report.isVerified { throw ExitCode(1) }
            return
        }
        StandardOutput.write("keys: \(source)" + (keys.skipped.isEmpty ? "" : " (\(keys.skipped.count) unsupported key(s) left out)"))
        for check in report.checks {
            StandardOutput.write("\(check.passed ? "✓" : "✗") \(check.name): \(TerminalSafety.escape(check.detail))")
        }
        switch report.outcome {
        case .verified:
            StandardOutput.write("verified")
        case let .failed(reason):
            throw CLIError.refused("not verified: " + reason)
        case let .notVerifiable(reason):
            throw CLIError.refused("not verifiable: " + reason)
        }
    }
}
