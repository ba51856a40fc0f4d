import Foundation
import Tokens

/// What Power Platform's custom-connector format accepts in `apiDefinition.swagger.json`, position by
/// position: the Swagger 2.0 keys and the `x-ms-` extensions each place may carry, with their own keys.
/// From Microsoft's connector schema and the custom-connector extension documentation (facts, written
/// here as our own tables): an extension unknown at its place fails the connector's validation, so the
/// package writes only these, and the tests walk every file against ``problems(in:)``.
///
/// Decisions: AutoRest's `x-ms-enum` is not part of the connector schema; an enum's display names go into
/// `x-ms-enum-values` (`value`, `displayName`) on schemas, and parameters keep their plain `enum`.
/// `x-ms-safe-operation` (a POST that changes nothing) is taken from the extension documentation.
public enum ConnectorRules {
    /// Extensions by place, each with the keys its object may have (nil: not an object).
    static let operationExtensions: [String: Set<String>?] = [
        "x-ms-visibility": nil, "x-ms-no-generic-test": nil, "x-ms-safe-operation": nil, "x-ms-trigger": nil, "x-ms-trigger-hint": nil,
        "x-ms-pageable": ["nextLinkName"],
        "x-ms-api-annotation": ["family", "revision", "status", "replacement"],
    ]
    static let parameterExtensions: [String: Set<String>?] = [
        "x-ms-summary": nil, "x-ms-visibility": nil, "x-ms-test-value": nil, "x-ms-url-encoding": nil,
        "x-ms-dynamic-values": ["operationId", "parameters", "value-collection", "value-title", "value-path"],
        "x-ms-dynamic-list": ["operationId", "parameters", "itemsPath", "itemTitlePath", "itemValuePath"],
    ]
    static let schemaExtensions: [String: Set<String>?] = [
        "x-ms-summary": nil, "x-ms-visibility": nil, "x-ms-test-value": nil, "x-ms-enum-values": nil,
        "x-ms-dynamic-values": ["operationId", "parameters", "value-collection", "value-title", "value-path"],
        "x-ms-dynamic-list": ["operationId", "parameters", "itemsPath", "itemTitlePath", "itemValuePath"],
        "x-ms-dynamic-schema": ["operationId", "parameters", "value-path"],
        "x-ms-dynamic-properties": ["operationId", "parameters", "itemValuePath"],
    ]
    static let rootExtensions: [String: Set<String>?] = ["x-ms-connector-metadata": nil]

    /// The formats a schema object may name (a parameter's format is free).
    static let schemaFormats: Set<String> = ["int32", "int64", "float", "double", "byte", "binary", "date", "date-time", "password",
                                             "date-no-tz", "html", "uri"]
    static let schemaKeys: Set<String> = ["$ref", "format", "title", "description", "default", "multipleOf", "maximum", "exclusiveMaximum",
                                          "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
                                          "uniqueItems", "maxProperties", "minProperties", "required", "enum", "additionalProperties",
                                          "type", "items", "allOf", "properties", "discriminator", "readOnly", "xml", "externalDocs", "example"]
    static let rootKeys: Set<String> = ["swagger", "info", "host", "basePath", "schemes", "consumes", "produces", "paths", "definitions",
                                        "parameters", "responses", "security", "securityDefinitions", "tags", "externalDocs"]
    static let operationKeys: Set<String> = ["tags", "summary", "description", "externalDocs", "operationId", "produces", "consumes",
                                             "parameters", "responses", "schemes", "deprecated", "security"]
    static let parameterKeys: Set<String> = ["name", "in", "description", "required", "type", "format", "items", "collectionFormat",
                                             "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
                                             "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf",
                                             "allowEmptyValue", "schema"]
    static let values: [String: Set<String>] = ["x-ms-visibility": ["important", "advanced", "internal"],
                                                "x-ms-url-encoding": ["single", "double"], "x-ms-trigger": ["single", "batch"]]

    /// A schema's extension as the connector takes it, or nil to leave it out: `x-ms-enum` becomes
    /// `x-ms-enum-values` (when the schema has an `enum`), a known extension keeps its defined keys only.
    static func schemaExtension(_ key: String, _ value: JSONValue, in schema: JSONObject) -> (String, JSONValue)? {
        if key == "x-ms-enum" {
            guard schema["enum"] != nil, let items = value["values"]?.arrayValue, !items.isEmpty else { return nil }
            let converted: [JSONValue] = items.compactMap { item in
                guard let raw = item["value"] else { return nil }
                let shown = item["name"]?.stringValue ?? item["description"]?.stringValue ?? raw.stringValue ?? raw.serialized()
                return .object(JSONObject([("value", raw), ("displayName", .string(shown))]))
            }
            return converted.isEmpty ? nil : ("x-ms-enum-values", .array(converted))
        }
        guard let entry = schemaExtensions[key] else { return nil }
        return (key, keep(value, keys: entry))
    }

