import Foundation
import PowerBI
import GRDB
import Tokens

/// At most `limit` holders at once; the others wait in the order they came. Every `enter` is followed by
/// one `leave`, so cancelled waiters still pass through and end.
actor TurnGate {
    let limit: Int
    private var holders = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    func enter() async {
        if holders < limit {
            holders += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            holders -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// The progress of a run, changed by its batches and published after each change.
actor ScanCounters {
    private var progress: ScanProgress
    private let report: @Sendable (ScanProgress) -> Void

    init(_ progress: ScanProgress, report: @escaping @Sendable (ScanProgress) -> Void) {
        self.progress = progress
        self.report = report
    }

    func change(_ body: (inout ScanProgress) -> Void) {
        body(&progress)
        report(progress)
    }

    func publish() { report(progress) }
    func snapshot() -> ScanProgress { progress }
}
