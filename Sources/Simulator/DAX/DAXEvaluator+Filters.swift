import Foundation

/// SUMMARIZECOLUMNS and the filter context: which rows each table keeps.
extension DAXEvaluator {
    // MARK: SUMMARIZECOLUMNS

    /// SUMMARIZECOLUMNS's arguments: the grouped columns, then table filters, then name and expression pairs.
    func summarizeArguments(_ arguments: [DAXExpression]) throws(DAXError)
        -> (groups: [DAXColumnRef], filters: [DAXExpression], named: [(String, DAXExpression)]) {
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
        return (groups, filterArguments, named)
    }

    func summarizeColumns(_ arguments: [DAXExpression], _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXTable {
        let (groups, filterArguments, named) = try summarizeArguments(arguments)
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
}