    /// `value` with only `keys` when it is an object with a defined shape.
    static func keep(_ value: JSONValue, keys: Set<String>?) -> JSONValue {
        guard let keys, let object = value.objectValue else { return value }
        return .object(JSONObject(object.filter { keys.contains($0.key) }))
    }

    /// Every place in a connector definition that the format does not accept: unknown keys and extensions,
    /// an extension's unknown keys, a value outside its choices, a schema format outside the list. Empty
    /// when the file holds to the rules.
    public static func problems(in definition: JSONValue) -> [String] {
        var found: [String] = []
        check(definition, keys: rootKeys, extensions: rootExtensions, at: "", into: &found)
        for (path, item) in definition["paths"]?.objectValue ?? JSONObject() {
            for (method, operation) in item.objectValue ?? JSONObject() {
                let place = "paths.\(path).\(method)"
                guard ["get", "put", "post", "patch", "delete", "head", "options"].contains(method) else {
                    if method != "parameters" { found.append("\(place): not a method") }
                    continue
                }
                check(operation, keys: operationKeys, extensions: operationExtensions, at: place, into: &found)
                if operation["x-ms-safe-operation"] != nil, method != "post" { found.append("\(place): x-ms-safe-operation on a \(method)") }
                for (index, parameter) in (operation["parameters"]?.arrayValue ?? []).enumerated() {
                    let where_ = "\(place).parameters[\(index)]"
                    var extensions = parameterExtensions
                    if parameter["in"]?.stringValue != "path" { extensions["x-ms-url-encoding"] = nil }
                    check(parameter, keys: parameterKeys, extensions: extensions, at: where_, into: &found)
                    if let schema = parameter["schema"] { checkSchema(schema, at: where_ + ".schema", into: &found) }
                }
                for (status, response) in operation["responses"]?.objectValue ?? JSONObject() {
                    check(response, keys: ["description", "schema", "headers", "examples"], extensions: [:], at: "\(place).responses.\(status)", into: &found)
                    if let schema = response["schema"] { checkSchema(schema, at: "\(place).responses.\(status).schema", into: &found) }
                }
            }
        }
        for (name, schema) in definition["definitions"]?.objectValue ?? JSONObject() {
            checkSchema(schema, at: "definitions.\(name)", into: &found)
        }
        return found
    }

    static func checkSchema(_ schema: JSONValue, at place: String, into found: inout [String]) {
        check(schema, keys: schemaKeys, extensions: schemaExtensions, at: place, into: &found)
        if let format = schema["format"]?.stringValue, !schemaFormats.contains(format) { found.append("\(place).format: \(format) is not a schema format") }
        for item in schema["x-ms-enum-values"]?.arrayValue ?? [] where Set(item.objectValue?.map(\.key) ?? []) != ["value", "displayName"] {
            found.append("\(place).x-ms-enum-values: an item without exactly value and displayName")
        }
        for (name, property) in schema["properties"]?.objectValue ?? JSONObject() { checkSchema(property, at: "\(place).properties.\(name)", into: &found) }
        if let items = schema["items"], items.objectValue != nil { checkSchema(items, at: "\(place).items", into: &found) }
        if let extra = schema["additionalProperties"], extra.objectValue != nil { checkSchema(extra, at: "\(place).additionalProperties", into: &found) }
        for (index, part) in (schema["allOf"]?.arrayValue ?? []).enumerated() { checkSchema(part, at: "\(place).allOf[\(index)]", into: &found) }
    }

    static func check(_ value: JSONValue, keys: Set<String>, extensions: [String: Set<String>?], at place: String,
                      into found: inout [String]) {
        for member in value.objectValue ?? JSONObject() {
            if member.key.hasPrefix("x-") {
                guard let shape = extensions[member.key] else {
                    found.append("\(place).\(member.key): not an extension the connector format defines here")
                    continue
                }
                if let shape, let object = member.value.objectValue {
                    for key in object.map(\.key) where !shape.contains(key) { found.append("\(place).\(member.key).\(key): not one of its keys") }
                }
                if let choices = values[member.key], let text = member.value.stringValue, !choices.contains(text) {
                    found.append("\(place).\(member.key): \(text) is not one of \(choices.sorted().joined(separator: ", "))")
                }
            } else if !keys.contains(member.key) {
                found.append("\(place).\(member.key): not a key of this object")
            }
        }
    }
}
