import Foundation

/// The OData `$filter` subset that `GET /groups` takes in practice: `contains(name,'x')`,
/// `startswith(name,'x')`, `endswith(name,'x')`, `name eq|ne 'x'`, `type eq 'Workspace'`,
/// `isOnDedicatedCapacity eq true`, `isReadOnly eq false`, joined by `and` / `or` (`and` binds tighter).
/// Text matching ignores case. Anything else is refused, as the real service refuses what it cannot parse.
struct GroupFilter {
    enum Predicate {
        case contains(String), startsWith(String), endsWith(String)
        case nameEquals(String, negated: Bool)
        case typeEquals(String)
        case dedicated(Bool), readOnly(Bool)
    }

    /// Alternatives of conjunctions.
    let alternatives: [[Predicate]]

    init?(_ text: String) {
        var alternatives: [[Predicate]] = []
        for alternative in Self.split(text, on: "or") {
            var predicates: [Predicate] = []
            for term in Self.split(alternative, on: "and") {
                guard let predicate = Self.parse(term.trimmingCharacters(in: .whitespaces)) else { return nil }
                predicates.append(predicate)
            }
            alternatives.append(predicates)
        }
        guard !alternatives.isEmpty else { return nil }
        self.alternatives = alternatives
    }

    func matches(_ workspace: DemoWorkspace) -> Bool {
        alternatives.contains { $0.allSatisfy { Self.matches($0, workspace) } }
    }

    static func matches(_ predicate: Predicate, _ workspace: DemoWorkspace) -> Bool {
        let name = workspace.name.lowercased()
        switch predicate {
        case let .contains(text): return name.contains(text.lowercased())
        case let .startsWith(text): return name.hasPrefix(text.lowercased())
        case let .endsWith(text): return name.hasSuffix(text.lowercased())
        case let .nameEquals(text, negated): return (name == text.lowercased()) != negated
        case let .typeEquals(text): return text.lowercased() == "workspace"
        case let .dedicated(value): return workspace.isOnDedicatedCapacity == value
        case let .readOnly(value): return workspace.isReadOnly == value
        }
    }

    /// Splits on a keyword surrounded by spaces, outside quoted strings.
    static func split(_ text: String, on keyword: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var inQuote = false
        let characters = Array(text)
        var index = 0
        let needle = Array(" \(keyword) ")
        while index < characters.count {
            let character = characters[index]
            if character == "'" { inQuote.toggle() }
            if !inQuote, index + needle.count <= characters.count,
               String(characters[index..<index + needle.count]).lowercased() == String(needle) {
                parts.append(current)
                current = ""
                index += needle.count
                continue
            }
            current.append(character)
            index += 1
        }
        parts.append(current)
        return parts
    }

    static func parse(_ term: String) -> Predicate? {
        let compact = term.replacingOccurrences(of: " ", with: "")
        for (function, make) in [("contains", Predicate.contains), ("startswith", Predicate.startsWith), ("endswith", Predicate.endsWith)] {
            let prefix = function + "(name,"
            if compact.lowercased().hasPrefix(prefix), compact.hasSuffix(")") {
                let inner = term[term.index(after: term.firstIndex(of: ",")!)..<term.index(before: term.endIndex)]
                guard let literal = stringLiteral(inner.trimmingCharacters(in: .whitespaces)) else { return nil }
                return make(literal)
            }
        }
        let words = term.split(separator: " ", maxSplits: 2).map(String.init)
        guard words.count == 3, ["eq", "ne"].contains(words[1].lowercased()) else { return nil }
        let negated = words[1].lowercased() == "ne"
        switch words[0] {
        case "name":
            return stringLiteral(words[2]).map { .nameEquals($0, negated: negated) }
        case "type" where !negated:
            return stringLiteral(words[2]).map(Predicate.typeEquals)
        case "isOnDedicatedCapacity":
            return Bool(words[2].lowercased()).map { .dedicated($0 != negated) }
        case "isReadOnly":
            return Bool(words[2].lowercased()).map { .readOnly($0 != negated) }
        default:
            return nil
        }
    }

    /// `'it''s'` → `it's`.
    static func stringLiteral(_ text: String) -> String? {
        guard text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") else { return nil }
        return String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
    }
}
