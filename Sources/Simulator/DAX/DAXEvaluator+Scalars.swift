import Foundation

/// Scalar expressions: columns in the row context, operators, functions and aggregates.
extension DAXEvaluator {
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

    func typeError(_ op: String, _ position: DAXPosition) -> DAXError {
        DAXError(kind: .execution, message: "DAX comparison operations do not support comparing values of type Text with values of type Number (operator \(op)).",
                 position: position)
    }

    func columnValue(table: String?, name: String, _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXValue {
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

    func binary(_ op: String, _ lhsExpression: DAXExpression, _ rhsExpression: DAXExpression, _ position: DAXPosition,
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

    func scalarCall(_ name: String, _ arguments: [DAXExpression], _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXValue {
        switch name {
        case "SUM", "AVERAGE", "MIN", "MAX", "COUNT", "DISTINCTCOUNT":
            return try aggregateCall(name, arguments, position, scope)
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
            return try dateCall(name, arguments, position, scope)
        case "YEAR", "MONTH":
            try arity(name, arguments, position, min: 1, max: 1)
            let value = try scalar(arguments[0], scope)
            guard case let .date(text) = value else { return value.isBlank ? .blank : .integer(0) }
            let digits = text.split(whereSeparator: { $0 == "-" || $0 == "T" })
            let part = name == "YEAR" ? digits.first : digits.dropFirst().first
            return part.flatMap { Int64($0) }.map { .integer($0) } ?? .blank
        case "ROUND":
            return try roundCall(name, arguments, position, scope)
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

    /// `SUM`, `AVERAGE`, `MIN`, `MAX` (of a column, or of two values), `COUNT`, `DISTINCTCOUNT`.
    func aggregateCall(_ name: String, _ arguments: [DAXExpression], _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXValue {
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
    }

    /// `DATE(year, month, day)`, checked as the engine checks it.
    func dateCall(_ name: String, _ arguments: [DAXExpression], _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXValue {
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
    }

    /// `ROUND(number, digits)`, halves away from zero.
    func roundCall(_ name: String, _ arguments: [DAXExpression], _ position: DAXPosition, _ scope: Scope) throws(DAXError) -> DAXValue {
        try arity(name, arguments, position, min: 2, max: 2)
        let value = try scalar(arguments[0], scope)
        guard let number = value.number, let digits = try scalar(arguments[1], scope).number else { throw typeError("ROUND", position) }
        let scale = pow(10, digits)
        return .decimal((number * scale).rounded(.toNearestOrAwayFromZero) / scale)
    }

    func aggregate(_ name: String, _ values: [DAXValue], type: DAXModel.DataType, _ position: DAXPosition) throws(DAXError) -> DAXValue {
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
