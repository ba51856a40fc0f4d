import Foundation

/// A table the evaluator produced: named columns (with the model column each came from, when it did), rows,
/// and, when its rows are rows of a model table, their positions there (for filters and context transition).
struct DAXTable: Sendable {
    struct Column: Sendable {
        /// The key the service writes: `Table[Column]` for model columns, `[Name]` for named ones.
        let key: String
        let lineage: DAXColumnRef?
    }

    var columns: [Column]
    var rows: [[DAXValue]]
    var source: (table: Int, rows: [Int])?

    /// Keeps the rows at `offsets`, in that order, with their positions in the model table.
    mutating func keep(_ offsets: [Int]) {
        rows = offsets.map { rows[$0] }
        source = source.map { source in (source.table, offsets.map { source.rows[$0] }) }
    }
}

struct DAXColumnRef: Sendable, Hashable {
    let table: Int
    let column: Int
}

/// Filters in effect: values allowed per model column, rows allowed per model table.
struct DAXFilterContext: Sendable {
    var columns: [DAXColumnRef: Set<DAXValue>] = [:]
    var rows: [Int: Set<Int>] = [:]

    func filters(table: Int) -> Bool {
        rows[table] != nil || columns.keys.contains { $0.table == table }
    }

    mutating func removeAll(table: Int) {
        rows[table] = nil
        for key in columns.keys where key.table == table { columns[key] = nil }
    }

    mutating func restrict(table: Int, to allowed: Set<Int>) {
        rows[table] = rows[table].map { $0.intersection(allowed) } ?? allowed
    }
}

/// The current row of an iteration (FILTER, ADDCOLUMNS, ORDER BY, …).
struct DAXRowContext: Sendable {
    let columns: [DAXTable.Column]
    let values: [DAXValue]
    let source: (table: Int, row: Int)?
}

/// Evaluates the part of DAX the demo tenant supports against a ``DAXModel``. What it does not support is
/// refused as the engine refuses an unknown function: an error with the position of the call.
final class DAXEvaluator {
    let model: DAXModel
    /// The row-level security filter for this caller, when the model has a role: (table, column, value).
    let security: (table: Int, column: Int, value: DAXValue)?
    var measures: [String: (table: String, expression: DAXExpression)] = [:]
    var variables: [String: Evaluated] = [:]
    var measureDepth = 0

    enum Evaluated {
        case scalar(DAXValue)
        case table(DAXTable)
    }

    struct Scope {
        var filters: DAXFilterContext
        var rows: [DAXRowContext]
    }

    init(model: DAXModel, securityValue: String?) {
        self.model = model
        if let role = model.security, let table = model.table(named: role.table), let column = model.tables[table].column(named: role.column) {
            security = (table, column, .text(securityValue ?? ""))
        } else {
            security = nil
        }
        for measure in model.measures {
            if let expression = try? DAXParser.expression(measure.expression) {
                measures[measure.name.lowercased()] = (measure.table, expression)
            }
        }
    }

    /// The query's result table `evaluate` (the first by default), with its `ORDER BY` applied.
    func run(_ query: DAXQuery, evaluate index: Int = 0) throws(DAXError) -> DAXTable {
        for measure in query.measures {
            guard model.table(named: measure.table) != nil else {
                throw DAXError(kind: .binding, message: "The table '\(measure.table)' cannot be found.", position: measure.expression.position)
            }
            measures[measure.name.lowercased()] = (measure.table, measure.expression)
        }
        let empty = Scope(filters: DAXFilterContext(), rows: [])
        for variable in query.variables {
            variables[variable.name.lowercased()] = try evaluate(variable.expression, empty)
        }
        guard query.evaluates.indices.contains(index) else { throw DAXError(kind: .syntax, message: "EVALUATE is missing.", position: nil) }
        let first = query.evaluates[index]
        var table = try table(first.table, empty)
        if !first.orderBy.isEmpty {
            let keys = try table.rows.indices.map { (position: Int) throws(DAXError) -> [DAXValue] in
                let row = DAXRowContext(columns: table.columns, values: table.rows[position], source: nil)
                var keys: [DAXValue] = []
                for order in first.orderBy { keys.append(try scalar(order.expression, Scope(filters: DAXFilterContext(), rows: [row]))) }
                return keys
            }
            let order = table.rows.indices.sorted { lhs, rhs in
                for (position, item) in first.orderBy.enumerated() {
                    let result = DAXValue.compare(keys[lhs][position], keys[rhs][position])
                    if result != .orderedSame { return (result == .orderedAscending) != item.descending }
                }
                return lhs < rhs
            }
            table.rows = order.map { table.rows[$0] }
            table.source = nil
        }
        return table
    }

