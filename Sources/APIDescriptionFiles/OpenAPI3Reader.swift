import APIDescriptions
import Foundation
import OpenAPIKit
import OpenAPIKit30
import OpenAPIKitCompat
import Tokens

/// Reads an OpenAPI 3.0, 3.1 or 3.2 description through OpenAPIKit into the same ``APIDescription`` a
/// Swagger 2.0 one gives: operations, parameters, the body, scopes, the server.
///
/// A 3.0 document is decoded with OpenAPIKit30 and converted to 3.1 (OpenAPIKitCompat), so one walk
/// serves every version. Schemas are kept as JSON values (encoded back from OpenAPIKit) for the body's
/// example and the parameters' types. `$ref`s to other files are followed by our own reader (OpenAPIKit
/// follows them only with its ExternalLoading trait, which pbitui leaves off): every file is read and its
/// `$ref`s rebased before OpenAPIKit sees the description, and a parameter or body kept in another file is
/// read from there.
struct OpenAPI3Reader {
    let files: SwaggerReader

    func read(root: JSONValue, name: String) throws(DescriptionError) -> APIDescription {
        let version = root["openapi"]?.stringValue ?? ""
        guard version.hasPrefix("3.") else {
            throw DescriptionError(file: name, problem: "OpenAPI \(version.isEmpty ? "(no version)" : version): pbitui reads Swagger 2.0 and OpenAPI 3.0 to 3.2")
        }
        guard root["paths"]?.objectValue != nil else { throw DescriptionError(file: name, problem: "no paths") }
        let documents = try files.documents(from: root, name: name)
        let data = Data((documents[""] ?? root).serializedBytes())
        let document: OpenAPIKit.OpenAPI.Document
        do {
            if version.hasPrefix("3.0") {
                document = try JSONDecoder().decode(OpenAPIKit30.OpenAPI.Document.self, from: data).convert(to: .v3_1_1)
            } else {
                document = try JSONDecoder().decode(OpenAPIKit.OpenAPI.Document.self, from: data)
            }
        } catch {
            let reason = version.hasPrefix("3.0") ? OpenAPIKit30.OpenAPI.Error(from: error).localizedDescription
                : OpenAPIKit.OpenAPI.Error(from: error).localizedDescription
            throw DescriptionError(file: name, problem: "not a valid OpenAPI \(version) description: \(reason)")
        }
        let lookup = APIDescription(title: "", host: nil, basePath: "", operations: [], documents: documents)
        let walk = Walk(document: document, lookup: lookup, name: name)
        let (host, basePath) = Self.server(document.servers.first)
        let audience = APIDescription.audience(fromScopes: Self.oauthScopes(in: documents[""] ?? root))
        var operations: [APIOperation] = []
        let rawPaths = (documents[""] ?? root)["paths"]
        for (path, entry) in document.paths {
            guard let item = try walk.resolve(entry, what: "path item \(path.rawValue)") else { continue }
            let rawItem = rawPaths?[path.rawValue].map(walk.followed)
            for endpoint in item.endpoints {
                let raw = Raw(item: rawItem, operation: rawItem?[endpoint.method.rawValue.lowercased()])
                operations.append(try walk.operation(endpoint, path: basePath + path.rawValue, shared: item.parameters, raw: raw, audience: audience))
            }
        }
        return APIDescription(title: document.info.title, host: host, basePath: basePath, operations: operations,
                              audience: audience, documents: documents)
    }

    /// The first server's host (with its port) and path, its `{variables}` given their defaults. A relative
    /// server URL (`/api`) names no host.
    static func server(_ server: OpenAPIKit.OpenAPI.Server?) -> (host: String?, basePath: String) {
        guard let server else { return (nil, "") }
        var text = server.urlTemplate.rawValue
        for (name, variable) in server.variables { text = text.replacingOccurrences(of: "{\(name)}", with: variable.default) }
        var path = text
        var host: String?
        if let scheme = text.range(of: "://") {
            let rest = text[scheme.upperBound...]
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            host = String(rest[..<slash])
            path = String(rest[slash...])
        }
        while path.hasSuffix("/") { path.removeLast() }
        if !path.isEmpty, !path.hasPrefix("/") { path = "/" + path }
        return (host?.isEmpty == true ? nil : host, path)
    }

