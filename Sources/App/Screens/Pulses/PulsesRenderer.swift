import Foundation
import PowerBI
import TerminalUI

/// Draws `:pulses`: a title with the load's progress and when it last loaded, then the table, coloured by state.
enum PulsesRenderer {
    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        guard let view = state.pulses else { return }
        var title = "Pulses (\(view.rows.totalCount))"
        if !view.rows.filter.isEmpty { title = "Pulses (\(view.rows.count) of \(view.rows.totalCount) · /\(view.rows.filter))" }
        if view.isLoading {
            title += " " + AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count]
            title += view.isReloading ? " reloading" : " loading"
            if let total = view.workspacesTotal { title += " \(view.workspacesAnswered)/\(total) workspaces" }
        }
        buffer.put(title, row: layout.titleRow, column: 1, style: theme[.title])
        var note: [String] = []
        if let loadedAt = view.loadedAt { note.append("loaded \(HumanTime.clock(loadedAt))") }
        if let watch = view.watch { note.append("watching every \(watch) s") }
        if view.refreshables != nil { note.append("admin refreshables") } else if view.adminRefused != nil { note.append("workspace by workspace") }
        if !view.problems.isEmpty { note.append("\(view.problems.count) unreadable") }
        let text = note.joined(separator: " · ")
        let width = DisplayWidth.of(text)
        if DisplayWidth.of(title) + width + 4 < state.size.columns {
            buffer.put(text, row: layout.titleRow, column: state.size.columns - width - 1, style: theme[.muted])
        }
        var roles: [ColorRole?] = []
        let window = TableView.window(view.selection, visibleRows: layout.visibleTableRows, count: view.rows.count)
        let rows = window.map { index -> [String] in
            let pulse = view.rows[index]
            roles.append(role(pulse))
            return cells(pulse, now: now)
        }
        let order = view.rows.sort
        func column(_ index: Int, _ width: TableColumn.Width, right: Bool = false, yields: Bool = false) -> TableColumn {
            TableColumn(SortOrder.title(PulsesView.titles[index], column: index, order: order), width: width, alignRight: right, yieldsRoom: yields)
        }
        TableView(columns: [
            column(0, .flexible(minimum: 14, weight: 2)), column(1, .flexible(minimum: 10, weight: 1)), column(2, .flexible(minimum: 8, weight: 1), yields: true),
            column(3, .fixed(10)), column(4, .fixed(9)), column(5, .fixed(8), right: true), column(6, .fixed(8), right: true, yields: true),
            column(7, .fixed(9), right: true), column(8, .fixed(12)), column(9, .fixed(6), right: true), column(10, .fixed(8), yields: true),
        ], rows: rows, state: view.selection, rowRoles: roles, firstRow: window.lowerBound).render(into: &buffer, in: layout.table, theme: theme)
        if !view.isLoading, view.rows.totalCount == 0 {
            buffer.put("Nothing refreshable in reach.", row: layout.table.row + 2, column: 1, style: theme[.muted])
        }
    }

    /// A row as shown: NAME, WORKSPACE, CAPACITY, STATUS, STARTED, DURATION, MEDIAN, VS MEDIAN, NEXT RUN, FAILS, KIND.
    static func cells(_ pulse: Pulse, now: Date) -> [String] {
        [pulse.datasetName, pulse.workspaceName, pulse.capacity ?? "",
         pulse.last.map { $0.state.description } ?? "never",
         pulse.last?.startTime.map { HumanTime.relative($0, now: now) } ?? "",
         pulse.lastDuration.map(HumanTime.duration) ?? (pulse.last?.state.isFinal == false ? "running" : ""),
         pulse.medianDuration.map(HumanTime.duration) ?? "",
         pulse.deviation.map { String(format: "%.1f×", $0) } ?? "",
         pulse.nextRun.map { HumanTime.relative($0, now: now) } ?? (pulse.scheduleEnabled == false ? "off" : ""),
         pulse.failureCount > 0 || pulse.refreshCount > 0 ? "\(pulse.failureCount)/\(pulse.refreshCount)" : "",
         pulse.kind.rawValue]
    }

    /// Failed red, running blue, failures in the window or a run over twice the usual time amber.
    static func role(_ pulse: Pulse) -> ColorRole? {
        guard let last = pulse.last else { return .muted }
        if last.state == .failed { return .error }
        if !last.state.isFinal { return .info }
        if pulse.failureCount > 0 || (pulse.deviation ?? 0) >= 2 || pulse.scheduleEnabled == false { return .warn }
        return nil
    }
}
