import APIDescriptions
import Foundation
import Tokens

/// Way 3: a custom connector in the layout the Power Platform Connectors CLI (`paconn`) reads:
/// `apiDefinition.swagger.json` (OpenAPI 2.0), `apiProperties.json` (an Entra ID OAuth connection), and a
/// README with the app-registration steps. No secret: `paconn create --secret` takes the client secret.
public enum ConnectorPackage {
    public static let redirectURL = "https://global.consent.azure-apim.net/redirect"

    /// The files, by name.
    public static func files(_ calls: [AutomateCall], title: String) -> [(name: String, text: String)] {
        [("apiDefinition.swagger.json", apiDefinition(calls, title: title).serialized(pretty: true) + "\n"),
         ("apiProperties.json", apiProperties(calls.first).serialized(pretty: true) + "\n"),
         ("README.md", readme(calls, title: title))]
    }

    /// The OpenAPI 2.0 definition: the calls' operations with their parameters and the schemas of their
    /// bodies, the API's host and base path, and an `oauth2` security definition for Entra ID.
    public static func apiDefinition(_ calls: [AutomateCall], title: String) -> JSONValue {
        guard let first = calls.first else { return object([]) }
        var bundle = SchemaBundle(description: first.description)
        var paths: [(String, [(String, JSONValue)])] = []
        for call in calls {
            let (path, operation) = self.operation(call, bundle: &bundle)
            if let index = paths.firstIndex(where: { $0.0 == path }) {
                paths[index].1.append((call.method.lowercased(), operation))
            } else {
                paths.append((path, [(call.method.lowercased(), operation)]))
            }
        }
        var host = first.url.host ?? ""
        if let port = first.url.port { host += ":\(port)" }
        return object([
            ("swagger", .string("2.0")),
            ("info", object([("title", .string(title)), ("description", .string("Made by pbitui for \(calls.map(\.label).joined(separator: ", ")).")),
                             ("version", .string("1.0"))])),
            ("host", .string(host)),
            ("basePath", .string(first.basePath.isEmpty ? "/" : first.basePath)),
            ("schemes", .array([.string(first.url.scheme == "http" ? "http" : "https")])),
            ("consumes", .array([.string("application/json")])),
            ("produces", .array([.string("application/json")])),
            ("paths", object(paths.map { ($0.0, object($0.1)) })),
            ("definitions", .object(bundle.definitions)),
            ("parameters", object([])),
            ("responses", object([])),
            ("securityDefinitions", object([("oauth2-auth", object([
                ("type", .string("oauth2")), ("flow", .string("accessCode")),
                ("authorizationUrl", .string("https://login.windows.net/common/oauth2/authorize")),
                ("tokenUrl", .string("https://login.windows.net/common/oauth2/authorize")),
                ("scopes", object([])),
            ]))])),
            ("security", .array([object([("oauth2-auth", .array([]))])])),
            ("tags", .array([])),
        ])
    }

    /// One operation: its path below the base path and its Swagger 2.0 object.
    static func operation(_ call: AutomateCall, bundle: inout SchemaBundle) -> (String, JSONValue) {
        var parameters: [JSONValue] = []
        var path: String
        var members: [(String, JSONValue)] = []
        if let operation = call.operation {
            path = operation.path
            members.append(("operationId", .string(identifier(operation.operationId))))
            members.append(("summary", .string(String((operation.summary.isEmpty ? operation.operationId : operation.summary).prefix(80)))))
            if !operation.description.isEmpty { members.append(("description", .string(operation.description))) }
            var form = false
            for parameter in operation.parameters {
                if parameter.location == .formData { form = true }
                parameters.append(swaggerParameter(parameter, bundle: &bundle))
            }
            if form { members.append(("consumes", .array([.string("application/x-www-form-urlencoded")]))) }
        } else {
            // A call without an operation: its path as it is, its query as fixed, hidden parameters.
            path = call.url.path
            members.append(("operationId", .string(identifier(call.method.lowercased() + " " + path))))
            members.append(("summary", .string(String("\(call.method) \(path)".prefix(80)))))
            for item in URLComponents(url: call.url, resolvingAgainstBaseURL: false)?.queryItems ?? [] {
                parameters.append(object([("name", .string(item.name)), ("in", .string("query")), ("required", .bool(true)),
                                          ("type", .string("string")), ("default", .string(item.value ?? "")),
                                          ("x-ms-visibility", .string("internal"))]))
            }
            if let body = call.body {
                parameters.append(object([("name", .string("body")), ("in", .string("body")), ("required", .bool(true)),
                                          ("schema", object([("type", .string("object")), ("example", body)]))]))
            }
        }
        if !call.basePath.isEmpty, path.lowercased().hasPrefix(call.basePath.lowercased()) { path = String(path.dropFirst(call.basePath.count)) }
        if path.isEmpty { path = "/" }
        members.append(("x-ms-visibility", .string("important")))
        // A POST that only reads (a DAX query) is marked so: the designer may call it while a flow is built.
        if call.method == "POST", !call.changesSomething { members.append(("x-ms-safe-operation", .bool(true))) }
        members.append(("parameters", .array(parameters)))
        members.append(("responses", object([("200", object([("description", .string("OK"))])),
                                             ("default", object([("description", .string("The service's answer"))]))])))
        return (path, object(members))
    }