    /// Every OAuth2 scope the security schemes name, in order.
    static func oauthScopes(in root: JSONValue) -> [String] {
        let schemes = root["components"]?["securitySchemes"]?.objectValue ?? JSONObject()
        return schemes.flatMap { scheme in
            (scheme.value["flows"]?.objectValue ?? JSONObject()).flatMap { $0.value["scopes"]?.objectValue?.keys ?? [] }
        }
    }
}

/// An operation as written, next to OpenAPIKit's: its schemas are taken from here, in the order their
/// author wrote their properties (OpenAPIKit encodes them back in an order of its own).
private struct Raw {
    let item: JSONValue?
    let operation: JSONValue?

    /// The path item's parameters, then the operation's, as OpenAPIKit lists them.
    var parameters: [JSONValue] { (item?["parameters"]?.arrayValue ?? []) + (operation?["parameters"]?.arrayValue ?? []) }
}

/// The walk over one decoded document: references looked up in its components, or in the files read.
private struct Walk {
    let document: OpenAPIKit.OpenAPI.Document
    let lookup: APIDescription
    let name: String

    typealias OpenAPI = OpenAPIKit.OpenAPI

    /// The value of a component or its reference: from the document's components, else (another file's)
    /// from the documents read, decoded by OpenAPIKit. Nil for a reference to nothing.
    func resolve<T: OpenAPIKit.ComponentDictionaryLocatable & Decodable>(_ either: Either<OpenAPI.Reference<T>, T>, what: String) throws(DescriptionError) -> T? {
        switch either {
        case let .b(value): return value
        case let .a(reference):
            if let found = document.components[reference] { return found }
            let ref = reference.jsonReference.absoluteString
            guard let value = lookup.value(at: ref) else {
                throw DescriptionError(file: name, problem: "\(what): $ref \(ref) names nothing")
            }
            do { return try JSONDecoder().decode(T.self, from: Data(value.serializedBytes())) } catch {
                throw DescriptionError(file: name, problem: "\(what): $ref \(ref): \(OpenAPI.Error(from: error).localizedDescription)")
            }
        }
    }

    /// `value` with its `$ref` followed (a few times), as written.
    func followed(_ value: JSONValue) -> JSONValue {
        var current = value
        for _ in 0..<8 {
            guard let ref = current["$ref"]?.stringValue, let target = lookup.value(at: ref) else { break }
            current = target
        }
        return current
    }

    func operation(_ endpoint: OpenAPI.PathItem.Endpoint, path: String, shared: OpenAPI.Parameter.Array, raw: Raw,
                   audience: String?) throws(DescriptionError) -> APIOperation {
        let operation = endpoint.operation
        let method = endpoint.method.rawValue.uppercased()
        let id = operation.operationId ?? method + " " + path
        var parameters: [APIParameter] = []
        let all = shared + operation.parameters
        let written = raw.parameters.count == all.count ? raw.parameters.map(followed) : []
        for (index, either) in all.enumerated() {
            guard let parameter = try resolve(either, what: id),
                  let converted = self.parameter(parameter, written: written.isEmpty ? nil : written[index]) else { continue }
            // An operation's own parameter replaces a path-level one of the same name and place.
            parameters.removeAll { $0.name == converted.name && $0.location == converted.location }
            parameters.append(converted)
        }
        if let either = operation.requestBody, let request = try resolve(either, what: id + " requestBody") {
            parameters += try body(request, written: raw.operation?["requestBody"].map(followed), what: id)
        }
        let requirements = operation.security ?? document.security
        var scopes: [String] = []
        for requirement in requirements {
            for scope in requirement.values.flatMap({ $0 }) {
                let short = Self.shortScope(scope, audience: audience)
                if !scopes.contains(short) { scopes.append(short) }
            }
        }
        let description = operation.description ?? ""
        let summary = operation.summary ?? ""
        return APIOperation(operationId: id, method: method, path: path, tag: operation.tags?.first ?? "Other",
                            summary: summary, description: description, parameters: parameters, scopes: scopes,
                            servicePrincipal: OperationText.servicePrincipal(in: description + "\n" + summary),
                            deprecated: operation.deprecated)
    }