    // MARK: Expressions of either kind

    func evaluate(_ expression: DAXExpression, _ scope: Scope) throws(DAXError) -> Evaluated {
        if isTableExpression(expression) { return .table(try table(expression, scope)) }
        return .scalar(try scalar(expression, scope))
    }

    static let tableFunctions: Set<String> = [
        "FILTER", "TOPN", "SUMMARIZECOLUMNS", "SELECTCOLUMNS", "ADDCOLUMNS", "ROW", "CALCULATETABLE", "VALUES", "DISTINCT", "ALL",
        "GENERATESERIES",
        "INFO.VIEW.TABLES", "INFO.VIEW.COLUMNS", "INFO.VIEW.MEASURES", "INFO.VIEW.RELATIONSHIPS",
    ]
    static let scalarFunctions: Set<String> = [
        "SUM", "AVERAGE", "MIN", "MAX", "COUNT", "COUNTROWS", "DISTINCTCOUNT", "CALCULATE", "IF", "DIVIDE", "BLANK", "TRUE", "FALSE",
        "DATE", "YEAR", "MONTH", "ROUND", "ISBLANK", "NOT", "AND", "OR", "UPPER", "LOWER", "LEN",
    ]

    func isTableExpression(_ expression: DAXExpression) -> Bool {
        switch expression {
        case let .call(name, _, _): return Self.tableFunctions.contains(name) || (name.hasPrefix("INFO.") && !Self.scalarFunctions.contains(name))
        case let .name(name, _):
            if let variable = variables[name.lowercased()] { if case .table = variable { return true } else { return false } }
            return model.table(named: name) != nil
        case .list: return true
        default: return false
        }
    }

    // MARK: Tables

    func table(_ expression: DAXExpression, _ scope: Scope) throws(DAXError) -> DAXTable {
        switch expression {
        case let .name(name, position):
            if let variable = variables[name.lowercased()] {
                guard case let .table(table) = variable else {
                    throw DAXError(kind: .binding, message: "The variable '\(name)' is not a table.", position: position)
                }
                return table
            }
            guard let index = model.table(named: name) else {
                throw DAXError(kind: .binding, message: "Failed to resolve name '\(name)'. It is not a valid table, variable, or function name.",
                               position: position)
            }
            return modelTable(index, rows: rows(of: index, scope.filters))
        case let .list(items, _):
            var rows: [[DAXValue]] = []
            for item in items { rows.append([try scalar(item, scope)]) }
            return DAXTable(columns: [.init(key: "[Value]", lineage: nil)], rows: rows, source: nil)
        case let .call(name, arguments, position):
            return try tableCall(name, arguments, position, scope)
        default:
            throw DAXError(kind: .binding, message: "The expression specified in the query is not a valid table expression.", position: expression.position)
        }
    }

    func modelTable(_ index: Int, rows positions: [Int]) -> DAXTable {
        let table = model.tables[index]
        let columns = table.columns.indices.map {
            DAXTable.Column(key: "\(table.name)[\(table.columns[$0].name)]", lineage: DAXColumnRef(table: index, column: $0))
        }
        return DAXTable(columns: columns, rows: positions.map { table.rows[$0] }, source: (index, positions))
    }

