import Foundation

/// Splits DAX text into tokens: comments (`//`, `--`, `/* */`) skipped, names and strings with their doubled
/// closing character unescaped. Linear in the text.
enum DAXLexer {
    /// Where the lexer is in the text.
    struct Cursor {
        let scalars: [Unicode.Scalar]
        var index = 0, line = 1, column = 1

        var position: DAXPosition { DAXPosition(line: line, column: column) }
        var atEnd: Bool { index >= scalars.count }

        mutating func advance() {
            if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
            index += 1
        }

        func peek(_ offset: Int = 0) -> Unicode.Scalar? { index + offset < scalars.count ? scalars[index + offset] : nil }

        /// After an opening quote or bracket: the text up to `close`, a doubled `close` standing for one; nil
        /// when the text ends first.
        mutating func quoted(until close: Unicode.Scalar) -> String? {
            var text = String.UnicodeScalarView()
            while !atEnd {
                if scalars[index] == close {
                    if peek(1) == close { text.append(close); advance(); advance(); continue }
                    advance()
                    return String(text)
                }
                text.append(scalars[index])
                advance()
            }
            return nil
        }

        /// Digits with a decimal point and an exponent.
        mutating func number() -> String {
            var text = String.UnicodeScalarView()
            while let next = peek(), ("0"..."9").contains(next) || next == "." { text.append(next); advance() }
            if let next = peek(), next == "e" || next == "E" {
                text.append(next); advance()
                if let sign = peek(), sign == "+" || sign == "-" { text.append(sign); advance() }
                while let next = peek(), ("0"..."9").contains(next) { text.append(next); advance() }
            }
            return String(text)
        }

        /// Skips a comment starting here; false when none does. An unclosed `/*` is an error.
        mutating func skipComment() throws(DAXError) -> Bool {
            let scalar = scalars[index], position = position
            if (scalar == "/" && peek(1) == "/") || (scalar == "-" && peek(1) == "-") {
                while let next = peek(), next != "\n" { _ = next; advance() }
                return true
            }
            guard scalar == "/" && peek(1) == "*" else { return false }
            advance(); advance()
            while !atEnd, !(scalars[index] == "*" && peek(1) == "/") { advance() }
            guard !atEnd else { throw DAXError(kind: .syntax, message: "The comment is not closed.", position: position) }
            advance(); advance()
            return true
        }
    }

    static func tokens(_ source: String) throws(DAXError) -> [DAXToken] {
        var cursor = Cursor(scalars: Array(source.unicodeScalars))
        var tokens: [DAXToken] = []
        while !cursor.atEnd {
            let scalar = cursor.scalars[cursor.index]
            let position = cursor.position
            if scalar.properties.isWhitespace { cursor.advance(); continue }
            if try cursor.skipComment() { continue }
            if let closer = ["'": "'", "[": "]", "\"": "\""][Character(scalar)] {
                let kind: DAXToken.Kind = scalar == "'" ? .quotedName : (scalar == "[" ? .bracketName : .string)
                cursor.advance()
                guard let text = cursor.quoted(until: closer.unicodeScalars.first!) else {
                    let what = kind == .string ? "string" : "name"
                    throw DAXError(kind: .syntax, message: "The \(what) starting here is not closed.", position: position)
                }
                tokens.append(DAXToken(kind: kind, text: text, position: position))
                continue
            }
            if scalar.properties.numericType != nil && ("0"..."9").contains(scalar) || (scalar == "." && cursor.peek(1).map { ("0"..."9").contains($0) } == true) {
                tokens.append(DAXToken(kind: .number, text: cursor.number(), position: position))
                continue
            }
            if scalar.properties.isAlphabetic || scalar == "_" {
                var text = String.UnicodeScalarView()
                while let next = cursor.peek(), next.properties.isAlphabetic || ("0"..."9").contains(next) || next == "_" || next == "." {
                    text.append(next); cursor.advance()
                }
                tokens.append(DAXToken(kind: .word, text: String(text), position: position))
                continue
            }
            let pair = cursor.peek(1).map { String(scalar) + String($0) }
            if let pair, ["<>", "<=", ">=", "&&", "||", "=="].contains(pair) {
                cursor.advance(); cursor.advance()
                tokens.append(DAXToken(kind: .symbol, text: pair, position: position))
                continue
            }
            if "(),=<>+-*/&{}".unicodeScalars.contains(scalar) {
                cursor.advance()
                tokens.append(DAXToken(kind: .symbol, text: String(scalar), position: position))
                continue
            }
            throw DAXError(kind: .syntax, message: "The syntax for '\(String(scalar))' is incorrect.", position: position)
        }
        tokens.append(DAXToken(kind: .end, text: "", position: cursor.position))
        return tokens
    }
}
