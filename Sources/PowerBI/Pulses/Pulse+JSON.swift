import Foundation
import Tokens

extension Pulse {
    /// One pulse as `pulses --output json` and the MCP tool `refresh_health` write it: ids and names, the last
    /// refresh, durations in seconds, the next run, failures counted, and a failure explained.
    public var json: JSONValue {
        let pulse = self
        var members: [(key: String, value: JSONValue)] = [
            ("datasetId", .string(pulse.datasetId)), ("dataset", .string(pulse.datasetName)),
            ("workspaceId", pulse.workspaceId.map(JSONValue.string) ?? .null), ("workspace", .string(pulse.workspaceName)),
            ("capacity", pulse.capacity.map(JSONValue.string) ?? .null),
            ("lastStatus", pulse.last.map { .string($0.state.description) } ?? .null),
            ("lastStarted", pulse.last?.startTime.map { .string(Pulse.iso($0)) } ?? .null),
            ("lastDurationSeconds", pulse.lastDuration.map { .number(String(Int($0))) } ?? .null),
            ("medianDurationSeconds", pulse.medianDuration.map { .number(String(Int($0))) } ?? .null),
            ("nextRun", pulse.nextRun.map { .string(Pulse.iso($0)) } ?? .null),
            ("failures", .int(pulse.failureCount)), ("refreshes", .int(pulse.refreshCount)),
            ("kind", .string(pulse.kind.rawValue)), ("source", .string(pulse.source.rawValue)),
            ("scheduleEnabled", pulse.scheduleEnabled.map(JSONValue.bool) ?? .null),
            ("configuredBy", .array(pulse.configuredBy.map(JSONValue.string))),
        ]
        if pulse.lastFailed, let code = pulse.last?.errorCode {
            members.append(("errorCode", .string(code)))
            if let description = pulse.last?.errorDescription { members.append(("errorDescription", .string(description))) }
            if let entry = RefreshErrorCatalogue.entry(code: code, description: pulse.last?.errorDescription) {
                members.append(("explanation", .string(entry.meaning)))
                members.append(("whatToDo", .string(entry.fix)))
            }
        }
        return .object(JSONObject(members))
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