    /// `api://1234/access_as_user` as the token's `scp` claim carries it: `access_as_user`.
    static func shortScope(_ scope: String, audience: String?) -> String {
        if let audience, scope.hasPrefix(audience + "/") { return String(scope.dropFirst(audience.count + 1)) }
        return scope
    }

    /// A path, query or header parameter (cookies are not sent by pbitui: left out).
    func parameter(_ parameter: OpenAPI.Parameter, written: JSONValue?) -> APIParameter? {
        let location: APIParameter.Location
        switch parameter.location {
        case .path: location = .path
        case .query: location = .query
        case .header: location = .header
        case .cookie, .querystring: return nil
        }
        let schema = written?["schema"] ?? parameter.schemaOrContent.schemaContextValue.flatMap { encoded($0.schema) }
        let resolved = schema.map(lookup.resolve) ?? .object(JSONObject())
        let type: String
        let primary = Self.type(of: resolved)
        if primary == "array", let items = resolved["items"] {
            type = "array of " + (Self.type(of: lookup.resolve(items)) ?? "string")
        } else {
            type = primary ?? "string"
        }
        let choices = (resolved["enum"] ?? resolved["items"].map(lookup.resolve)?["enum"])?.arrayValue?.compactMap(Self.text) ?? []
        return APIParameter(name: parameter.name, location: location, required: parameter.required || location == .path,
                            type: type, format: resolved["format"]?.stringValue, choices: choices,
                            summary: parameter.description ?? "", schema: schema)
    }

    /// The request body: JSON as one body parameter; a form (`application/x-www-form-urlencoded`) as one
    /// form field per property.
    func body(_ request: OpenAPI.Request, written: JSONValue?, what: String) throws(DescriptionError) -> [APIParameter] {
        let entries = Array(request.content)
        let chosen = entries.first { $0.key.rawValue.lowercased().contains("json") }
            ?? entries.first { $0.key.rawValue.lowercased().contains("form-urlencoded") } ?? entries.first
        guard let chosen, let content = try resolve(chosen.value, what: what + " content") else { return [] }
        let schema = written?["content"]?[chosen.key.rawValue].map(followed)?["schema"] ?? content.schema.flatMap(encoded)
        if chosen.key.rawValue.lowercased().contains("form-urlencoded"), let schema {
            let resolved = lookup.resolve(schema)
            let required = Set(resolved["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            return (resolved["properties"]?.objectValue ?? JSONObject()).map { property in
                let value = lookup.resolve(property.value)
                return APIParameter(name: property.key, location: .formData, required: required.contains(property.key),
                                    type: Self.type(of: value) ?? "string", format: value["format"]?.stringValue,
                                    choices: value["enum"]?.arrayValue?.compactMap(Self.text) ?? [],
                                    summary: value["description"]?.stringValue ?? "", schema: property.value)
            }
        }
        let ref = schema?["$ref"]?.stringValue
        let type = ref.map { String($0.split(separator: "/").last ?? "object") } ?? schema.flatMap(Self.type) ?? "object"
        return [APIParameter(name: "body", location: .body, required: request.required, type: type, format: nil, choices: [],
                             summary: request.description ?? "", schema: schema ?? .object(JSONObject()))]
    }

    /// A schema (or a reference to one) as a JSON value, its `$ref`s as the documents hold them: when the
    /// schema as written cannot be found (keys in an order of their own, made stable by sorting).
    func encoded<T: Encodable>(_ schema: T) -> JSONValue? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(schema) else { return nil }
        return try? JSONValue.parse(data)
    }

    /// `type`, or the first type but `null` of a list (`["string", "null"]`, OpenAPI 3.1's nullable).
    static func type(of schema: JSONValue) -> String? {
        if let type = schema["type"]?.stringValue { return type }
        return schema["type"]?.arrayValue?.compactMap(\.stringValue).first { $0 != "null" }
            ?? (schema["properties"] != nil ? "object" : nil)
    }

    static func text(_ value: JSONValue) -> String? {
        switch value {
        case let .string(text): text
        case let .number(number): number
        case let .bool(flag): String(flag)
        default: nil
        }
    }
}
