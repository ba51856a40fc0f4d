import MCP
import Tokens

/// Our JSON (numbers kept as the service wrote them) as the SDK's `Value`, and back. A number goes as an
/// integer when it is one that fits 64 bits, as a double when the double writes back the same text, and
/// otherwise as its text: an order number past 2^53 or a decimal with more digits than a double holds reaches
/// the assistant exactly (the text content, our own serialization, always has it as the service sent it).
enum MCPValue {
    static func value(_ json: JSONValue) -> Value {
        switch json {
        case .null: .null
        case let .bool(flag): .bool(flag)
        case let .string(text): .string(text)
        case let .number(text):
            if let integer = Int(text) { .int(integer) }
            else if let double = Double(text), "\(double)" == text { .double(double) }
            else { .string(text) }
        case let .array(items): .array(items.map(value))
        case let .object(object): .object(Dictionary(object.map { ($0.key, value($0.value)) }, uniquingKeysWith: { _, last in last }))
        }
    }

    static func json(_ value: Value) -> JSONValue {
        switch value {
        case .null: .null
        case let .bool(flag): .bool(flag)
        case let .int(integer): .number(String(integer))
        case let .double(double): .double(double)
        case let .string(text): .string(text)
        case let .data(_, data): .string(data.base64EncodedString())
        case let .array(items): .array(items.map(json))
        case let .object(object): .object(JSONObject(object.sorted { $0.key < $1.key }.map { (key: $0.key, value: json($0.value)) }))
        }
    }

    /// A tool's argument as text (a number given for a name is read as its text).
    static func text(_ arguments: [String: Value]?, _ name: String) -> String? {
        switch arguments?[name] {
        case let .string(text)?: text
        case let .int(integer)?: String(integer)
        default: nil
        }
    }

    static func integer(_ arguments: [String: Value]?, _ name: String) -> Int? {
        switch arguments?[name] {
        case let .int(integer)?: integer
        case let .double(double)? where double.rounded() == double && abs(double) < 1e15: Int(double)
        case let .string(text)?: Int(text)
        default: nil
        }
    }
}
