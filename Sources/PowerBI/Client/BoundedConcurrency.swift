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
/// each dataset it finds), so that together they never open more than `limit` requests. Waiters go in
/// the order they came.
///
/// ```swift
/// let gate = RequestGate(limit: 4)
/// let history = await gate.run { try? await client.refreshHistory(of: id, in: scope, top: 1) }
/// ```
public actor RequestGate {
    public let limit: Int
    private var running = 0
    /// Waiters in arrival order; `head` is the next one (no O(n) removal from the front).
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var head = 0
    /// The most requests that were in flight at once (for tests).
    public private(set) var peak = 0

    public init(limit: Int = 4) { self.limit = max(1, limit) }

    public func run<Output: Sendable>(_ body: @Sendable () async -> Output) async -> Output {
        await enter()
        let output = await body()
        leave()
        return output
    }

    private func enter() async {
        if running < limit {
            running += 1
        } else {
            await withCheckedContinuation { waiting.append($0) }
        }
        peak = max(peak, running)
    }

    private func leave() {
        if head == waiting.count {
            running -= 1
        } else {
            // The place passes straight to the next waiter: `running` stays as it is.
            let next = waiting[head]
            head += 1
            if head == waiting.count {
                waiting.removeAll(keepingCapacity: true)
                head = 0
            }
            next.resume()
        }
    }
}
