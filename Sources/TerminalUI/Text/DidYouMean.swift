/// "Did you mean": the candidates closest to a mistyped word by edit distance (insertions, deletions and
/// substitutions of characters, case ignored), for operation ids, subcommands and names.
///
/// ```swift
/// DidYouMean.closest(to: "Datasets_GetRefreshHistoryInGrop", among: ids)   // ["Datasets_GetRefreshHistoryInGroup"]
/// ```
///
/// Words are compared up to ``longest`` characters, so a call costs at most `longest²` steps per candidate.
public enum DidYouMean {
    public static let longest = 100

    /// Up to `limit` candidates within a distance of a fifth of the word's length (at least 2), nearest
    /// first (ties in the order given).
    public static func closest(to word: String, among candidates: [String], limit: Int = 3) -> [String] {
        let target = Array(word.lowercased().prefix(longest))
        guard !target.isEmpty else { return [] }
        let allowed = max(2, target.count / 5)
        var scored: [(distance: Int, index: Int)] = []
        for (index, candidate) in candidates.enumerated() {
            let other = Array(candidate.lowercased().prefix(longest))
            guard abs(other.count - target.count) <= allowed else { continue }
            let distance = Self.distance(target, other, bound: allowed)
            if distance <= allowed { scored.append((distance, index)) }
        }
        var seen = Set<String>()
        return scored.sorted { ($0.distance, $0.index) < ($1.distance, $1.index) }
            .map { candidates[$0.index] }
            .filter { seen.insert($0).inserted }
            .prefix(limit).map { $0 }
    }

    /// Levenshtein distance with two rows; stops early once every entry of a row exceeds `bound`.
    static func distance(_ a: [Character], _ b: [Character], bound: Int) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var smallest = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                smallest = min(smallest, current[j])
            }
            if smallest > bound { return smallest }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// ", did you mean X, Y?" or an empty string.
    public static func hint(_ word: String, among candidates: [String]) -> String {
        let close = closest(to: word, among: candidates)
        return close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?"
    }
}
