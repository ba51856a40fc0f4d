import Config
import Foundation
import TerminalUI
import Tokens

/// The list part of a screen's state: its rows, filtered and sorted (``ListModel``), and the selection.
protocol ListView: Sendable {
    associatedtype Row: Sendable
    var rows: ListModel<Row> { get set }
    var selection: ListState { get set }
}

extension ListView {
    /// `j`/`k`, pages, `g`/`G`, and `s`/`S` (sorting by the next column of `sortable`, or the other way):
    /// the same on every list. False for any other action.
    mutating func apply(_ action: Action, page: Int, sortable: [Int]) -> Bool {
        switch action {
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom:
            _ = selection.apply(action, count: rows.count, page: page)
        case .sortNext where !sortable.isEmpty:
            rows.setSort(SortOrder.next(after: rows.sort, sortable: sortable))
        case .sortReverse where !sortable.isEmpty:
            rows.setSort(SortOrder.reversed(rows.sort, sortable: sortable))
        default:
            return false
        }
        selection.scrollToSelection(visibleRows: page, count: rows.count)
        return true
    }

    /// The `/` filter: the first row shown is selected.
    mutating func filter(_ text: String, page: Int) {
        rows.setFilter(text)
        selection.select(0, count: rows.count)
        selection.scrollToSelection(visibleRows: page, count: rows.count)
    }

    var selectedRow: Row? { rows.row(at: selection.selected) }
}

/// What `:export` writes of a list: the headers, each row's cells, and each row's object for JSON (by
/// default the cells under the headers).
struct ListExportColumns<Row> {
    let headers: [String]
    let cells: (Row) -> [String]
    var object: ((Row) -> JSONValue)?
}

/// A screen that is one list: the `/` filter, clicking a row, moving, sorting and `:export` come from here,
/// one implementation for every list screen (`:apps`/`:capacities`, `:datasets`, `:pulses`, `:pins`/`:go`/`:ctx`,
/// `:ops`, `:inventory`). A screen says where its list is, which columns sort, and what export writes.
protocol ListScreen: ScreenUnit {
    associatedtype View: ListView
    /// The screen's list, while it is on the stack (or kept).
    static func list(_ state: AppState) -> View?
    /// Writes the list back.
    static func setList(_ view: View, _ state: inout AppState)
    /// The columns `s` steps through.
    static func sortable(_ view: View) -> [Int]
    /// What `:export` writes.
    static func export(_ view: View, _ state: AppState, now: Date) -> ListExportColumns<View.Row>
}

extension ListScreen {
    /// Rows of the table below its titles.
    static func page(_ state: AppState) -> Int { max(1, AppLayout(size: state.size).visibleTableRows - 1) }

    static func filter(_ state: AppState) -> String? { list(state)?.rows.filter }

    static func setFilter(_ text: String, _ state: inout AppState) {
        guard var view = list(state) else { return }
        view.filter(text, page: page(state))
        setList(view, &state)
    }

    static func select(line: Int, _ state: inout AppState) -> Bool {
        guard var view = list(state), view.selection.select(line: line, count: view.rows.count) else { return false }
        setList(view, &state)
        return true
    }

    static func table(_ state: AppState, now: Date) -> ListExport.Table? {
        guard let view = list(state) else { return nil }
        let columns = export(view, state, now: now)
        let rows = view.rows.visibleRows
        let cells = rows.map(columns.cells)
        let objects = columns.object.map { rows.map($0) } ?? cells.map { ListExport.object(columns.headers, $0) }
        return ListExport.Table(headers: columns.headers, rows: cells, objects: objects)
    }

    /// Moving and sorting, for the screen's reducer: true when `action` was one of them (the list is written back).
    static func moveOrSort(_ action: Action, _ state: inout AppState) -> Bool {
        guard var view = list(state), view.apply(action, page: page(state), sortable: sortable(view)) else { return false }
        setList(view, &state)
        return true
    }
}
