import Foundation

/// What pbitui checks in a DAX query before sending it, and what it reads from the engine's messages.
public enum DAXQueryText {
    /// The service takes one query and answers one table a call (reference/workbench.md §1.5): the number of
    /// `EVALUATE` keywords outside strings, quoted names, bracketed names and comments. Linear in the text.
    public static func evaluateCount(_ text: String) -> Int {
        let scalars = Array(text.unicodeScalars)
        var count = 0
        var index = 0
        var previousIsWordCharacter = false
        func isWord(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "."
        }
        let keyword = Array("evaluate".unicodeScalars)
        while index < scalars.count {
            let scalar = scalars[index]
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if (scalar == "/" && next == "/") || (scalar == "-" && next == "-") {
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
                previousIsWordCharacter = false
                continue
            }
            if scalar == "/" && next == "*" {
                index += 2
                while index < scalars.count, !(scalars[index] == "*" && index + 1 < scalars.count && scalars[index + 1] == "/") { index += 1 }
                index += 2
                previousIsWordCharacter = false
                continue
            }
            if let closer: Unicode.Scalar = scalar == "\"" ? "\"" : (scalar == "'" ? "'" : (scalar == "[" ? "]" : nil)) {
                index += 1
                while index < scalars.count {
                    if scalars[index] == closer {
                        if index + 1 < scalars.count, scalars[index + 1] == closer { index += 2; continue }
                        break
                    }
                    index += 1
                }
                index += 1
                previousIsWordCharacter = false
                continue
            }
            if !previousIsWordCharacter, index + keyword.count <= scalars.count,
               (0..<keyword.count).allSatisfy({ scalars[index + $0].properties.lowercaseMapping == String(keyword[$0]) }),
               index + keyword.count == scalars.count || !isWord(scalars[index + keyword.count]) {
                count += 1
                index += keyword.count
                previousIsWordCharacter = true
                continue
            }
            previousIsWordCharacter = isWord(scalar)
            index += 1
        }
        return count
    }

    /// Why a query should not be sent as it is, or nil when it may be.
    public static func problem(_ text: String) -> String? {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "the query is empty" }
        let evaluates = evaluateCount(text)
        if evaluates > 1 {
            return "the query has \(evaluates) EVALUATE statements; executeQueries answers one table a call: run them one at a time"
        }
        return nil
    }

    /// The line and column (1-based) at the start of an engine message: `Query (3, 15) The column …`.
    public static func position(in message: String) -> (line: Int, column: Int)? {
        guard let open = message.range(of: "Query (") ?? message.range(of: "Query(") else { return nil }
        let rest = message[open.upperBound...]
        guard let close = rest.firstIndex(of: ")") else { return nil }
        let numbers = rest[..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard numbers.count == 2, let line = Int(numbers[0]), let column = Int(numbers[1]), line > 0, column > 0 else { return nil }
        return (line, column)
    }
}
