import Foundation
import Tokens

extension APIOperation {
    /// The operation as `pbitui ops --output json` lists it: `operationId`, `method`, `path`, `tag`,
    /// `summary`, `scopes`, `servicePrincipal` (`yes`, `no`, `only`, `conditional` or `unknown`) and, when
    /// it is conditional, `condition`.
    public var listingJSON: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("operationId", .string(operationId)), ("method", .string(method)), ("path", .string(path)),
            ("tag", .string(tag)), ("summary", .string(summary)), ("scopes", .array(scopes.map(JSONValue.string))),
            ("servicePrincipal", .string(servicePrincipal.jsonWord)),
        ]
        if let condition = servicePrincipal.condition { members.append(("condition", .string(condition))) }
        if isAdmin { members.append(("admin", .bool(true))) }
        return .object(JSONObject(members))
    }

    /// Everything `pbitui ops show --output json` tells: the listing, the parameters and the description.
    public func detailJSON(example: JSONValue?) -> JSONValue {
        var object = listingJSON.objectValue ?? JSONObject()
        object["parameters"] = .array(parameters.map { parameter in
            var members: [(key: String, value: JSONValue)] = [
                ("name", .string(parameter.name)), ("in", .string(parameter.location.rawValue)),
                ("required", .bool(parameter.required)), ("type", .string(parameter.type)),
            ]
            if let format = parameter.format { members.append(("format", .string(format))) }
            if !parameter.choices.isEmpty { members.append(("enum", .array(parameter.choices.map(JSONValue.string)))) }
            if !parameter.summary.isEmpty { members.append(("description", .string(parameter.summary))) }
            return .object(JSONObject(members))
        })
        if let example { object["bodyExample"] = example }
        object["description"] = .string(description)
        return .object(object)
    }
}

extension APIDescription {
    /// A body to start from, built from `schema`: its required properties (all of them when none is
    /// marked required and there are few), the first value of each enum, empty strings, zeros, `false`.
    /// Nested objects are filled to a depth of six and at most 2,000 values in all, so that a schema that
    /// refers to itself, or a hostile one, cannot make it grow without end.
    public func example(for schema: JSONValue) -> JSONValue {
        var budget = 2_000
        return example(for: schema, depth: 0, budget: &budget)
    }

    private func example(for schema: JSONValue, depth: Int, budget: inout Int) -> JSONValue {
        budget -= 1
        let schema = resolve(schema)
        guard depth < 6, budget > 0 else { return .object(JSONObject()) }
        if let choices = schema["enum"]?.arrayValue, let first = choices.first { return first }
        if let parts = schema["allOf"]?.arrayValue {
            var merged = JSONObject()
            for part in parts.prefix(16) {
                for member in example(for: part, depth: depth + 1, budget: &budget).objectValue ?? JSONObject() { merged[member.key] = member.value }
            }
            return .object(merged)
        }
        let type = schema["type"]?.stringValue ?? (schema["properties"] != nil ? "object" : "string")
        switch type {
        case "object":
            guard let properties = schema["properties"]?.objectValue else { return .object(JSONObject()) }
            let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            let all = required.isEmpty && properties.count <= 4
            var members: [(key: String, value: JSONValue)] = []
            for member in properties where budget > 0 && (all || required.contains(member.key)) {
                members.append((member.key, example(for: member.value, depth: depth + 1, budget: &budget)))
            }
            return .object(JSONObject(members))
        case "array":
            guard let items = schema["items"] else { return .array([]) }
            return .array([example(for: items, depth: depth + 1, budget: &budget)])
        case "integer", "number": return .int(0)
        case "boolean": return .bool(false)
        default:
            switch schema["format"]?.stringValue {
            case "uuid": return .string("00000000-0000-0000-0000-000000000000")
            case "date-time": return .string("2026-01-01T00:00:00Z")
            default: return .string("")
            }
        }
    }
}
