/// The Markdown of API descriptions made readable on a terminal: one pass over each line, so linear in
/// the text.
///
/// - headings (`## Permissions`) become their text, marked as headings;
/// - list items (`- `, `* `, `1. `) become `• ` items, indented by their level;
/// - links `[text](target)` become their text; `**bold**`, `__bold__` and `` `code` `` lose their marks;
/// - `<br>` and `<br/>` end lines; tables (`| a | b |`) keep their cells, separated by two spaces, and
///   their `|---|` rule is dropped; code fences are dropped, their lines kept.
public enum MarkdownText {
    public struct Line: Sendable, Hashable {
        public enum Kind: Sendable, Hashable { case text, heading, item, code }
        public let kind: Kind
        public let text: String
    }

    public static func lines(_ markdown: String) -> [Line] {
        var result: [Line] = []
        var inCode = false
        let source = markdown.replacingOccurrences(of: "\r\n", with: "\n")
        for raw in source.split(separator: "\n", omittingEmptySubsequences: false) {
            for piece in splitBreaks(Substring(raw)) {
                let trimmed = piece.drop { $0 == " " || $0 == "\t" }
                if trimmed.hasPrefix("```") {
                    inCode.toggle()
                    continue
                }
                if inCode {
                    result.append(Line(kind: .code, text: "  " + String(piece)))
                    continue
                }
                if trimmed.isEmpty {
                    if result.last.map({ !$0.text.isEmpty }) ?? false { result.append(Line(kind: .text, text: "")) }
                    continue
                }
                if trimmed.hasPrefix("#") {
                    let text = trimmed.drop { $0 == "#" }.drop { $0 == " " }
                    result.append(Line(kind: .heading, text: inline(text)))
                    continue
                }
                if trimmed.hasPrefix("|") {
                    let cells = trimmed.split(separator: "|").map { $0.trimmingSpaces() }
                    if cells.allSatisfy({ $0.allSatisfy { "-: ".contains($0) } }) { continue }
                    result.append(Line(kind: .text, text: cells.map { inline(Substring($0)) }.joined(separator: "  ")))
                    continue
                }
                let indent = (piece.count - trimmed.count) / 2
                if let item = listItem(trimmed) {
                    result.append(Line(kind: .item, text: String(repeating: "  ", count: indent) + "• " + inline(item)))
                    continue
                }
                result.append(Line(kind: .text, text: inline(trimmed)))
            }
        }
        while result.last?.text.isEmpty == true { result.removeLast() }
        return result
    }

    /// The whole text, one line per line, headings as they are.
    public static func plain(_ markdown: String) -> String {
        lines(markdown).map(\.text).joined(separator: "\n")
    }

    /// A line cut at its `<br>`s.
    static func splitBreaks(_ line: Substring) -> [Substring] {
        guard line.contains("<br") else { return [line] }
        var pieces: [Substring] = []
        var rest = line
        while let range = rest.range(of: "<br") {
            pieces.append(rest[..<range.lowerBound])
            let after = rest[range.upperBound...]
            guard let close = after.firstIndex(of: ">") else { rest = after; break }
            rest = after[after.index(after: close)...]
        }
        pieces.append(rest)
        return pieces.filter { !$0.allSatisfy(\.isWhitespace) }.isEmpty ? [""] : pieces
    }

    static func listItem(_ line: Substring) -> Substring? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") { return line.dropFirst(2) }
        let digits = line.prefix { $0.isNumber }
        if !digits.isEmpty, digits.count <= 3, line.dropFirst(digits.count).hasPrefix(". ") { return line.dropFirst(digits.count + 2) }
        return nil
    }

    /// Links to their text; emphasis and code marks removed. One pass.
    static func inline(_ text: Substring) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            switch character {
            case "*" where isDoubled(text, index), "_" where isDoubled(text, index):
                index = text.index(index, offsetBy: 2)
                continue
            case "`":
                index = text.index(after: index)
                continue
            case "[":
                // `[text](target)`: keep the text, drop the target. Anything else stays as it is. Each scan
                // stops at the next `[`, so no character is scanned twice for the same purpose: linear.
                if let close = scan(text, from: text.index(after: index), for: "]"), text.index(after: close) < text.endIndex,
                   text[text.index(after: close)] == "(", let end = scan(text, from: text.index(after: close), for: ")") {
                    output += inline(text[text.index(after: index)..<close])
                    index = text.index(after: end)
                    continue
                }
            default:
                break
            }
            output.append(character)
            index = text.index(after: index)
        }
        return output.trimmingSpaces()
    }

    /// The first `wanted` from `start`, or nil when a `[` comes first or the text ends.
    static func scan(_ text: Substring, from start: Substring.Index, for wanted: Character) -> Substring.Index? {
        var index = start
        while index < text.endIndex {
            let character = text[index]
            if character == wanted { return index }
            if character == "[" { return nil }
            index = text.index(after: index)
        }
        return nil
    }

    static func isDoubled(_ text: Substring, _ index: Substring.Index) -> Bool {
        let next = text.index(after: index)
        return next < text.endIndex && text[next] == text[index]
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