    /// A parameter in Swagger 2.0 form.
    static func swaggerParameter(_ parameter: APIParameter, bundle: inout SchemaBundle) -> JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(parameter.name)), ("in", .string(parameter.location.rawValue)),
                                              ("required", .bool(parameter.required || parameter.location == .path))]
        if parameter.location == .body {
            members.append(("schema", bundle.adopt(parameter.schema ?? object([("type", .string("object"))]))))
        } else {
            let parts = parameter.type.components(separatedBy: "array of ")
            let primitive = ["string", "integer", "number", "boolean"]
            if parts.count == 2 {
                members.append(("type", .string("array")))
                members.append(("items", object([("type", .string(primitive.contains(parts[1]) ? parts[1] : "string"))])))
            } else {
                members.append(("type", .string(primitive.contains(parameter.type) || parameter.type == "file" ? parameter.type : "string")))
            }
            if let format = parameter.format { members.append(("format", .string(format))) }
            if !parameter.choices.isEmpty { members.append(("enum", .array(parameter.choices.map(JSONValue.string)))) }
            members.append(("x-ms-summary", .string(parameter.name)))
        }
        if !parameter.summary.isEmpty { members.append(("description", .string(parameter.summary))) }
        members.append(("x-ms-visibility", .string(parameter.required ? "important" : "advanced")))
        return object(members)
    }

    /// A Swagger 2.0 `operationId`: letters, digits and underscores.
    static func identifier(_ text: String) -> String {
        let mapped = String(text.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        return mapped.isEmpty ? "Call" : mapped
    }

    /// `apiProperties.json`: one connection parameter `token` of type `oauthSetting` with identity provider
    /// `aad`, the resource, and the global redirect URL. The client id is a placeholder to replace.
    public static func apiProperties(_ call: AutomateCall?) -> JSONValue {
        let resource = call?.audience ?? "<resource-uri>"
        let login = call?.authority ?? "https://login.microsoftonline.com"
        return object([("properties", object([
            ("iconBrandColor", .string(call?.isPowerBI == true ? "#F2C811" : "#007EE5")),
            ("capabilities", .array([])),
            ("connectionParameters", object([("token", object([
                ("type", .string("oauthSetting")),
                ("oAuthSettings", object([
                    ("identityProvider", .string("aad")),
                    ("clientId", .string("<application-client-id>")),
                    ("scopes", .array([])),
                    ("redirectMode", .string("Global")),
                    ("redirectUrl", .string(redirectURL)),
                    ("properties", object([("IsFirstParty", .string("False")), ("AzureActiveDirectoryResourceId", .string(resource))])),
                    ("customParameters", object([
                        ("loginUri", object([("value", .string(login))])),
                        ("tenantId", object([("value", .string("common"))])),
                        ("resourceUri", object([("value", .string(resource))])),
                        ("enableOnbehalfOfLogin", object([("value", .string("false"))])),
                    ])),
                ])),
            ]))])),
        ]))])
    }

    static func readme(_ calls: [AutomateCall], title: String) -> String {
        let scopes = calls.flatMap { $0.operation?.scopes ?? [] }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let resource = calls.first?.audience ?? "<resource-uri>"
        let api = calls.first?.isPowerBI == true ? "Power BI Service" : "the API (\(resource))"
        var text = "# \(title)\n\nA custom connector made by pbitui for \(calls.map { "`\($0.label)`" }.joined(separator: ", ")).\n"
        text += "The connection signs in as the person who creates it (Entra ID OAuth); nothing secret is in these files.\n\n"
        text += "## Register the app (once)\n\n"
        text += "1. In the Entra admin center, App registrations → New registration (single or multitenant as you need).\n"
        text += "2. Authentication → Add a platform → Web, redirect URI `\(redirectURL)`.\n"
        text += "3. API permissions → Add a permission → \(api) → Delegated permissions: "
        text += (scopes.isEmpty ? "the ones the API asks for" : scopes.map { "`\($0)`" }.joined(separator: " or ")) + ".\n"
        text += "4. Grant admin consent, or let each person consent when they create the connection.\n"
        text += "5. Certificates & secrets → New client secret. Copy it once; it expires: renew it and update the connector.\n"
        text += "6. Put the app's Application (client) id in `apiProperties.json` in place of `<application-client-id>`.\n\n"
        text += "## Create the connector\n\n"
        text += "```sh\npip install paconn\npaconn login\npaconn create --api-def apiDefinition.swagger.json --api-prop apiProperties.json --secret <client-secret>\n```\n\n"
        text += "Or in Power Automate: Data → Custom connectors → New → Import an OpenAPI file (`apiDefinition.swagger.json`), then on the\n"
        text += "Security tab: OAuth 2.0, Azure Active Directory, the client id and secret, login URL `https://login.microsoftonline.com`,\n"
        text += "tenant `common`, resource URL `\(resource)`, scope empty.\n"
        return text
    }
}

