import Config
import Foundation
import Inventory
import PowerBI
import TerminalSafety
import TerminalUI
import Tokens

/// What a lineage view is of: an item the screens know (kind as the store names it, id), or what was typed
/// after `:lineage` (an id, a name, `kind:name`).
public enum LineageTarget: Sendable, Hashable {
    case item(kind: ArtifactKind, id: String, name: String)
    case text(String)

    var query: String {
        switch self {
        case let .item(kind, id, _): kind.rawValue + ":" + id
        case let .text(text): text
        }
    }

    var label: String {
        switch self {
        case let .item(kind, _, name): "\(kind.rawValue) \(name)"
        case let .text(text): text
        }
    }
}

/// `L` and `:lineage`: the item's upstream and downstream from the tenant store, as an indented tree.
public struct LineageView: Sendable {
    /// One line of the tree: a heading ("upstream …") or a node with the box-drawing prefix of its depth.
    struct Line: Sendable, Hashable {
        let prefix: String
        let node: LineageNode?
        let heading: String?
        let repeated: Bool
    }

    public let target: LineageTarget
    public var generation: Int
    public var tree: LineageTree?
    var lines: [Line] = []
    public var selection = ListState()
    public var isLoading = true
    public var failure: String?
    /// The lineage views this one was followed from (Enter on an item), newest last: Esc goes back to them.
    var trail: [LineageView] = []

    init(target: LineageTarget, generation: Int) {
        self.target = target
        self.generation = generation
    }

    /// The tree as lines: the item, "upstream", its branches, "downstream", its branches.
    static func lines(_ tree: LineageTree) -> [Line] {
        var lines = [Line(prefix: "", node: tree.root, heading: nil, repeated: false)]
        func add(_ branches: [LineageBranch], prefix: String) {
            for (index, branch) in branches.enumerated() {
                let last = index == branches.count - 1
                lines.append(Line(prefix: prefix + (last ? "└─ " : "├─ "), node: branch.node, heading: nil, repeated: branch.repeated))
                add(branch.children, prefix: prefix + (last ? "   " : "│  "))
            }
        }
        lines.append(Line(prefix: "", node: nil, heading: "upstream: what it reads from" + (tree.upstream.isEmpty ? " (nothing)" : ""), repeated: false))
        add(tree.upstream, prefix: "")
        lines.append(Line(prefix: "", node: nil, heading: "downstream: what reads from it" + (tree.downstream.isEmpty ? " (nothing)" : ""), repeated: false))
        add(tree.downstream, prefix: "")
        return lines
    }
}

enum LineageReducer {
    /// Opens the lineage of `target` over the screen in front (Esc comes back to it).
    static func open(_ target: LineageTarget?, _ state: inout AppState) -> [Effect] {
        guard let target else {
            state.status = StatusMessage("L shows the lineage of a report, dataset, dashboard or dataflow: select one, or :lineage NAME", level: .warn)
            return []
        }
        state.lineageGeneration += 1
        var view = LineageView(target: target, generation: state.lineageGeneration)
        // Followed from another lineage: that one is kept to come back to (the stack holds one screen per route).
        if case var .lineage(current) = state.stack.top {
            let older = current.trail
            current.trail = []
            view.trail = older + [current]
        }
        state.stack.push(.lineage(view))
        state.status = StatusMessage("Reading the lineage of \(TerminalSafety.escape(target.label)) from the tenant store…")
        return [.lineage(.load(generation: state.lineageGeneration, target))]
    }

    static func loaded(_ generation: Int, _ result: Result<LineageAnswer, StoreProblem>, _ state: inout AppState) {
        guard var view = state.lineage, view.generation == generation else { return }
        view.isLoading = false
        switch result {
        case let .success(.choices(nodes)):
            let many = nodes.count > 20
            view.lines = [LineageView.Line(prefix: "", node: nil, heading: "\(many ? "More than 20" : String(nodes.count)) items match: Enter shows one's lineage", repeated: false)]
                + nodes.prefix(20).map { LineageView.Line(prefix: "", node: $0, heading: nil, repeated: false) }
            view.selection.select(1, count: view.lines.count)
            state.status = StatusMessage("\(TerminalSafety.escape(view.target.label)) names several items: choose one", level: .info)
        case let .success(.tree(tree)):
            view.tree = tree
            view.lines = LineageView.lines(tree)
            let up = tree.upstream.count, down = tree.downstream.count
            state.status = StatusMessage("\(up) upstream, \(down) downstream" + (tree.truncated ? " (cut at \(Lineage.nodeLimit) items)" : "")
                                         + " · Enter follows the selected item's lineage", level: .ok)
        case let .failure(problem):
            view.failure = problem.message
            state.status = StatusMessage(problem.message, level: .error)
        }
        state.lineage = view
    }

