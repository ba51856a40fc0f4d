import Foundation

/// Where something sits in a query: 1-based line and column, as the engine's messages give them.
struct DAXPosition: Sendable, Hashable {
    var line: Int
    var column: Int
}

/// A query the engine refuses, with where: the service prints it as `Query (line, column) message`.
struct DAXError: Error, Sendable {
    enum Kind: Sendable { case syntax, binding, execution }
    let kind: Kind
    let message: String
    let position: DAXPosition?

    /// The engine's HRESULT as the service prints it (unsigned decimal).
    var engineCode: String {
        switch kind {
        case .syntax: return "3239575574"     // 0xC1180016
        case .binding: return "3241803828"    // 0xC13A0034
        case .execution: return "3242524690"  // 0xC1450012
        }
    }

    var detailsMessage: String {
        position.map { "Query (\($0.line), \($0.column)) \(message)" } ?? message
    }
}

struct DAXToken: Sendable {
    enum Kind: Sendable, Equatable {
        case word          // identifiers, keywords and function names (may contain dots: INFO.VIEW.TABLES)
        case quotedName    // 'Sales Order'
        case bracketName   // [Total Sales]
        case string        // "text"
        case number
        case symbol        // ( ) , = <> < > <= >= + - * / & && || { }
        case end
    }

    let kind: Kind
    let text: String
    let position: DAXPosition
}

/// An expression as written.
indirect enum DAXExpression: Sendable {
    case number(String, DAXPosition)
    case string(String, DAXPosition)
    /// `Table[Column]`, `'Table'[Column]`, or `[Name]` (a measure, or a column of the current row) when `table` is nil.
    case column(table: String?, name: String, DAXPosition)
    /// A bare name: a table or a variable.
    case name(String, DAXPosition)
    case call(name: String, arguments: [DAXExpression], DAXPosition)
    case binary(String, DAXExpression, DAXExpression, DAXPosition)
    case negate(DAXExpression, DAXPosition)
    case not(DAXExpression, DAXPosition)
    /// `{ a, b, c }`: a one-column table (the right of `IN`).
    case list([DAXExpression], DAXPosition)
    /// `ASC` / `DESC` inside TOPN's arguments.
    case order(descending: Bool, DAXPosition)

    var position: DAXPosition {
        switch self {
        case let .number(_, p), let .string(_, p), let .column(_, _, p), let .name(_, p), let .call(_, _, p), let .binary(_, _, _, p),
             let .negate(_, p), let .not(_, p), let .list(_, p), let .order(_, p):
            return p
        }
    }
}

/// A whole query: definitions, then one or more `EVALUATE`s, each with its `ORDER BY`.
struct DAXQuery: Sendable {
    struct Evaluate: Sendable {
        let table: DAXExpression
        let orderBy: [(expression: DAXExpression, descending: Bool)]
        let position: DAXPosition
    }

    var variables: [(name: String, expression: DAXExpression)] = []
    var measures: [(table: String, name: String, expression: DAXExpression)] = []
    var evaluates: [Evaluate] = []
}

/// A recursive-descent parser for the part of DAX the demo tenant evaluates.
struct DAXParser {
    private var tokens: [DAXToken]
    private var index = 0
    private var depth = 0

    init(_ source: String) throws(DAXError) { tokens = try DAXLexer.tokens(source) }

    static func query(_ source: String) throws(DAXError) -> DAXQuery {
        var parser = try DAXParser(source)
        return try parser.parseQuery()
    }

    /// One expression, for measures written in the model.
    static func expression(_ source: String) throws(DAXError) -> DAXExpression {
        var parser = try DAXParser(source)
        let expression = try parser.parseExpression()
        try parser.expectEnd()
        return expression
    }

    private var current: DAXToken { tokens[index] }

    private func isKeyword(_ word: String, at offset: Int = 0) -> Bool {
        let token = tokens[min(index + offset, tokens.count - 1)]
        return token.kind == .word && token.text.caseInsensitiveCompare(word) == .orderedSame
    }

