import Foundation

/// The table functions of the demo tenant's DAX subset, one method each (``DAXEvaluator/tableCall(_:_:_:_:)`` dispatches).
extension DAXEvaluator {
    /// `FILTER(table, condition)`: the rows for which the condition holds.
    func filterTable(_ name: String, _ arguments: [DAXExpression], _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXTable {
        try arity(name, arguments, position, min: 2, max: 2)
        var input = try table(arguments[0], scope)
        var keep: [Int] = []
        for (offset, row) in input.rows.enumerated() {
            let context = DAXRowContext(columns: input.columns, values: row, source: input.source.map { ($0.table, $0.rows[offset]) })
            if try scalar(arguments[1], Scope(filters: scope.filters, rows: scope.rows + [context])).truth { keep.append(offset) }
        }
        input.keep(keep)
        return input
    }

    /// `TOPN(n, table, order…)`: the first n rows by the orders, ties with the last kept.
    func topN(_ name: String, _ arguments: [DAXExpression], _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXTable {
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
        input.keep(keep)
        return input
    }

    /// `SELECTCOLUMNS` and `ADDCOLUMNS`: a column for each name and expression.
    func columns(_ name: String, _ arguments: [DAXExpression], _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXTable {
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
    }

    /// `ROW(name, expression, …)`: one row.
    func row(_ name: String, _ arguments: [DAXExpression], _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXTable {
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
    }

    /// The most rows `GENERATESERIES` makes here (the service has no such limit; the demo keeps its memory).
    static let seriesLimit = 2_000_000

    /// `GENERATESERIES(start, end[, step])`: one column `[Value]`, from start while not past end; whole numbers
    /// when all three are, decimals otherwise. A step that is not positive is the service's error.
    func series(_ name: String, _ arguments: [DAXExpression], _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXTable {
        try arity(name, arguments, position, min: 2, max: 3)
        let values = try arguments.map { argument throws(DAXError) in try scalar(argument, scope) }
        let whole = values.allSatisfy { if case .integer = $0 { true } else { false } }
        guard let start = values[0].number, let end = values[1].number, let step = values.count == 3 ? values[2].number : 1 else {
            throw DAXError(kind: .execution, message: "The arguments of GENERATESERIES must be numbers.", position: position)
        }
        guard step > 0 else {
            throw DAXError(kind: .execution, message: "The increment value of GENERATESERIES must be greater than zero.", position: position)
        }
        let count = end < start ? 0 : Int(((end - start) / step).rounded(.down)) + 1
        guard count <= Self.seriesLimit else {
            throw DAXError(kind: .execution, message: "GENERATESERIES would make \(count) rows; the demo tenant makes at most \(Self.seriesLimit).",
                           position: position)
        }
        var rows: [[DAXValue]] = []
        rows.reserveCapacity(count)
        for index in 0..<count {
            let value = start + Double(index) * step
            rows.append([whole ? .integer(Int64(value)) : .decimal(value)])
        }
        return DAXTable(columns: [.init(key: "[Value]", lineage: nil)], rows: rows, source: nil)
    }

    /// `VALUES`, `DISTINCT`, `ALL`: a column's distinct values, or a table's rows (`ALL` without filters).
    func distinctValues(_ name: String, _ arguments: [DAXExpression], _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXTable {
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
    }
}