    static func action(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        guard var view = state.lineage else { return [] }
        let page = max(1, AppLayout(size: state.size).visibleTableRows - 1)
        switch action {
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom:
            _ = view.selection.apply(action, count: view.lines.count, page: page)
        case .open, .lineage:
            guard let node = selected(view), node.known, view.selection.selected != 0 else { return [] }
            state.lineage = view
            return open(.item(kind: node.kind, id: node.id, name: node.name), &state)
        case .copyID:
            guard let node = selected(view) else { return [] }
            state.lineage = view
            return Copying.copy(id: node.id, what: node.kind.rawValue + " id", &state)
        case .reload:
            view.isLoading = true
            view.failure = nil
            state.lineage = view
            return [.lineage(.load(generation: view.generation, view.target))]
        case .back:
            if var previous = view.trail.popLast() {
                previous.trail = view.trail
                state.lineage = previous
            } else {
                state.stack.pop()
            }
            return []
        default:
            break
        }
        view.selection.scrollToSelection(visibleRows: page, count: view.lines.count)
        state.lineage = view
        return []
    }

    static func selected(_ view: LineageView) -> LineageNode? {
        view.lines.indices.contains(view.selection.selected) ? view.lines[view.selection.selected].node : nil
    }
}

/// `:lineage`: ``LineageView`` on the stack.
enum LineageScreen: ScreenUnit {
    static func keyScreen(_ state: AppState) -> KeyScreen { .lineage }
    static func breadcrumb(_ state: AppState) -> [String] { ["Lineage", state.lineage.map { TerminalSafety.escape($0.target.label) } ?? ""] }

    static func act(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
        LineageReducer.action(action, &state, now: now)
    }

    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        LineageRenderer.render(state, layout: layout, theme: theme, into: &buffer)
    }

    static func isBusy(_ state: AppState) -> Bool { state.lineage?.isLoading == true }

    static func select(line: Int, _ state: inout AppState) -> Bool {
        guard var view = state.lineage, view.selection.select(line: line, count: view.lines.count) else { return false }
        state.lineage = view
        return true
    }

    static func table(_ state: AppState, now: Date) -> ListExport.Table? {
        guard let view = state.lineage else { return nil }
        let headers = ["TREE", "KIND", "NAME", "WORKSPACE", "ID"]
        let rows = view.lines.compactMap { line in line.node.map { [line.prefix, $0.kind.rawValue, $0.name, $0.workspaceName ?? "", $0.id] } }
        return ListExport.Table(headers: headers, rows: rows, objects: rows.map { ListExport.object(headers, $0) })
    }

    static func selection(_ state: AppState) -> Selection? {
        guard let view = state.lineage, let node = LineageReducer.selected(view) else { return nil }
        return .storeItem(kind: node.kind, id: node.id, name: node.name)
    }
}

/// Draws the tree: one row per item, with its kind, workspace and id in columns.
enum LineageRenderer {
    static func render(_ state: AppState, layout: AppLayout, theme: Theme, into buffer: inout CellBuffer) {
        guard let view = state.lineage else { return }
        var title = "Lineage of " + TerminalSafety.escape(view.target.label)
        if view.isLoading { title += " " + AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count] }
        buffer.put(title, row: layout.titleRow, column: 1, style: theme[.title])
        if let failure = view.failure {
            buffer.put(TerminalSafety.escape(failure), row: layout.table.row + 1, column: 1, style: theme[.error])
            return
        }
        var roles: [ColorRole?] = []
        let window = TableView.window(view.selection, visibleRows: layout.visibleTableRows, count: view.lines.count)
        let rows = window.map { index -> [String] in
            let line = view.lines[index]
            guard let node = line.node else {
                roles.append(.header)
                return [line.heading ?? "", "", "", ""]
            }
            roles.append(line.repeated || !node.known ? .muted : index == 0 ? .accent : nil)
            var name = node.name.isEmpty ? node.id : node.name
            if line.repeated { name += "  (shown above)" }
            if !node.known { name += "  (not in the store)" }
            return [line.prefix + TerminalSafety.escape(name), node.kind.rawValue, TerminalSafety.escape(node.workspaceName ?? ""), node.id]
        }
        TableView(columns: [
            TableColumn("ITEM", width: .flexible(minimum: 24, weight: 3)), TableColumn("KIND", width: .fixed(10)),
            TableColumn("WORKSPACE", width: .flexible(minimum: 12, weight: 1), yieldsRoom: true),
            TableColumn("ID", width: .fixed(36), yieldsRoom: true),
        ], rows: rows, state: view.selection, rowRoles: roles, firstRow: window.lowerBound).render(into: &buffer, in: layout.table, theme: theme)
    }
}