    private func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol && current.text == symbol }

    private func syntaxError(_ token: DAXToken? = nil) -> DAXError {
        let token = token ?? current
        if token.kind == .end {
            return DAXError(kind: .syntax, message: "The end of the input was reached.", position: token.position)
        }
        return DAXError(kind: .syntax, message: "The syntax for '\(token.text)' is incorrect.", position: token.position)
    }

    private mutating func expectSymbol(_ symbol: String) throws(DAXError) {
        guard isSymbol(symbol) else { throw syntaxError() }
        index += 1
    }

    private func expectEnd() throws(DAXError) {
        guard current.kind == .end else { throw syntaxError() }
    }

    mutating func parseQuery() throws(DAXError) -> DAXQuery {
        var query = DAXQuery()
        if isKeyword("DEFINE") {
            index += 1
            while true {
                if isKeyword("VAR") {
                    index += 1
                    guard current.kind == .word else { throw syntaxError() }
                    let name = current.text
                    index += 1
                    try expectSymbol("=")
                    query.variables.append((name, try parseExpression()))
                } else if isKeyword("MEASURE") {
                    index += 1
                    guard current.kind == .word || current.kind == .quotedName else { throw syntaxError() }
                    let table = current.text
                    index += 1
                    guard current.kind == .bracketName else { throw syntaxError() }
                    let name = current.text
                    index += 1
                    try expectSymbol("=")
                    query.measures.append((table, name, try parseExpression()))
                } else {
                    break
                }
            }
            guard !query.variables.isEmpty || !query.measures.isEmpty else { throw syntaxError() }
        }
        guard isKeyword("EVALUATE") else { throw syntaxError() }
        while isKeyword("EVALUATE") {
            let position = current.position
            index += 1
            let table = try parseExpression()
            var orderBy: [(DAXExpression, Bool)] = []
            if isKeyword("ORDER"), isKeyword("BY", at: 1) {
                index += 2
                repeat {
                    if isSymbol(",") { index += 1 }
                    let expression = try parseExpression()
                    var descending = false
                    if isKeyword("DESC") { descending = true; index += 1 } else if isKeyword("ASC") { index += 1 }
                    orderBy.append((expression, descending))
                } while isSymbol(",")
            }
            query.evaluates.append(DAXQuery.Evaluate(table: table, orderBy: orderBy, position: position))
        }
        try expectEnd()
        return query
    }

    /// Operator chains are evaluated recursively; past this many links the query is refused instead of
    /// exhausting the stack.
    static let chainLimit = 256

    private func countLink(_ links: inout Int) throws(DAXError) {
        links += 1
        guard links <= Self.chainLimit else {
            throw DAXError(kind: .syntax, message: "The expression is too long: more than \(Self.chainLimit) operators in a row.", position: current.position)
        }
    }

    /// The binary operators by precedence, loosest first; `==` is read as `=`.
    static let precedence: [[String]] = [["||"], ["&&"], ["=", "==", "<>", "<", ">", "<=", ">=", "IN"], ["&"], ["+", "-"], ["*", "/"]]

    mutating func parseExpression() throws(DAXError) -> DAXExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth < 64 else { throw DAXError(kind: .syntax, message: "The expression is nested too deeply.", position: current.position) }
        return try parseLevel(0)
    }

    /// A left-associative chain of the operators of one precedence level over the next level's operands.
    private mutating func parseLevel(_ level: Int) throws(DAXError) -> DAXExpression {
        guard level < Self.precedence.count else { return try parseUnary() }
        var links = 0
        var lhs = try parseLevel(level + 1)
        while let op = binaryOperator(of: Self.precedence[level]) {
            let position = current.position
            index += 1
            try countLink(&links)
            lhs = .binary(op, lhs, try parseLevel(level + 1), position)
        }
        return lhs
    }

    private func binaryOperator(of operators: [String]) -> String? {
        if current.kind == .symbol, operators.contains(current.text) { return current.text == "==" ? "=" : current.text }
        if operators.contains("IN"), isKeyword("IN") { return "IN" }
        return nil
    }

    private mutating func parseUnary() throws(DAXError) -> DAXExpression {
        let position = current.position
        if isSymbol("-") || isSymbol("+") || (isKeyword("NOT") && !(tokens[index + 1].kind == .symbol && tokens[index + 1].text == "(")) {
            let op = current.text
            index += 1
            depth += 1
            defer { depth -= 1 }
            guard depth < 64 else { throw DAXError(kind: .syntax, message: "The expression is nested too deeply.", position: position) }
            let operand = try parseUnary()
            return op == "+" ? operand : (op == "-" ? .negate(operand, position) : .not(operand, position))
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(DAXError) -> DAXExpression {
        let token = current
        switch token.kind {
        case .number:
            index += 1
            guard Double(token.text) != nil else { throw syntaxError(token) }
            return .number(token.text, token.position)
        case .string:
            index += 1
            return .string(token.text, token.position)
        case .bracketName:
            index += 1
            return .column(table: nil, name: token.text, token.position)
        case .quotedName:
            index += 1
            if current.kind == .bracketName {
                let column = current.text
                index += 1
                return .column(table: token.text, name: column, token.position)
            }
            return .name(token.text, token.position)
        case .word:
            index += 1
            if isSymbol("(") {
                index += 1
                var arguments: [DAXExpression] = []
                if !isSymbol(")") {
                    repeat {
                        if isSymbol(",") { index += 1 }
                        if isKeyword("ASC") || isKeyword("DESC") {
                            arguments.append(.order(descending: isKeyword("DESC"), current.position))
                            index += 1
                        } else {
                            arguments.append(try parseExpression())
                        }
                    } while isSymbol(",")
                }
                try expectSymbol(")")
                return .call(name: token.text.uppercased(), arguments: arguments, token.position)
            }
            if current.kind == .bracketName {
                let column = current.text
                index += 1
                return .column(table: token.text, name: column, token.position)
            }
            if ["EVALUATE", "DEFINE", "ORDER", "VAR", "MEASURE", "RETURN"].contains(token.text.uppercased()) { throw syntaxError(token) }
            return .name(token.text, token.position)
        case .symbol where token.text == "(":
            index += 1
            let inner = try parseExpression()
            try expectSymbol(")")
            return inner
        case .symbol where token.text == "{":
            index += 1
            var items: [DAXExpression] = []
            if !isSymbol("}") {
                repeat {
                    if isSymbol(",") { index += 1 }
                    items.append(try parseExpression())
                } while isSymbol(",")
            }
            try expectSymbol("}")
            return .list(items, token.position)
        default:
            throw syntaxError(token)
        }
    }
}
