/// Runs work over many inputs with at most `limit` running at once, keeping the inputs' order in the
/// results. Fan-out over hundreds of workspaces must not open hundreds of requests (the service throttles,
/// and so would the person's network).
public enum BoundedConcurrency {
    public static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], limit: Int = 4, _ body: @escaping @Sendable (Input) async -> Output
    ) async -> [Output] {
        guard !inputs.isEmpty else { return [] }
        var results = [Output?](repeating: nil, count: inputs.count)
        await withTaskGroup(of: (Int, Output).self) { group in
            var next = 0
            for _ in 0..<min(max(1, limit), inputs.count) {
                let index = next
                group.addTask { (index, await body(inputs[index])) }
                next += 1
            }
            for await (index, output) in group {
                results[index] = output
                if next < inputs.count {
                    let index = next
                    group.addTask { (index, await body(inputs[index])) }
                    next += 1
                }
            }
        }
        return results.map { $0! }
    }
}

/// A limit on requests in flight shared by several fan-outs (the `:datasets` load and the last refresh of
/// each dataset it finds), so that together they never open more than `limit` requests. Waiters go in the
/// order they came, the urgent ones first: the rows of a list come before the extra detail about them (the
/// last refresh of each of 4,000 datasets must not hold up the rest of the list).
///
/// ```swift
/// let gate = RequestGate(limit: 4)
/// let history = await gate.run(.background) { try? await client.refreshHistory(of: id, in: scope, top: 1) }
/// ```
public actor RequestGate {
    public enum Priority: Sendable { case urgent, background }

    public let limit: Int
    private var running = 0
    /// Waiters in arrival order, one queue per priority; `heads` index the next of each (no O(n) removal).
    private var urgent: [CheckedContinuation<Void, Never>] = []
    private var background: [CheckedContinuation<Void, Never>] = []
    private var urgentHead = 0
    private var backgroundHead = 0
    /// The most requests that were in flight at once (for tests).
    public private(set) var peak = 0
    /// How many wait for a place now (for tests).
    public var waiting: Int { urgent.count - urgentHead + background.count - backgroundHead }

    public init(limit: Int = 4) { self.limit = max(1, limit) }

    public func run<Output: Sendable>(_ priority: Priority = .urgent, _ body: @Sendable () async -> Output) async -> Output {
        await enter(priority)
        let output = await body()
        leave()
        return output
    }

    private func enter(_ priority: Priority) async {
        if running < limit {
            running += 1
        } else {
            await withCheckedContinuation { continuation in
                switch priority {
                case .urgent: urgent.append(continuation)
                case .background: background.append(continuation)
                }
            }
        }
        peak = max(peak, running)
    }

    /// The place passes straight to the next waiter, urgent ones first (`running` stays as it is).
    private func leave() {
        if urgentHead < urgent.count {
            let next = urgent[urgentHead]
            urgentHead += 1
            if urgentHead == urgent.count { urgent.removeAll(keepingCapacity: true); urgentHead = 0 }
            next.resume()
        } else if backgroundHead < background.count {
            let next = background[backgroundHead]
            backgroundHead += 1
            if backgroundHead == background.count { background.removeAll(keepingCapacity: true); backgroundHead = 0 }
            next.resume()
        } else {
            running -= 1
        }
    }
}