/// The schemas a connector's bodies need, copied from the description into its `definitions` with their
/// `$ref`s renamed (`#/definitions/NAME`), bounded so that no description makes it grow without end.
struct SchemaBundle {
    let description: APIDescription?
    var definitions = JSONObject()
    /// Description refs already copied, by the name they got.
    private var names: [String: String] = [:]
    private var budget = 20_000

    init(description: APIDescription?) { self.description = description }

    /// `schema` as Swagger 2.0 keeps it, its refs copied in.
    mutating func adopt(_ schema: JSONValue) -> JSONValue { rewrite(schema, depth: 0) }


    private mutating func rewrite(_ schema: JSONValue, depth: Int) -> JSONValue {
        budget -= 1
        guard budget > 0, depth < 64, var object = schema.objectValue else { return .object(JSONObject()) }
        // OpenAPI 3: the first choice that is not null stands for the union.
        if object["$ref"] == nil, let choices = (object["oneOf"] ?? object["anyOf"])?.arrayValue,
           let first = choices.first(where: { $0["type"]?.stringValue != "null" }) {
            return rewrite(first, depth: depth + 1)
        }
        var members: [(key: String, value: JSONValue)] = []
        for member in object where ConnectorRules.schemaKeys.contains(member.key) || member.key.hasPrefix("x-") {
            if member.key.hasPrefix("x-") {
                // Only the extensions the connector format defines, with their defined keys (`x-ms-enum` converted).
                if let (key, value) = ConnectorRules.schemaExtension(member.key, member.value, in: object) { members.append((key, value)) }
                continue
            }
            switch member.key {
            case "format":
                // A schema's format is one of the connector's list (a parameter's is free): `uuid` is left out.
                if let format = member.value.stringValue, ConnectorRules.schemaFormats.contains(format) { members.append(member) }
            case "$ref":
                members.append((member.key, .string("#/definitions/" + adoptReference(member.value.stringValue ?? "", depth: depth))))
            case "type":
                let type = member.value.stringValue ?? member.value.arrayValue?.compactMap(\.stringValue).first { $0 != "null" } ?? "object"
                members.append((member.key, .string(type)))
            case "properties":
                var properties: [(key: String, value: JSONValue)] = []
                for property in member.value.objectValue ?? JSONObject() { properties.append((property.key, rewrite(property.value, depth: depth + 1))) }
                members.append((member.key, .object(JSONObject(properties))))
            case "items", "additionalProperties":
                members.append((member.key, member.value.objectValue != nil ? rewrite(member.value, depth: depth + 1) : member.value))
            case "allOf":
                members.append((member.key, .array((member.value.arrayValue ?? []).map { rewrite($0, depth: depth + 1) })))
            default:
                members.append(member)
            }
        }
        object = JSONObject(members)
        return .object(object)
    }

    /// The definition name for a description's ref, copying what it names on first sight.
    private mutating func adoptReference(_ ref: String, depth: Int) -> String {
        if let name = names[ref] { return name }
        let last = ref.split(separator: "/").last.map(String.init) ?? "Schema"
        var name = ConnectorPackage.identifier(last.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~"))
        var suffix = 2
        while definitions[name] != nil || names.values.contains(name) {
            name = ConnectorPackage.identifier(last) + "_\(suffix)"
            suffix += 1
        }
        names[ref] = name
        let target = description?.value(at: ref) ?? .object(JSONObject([("type", .string("object"))]))
        // Reserved before the copy, so a schema that refers to itself ends.
        definitions[name] = .object(JSONObject())
        definitions[name] = rewrite(target, depth: depth + 1)
        return name
    }
}
