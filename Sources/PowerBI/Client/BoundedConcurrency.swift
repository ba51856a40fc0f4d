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
