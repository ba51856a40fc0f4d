import Foundation
import PowerBI

/// The `:pulses` screen's network work: every refreshable in reach, reported in batches.
extension BackgroundWork {
    /// Every refreshable in reach, four requests at a time, reported at most ten times a second (a batch of
    /// everything that came in the meantime), then the end of the load.
    static func pulses(_ generation: Int, _ workspaces: [Workspace], window: TimeInterval, _ client: PowerBIClient, _ emit: Emit) async {
        let batches = UpdateBatcher(generation: generation, emit: emit)
        // The screen shows the service's seven-day counts: the histories behind them are read when a row is opened.
        await client.loadPulses(of: workspaces, now: Date(), window: window, readFailedHistories: false) { update in await batches.add(update) }
        await batches.flush()
        emit.yield(.pulses(.finished(generation: generation)))
    }

    /// Gathers a load's updates and sends them as one event at most every 100 ms.
    actor UpdateBatcher {
        let generation: Int
        let emit: Emit
        var waiting: [PulseUpdate] = []
        var lastSent = ContinuousClock.now

        init(generation: Int, emit: Emit) {
            self.generation = generation
            self.emit = emit
        }

        func add(_ update: PulseUpdate) {
            waiting.append(update)
            if ContinuousClock.now - lastSent >= .milliseconds(100) { flush() }
        }

        func flush() {
            guard !waiting.isEmpty else { return }
            emit.yield(.pulses(.arrived(generation: generation, waiting)))
            waiting = []
            lastSent = ContinuousClock.now
        }
    }
}
