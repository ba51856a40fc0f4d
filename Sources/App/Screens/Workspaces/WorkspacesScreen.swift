import Config
import Foundation
import PowerBI
import TerminalUI

/// The workspace list, the home screen once signed in. Its state lives in ``AppState`` for the whole
/// session (``AppState/workspaces``, ``AppState/workspaceModel``, ``AppState/workspaceList``).
enum WorkspacesReducer {
    static func action(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        let page = max(1, AppLayout(size: state.size).visibleTableRows)
        let count = state.workspaceModel.count
        switch action {
        case .open:
            guard let entry = state.workspaceModel.row(at: state.workspaceList.selected) else { return [] }
            return WorkspaceReducer.open(entry, &state, now: now)
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom:
            _ = state.workspaceList.apply(action, count: count, page: page)
        case .sortNext, .sortReverse:
            let sortable = [0, 1, 2, 3]
            state.sortWorkspaces(action == .sortNext ? SortOrder.next(after: state.workspaceModel.sort, sortable: sortable)
                                                     : SortOrder.reversed(state.workspaceModel.sort, sortable: sortable))
        case .reload:
            state.workspaces = .loading(since: now)
            state.status = StatusMessage("Loading workspaces…")
            return [.workspaces(.load)]
        case .copyID:
            guard let entry = state.workspaceModel.row(at: state.workspaceList.selected), !entry.id.isEmpty else { return [] }
            return Copying.copy(id: entry.id, what: "workspace id", &state)
        case .showJSON:
            guard let entry = state.workspaceModel.row(at: state.workspaceList.selected) else { return [] }
            guard let workspace = entry.workspace else {
                state.status = StatusMessage("My workspace has no object of its own in the API (it is /v1.0/myorg itself)", level: .info)
                return []
            }
            state.jsonOverlay = JSONOverlay(title: "Workspace " + workspace.name, viewer: JSONViewer(workspace.raw))
        case .back:
            // The top level has nothing to go back to: Esc clears a kept filter.
            guard !state.workspaceFilter.isEmpty else { return [] }
            state.workspaceFilter = ""
            state.status = StatusMessage("Filter cleared: \(state.workspaceModel.count) workspaces")
        default:
            break
        }
        clampSelection(&state)
        return []
    }

    /// The workspace list arrived, or could not be read.
    static func result(_ event: WorkspacesEvent, _ state: inout AppState) {
        switch event {
        case let .loaded(workspaces):
            state.workspaces = .loaded(workspaces)
            state.workspaceList.select(state.workspaceList.selected, count: state.workspaceModel.count)
            clampSelection(&state)
            state.status = StatusMessage("Loaded \(workspaces.count) workspace\(workspaces.count == 1 ? "" : "s")", level: .ok)
        case let .failed(message, requestId):
            state.workspaces = .failed(message: message, requestId: requestId)
            state.status = StatusMessage.failure(message, requestId)
        }
    }

    static func clampSelection(_ state: inout AppState) {
        let count = state.workspaceModel.count
        state.workspaceList.scrollToSelection(visibleRows: AppLayout(size: state.size).visibleTableRows, count: count)
    }
}

/// Draws the workspace list.
enum WorkspacesRenderer {
    static func render(_ state: AppState, layout: AppLayout, theme: Theme, into buffer: inout CellBuffer) {
        let spinnerText = AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count]
        var title = "Workspaces"
        switch state.workspaces {
        case .idle: break
        case .loading: title += " " + spinnerText + " loading…"
        case let .loaded(workspaces):
            let shown = state.workspaceModel.count
            let total = workspaces.count + (state.tokenKind == .delegated ? 1 : 0)
            title += state.workspaceFilter.isEmpty ? " (\(total))" : " (\(shown) of \(total) · /\(state.workspaceFilter))"
        case .failed: title += " (failed)"
        }
        buffer.put(title, row: layout.titleRow, column: 1, style: theme[.title])
        let workspaces = state.workspaces.value ?? []
        let model = state.workspaceModel
        // Only the rows on screen are turned into cells: a frame costs the same for 10 rows or 100,000.
        let window = TableView.window(state.workspaceList, visibleRows: layout.visibleTableRows, count: model.count)
        let rows = window.map { AppState.workspaceCells(model[$0]) }
        let order = model.sort
        let table = TableView(
            columns: [
                TableColumn(SortOrder.title("NAME", column: 0, order: order), width: .flexible(minimum: 16, weight: 1)),
                TableColumn(SortOrder.title("CAPACITY", column: 1, order: order), width: .fixed(10)),
                TableColumn(SortOrder.title("READ-ONLY", column: 2, order: order), width: .fixed(9)),
                TableColumn(SortOrder.title("ID", column: 3, order: order), width: .fixed(36)),
            ],
            rows: rows, state: state.workspaceList, firstRow: window.lowerBound)
        table.render(into: &buffer, in: layout.table, theme: theme)
        if case let .failed(message, _) = state.workspaces {
            buffer.put(TextFit.truncate("Could not load workspaces: " + message, to: state.size.columns - 2),
                       row: layout.table.row + 2, column: 1, style: theme[.error])
        } else if case .loaded = state.workspaces, workspaces.isEmpty {
            buffer.put("No workspaces visible to this identity.", row: layout.table.row + 2, column: 1, style: theme[.muted])
        }
    }
}

/// The workspace list, the home screen once signed in.
enum WorkspacesScreen: ScreenUnit {
    static func selection(_ state: AppState) -> Selection? {
        state.workspaceModel.row(at: state.workspaceList.selected).map(Selection.workspace)
    }

    static func keyScreen(_ state: AppState) -> KeyScreen { .workspaces }

    static func breadcrumb(_ state: AppState) -> [String] { ["Workspaces"] }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        WorkspacesReducer.action(action, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        WorkspacesRenderer.render(state, layout: layout, theme: theme, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { state.workspaces.isLoading }

    static func filter(_ state: AppState) -> String? { state.workspaceFilter }

    static func setFilter(_ text: String, _ state: inout AppState) {
        state.workspaceFilter = text
        state.workspaceList.select(0, count: state.workspaceModel.count)
        WorkspacesReducer.clampSelection(&state)
    }

    static func select(line: Int, _ state: inout AppState) -> Bool {
        state.workspaceList.select(line: line, count: state.workspaceModel.count)
    }

    static func table(_ state: AppState, now: Date) -> ListExport.Table? {
        let entries = state.workspaceModel.visibleRows
        return ListExport.Table(headers: ["NAME", "CAPACITY", "READ-ONLY", "ID"], rows: entries.map(AppState.workspaceCells),
                                objects: entries.compactMap { $0.workspace?.raw })
    }
}
