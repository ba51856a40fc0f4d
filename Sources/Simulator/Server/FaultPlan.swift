import Foundation
import Synchronization
import Tokens

/// Faults to inject, by rate (`--faults 429:0.1,500:0.05,503:0.05,slow:0.05,reset:0.02,malformed:0.01`).
public struct FaultPlan: Sendable, Equatable {
    public enum Fault: String, Sendable, CaseIterable {
        /// 429 with `Retry-After`, before the request is processed (so a refused refresh was not accepted).
        case tooManyRequests = "429"
        case internalError = "500"
        case unavailable = "503"
        /// Answers after a delay of ``FaultPlan/slowDelay``.
        case slow
        /// Resets the TCP connection (SO_LINGER 0) without answering.
        case reset
        /// Processes the request, then cuts the body in half.
        case malformed
    }

    public let rates: [(fault: Fault, rate: Double)]
    public var slowDelay: Duration = .seconds(2)

    public static func == (lhs: FaultPlan, rhs: FaultPlan) -> Bool {
        lhs.rates.map(\.fault) == rhs.rates.map(\.fault) && lhs.rates.map(\.rate) == rhs.rates.map(\.rate)
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses `name:rate` pairs separated by commas; rates are between 0 and 1 and add up to at most 1.
    public init(_ spec: String) throws(ParseError) {
        var rates: [(Fault, Double)] = []
        for item in spec.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: ":")
            guard parts.count == 2, let fault = Fault(rawValue: String(parts[0]).lowercased()) else {
                throw ParseError(description: "--faults: unknown fault '\(item)'; use \(Fault.allCases.map(\.rawValue).joined(separator: ", ")) as name:rate")
            }
            guard let rate = Double(parts[1]), rate >= 0, rate <= 1 else {
                throw ParseError(description: "--faults: the rate of \(fault.rawValue) must be a number from 0 to 1, not '\(parts[1])'")
            }
            rates.append((fault, rate))
        }
        guard rates.map(\.1).reduce(0, +) <= 1.000_001 else {
            throw ParseError(description: "--faults: the rates add up to more than 1")
        }
        self.rates = rates
    }
}

/// Decides, request by request, which fault (if any) to inject, from a seeded generator so that a run can
/// be repeated; and counts what it injected.
final class FaultInjector: Sendable {
    let plan: FaultPlan
    private let state: Mutex<(random: SeededRandom, counts: [String: Int])>

    init(plan: FaultPlan, seed: UInt64) {
        self.plan = plan
        state = Mutex((SeededRandom(seed: seed ^ 0xFA17), [:]))
    }

    /// Faults apply to the APIs (token, device code, Power BI, managed identity), not to the pages a person
    /// uses in a browser nor to the simulator's own endpoints.
    static func applies(to path: String) -> Bool {
        if path.hasPrefix("/v1.0/") || path.hasPrefix("/metadata/") || path.hasPrefix("/msi/") { return true }
        return path.hasSuffix("/oauth2/v2.0/token") || path.hasSuffix("/oauth2/token") || path.hasSuffix("/devicecode")
    }

    func decide(path: String) -> FaultPlan.Fault? {
        guard !plan.rates.isEmpty, Self.applies(to: path) else { return nil }
        return state.withLock { state in
            let roll = Double(state.random.next() >> 11) / Double(1 << 53)
            var total = 0.0
            for (fault, rate) in plan.rates {
                total += rate
                if roll < total {
                    state.counts[fault.rawValue, default: 0] += 1
                    return fault
                }
            }
            return nil
        }
    }

    var counts: [String: Int] { state.withLock { $0.counts } }

    /// The answer for a fault that replaces the real one; nil for faults that are not an answer.
    func answer(for fault: FaultPlan.Fault, path: String) -> SimResponse? {
        let requestId = UUID().uuidString.lowercased()
        let isPowerBI = path.hasPrefix("/v1.0/")
        switch fault {
        case .tooManyRequests:
            let wait = 1 + Int(state.withLock { $0.random.next() } % 2)
            if isPowerBI {
                return .json(429, ["message": .string("You have exceeded the amount of requests allowed in the current time frame and further requests will fail. Retry in \(wait) seconds.")],
                             headers: [("Retry-After", String(wait)), ("RequestId", requestId)])
            }
            var response = EntraErrors.response(status: 429, error: "temporarily_unavailable", code: 90055,
                                                message: "TenantThrottlingError: too many requests; retry after \(wait) seconds.",
                                                request: SimRequest(method: "POST", path: path))
            response.headers.append(("Retry-After", String(wait)))
            return response
        case .internalError:
            return SimResponse(status: 500, headers: [("Content-Type", "text/plain"), ("RequestId", requestId)],
                               body: Data("An error has occurred".utf8))
        case .unavailable:
            return .html(503, "<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>",
                         headers: [("RequestId", requestId), ("Retry-After", "1")])
        case .slow, .reset, .malformed:
            return nil
        }
    }

    /// Cuts a body in half, keeping status and headers: a JSON answer that stops mid-way.
    static func malform(_ response: SimResponse) -> SimResponse {
        var copy = response
        copy.body = copy.body.prefix(max(1, copy.body.count / 2))
        return copy
    }
}
