import Foundation
import Synchronization
import TerminalSafety

/// pbitui's log, `$XDG_STATE_HOME/pbitui/pbitui.log` (DESIGN.md §5): one line per HTTP exchange and per
/// sign-in, for finding out afterwards what happened. Folder 0700, file 0600; above 2 MiB the file moves to
/// `pbitui.log.1` when a run starts.
///
/// Nothing secret is written: bodies and headers never are, query values and form fields with secret names
/// are replaced, every secret the process holds (``Secret`` values, tokens received) is registered and
/// replaced wherever it would appear, anything shaped like a JWT becomes `[token]`, and control characters
/// are escaped.
public final class ActivityLog: Sendable {
    public static let shared = ActivityLog()

    private struct State {
        var handle: FileHandle?
        var secrets: Set<String> = []
    }
    private let state = Mutex(State())

    /// A log of its own (tests); the program writes to ``shared``, opened by the composition root.
    public init() {}

    /// The default place: `$XDG_STATE_HOME/pbitui/pbitui.log`, or `~/.local/state/pbitui/pbitui.log`.
    public static func defaultPath(environment: [String: String] = ProcessEnvironment.current) -> String {
        let base = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        return base + "/pbitui/pbitui.log"
    }

    /// Starts writing to `path`. A log that cannot be opened is no reason to fail: pbitui then runs without.
    @discardableResult
    public func open(path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        let files = FileManager.default
        do {
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            _ = chmod(folder, 0o700)
            if let size = (try? files.attributesOfItem(atPath: path))?[.size] as? Int, size > 2 << 20 {
                _ = rename(path, path + ".1")
            }
            if !files.fileExists(atPath: path) {
                guard files.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else { return false }
            }
            _ = chmod(path, 0o600)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            state.withLock { $0.handle = handle }
            return true
        } catch {
            return false
        }
    }

    /// Remembers a secret so that it never appears in the log, even inside a message from elsewhere.
    public func register(secret: String) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= 4 else { return }
        state.withLock { _ = $0.secrets.insert(trimmed) }
    }

    /// `text` as the log would write it: registered secrets, JWTs and secret form fields replaced.
    public func redacted(_ text: String) -> String {
        Self.redact(text, secrets: state.withLock { $0.secrets })
    }

    public func write(_ message: String) {
        state.withLock { state in
            guard let handle = state.handle else { return }
            let line = Self.timestamp() + " " + Self.redact(message, secrets: state.secrets) + "\n"
            try? handle.write(contentsOf: Data(line.utf8))
        }
    }

    /// One HTTP exchange: method, the URL without secret values, the status or the failure, the time taken
    /// and the service's request id.
    public func exchange(_ request: HTTPRequest, status: Int?, failure: String?, milliseconds: Int, requestId: String?) {
        var line = "HTTP \(request.method) \(Self.safeURL(request.url)) → "
        line += status.map { "\($0)" } ?? "failed: \(failure ?? "no answer")"
        line += " in \(milliseconds) ms"
        if let requestId { line += " [RequestId \(requestId)]" }
        write(line)
    }

    static let secretFields = ["client_secret", "password", "assertion", "client_assertion", "refresh_token", "access_token",
                               "code", "device_code", "code_verifier", "id_token", "token", "sig", "secret"]

    /// The URL with the values of secret-looking query fields replaced.
    static func safeURL(_ url: URL) -> String {
        guard var parts = URLComponents(url: url, resolvingAgainstBaseURL: false), let items = parts.queryItems, !items.isEmpty else {
            return url.absoluteString
        }
        parts.queryItems = items.map { item in
            secretFields.contains(item.name.lowercased()) ? URLQueryItem(name: item.name, value: "[redacted]") : item
        }
        parts.user = nil
        parts.password = nil
        return parts.string ?? url.absoluteString
    }

    static let jwtPattern = try! NSRegularExpression(pattern: "eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*")
    static let fieldPattern = try! NSRegularExpression(
        pattern: "(?i)\\b(" + secretFields.joined(separator: "|") + ")=([^&\\s\"]+)")

    /// The text with registered secrets, JWTs and secret form fields replaced, and controls escaped.
    public static func redact(_ text: String, secrets: Set<String>) -> String {
        var output = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) where output.contains(secret) {
            output = output.replacingOccurrences(of: secret, with: "[redacted]")
        }
        // The patterns run (and are compiled, on first use) only when the text could hold what they find:
        // most lines, an HTTP exchange with `$top=5000`, hold neither.
        if output.contains("eyJ") {
            let range = NSRange(output.startIndex..., in: output)
            output = jwtPattern.stringByReplacingMatches(in: output, range: range, withTemplate: "[token]")
        }
        let lowered = output.lowercased()
        if secretFields.contains(where: { lowered.contains($0 + "=") }) {
            let range = NSRange(output.startIndex..., in: output)
            output = fieldPattern.stringByReplacingMatches(in: output, range: range, withTemplate: "$1=[redacted]")
        }
        return TerminalSafety.escape(output)
    }

    /// Tests and a second run in one process (the test suite) read what a run wrote.
    public func close() {
        state.withLock { state in
            try? state.handle?.close()
            state.handle = nil
        }
    }

    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        // Digits by hand: String(format:) goes through Foundation's varargs, slow on every logged line.
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
