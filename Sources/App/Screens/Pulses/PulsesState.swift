import Foundation
import PowerBI
import TerminalUI

/// `:pulses`: every refreshable in reach with its last refresh, usual duration, failures and next run,
/// failing first. Rows appear as they are known (the admin API's refreshables at once, then workspace by
/// workspace); a reload (`Ctrl-R`, `:watch`) keeps the rows on screen until it has them all, then swaps them
/// in, keeping the selected row, the scroll position, the filter and the sort.
public struct PulsesView: Sendable {
    /// NAME, WORKSPACE, CAPACITY, STATUS, STARTED, DURATION, MEDIAN, VS MEDIAN, NEXT RUN, FAILS, KIND.
    static let titles = ["NAME", "WORKSPACE", "CAPACITY", "STATUS", "STARTED", "DURATION", "MEDIAN", "VS MEDIAN", "NEXT RUN", "FAILS", "KIND"]
    static let sortableColumns = Array(titles.indices)
    /// STATUS sorts failing first, then the ones that failed in the window, then the most recently started.
    static let healthColumn = 3

    public var rows = PulsesView.model([])
    public var selection = ListState()
    /// Which load the rows belong to; answers of an older load are dropped.
    public var generation = 1
    public var isLoading = true
    /// The load in flight is a reload: its rows wait in ``pending`` while the previous ones stay on screen.
    public var isReloading = false
    var pending: [Pulse] = []
    /// The fan-out's progress: how many workspaces it reads and how many have answered.
    public var workspacesTotal: Int?
    public var workspacesAnswered = 0
    /// How many rows the admin API's refreshables gave; nil when it was not asked or refused.
    public var refreshables: Int?
    /// Why the admin API refused (the identity is not an administrator): the rows come from workspaces.
    public var adminRefused: String?
    /// Workspaces and items that could not be read, as the load said.
    public var problems: [String] = []
    /// When the last load finished.
    public var loadedAt: Date?
    /// `:watch SECONDS`: reload this often; nil when not watching.
    public var watch: Int?
    /// The window failures are counted in.
    public var window: TimeInterval = 7 * 86_400
    /// Failed refreshes already seen (pulse key + request id): a reload that finds one not in here raises a toast.
    var seenFailures: Set<String> = []

    public init() {}

    static func model(_ pulses: [Pulse]) -> ListModel<Pulse> {
        var model = ListModel(pulses, search: { $0.datasetName + "\u{0}" + $0.workspaceName + "\u{0}" + $0.datasetId + "\u{0}" + ($0.last?.errorCode ?? "") },
                              cells: PulsesView.sortKeys)
        model.setSort(SortOrder(column: healthColumn))
        return model
    }

    /// What sorting compares, per column: texts as they are, times and durations as fixed-width numbers so
    /// that text order is number order, STATUS as the health order.
    static func sortKeys(_ pulse: Pulse) -> [String] {
        func number(_ value: Double?) -> String { value.map { String(format: "%016.3f", max(0, $0)) } ?? "" }
        let started = pulse.last?.startTime?.timeIntervalSince1970
        let rank = pulse.lastFailed ? "0" : pulse.failureCount > 0 ? "1" : pulse.last?.state.isFinal == false ? "2" : "3"
        // Newest first inside a rank: the start time counted down from a far date.
        let health = rank + number(started.map { 10_000_000_000 - $0 })
        return [pulse.datasetName, pulse.workspaceName, pulse.capacity ?? "", health, number(started), number(pulse.lastDuration),
                number(pulse.medianDuration), number(pulse.deviation), number(pulse.nextRun?.timeIntervalSince1970),
                String(format: "%08d", pulse.failureCount), pulse.kind.rawValue]
    }

    /// The key of a failed refresh, to tell a new failure from one already shown.
    static func failureKey(_ pulse: Pulse) -> String? {
        guard pulse.lastFailed, let last = pulse.last else { return nil }
        return pulse.key + "#" + (last.requestId ?? last.startTime.map { String($0.timeIntervalSince1970) } ?? "")
    }

    /// The selected row's key, to find it again after rows move.
    var selectedKey: String? { rows.row(at: selection.selected)?.key }

    /// Selects the row with `key` again (where it moved to), keeping the scroll offset where it can.
    mutating func reselect(_ key: String?, offset: Int, visibleRows: Int) {
        guard let key else {
            selection.scrollToSelection(visibleRows: visibleRows, count: rows.count)
            return
        }
        var found: Int?
        for position in 0..<rows.count where rows[position].key == key {
            found = position
            break
        }
        selection.keep(selected: found ?? selection.selected, offset: offset, visibleRows: visibleRows, count: rows.count)
    }
}
