import Foundation
import Inventory
import PowerBI
import Synchronization
import Tokens

/// A scanner service in memory that counts what a scan does to it: scans unfinished at once (from getInfo
/// to the result fetched), getInfo calls and when, 429s handed out. Each scan succeeds on its second status
/// poll unless told otherwise.
final class FakeScanner: ScannerService, @unchecked Sendable {
    struct State {
        var scans: [String: (workspaces: [String], polls: Int, fails: Bool)] = [:]
        var unfinished = 0
        var peakUnfinished = 0
        var getInfoTimes: [Date] = []
        var statusCalls = 0
        var resultCalls = 0
        var throttles: Int
        var failFirst: Int
        var forget: Set<String> = []
    }

    let workspaces: [String]
    let state: Mutex<State>
    let retryAfter: Int
    /// The job's clock: calls are timed by it, and a call takes 2 ms of it.
    let clock: JobClock
    /// A scan stays running until this many scans were started (or all were): so that a test sees scans
    /// overlap however the tasks happen to be scheduled.
    let overlap: Int

    init(workspaces: Int, throttles: Int = 0, retryAfter: Int = 1, failFirst: Int = 0, clock: JobClock, overlap: Int = 1) {
        self.workspaces = (0..<workspaces).map { String(format: "00000000-0000-4000-8000-%012d", $0) }
        state = Mutex(State(throttles: throttles, failFirst: failFirst))
        self.retryAfter = retryAfter
        self.clock = clock
        self.overlap = overlap
    }

    func modifiedWorkspaces(since: Date?, excludePersonal: Bool) async throws(PowerBIError) -> [String] { workspaces }

    func startScan(of ids: [String], options: ScanOptions) async throws(PowerBIError) -> ScanRequest {
        let refusal: ServiceError? = state.withLock { state in
            if state.throttles > 0 {
                state.throttles -= 1
                return ServiceError(status: 429, code: nil, detail: "Retry in \(retryAfter) seconds.", requestId: nil, retryAfter: retryAfter,
                                    method: "POST", path: "/admin/workspaces/getInfo")
            }
            return nil
        }
        if let refusal { throw .service(refusal) }
        let received = clock.now
        try? await clock.sleep(for: .milliseconds(2))
        return state.withLock { state in
            let id = UUID().uuidString
            let fails = state.failFirst > 0
            if fails { state.failFirst -= 1 }
            state.scans[id] = (ids, 0, fails)
            state.unfinished += 1
            state.peakUnfinished = max(state.peakUnfinished, state.unfinished)
            state.getInfoTimes.append(received)
            return ScanRequest(id: id, status: .notStarted)
        }
    }

    func scanStatus(_ id: String) async throws(PowerBIError) -> ScanRequest {
        let answer: ScanRequest? = state.withLock { state in
            state.statusCalls += 1
            guard var scan = state.scans[id], !state.forget.contains(id) else { return nil }
            scan.polls += 1
            state.scans[id] = scan
            if scan.fails, scan.polls >= 2 {
                state.unfinished -= 1
                return ScanRequest(id: id, status: .failed, error: "ScanFailed: the scan failed")
            }
            let overlapping = state.scans.count >= min(overlap, (workspaces.count + 99) / 100)
            return ScanRequest(id: id, status: scan.polls >= 2 && overlapping ? .succeeded : .running)
        }
        guard let answer else {
            throw .service(ServiceError(status: 404, code: "PowerBIEntityNotFound", detail: nil, requestId: nil, retryAfter: nil,
                                        method: "GET", path: "/admin/workspaces/scanStatus/\(id)"))
        }
        return answer
    }

    func scanResult(_ id: String) async throws(PowerBIError) -> Data {
        let ids: [String] = state.withLock { state in
            state.resultCalls += 1
            state.unfinished -= 1
            return state.scans[id]?.workspaces ?? []
        }
        return Data(FakeScanner.result(for: ids).serializedBytes())
    }

    /// A scan result for `ids`: each workspace with one dataset, one report on it and one dataflow it reads.
    static func result(for ids: [String]) -> JSONValue {
        .object(JSONObject([("workspaces", .array(ids.map { id in
            let suffix = String(id.suffix(12))
            return .object(JSONObject([
                ("id", .string(id)), ("name", .string("Workspace \(suffix)")), ("type", "Workspace"), ("state", "Active"),
                ("reports", [.object(JSONObject([("id", .string("r-\(suffix)")), ("name", "Report"), ("datasetId", .string("d-\(suffix)"))]))]),
                ("datasets", [.object(JSONObject([("id", .string("d-\(suffix)")), ("name", "Model"), ("configuredBy", "alex"),
                                                  ("upstreamDataflows", [.object(JSONObject([("targetDataflowId", .string("f-\(suffix)")), ("groupId", .string(id))]))])]))]),
                ("dataflows", [.object(JSONObject([("objectId", .string("f-\(suffix)")), ("name", "Flow")]))]),
            ]))
        }))]))
    }

    var snapshot: State { state.withLock { $0 } }
}
