import Foundation

/// The runtime's background work: every task removes itself when it ends, and whatever still runs is
/// cancelled when the UI ends. (A plain array kept every finished task for the life of the session.)
@MainActor
final class BackgroundTasks {
    private var running: [Int: Task<Void, Never>] = [:]
    private var nextId = 0

    /// How many tasks run now (the UI's two long-lived ones included).
    var count: Int { running.count }

    /// Follows `task` until it ends; cancelling the set cancels it.
    func add(_ task: Task<Void, Never>) {
        let id = nextId
        nextId += 1
        running[id] = Task { [weak self] in
            await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
            self?.running[id] = nil
        }
    }

    func cancelAll() {
        for task in running.values { task.cancel() }
        running = [:]
    }
}