    func arity(_ name: String, _ arguments: [DAXExpression], _ position: DAXPosition, min: Int, max: Int = Int.max) throws(DAXError) {
        guard arguments.count >= min, arguments.count <= max else {
            throw DAXError(kind: .binding, message: "Too \(arguments.count < min ? "few" : "many") arguments were passed to the \(name) function.",
                           position: position)
        }
    }

    func tableCall(_ name: String, _ arguments: [DAXExpression], _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXTable {
        switch name {
        case "FILTER":
            return try filterTable(name, arguments, position, scope)
        case "TOPN":
            return try topN(name, arguments, position, scope)
        case "SELECTCOLUMNS", "ADDCOLUMNS":
            return try columns(name, arguments, position, scope)
        case "ROW":
            return try row(name, arguments, position, scope)
        case "GENERATESERIES":
            return try series(name, arguments, position, scope)
        case "CALCULATETABLE":
            try arity(name, arguments, position, min: 1)
            var inner = scope
            inner.filters = try applying(Array(arguments.dropFirst()), to: scope, function: name)
            inner.rows = []
            return try table(arguments[0], inner)
        case "VALUES", "DISTINCT", "ALL":
            return try distinctValues(name, arguments, position, scope)
        case "SUMMARIZECOLUMNS":
            return try summarizeColumns(arguments, position, scope)
        case "INFO.VIEW.TABLES", "INFO.VIEW.COLUMNS", "INFO.VIEW.MEASURES", "INFO.VIEW.RELATIONSHIPS":
            try arity(name, arguments, position, min: 0, max: 0)
            return DAXModelInfo.table(name, model: model)
        default:
            if name.hasPrefix("INFO.") {
                throw DAXError(kind: .syntax, message: "The function '\(name)' cannot be used through this API; INFO.VIEW functions can.",
                               position: position)
            }
            if Self.scalarFunctions.contains(name) {
                throw DAXError(kind: .binding, message: "The expression specified in the query is not a valid table expression.", position: position)
            }
            throw unknownFunction(name, position)
        }
    }

    func unknownFunction(_ name: String, _ position: DAXPosition) -> DAXError {
        DAXError(kind: .binding, message: "Failed to resolve name '\(name)'. It is not a valid table, variable, or function name. (The demo tenant evaluates a subset of DAX.)",
                 position: position)
    }

    /// The model column an expression is, when it is a plain column reference of the input.
    func lineage(of expression: DAXExpression, in input: DAXTable) -> DAXColumnRef? {
        guard case let .column(table, column, _) = expression else { return nil }
        let key = table.map { "\($0)[\(column)]" } ?? "[\(column)]"
        return input.columns.first { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.lineage
            ?? table.flatMap { try? resolve(table: $0, column: column, DAXPosition(line: 0, column: 0)) }
    }

    func modelName(table: String) -> String {
        model.table(named: table).map { model.tables[$0].name } ?? table
    }

    func modelName(column: String, of table: String) -> String {
        guard let index = model.table(named: table), let position = model.tables[index].column(named: column) else { return column }
        return model.tables[index].columns[position].name
    }

    func resolve(table: String, column: String, _ position: DAXPosition) throws(DAXError) -> DAXColumnRef {
        guard let tableIndex = model.table(named: table) else {
            throw DAXError(kind: .binding, message: "Failed to resolve name '\(table)'. It is not a valid table, variable, or function name.", position: position)
        }
        guard let columnIndex = model.tables[tableIndex].column(named: column) else {
            throw DAXError(kind: .binding, message: "Column '\(column)' in table '\(model.tables[tableIndex].name)' cannot be found or may not be used in this expression.",
                           position: position)
        }
        return DAXColumnRef(table: tableIndex, column: columnIndex)
    }
}
