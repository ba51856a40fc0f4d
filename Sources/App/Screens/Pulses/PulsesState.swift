import Foundation
import PowerBI
import TerminalUI

/// `:pulses`: every refreshable in reach with its last refresh, usual duration, failures and next run,
/// failing first. Rows appear as they are known (the admin API's refreshables at once, then workspace by
/// workspace); a reload (`Ctrl-R`, `:watch`) keeps the rows on screen until it has them all, then swaps them
/// in, keeping the selected row, the scroll position, the filter and the sort.
public struct PulsesView: ListView {
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
                              sortKey: PulsesView.sortKey)
        model.setSort(SortOrder(column: healthColumn))
        return model
    }

    /// What sorting compares in a column: texts as they are, times and durations as fixed-width numbers
    /// (thousandths) so that text order is number order, STATUS as the health order.
    static func sortKey(_ pulse: Pulse, _ column: Int) -> String {
        func number(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "" }
            let text = String(Int64(min(max(0, value), 9e14) * 1_000))
            return String(repeating: "0", count: max(0, 19 - text.count)) + text
        }
        switch column {
        case 0: return pulse.datasetName
        case 1: return pulse.workspaceName
        case 2: return pulse.capacity ?? ""
        case 3:
            let rank = pulse.lastFailed ? "0" : pulse.failureCount > 0 ? "1" : pulse.last?.state.isFinal == false ? "2" : "3"
            // Newest first inside a rank: the start time counted down from a far date.
            return rank + number(pulse.last?.startTime.map { 10_000_000_000 - $0.timeIntervalSince1970 })
        case 4: return number(pulse.last?.startTime?.timeIntervalSince1970)
        case 5: return number(pulse.lastDuration)
        case 6: return number(pulse.medianDuration)
        case 7: return number(pulse.deviation)
        case 8: return number(pulse.nextRun?.timeIntervalSince1970)
        case 9: return number(Double(pulse.failureCount))
        case 10: return pulse.kind.rawValue
        default: return ""
        }
    }

    /// The key of a failed refresh, to tell a new failure from one already shown.
    static func failureKey(_ pulse: Pulse) -> String? {
        guard pulse.lastFailed, let last = pulse.last else { return nil }
        return pulse.key + "#" + (last.requestId ?? last.raw["transactionId"]?.stringValue ?? last.startTime.map { String($0.timeIntervalSince1970) } ?? "")
    }

    /// The selected row (kind and id), to find it again after rows move.
    var selectedKey: (kind: Pulse.Kind, id: String)? { rows.row(at: selection.selected).map { ($0.kind, $0.datasetId) } }

    /// Selects the row of `key` again (where it moved to), keeping the scroll offset where it can. Ids are
    /// compared as the service sent them (the same rows come from the same answers): one pass, no copies.
    mutating func reselect(_ key: (kind: Pulse.Kind, id: String)?, offset: Int, visibleRows: Int) {
        guard let key else {
            selection.scrollToSelection(visibleRows: visibleRows, count: rows.count)
            return
        }
        var found: Int?
        if let row = rows.row(at: selection.selected), row.kind == key.kind, row.datasetId == key.id {
            found = selection.selected
        } else {
            for position in 0..<rows.count {
                let row = rows[position]
                if row.datasetId == key.id, row.kind == key.kind { found = position; break }
            }
        }
        selection.keep(selected: found ?? selection.selected, offset: offset, visibleRows: visibleRows, count: rows.count)
    }
}
