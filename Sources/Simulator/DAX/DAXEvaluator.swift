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
    private var measures: [String: (table: String, expression: DAXExpression)] = [:]
    private var variables: [String: Evaluated] = [:]
    private var measureDepth = 0

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

    /// The query's first result table, with its `ORDER BY` applied.
    func run(_ query: DAXQuery) throws(DAXError) -> DAXTable {
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
        guard let first = query.evaluates.first else { throw DAXError(kind: .syntax, message: "EVALUATE is missing.", position: nil) }
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

    private func arity(_ name: String, _ arguments: [DAXExpression], _ position: DAXPosition, min: Int, max: Int = Int.max) throws(DAXError) {
        guard arguments.count >= min, arguments.count <= max else {
            throw DAXError(kind: .binding, message: "Too \(arguments.count < min ? "few" : "many") arguments were passed to the \(name) function.",
                           position: position)
        }
    }

    private func tableCall(_ name: String, _ arguments: [DAXExpression], _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXTable {
        switch name {
        case "FILTER":
            try arity(name, arguments, position, min: 2, max: 2)
            var input = try table(arguments[0], scope)
            var keep: [Int] = []
            for (offset, row) in input.rows.enumerated() {
                let context = DAXRowContext(columns: input.columns, values: row, source: input.source.map { ($0.table, $0.rows[offset]) })
                if try scalar(arguments[1], Scope(filters: scope.filters, rows: scope.rows + [context])).truth { keep.append(offset) }
            }
            input.rows = keep.map { input.rows[$0] }
            input.source = input.source.map { source in (source.table, keep.map { source.rows[$0] }) }
            return input
        case "TOPN":
            try arity(name, arguments, position, min: 2)
            let count = try scalar(arguments[0], scope)
            guard let limit = count.number, limit >= 0 else {
                throw DAXError(kind: .execution, message: "The first argument of TOPN must be a number.", position: arguments[0].position)
            }
            var input = try table(arguments[1], scope)
            var orders: [(DAXExpression, Bool)] = []
            var rest = Array(arguments.dropFirst(2))
            while let expression = rest.first {
                rest.removeFirst()
                var descending = true
                if case let .order(isDescending, _) = rest.first { descending = isDescending; rest.removeFirst() }
                orders.append((expression, descending))
            }
            var keys: [[DAXValue]] = []
            for (offset, row) in input.rows.enumerated() {
                let context = DAXRowContext(columns: input.columns, values: row, source: input.source.map { ($0.table, $0.rows[offset]) })
                var rowKeys: [DAXValue] = []
                for order in orders { rowKeys.append(try scalar(order.0, Scope(filters: scope.filters, rows: scope.rows + [context]))) }
                keys.append(rowKeys)
            }
            let sorted = input.rows.indices.sorted { lhs, rhs in
                for (position, order) in orders.enumerated() {
                    let result = DAXValue.compare(keys[lhs][position], keys[rhs][position])
                    if result != .orderedSame { return (result == .orderedAscending) != order.1 }
                }
                return lhs < rhs
            }
            var keep = Array(sorted.prefix(Int(limit)))
            // Ties with the last row kept are kept too, as TOPN does.
            if let last = keep.last, !orders.isEmpty {
                for candidate in sorted.dropFirst(keep.count) where keys[candidate] == keys[last] { keep.append(candidate) }
            }
            input.rows = keep.map { input.rows[$0] }
            input.source = input.source.map { source in (source.table, keep.map { source.rows[$0] }) }
            return input
        case "SELECTCOLUMNS", "ADDCOLUMNS":
            try arity(name, arguments, position, min: 1)
            var input = try table(arguments[0], scope)
            var added: [(DAXTable.Column, DAXExpression)] = []
            var rest = Array(arguments.dropFirst())
            while let first = rest.first {
                rest.removeFirst()
                if case let .string(label, _) = first {
                    guard let expression = rest.first else {
                        throw DAXError(kind: .binding, message: "The expression for '\(label)' is missing.", position: first.position)
                    }
                    rest.removeFirst()
                    added.append((DAXTable.Column(key: "[\(label)]", lineage: lineage(of: expression, in: input)), expression))
                } else if name == "SELECTCOLUMNS", case let .column(table, column, _) = first {
                    let key = table.map { "\(modelName(table: $0))[\(modelName(column: column, of: $0))]" } ?? "[\(column)]"
                    added.append((DAXTable.Column(key: key, lineage: lineage(of: first, in: input)), first))
                } else {
                    throw DAXError(kind: .syntax, message: "\(name) expects a column name in double quotes here.", position: first.position)
                }
            }
            var rows: [[DAXValue]] = []
            rows.reserveCapacity(input.rows.count)
            for (offset, row) in input.rows.enumerated() {
                let context = DAXRowContext(columns: input.columns, values: row, source: input.source.map { ($0.table, $0.rows[offset]) })
                let inner = Scope(filters: scope.filters, rows: scope.rows + [context])
                var values = name == "ADDCOLUMNS" ? row : []
                for item in added { values.append(try scalar(item.1, inner)) }
                rows.append(values)
            }
            if name == "ADDCOLUMNS" {
                input.columns += added.map(\.0)
            } else {
                input.columns = added.map(\.0)
                input.source = nil
            }
            input.rows = rows
            return input
        case "ROW":
            guard !arguments.isEmpty, arguments.count % 2 == 0 else {
                throw DAXError(kind: .binding, message: "ROW expects pairs of a name and an expression.", position: position)
            }
            var columns: [DAXTable.Column] = []
            var values: [DAXValue] = []
            for pair in stride(from: 0, to: arguments.count, by: 2) {
                guard case let .string(label, _) = arguments[pair] else {
                    throw DAXError(kind: .syntax, message: "ROW expects a column name in double quotes here.", position: arguments[pair].position)
                }
                columns.append(.init(key: "[\(label)]", lineage: nil))
                values.append(try scalar(arguments[pair + 1], scope))
            }
            return DAXTable(columns: columns, rows: [values], source: nil)
        case "CALCULATETABLE":
            try arity(name, arguments, position, min: 1)
            var inner = scope
            inner.filters = try applying(Array(arguments.dropFirst()), to: scope, function: name)
            inner.rows = []
            return try table(arguments[0], inner)
        case "VALUES", "DISTINCT", "ALL":
            try arity(name, arguments, position, min: 1, max: name == "ALL" ? Int.max : 1)
            var filters = scope.filters
            if name == "ALL" { filters = DAXFilterContext() }
            if case let .column(tableName?, column, columnPosition) = arguments[0], arguments.count == 1 {
                let ref = try resolve(table: tableName, column: column, columnPosition)
                var seen = Set<DAXValue>()
                var rows: [[DAXValue]] = []
                for row in self.rows(of: ref.table, filters) {
                    let value = model.tables[ref.table].rows[row][ref.column]
                    if seen.insert(value.groupKey).inserted { rows.append([value]) }
                }
                rows.sort { DAXValue.compare($0[0], $1[0]) == .orderedAscending }
                let table = model.tables[ref.table]
                return DAXTable(columns: [.init(key: "\(table.name)[\(table.columns[ref.column].name)]", lineage: ref)], rows: rows, source: nil)
            }
            if case let .name(tableName, namePosition) = arguments[0], arguments.count == 1 {
                guard let index = model.table(named: tableName) else {
                    throw DAXError(kind: .binding, message: "The table '\(tableName)' cannot be found.", position: namePosition)
                }
                return modelTable(index, rows: rows(of: index, filters))
            }
            throw DAXError(kind: .binding, message: "\(name) accepts a table or one column reference here.", position: arguments[0].position)
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
    private func lineage(of expression: DAXExpression, in input: DAXTable) -> DAXColumnRef? {
        guard case let .column(table, column, _) = expression else { return nil }
        let key = table.map { "\($0)[\(column)]" } ?? "[\(column)]"
        return input.columns.first { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.lineage
            ?? table.flatMap { try? resolve(table: $0, column: column, DAXPosition(line: 0, column: 0)) }
    }

    private func modelName(table: String) -> String {
        model.table(named: table).map { model.tables[$0].name } ?? table
    }

    private func modelName(column: String, of table: String) -> String {
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

    // MARK: SUMMARIZECOLUMNS

    private func summarizeColumns(_ arguments: [DAXExpression], _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXTable {
        var groups: [DAXColumnRef] = []
        var filterArguments: [DAXExpression] = []
        var named: [(String, DAXExpression)] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if case let .string(label, labelPosition) = argument {
                guard index + 1 < arguments.count else {
                    throw DAXError(kind: .binding, message: "The expression for '\(label)' is missing.", position: labelPosition)
                }
                named.append((label, arguments[index + 1]))
                index += 2
                continue
            }
            guard named.isEmpty else {
                throw DAXError(kind: .syntax, message: "SUMMARIZECOLUMNS expects a name in double quotes here.", position: argument.position)
            }
            if case let .column(table?, column, columnPosition) = argument {
                groups.append(try resolve(table: table, column: column, columnPosition))
            } else if isTableExpression(argument) {
                filterArguments.append(argument)
            } else {
                throw DAXError(kind: .binding, message: "SUMMARIZECOLUMNS expects a column, a table filter or a name here.", position: argument.position)
            }
            index += 1
        }
        let filters = try applying(filterArguments, to: scope, function: "SUMMARIZECOLUMNS")
        var columns = groups.map { ref in
            DAXTable.Column(key: "\(model.tables[ref.table].name)[\(model.tables[ref.table].columns[ref.column].name)]", lineage: ref)
        }
        columns += named.map { DAXTable.Column(key: "[\($0.0)]", lineage: nil) }

        func values(in filters: DAXFilterContext) throws(DAXError) -> [DAXValue]? {
            var values: [DAXValue] = []
            for item in named { values.append(try scalar(item.1, Scope(filters: filters, rows: []))) }
            return !named.isEmpty && values.allSatisfy(\.isBlank) ? nil : values
        }

        guard !groups.isEmpty else {
            return DAXTable(columns: columns, rows: try values(in: filters).map { [$0] } ?? [], source: nil)
        }
        let groupTables = Set(groups.map(\.table))
        // The table whose rows make the groups: one of the grouped tables that reaches all the others, or the
        // table that reaches them all (a fact table between two dimensions).
        let candidates = groupTables.sorted() + model.tables.indices.filter { !groupTables.contains($0) }
        guard let driver = candidates.first(where: { candidate in groupTables.allSatisfy { $0 == candidate || relationship(from: candidate, to: $0) != nil } }) else {
            throw DAXError(kind: .execution, message: "The grouped columns come from tables the demo model does not relate.", position: position)
        }
        var order: [[DAXValue]] = []
        var members: [[DAXValue]: [Int]] = [:]
        var shown: [[DAXValue]: [DAXValue]] = [:]
        let driverTable = model.tables[driver]
        var lookups: [Int: [DAXValue: Int]] = [:]
        for table in groupTables where table != driver {
            guard let link = relationship(from: driver, to: table) else { continue }
            let target = model.tables[table]
            let column = target.column(named: link.toColumn)!
            lookups[table] = target.index[column].compactMapValues(\.first)
        }
        for row in rows(of: driver, filters) {
            var key: [DAXValue] = []
            var display: [DAXValue] = []
            for ref in groups {
                let value: DAXValue
                if ref.table == driver {
                    value = driverTable.rows[row][ref.column]
                } else {
                    let link = relationship(from: driver, to: ref.table)!
                    let foreign = driverTable.rows[row][driverTable.column(named: link.fromColumn)!]
                    value = lookups[ref.table]?[foreign.groupKey].map { model.tables[ref.table].rows[$0][ref.column] } ?? .blank
                }
                key.append(value.groupKey)
                display.append(value)
            }
            if members[key] == nil { order.append(key); shown[key] = display }
            members[key, default: []].append(row)
        }
        order.sort { lhs, rhs in
            for (a, b) in zip(shown[lhs]!, shown[rhs]!) {
                let result = DAXValue.compare(a, b)
                if result != .orderedSame { return result == .orderedAscending }
            }
            return false
        }
        var rows: [[DAXValue]] = []
        for key in order {
            var inner = filters
            inner.restrict(table: driver, to: Set(members[key]!))
            for (position, ref) in groups.enumerated() where ref.table != driver { inner.columns[ref] = [key[position]] }
            if named.isEmpty {
                rows.append(shown[key]!)
            } else if let computed = try values(in: inner) {
                rows.append(shown[key]! + computed)
            }
        }
        return DAXTable(columns: columns, rows: rows, source: nil)
    }

    func relationship(from table: Int, to other: Int) -> DAXModel.Relationship? {
        model.relationships.first {
            $0.fromTable.caseInsensitiveCompare(model.tables[table].name) == .orderedSame
                && $0.toTable.caseInsensitiveCompare(model.tables[other].name) == .orderedSame
        }
    }

    // MARK: Filters

    /// The rows of a model table that the filters (and the caller's security role) let through, in table order.
    func rows(of table: Int, _ filters: DAXFilterContext) -> [Int] {
        let data = model.tables[table]
        typealias Source = (size: Int, rows: () -> [Int], test: (Int) -> Bool)
        // The smallest filter lists the candidate rows; the others test them. Linear in the candidates.
        var best: Source?
        var tests: [(Int) -> Bool] = []
        func consider(_ source: Source) {
            if source.size < (best?.size ?? data.rows.count) {
                if let previous = best { tests.append(previous.test) }
                best = source
            } else {
                tests.append(source.test)
            }
        }
        if let allowed = filters.rows[table] {
            consider((allowed.count, { allowed.sorted() }, { allowed.contains($0) }))
        }
        for (ref, values) in filters.columns where ref.table == table {
            let size = values.count <= 64 ? values.reduce(0) { $0 + (data.index[ref.column][$1]?.count ?? 0) } : data.rows.count
            consider((size, { values.flatMap { data.index[ref.column][$0] ?? [] }.sorted() },
                      { values.contains(data.rows[$0][ref.column].groupKey) }))
        }
        if let security, security.table == table {
            let value = security.value.groupKey, column = security.column
            tests.append { data.rows[$0][column].groupKey == value }
        }
        for link in model.relationships where link.fromTable.caseInsensitiveCompare(data.name) == .orderedSame {
            guard let target = model.table(named: link.toTable), filters.filters(table: target) || security?.table == target,
                  let targetColumn = model.tables[target].column(named: link.toColumn), let column = data.column(named: link.fromColumn) else { continue }
            let allowed = Set(rows(of: target, filters).map { model.tables[target].rows[$0][targetColumn].groupKey })
            tests.append { allowed.contains(data.rows[$0][column].groupKey) }
        }
        let candidates = best?.rows() ?? Array(data.rows.indices)
        return tests.isEmpty ? candidates : candidates.filter { row in tests.allSatisfy { $0(row) } }
    }

    /// The filter arguments of CALCULATE, CALCULATETABLE and SUMMARIZECOLUMNS applied to the scope's filters (with
    /// context transition from its rows).
    func applying(_ arguments: [DAXExpression], to scope: Scope, function: String) throws(DAXError) -> DAXFilterContext {
        var filters = transition(scope)
        var replacements: [(DAXFilterContext) -> DAXFilterContext] = []
        for argument in arguments {
            if case let .call(name, inner, position) = argument, name == "ALL" || name == "REMOVEFILTERS" {
                for item in inner {
                    switch item {
                    case let .name(table, _):
                        guard let index = model.table(named: table) else {
                            throw DAXError(kind: .binding, message: "The table '\(table)' cannot be found.", position: position)
                        }
                        replacements.append { var copy = $0; copy.removeAll(table: index); return copy }
                    case let .column(table?, column, columnPosition):
                        let ref = try resolve(table: table, column: column, columnPosition)
                        replacements.append { var copy = $0; copy.columns[ref] = nil; return copy }
                    default:
                        throw DAXError(kind: .binding, message: "\(name) accepts tables and column references here.", position: item.position)
                    }
                }
                continue
            }
            if isTableExpression(argument) {
                let table = try self.table(argument, Scope(filters: filters, rows: []))
                if let source = table.source {
                    let allowed = Set(source.rows)
                    replacements.append { var copy = $0; copy.restrict(table: source.table, to: allowed); return copy }
                } else {
                    for (position, column) in table.columns.enumerated() {
                        guard let ref = column.lineage else { continue }
                        let values = Set(table.rows.map { $0[position].groupKey })
                        replacements.append { var copy = $0; copy.columns[ref] = values; return copy }
                    }
                }
                continue
            }
            // A true/false filter: the values of the one column it names that make it true, replacing that
            // column's filter.
            let referenced = columnReferences(argument)
            guard referenced.count == 1, let ref = referenced.first else {
                throw DAXError(kind: .binding, message: "A true/false expression used as a table filter in \(function) must reference exactly one column.",
                               position: argument.position)
            }
            let data = model.tables[ref.table]
            var values = Set<DAXValue>()
            for (key, positions) in data.index[ref.column] {
                let value = data.rows[positions[0]][ref.column]
                let row = DAXRowContext(columns: [.init(key: "\(data.name)[\(data.columns[ref.column].name)]", lineage: ref)], values: [value], source: nil)
                if try scalar(argument, Scope(filters: DAXFilterContext(), rows: [row])).truth { values.insert(key) }
            }
            replacements.append { var copy = $0; copy.columns[ref] = values; return copy }
        }
        for replace in replacements { filters = replace(filters) }
        return filters
    }

    /// The model columns an expression names with their table.
    func columnReferences(_ expression: DAXExpression) -> Set<DAXColumnRef> {
        switch expression {
        case let .column(table?, column, position):
            return (try? resolve(table: table, column: column, position)).map { [$0] } ?? []
        case let .binary(_, lhs, rhs, _): return columnReferences(lhs).union(columnReferences(rhs))
        case let .negate(inner, _), let .not(inner, _): return columnReferences(inner)
        case let .call(_, arguments, _): return arguments.reduce(into: Set()) { $0.formUnion(columnReferences($1)) }
        case let .list(items, _): return items.reduce(into: Set()) { $0.formUnion(columnReferences($1)) }
        default: return []
        }
    }

    /// Context transition: the rows being iterated become filters.
    func transition(_ scope: Scope) -> DAXFilterContext {
        var filters = scope.filters
        for row in scope.rows {
            if let source = row.source {
                filters.restrict(table: source.table, to: [source.row])
            } else {
                for (position, column) in row.columns.enumerated() {
                    if let ref = column.lineage { filters.columns[ref] = [row.values[position].groupKey] }
                }
            }
        }
        return filters
    }

    // MARK: Scalars

    func scalar(_ expression: DAXExpression, _ scope: Scope) throws(DAXError) -> DAXValue {
        switch expression {
        case let .number(text, _):
            if let integer = Int64(text) { return .integer(integer) }
            return .decimal(Double(text) ?? 0)
        case let .string(text, _):
            return .text(text)
        case let .column(table, name, position):
            return try columnValue(table: table, name: name, position, scope)
        case let .name(name, position):
            if let variable = variables[name.lowercased()] {
                guard case let .scalar(value) = variable else {
                    throw DAXError(kind: .execution, message: "The variable '\(name)' holds a table where a single value is required.", position: position)
                }
                return value
            }
            switch name.uppercased() {
            case "TRUE": return .bool(true)
            case "FALSE": return .bool(false)
            default: break
            }
            if model.table(named: name) != nil {
                throw DAXError(kind: .execution, message: "The table '\(name)' is used where a single value is required.", position: position)
            }
            throw DAXError(kind: .binding, message: "Failed to resolve name '\(name)'. It is not a valid table, variable, or function name.", position: position)
        case let .negate(inner, position):
            let value = try scalar(inner, scope)
            switch value {
            case .blank: return .blank
            case let .integer(number): return .integer(-number)
            case let .currency(number): return .currency(-number)
            default:
                guard let number = value.number else { throw typeError("-", position) }
                return .decimal(-number)
            }
        case let .not(inner, _):
            return .bool(!(try scalar(inner, scope)).truth)
        case let .binary(op, lhs, rhs, position):
            return try binary(op, lhs, rhs, position, scope)
        case let .call(name, arguments, position):
            return try scalarCall(name, arguments, position, scope)
        case let .list(_, position), let .order(_, position):
            throw DAXError(kind: .syntax, message: "A single value is required here.", position: position)
        }
    }

    private func typeError(_ op: String, _ position: DAXPosition) -> DAXError {
        DAXError(kind: .execution, message: "DAX comparison operations do not support comparing values of type Text with values of type Number (operator \(op)).",
                 position: position)
    }

    private func columnValue(table: String?, name: String, _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXValue {
        if let table {
            let key = "\(table)[\(name)]".lowercased()
            for row in scope.rows.reversed() {
                if let index = row.columns.firstIndex(where: { $0.key.lowercased() == key }) { return row.values[index] }
            }
            let ref = try resolve(table: table, column: name, position)
            for row in scope.rows.reversed() {
                if let index = row.columns.firstIndex(where: { $0.lineage == ref }) { return row.values[index] }
                if let source = row.source, source.table == ref.table { return model.tables[ref.table].rows[source.row][ref.column] }
            }
            throw DAXError(kind: .execution, message: "A single value for column '\(model.tables[ref.table].columns[ref.column].name)' in table '\(model.tables[ref.table].name)' cannot be determined. This can happen when a measure formula refers to a column that contains many values without specifying an aggregation such as min, max, count, or sum to get a single result.",
                           position: position)
        }
        if let measure = measures[name.lowercased()] {
            measureDepth += 1
            defer { measureDepth -= 1 }
            guard measureDepth < 32 else {
                throw DAXError(kind: .execution, message: "A circular dependency was detected: measure '\(name)'.", position: position)
            }
            return try scalar(measure.expression, Scope(filters: transition(scope), rows: []))
        }
        let key = "[\(name)]".lowercased()
        for row in scope.rows.reversed() {
            if let index = row.columns.firstIndex(where: { $0.key.lowercased() == key || $0.key.lowercased().hasSuffix(key) }) {
                return row.values[index]
            }
        }
        throw DAXError(kind: .binding, message: "The value for '\(name)' cannot be determined. Either the column doesn't exist, or there is no current row for this column.",
                       position: position)
    }

    private func binary(_ op: String, _ lhsExpression: DAXExpression, _ rhsExpression: DAXExpression, _ position: DAXPosition,
                        _ scope: Scope) throws(DAXError) -> DAXValue {
        if op == "&&" || op == "||" {
            let first = try scalar(lhsExpression, scope).truth
            if first == (op == "||") { return .bool(first) }
            return .bool(try scalar(rhsExpression, scope).truth)
        }
        let lhs = try scalar(lhsExpression, scope)
        if op == "IN" {
            let table = try self.table(rhsExpression, scope)
            guard table.columns.count == 1 else {
                throw DAXError(kind: .execution, message: "The table on the right of IN must have one column.", position: position)
            }
            return .bool(table.rows.contains { DAXValue.equal(lhs, $0[0]) })
        }
        let rhs = try scalar(rhsExpression, scope)
        switch op {
        case "&":
            return .text(lhs.text + rhs.text)
        case "=":
            return .bool(DAXValue.equal(lhs, rhs))
        case "<>":
            return .bool(!DAXValue.equal(lhs, rhs))
        case "<", ">", "<=", ">=":
            let textual = { (value: DAXValue) -> Bool? in
                switch value { case .text, .date: return true; case .blank: return nil; default: return false }
            }
            if let a = textual(lhs), let b = textual(rhs), a != b { throw typeError(op, position) }
            let result = DAXValue.compare(lhs, rhs)
            switch op {
            case "<": return .bool(result == .orderedAscending)
            case ">": return .bool(result == .orderedDescending)
            case "<=": return .bool(result != .orderedDescending)
            default: return .bool(result != .orderedAscending)
            }
        default:
            if lhs.isBlank, rhs.isBlank { return .blank }
            guard let a = lhs.number, let b = rhs.number else {
                throw DAXError(kind: .execution, message: "Cannot convert value '\(lhs.number == nil ? lhs.text : rhs.text)' of type Text to type Number.",
                               position: position)
            }
            switch (op, lhs, rhs) {
            case let ("+", .integer(x), .integer(y)): return .integer(x &+ y)
            case let ("-", .integer(x), .integer(y)): return .integer(x &- y)
            case let ("*", .integer(x), .integer(y)): return .integer(x &* y)
            case let ("+", .currency(x), .currency(y)): return .currency(x &+ y)
            case let ("-", .currency(x), .currency(y)): return .currency(x &- y)
            case let ("*", .currency(x), .integer(y)), let ("*", .integer(y), .currency(x)): return .currency(x &* y)
            default: break
            }
            switch op {
            case "+": return .decimal(a + b)
            case "-": return .decimal(a - b)
            case "*": return .decimal(a * b)
            default:
                guard b != 0 else {
                    throw DAXError(kind: .execution, message: "Division by zero (use DIVIDE to get a blank instead).", position: position)
                }
                return .decimal(a / b)
            }
        }
    }

    private func scalarCall(_ name: String, _ arguments: [DAXExpression], _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXValue {
        switch name {
        case "SUM", "AVERAGE", "MIN", "MAX", "COUNT", "DISTINCTCOUNT":
            if (name == "MIN" || name == "MAX"), arguments.count == 2 {
                let a = try scalar(arguments[0], scope), b = try scalar(arguments[1], scope)
                if a.isBlank { return b }
                if b.isBlank { return a }
                let result = DAXValue.compare(a, b)
                return (result == .orderedAscending) == (name == "MIN") ? a : b
            }
            try arity(name, arguments, position, min: 1, max: 1)
            guard case let .column(table?, column, columnPosition) = arguments[0] else {
                throw DAXError(kind: .binding, message: "The \(name) function only accepts a column reference as an argument.", position: arguments[0].position)
            }
            let ref = try resolve(table: table, column: column, columnPosition)
            let data = model.tables[ref.table]
            let values = rows(of: ref.table, transition(scope)).map { data.rows[$0][ref.column] }
            return try aggregate(name, values, type: data.columns[ref.column].type, position)
        case "COUNTROWS":
            try arity(name, arguments, position, min: 0, max: 1)
            guard let argument = arguments.first else {
                throw DAXError(kind: .binding, message: "COUNTROWS needs a table here.", position: position)
            }
            let count = try table(argument, Scope(filters: transition(scope), rows: [])).rows.count
            return count == 0 ? .blank : .integer(Int64(count))
        case "CALCULATE":
            try arity(name, arguments, position, min: 1)
            let filters = try applying(Array(arguments.dropFirst()), to: scope, function: name)
            return try scalar(arguments[0], Scope(filters: filters, rows: []))
        case "IF":
            try arity(name, arguments, position, min: 2, max: 3)
            if try scalar(arguments[0], scope).truth { return try scalar(arguments[1], scope) }
            return arguments.count == 3 ? try scalar(arguments[2], scope) : .blank
        case "DIVIDE":
            try arity(name, arguments, position, min: 2, max: 3)
            let numerator = try scalar(arguments[0], scope), denominator = try scalar(arguments[1], scope)
            guard let a = numerator.number, let b = denominator.number else { throw typeError("/", position) }
            if b == 0 || denominator.isBlank { return arguments.count == 3 ? try scalar(arguments[2], scope) : .blank }
            if numerator.isBlank { return .blank }
            return .decimal(a / b)
        case "BLANK":
            try arity(name, arguments, position, min: 0, max: 0)
            return .blank
        case "TRUE", "FALSE":
            try arity(name, arguments, position, min: 0, max: 0)
            return .bool(name == "TRUE")
        case "NOT":
            try arity(name, arguments, position, min: 1, max: 1)
            return .bool(!(try scalar(arguments[0], scope)).truth)
        case "AND", "OR":
            try arity(name, arguments, position, min: 2, max: 2)
            let a = try scalar(arguments[0], scope).truth, b = try scalar(arguments[1], scope).truth
            return .bool(name == "AND" ? (a && b) : (a || b))
        case "ISBLANK":
            try arity(name, arguments, position, min: 1, max: 1)
            return .bool(try scalar(arguments[0], scope).isBlank)
        case "DATE":
            try arity(name, arguments, position, min: 3, max: 3)
            var parts: [Int] = []
            for argument in arguments {
                guard let number = try scalar(argument, scope).number, number.isFinite, abs(number) < 100_000 else {
                    throw DAXError(kind: .execution, message: "DATE expects numbers.", position: argument.position)
                }
                parts.append(Int(number))
            }
            guard (1...9999).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
                throw DAXError(kind: .execution, message: "An argument of function 'DATE' has the wrong data type or the result is too large or too small.",
                               position: position)
            }
            return .date(String(format: "%04d-%02d-%02dT00:00:00", parts[0], parts[1], parts[2]))
        case "YEAR", "MONTH":
            try arity(name, arguments, position, min: 1, max: 1)
            let value = try scalar(arguments[0], scope)
            guard case let .date(text) = value else { return value.isBlank ? .blank : .integer(0) }
            let digits = text.split(whereSeparator: { $0 == "-" || $0 == "T" })
            let part = name == "YEAR" ? digits.first : digits.dropFirst().first
            return part.flatMap { Int64($0) }.map { .integer($0) } ?? .blank
        case "ROUND":
            try arity(name, arguments, position, min: 2, max: 2)
            let value = try scalar(arguments[0], scope)
            guard let number = value.number, let digits = try scalar(arguments[1], scope).number else { throw typeError("ROUND", position) }
            let scale = pow(10, digits)
            return .decimal((number * scale).rounded(.toNearestOrAwayFromZero) / scale)
        case "UPPER", "LOWER", "LEN":
            try arity(name, arguments, position, min: 1, max: 1)
            let text = try scalar(arguments[0], scope).text
            switch name {
            case "UPPER": return .text(text.uppercased())
            case "LOWER": return .text(text.lowercased())
            default: return .integer(Int64(text.count))
            }
        default:
            if Self.tableFunctions.contains(name) || name.hasPrefix("INFO.") {
                _ = try table(.call(name: name, arguments: arguments, position), scope)
                throw DAXError(kind: .execution, message: "The expression refers to multiple columns. Multiple columns cannot be converted to a scalar value.",
                               position: position)
            }
            throw unknownFunction(name, position)
        }
    }

    private func aggregate(_ name: String, _ values: [DAXValue], type: DAXModel.DataType, _ position: DAXPosition) throws(DAXError) -> DAXValue {
        let present = values.filter { !$0.isBlank }
        switch name {
        case "COUNT": return present.isEmpty ? .blank : .integer(Int64(present.count))
        case "DISTINCTCOUNT":
            let distinct = Set(values.map(\.groupKey)).count
            return distinct == 0 ? .blank : .integer(Int64(distinct))
        case "MIN", "MAX":
            guard var best = present.first else { return .blank }
            for value in present.dropFirst() {
                let result = DAXValue.compare(value, best)
                if (name == "MIN" && result == .orderedAscending) || (name == "MAX" && result == .orderedDescending) { best = value }
            }
            return best
        default:
            guard !present.isEmpty else { return .blank }
            guard type != .string, type != .dateTime, type != .boolean else {
                throw DAXError(kind: .execution, message: "The function \(name) cannot work with values of type String.", position: position)
            }
            if name == "SUM" {
                if case .integer = present[0] { return .integer(present.reduce(Int64(0)) { if case let .integer(v) = $1 { return $0 &+ v }; return $0 }) }
                if case .currency = present[0] { return .currency(present.reduce(Int64(0)) { if case let .currency(v) = $1 { return $0 &+ v }; return $0 }) }
                return .decimal(present.reduce(0) { $0 + ($1.number ?? 0) })
            }
            return .decimal(present.reduce(0) { $0 + ($1.number ?? 0) } / Double(present.count))
        }
    }
}
