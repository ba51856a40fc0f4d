import Foundation

/// A lineage tree read from the tenant store.
public enum LineageEvent: Sendable {
    case loaded(generation: Int, Result<LineageAnswer, StoreProblem>)
}

public enum LineageEffect: Sendable, Hashable {
    case load(generation: Int, LineageTarget)
}
