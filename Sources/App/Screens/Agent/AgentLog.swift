import Foundation
import PowerBI
import TerminalSafety
import Tokens

/// One call an assistant made through `pbitui mcp`, as the audit file keeps it.
public struct AgentCall: Sendable, Hashable {
    /// When, as written (ISO 8601, UTC).
    public let time: String
    public let tool: String
    /// The arguments as compact JSON.
    public let arguments: String
    /// Its error in words; nil when it answered.
    public let error: String?
    public let raw: JSONValue
}

/// What `:agent` shows: `$XDG_STATE_HOME/pbitui/mcp-audit.jsonl` (beside the pins), the newest calls first.
public enum AgentLog {
    /// The newest calls the screen holds.
    public static let limit = 10_000

    /// The audit file beside the pins file.
    static func path(pinsPath: String?) -> String? {
        pinsPath.map { ($0 as NSString).deletingLastPathComponent + "/mcp-audit.jsonl" }
    }

    /// The calls, newest first (at most ``limit``); a line that is not a call is skipped and counted. A missing
    /// file is no calls yet.
    static func read(_ path: String) -> Result<(calls: [AgentCall], skipped: Int), AgentProblem> {
        guard FileManager.default.fileExists(atPath: path) else { return .success(([], 0)) }
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(AgentProblem("Could not read \(path)")) }
        return .success(parse(data))
    }

    /// The calls in the audit file's bytes, newest (last) first, at most ``limit``; each line that is not a
    /// call (not JSON, no `tool`) is counted in `skipped`. Linear in the bytes; under the fuzzer (`audit`).
    public static func parse(_ data: Data) -> (calls: [AgentCall], skipped: Int) {
        var calls: [AgentCall] = []
        var skipped = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).suffix(limit).reversed() {
            guard let json = try? JSONValue.parse(Data(line)), let tool = json["tool"]?.stringValue else { skipped += 1; continue }
            let arguments = json["arguments"].map { String(decoding: $0.serializedBytes(), as: UTF8.self) } ?? "{}"
            calls.append(AgentCall(time: json["time"]?.stringValue ?? "", tool: tool, arguments: arguments,
                                   error: json["error"]?.stringValue, raw: json))
        }
        return (calls, skipped)
    }

    /// TIME (local, the zone named), TOOL, ARGUMENTS, RESULT.
    public static func cells(_ call: AgentCall) -> [String] {
        [HumanTime.local(text: call.time), call.tool, call.arguments, call.error.map { "error: " + $0 } ?? "ok"]
    }
}

public struct AgentProblem: Error, Sendable, Hashable {
    public let message: String
    init(_ message: String) { self.message = TerminalSafety.escape(message) }
}
