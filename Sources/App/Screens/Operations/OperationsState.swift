import APIDescriptions
import Foundation
import PowerBI
import TerminalUI

/// What the explorer was opened from: parameter values it fills in (`groupId`, `datasetId`) and the ids
/// of things already loaded, offered by name as choices for the parameters they fit.
public struct OperationContext: Sendable, Hashable {
    /// Parameter name → value, from the row the explorer was opened on.
    public var values: [String: String] = [:]
    /// Parameter name → things of that kind already loaded, by name.
    public var known: [String: [Known]] = [:]
    /// "dataset Sales in Sales Analytics", for the title.
    public var origin: String?

    public struct Known: Sendable, Hashable {
        public let name: String
        public let id: String
    }

    public init(values: [String: String] = [:], known: [String: [Known]] = [:], origin: String? = nil) {
        self.values = values
        self.known = known
        self.origin = origin
    }

    /// The parameter an item kind's id fills.
    static func parameter(for kind: ItemKind) -> String? {
        switch kind {
        case .reports: "reportId"
        case .datasets: "datasetId"
        case .dashboards: "dashboardId"
        case .dataflows: "dataflowId"
        case .users: nil
        }
    }

    /// How many of the operation's path parameters have a value here.
    func filled(_ operation: APIOperation) -> Int {
        operation.parameters.filter { $0.location == .path && values[$0.name] != nil }.count
    }

    /// True when every path parameter of `operation` has a value here.
    func fits(_ operation: APIOperation) -> Bool {
        let path = operation.parameters.filter { $0.location == .path }
        return !path.isEmpty && path.allSatisfy { values[$0.name] != nil }
    }
}

/// One row of the explorer: an operation and the description it is in.
public struct ExplorerOperation: Sendable {
    /// An index into ``OperationsView/descriptions``.
    public let api: Int
    public let operation: APIOperation
}

/// The operation explorer (`:ops`, `o` on a row): every operation of the Power BI REST API and of the
/// `--spec` descriptions after it, those the context fills first, filtered as every list is.
public struct OperationsView: ListView {
    public var context: OperationContext
    /// Power BI's description first, then the others (`--spec`).
    public let descriptions: [APIDescription]
    public var rows: ListModel<ExplorerOperation>
    public var selection = ListState()

    public init(context: OperationContext = OperationContext(), others: [APIDescription] = []) {
        self.context = context
        descriptions = [OperationCatalogue.powerBI] + others
        let titles = descriptions.map(\.title)
        let all = descriptions.enumerated().flatMap { index, description in
            description.search().map { ExplorerOperation(api: index, operation: $0) }
        }
        // Operations whose path the context fills completely come first, those that use more of it first
        // (a dataset in a workspace: the In Group operations before My workspace's), else in the catalogue's order.
        let fitting = all.enumerated().filter { context.fits($0.element.operation) }
            .sorted { left, right in
                let (a, b) = (context.filled(left.element.operation), context.filled(right.element.operation))
                return a != b ? a > b : left.offset < right.offset
            }
            .map(\.element)
        let ordered = fitting + all.filter { !context.fits($0.operation) }
        // The API's title is searched too (and sorted on last), so `/fabric` finds one API's operations.
        rows = ListModel(ordered, search: { entry in
            let operation = entry.operation
            return operation.operationId + "\u{0}" + operation.summary + "\u{0}" + operation.path + "\u{0}" + operation.description
                + (entry.api == 0 ? "" : "\u{0}" + titles[entry.api])
        }, cells: { entry in
            let operation = entry.operation
            return [operation.tag, operation.method, operation.operationId, operation.servicePrincipal.word, operation.path, titles[entry.api]]
        })
    }

    /// The number of operations of every description.
    public var operationCount: Int { descriptions.reduce(0) { $0 + $1.operations.count } }
}

/// One operation: what it needs, and a form to call it.
public struct OperationView: Sendable {
    public struct Field: Sendable, Hashable {
        public let parameter: APIParameter
        public var value: String
        /// Choices offered with ←/→: the enum's values, or things of the parameter's kind already loaded.
        public let choices: [OperationContext.Known]
    }

    public let operation: APIOperation
    /// The description the operation is in: its schemas, and where its calls go.
    public let description: APIDescription
    public var fields: [Field]
    /// The body as JSON text (one line), started from the schema's example.
    public var body: String
    /// The field with the focus: an index into `fields`, or `fields.count` for the body.
    public var focus = 0
    /// How far the description below the form is scrolled.
    public var scroll = 0
    /// Why the last Enter did not send, naming the field.
    public var problem: String?

    public init(_ operation: APIOperation, in description: APIDescription = OperationCatalogue.powerBI, context: OperationContext) {
        self.operation = operation
        self.description = description
        fields = operation.parameters.filter { $0.location != .body }.map { parameter in
            let known = context.known[parameter.name] ?? []
            let choices = parameter.choices.isEmpty ? known : parameter.choices.map { OperationContext.Known(name: $0, id: $0) }
            return Field(parameter: parameter, value: context.values[parameter.name] ?? "", choices: choices)
        }
        body = operation.body?.schema.map { description.example(for: $0).serialized() } ?? ""
        // The first field the context did not fill.
        focus = fields.firstIndex { $0.value.isEmpty && $0.parameter.required } ?? (operation.body != nil ? fields.count : 0)
    }

    public var hasBody: Bool { operation.body != nil }
    /// The number of focusable fields (parameters, and the body when there is one).
    var fieldCount: Int { fields.count + (hasBody ? 1 : 0) }
}

extension OperationContext {
    /// A context with `values` from the row, and as choices every workspace and item already loaded.
    /// Set while the hint line only asks whether a row has a call: the loaded ids (every workspace of
    /// 100,000) are not gathered then, once a frame.
    @TaskLocal static var askingOnly = false

    static func from(_ state: AppState, values: [String: String], origin: String?) -> OperationContext {
        var known: [String: [Known]] = [:]
        if askingOnly { return OperationContext(values: values, known: known, origin: origin) }
        if let workspaces = state.workspaces.value {
            known["groupId"] = workspaces.map { Known(name: $0.name, id: $0.id) }
        }
        if let workspace = state.workspace {
            for kind in ItemKind.allCases {
                guard let parameter = parameter(for: kind), let rows = workspace.lists[kind]?.value else { continue }
                known[parameter, default: []] += rows.map { Known(name: $0.name, id: $0.id) }
            }
        }
        if let all = state.allDatasets {
            var seen = Set((known["datasetId"] ?? []).map(\.id))
            for entry in all.rows.visibleRows where seen.insert(entry.row.id).inserted {
                known["datasetId", default: []].append(Known(name: entry.row.name, id: entry.row.id))
            }
        }
        for kind in TenantKind.allCases {
            guard let list = state.tenantList(kind) else { continue }
            let parameter = kind == .apps ? "appId" : "capacityId"
            known[parameter] = list.rows.visibleRows.map { Known(name: $0.name, id: $0.id) }
        }
        return OperationContext(values: values, known: known, origin: origin)
    }

    /// The values a workspace (or app) and one of its items fill.
    static func values(_ entry: WorkspaceEntry, item: ItemRow?) -> [String: String] {
        var values: [String: String] = [:]
        switch entry.scope {
        case let .group(id): values["groupId"] = id
        case let .app(id): values["appId"] = id
        case .my: break
        }
        if let item, let parameter = parameter(for: item.kind) { values[parameter] = item.id }
        return values
    }
}
