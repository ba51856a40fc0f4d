import Foundation
import Tokens
import Yams

/// YAML text as our JSON values, for descriptions written in YAML (most OpenAPI 3 files are).
///
/// Through Yams' node tree, which keeps the order of mappings (the order paths and properties are shown
/// in). An alias is a reference to a node already read, so a few lines of aliases can stand for billions
/// of values ("billion laughs"): the conversion counts what it writes and refuses more than four values
/// per byte of text (without aliases a value takes at least one byte), so the work stays linear.
enum YAMLText {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The most values a text of `bytes` bytes may expand to, aliases followed.
    static func valueLimit(bytes: Int) -> Int { max(10_000, 4 * bytes) }
    /// The deepest nesting read (our JSON reader's limit too).
    static let depthLimit = 512

    static func parse(_ data: Data) throws(Failure) -> JSONValue {
        guard let text = String(data: data, encoding: .utf8) else { throw Failure(description: "not UTF-8 text") }
        try checkFlowDepth(text)
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw Failure(description: "not YAML: \(problem(error))")
        }
        guard let root else { throw Failure(description: "empty") }
        let limit = valueLimit(bytes: data.count)
        var budget = limit
        return try value(root, depth: 0, budget: &budget, limit: limit)
    }

    /// What went wrong and where, without the text itself: Yams' own description quotes the line, and a
    /// description's files are not shown (a file named by mistake may hold anything).
    static func problem(_ error: any Error) -> String {
        guard let yaml = error as? YamlError else { return "unreadable" }
        switch yaml {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return "\(problem) at line \(mark.line), column \(mark.column)"
        case let .reader(problem, offset, _, _):
            return problem + (offset.map { " at byte \($0)" } ?? "")
        case let .duplicatedKeysInMapping(_, context):
            return "a key repeated in one mapping at line \(context.mark.line)"
        case .dataCouldNotBeDecoded: return "not UTF-8 text"
        default: return "unreadable"
        }
    }

    /// Yams reads nested flow collections (`[[[[…`) by recursion; nesting deeper than our limit is refused
    /// before it is read. Block nesting is bounded by indentation, which the same limit covers below.
    private static func checkFlowDepth(_ text: String) throws(Failure) {
        var depth = 0
        var quote: UInt8?
        for byte in text.utf8 {
            if let open = quote {
                if byte == open || byte == UInt8(ascii: "\n") { quote = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > depthLimit { throw Failure(description: "nested deeper than \(depthLimit) levels") }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
        }
    }

    private static func value(_ node: Node, depth: Int, budget: inout Int, limit: Int) throws(Failure) -> JSONValue {
        budget -= 1
        guard budget > 0 else { throw Failure(description: "expands to more than \(limit) values (aliases repeating aliases?)") }
        guard depth < depthLimit else { throw Failure(description: "nested deeper than \(depthLimit) levels") }
        switch node {
        case let .mapping(mapping):
            var members: [(key: String, value: JSONValue)] = []
            members.reserveCapacity(mapping.count)
            for (key, item) in mapping {
                members.append((key.string ?? "", try value(item, depth: depth + 1, budget: &budget, limit: limit)))
            }
            return .object(JSONObject(members))
        case let .sequence(sequence):
            var items: [JSONValue] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try value(item, depth: depth + 1, budget: &budget, limit: limit)) }
            return .array(items)
        case .scalar, .alias:
            return scalar(node)
        }
    }

    /// A scalar by the tag YAML's core schema resolves (`true`, `12`, `1.5`, `~`); numbers keep their text
    /// when JSON can write it that way (big integers stay exact).
    private static func scalar(_ node: Node) -> JSONValue {
        let text = node.string ?? ""
        switch Tag.Name(rawValue: node.tag.rawValue) {
        case .null: return .null
        case .bool: return node.bool.map(JSONValue.bool) ?? .string(text)
        case .int:
            let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
            if !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), digits.first != "0" || digits.count == 1 {
                return .number(text)
            }
            return node.int.map { .number(String($0)) } ?? .string(text)
        case .float:
            guard let number = node.float, number.isFinite else { return .string(text) }
            return .number(String(number))
        default: return .string(text)
        }
    }
}
