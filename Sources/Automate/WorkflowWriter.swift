import EntraAuth
import Foundation
import Tokens

/// A JSON object from its members, in order.
func object(_ members: [(String, JSONValue)]) -> JSONValue {
    .object(JSONObject(members.map { (key: $0.0, value: $0.1) }))
}

/// Workflow definitions (the language Power Automate and Logic Apps share) for ways 1, 2 and 4.
///
/// Each is a whole definition as the code view shows it: the header, parameters for what differs per
/// tenant (tenant and client ids, the user, the Key Vault secret's name; passwords and certificates as
/// `SecureString` parameters without a value), a manual trigger, and the actions. Never a secret: the
/// client secret comes from a Key Vault "Get secret" action with secure inputs and outputs.
public enum WorkflowWriter {
    public static let schema = "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#"
    /// The Key Vault secret that holds the app's client secret, by default.
    public static let secretName = "pbitui-client-secret"

    /// The definition around `actions`.
    static func definition(parameters: [(String, JSONValue)], actions: [(String, JSONValue)]) -> JSONValue {
        object([
            ("$schema", .string(schema)),
            ("contentVersion", .string("1.0.0.0")),
            ("parameters", object(parameters)),
            // "Manually trigger a flow" (Power Automate's button trigger; Logic Apps shows it as a Request trigger).
            ("triggers", object([("manual", object([
                ("type", .string("Request")), ("kind", .string("Button")),
                ("inputs", object([("schema", object([("type", .string("object")), ("properties", object([])), ("required", .array([]))]))])),
            ]))])),
            ("actions", object(actions)),
            ("outputs", object([])),
        ])
    }

    static func parameter(_ type: String, _ value: JSONValue? = nil, _ about: String) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", .string(type))]
        if let value { members.append(("defaultValue", value)) }
        members.append(("metadata", object([("description", .string(about))])))
        return object(members)
    }

    static func secure(_ properties: [String]) -> JSONValue {
        object([("secureData", object([("properties", .array(properties.map(JSONValue.string)))]))])
    }

    static func runAfter(_ names: [String]) -> JSONValue {
        object(names.map { ($0, .array([.string("Succeeded")])) })
    }

    /// Tenant and client ids: the sign-in's own when known (they are not secrets), else placeholders.
    static func idParameters(_ identity: AutomateIdentity, appClientId: Bool) -> [(String, JSONValue)] {
        [("tenantId", parameter("String", .string(identity.tenantId ?? "<tenant-id>"), "The Entra tenant (directory) id.")),
         ("clientId", parameter("String", .string(appClientId ? (identity.clientId ?? "<client-id>") : "<client-id>"),
                                "The app registration's application (client) id."))]
    }

    /// Key Vault "Get secret" (Logic Apps' managed connector), secure inputs and outputs.
    static func getSecret(runAfter names: [String] = []) -> (String, JSONValue) {
        ("Get_secret", object([
            ("type", .string("ApiConnection")),
            ("runAfter", runAfter(names)),
            ("inputs", object([
                ("host", object([("connection", object([("name", .string("@parameters('$connections')['keyvault']['connectionId']"))]))])),
                ("method", .string("get")),
                ("path", .string("/secrets/@{encodeURIComponent(parameters('keyVaultSecretName'))}/value")),
            ])),
            ("runtimeConfiguration", secure(["inputs", "outputs"])),
        ]))
    }

    static var keyVaultParameters: [(String, JSONValue)] {
        [("keyVaultSecretName", parameter("String", .string(secretName), "The Key Vault secret that holds the app's client secret.")),
         ("$connections", parameter("Object", object([]), "The Key Vault connection (connectionId), filled when the flow is imported."))]
    }

    /// The request's own inputs (method, uri, headers, body) plus `extra` headers.
    static func requestInputs(_ call: AutomateCall, headers extra: [(String, JSONValue)] = []) -> [(String, JSONValue)] {
        var inputs: [(String, JSONValue)] = [("method", .string(call.method)), ("uri", .string(call.url.absoluteString))]
        var headers = call.headers.map { ($0.name, JSONValue.string($0.value)) } + extra
        if call.body != nil { headers.append(("Content-Type", .string("application/json"))) }
        if !headers.isEmpty { inputs.append(("headers", object(headers))) }
        if let body = call.body { inputs.append(("body", body)) }
        return inputs
    }

    /// Way 1: an Http action with `ActiveDirectoryOAuth` (client credentials): the secret from Key Vault, or
    /// a certificate (base64 PFX) and its password as secure parameters.
    public static func servicePrincipal(_ call: AutomateCall, identity: AutomateIdentity, certificate: Bool = false) -> JSONValue {
        definition(parameters: servicePrincipalParameters(identity, certificate: certificate),
                   actions: servicePrincipalPrelude(certificate: certificate) + [servicePrincipalCall("Call_API", call, certificate: certificate,
                                                                                                     after: certificate ? [] : ["Get_secret"])])
    }

    static func servicePrincipalParameters(_ identity: AutomateIdentity, certificate: Bool) -> [(String, JSONValue)] {
        var parameters = idParameters(identity, appClientId: identity.kind == .app)
        if certificate {
            parameters.append(("certificatePfx", parameter("SecureString", nil, "The app's certificate with its private key, a base64 PFX.")))
            parameters.append(("certificatePassword", parameter("SecureString", nil, "The PFX's password.")))
        } else {
            parameters += keyVaultParameters
        }
        return parameters
    }

    static func servicePrincipalPrelude(certificate: Bool) -> [(String, JSONValue)] { certificate ? [] : [getSecret()] }

    static func servicePrincipalCall(_ name: String, _ call: AutomateCall, certificate: Bool, after: [String]) -> (String, JSONValue) {
        var authentication: [(String, JSONValue)] = [
            ("type", .string("ActiveDirectoryOAuth")),
            ("authority", .string(call.authority)),
            ("tenant", .string("@parameters('tenantId')")),
            ("audience", .string(call.audience)),
            ("clientId", .string("@parameters('clientId')")),
        ]
        if certificate {
            authentication += [("credentialType", .string("Certificate")), ("pfx", .string("@parameters('certificatePfx')")),
                               ("password", .string("@parameters('certificatePassword')"))]
        } else {
            authentication += [("credentialType", .string("Secret")), ("secret", .string("@body('Get_secret')?['value']"))]
        }
        return (name, object([
            ("type", .string("Http")),
            ("runAfter", runAfter(after)),
            ("inputs", object(requestInputs(call) + [("authentication", object(authentication))])),
            ("runtimeConfiguration", secure(["inputs"])),
        ]))
    }

    /// Way 2: the password grant (one Http action to the token endpoint), then the call with its token.
    public static func userPassword(_ call: AutomateCall, identity: AutomateIdentity) -> JSONValue {
        definition(parameters: userPasswordParameters(identity), actions: userPasswordPrelude(call) + [userPasswordCall("Call_API", call, after: ["Get_token"])])
    }

    static func userPasswordParameters(_ identity: AutomateIdentity) -> [(String, JSONValue)] {
        idParameters(identity, appClientId: identity.kind == .app) + [
            ("username", parameter("String", .string(identity.kind == .user ? (identity.account ?? "<user@contoso.com>") : "<user@contoso.com>"),
                                   "The user the flow signs in as (an account without MFA).")),
            ("password", parameter("SecureString", nil, "The user's password. Kept out of run history; better kept in Key Vault too.")),
        ] + keyVaultParameters
    }

    static func userPasswordPrelude(_ call: AutomateCall) -> [(String, JSONValue)] {
        let scope = DefaultScope.of(call.audience)
        let form = "grant_type=password&client_id=@{encodeUriComponent(parameters('clientId'))}"
            + "&client_secret=@{encodeUriComponent(body('Get_secret')?['value'])}"
            + "&scope=@{encodeUriComponent('\(scope)')}"
            + "&username=@{encodeUriComponent(parameters('username'))}&password=@{encodeUriComponent(parameters('password'))}"
        return [getSecret(), ("Get_token", object([
            ("type", .string("Http")),
            ("description", .string("Resource-owner password grant: the flow holds the app's secret and the user's password, and it fails for accounts with MFA or Conditional Access (AADSTS50076, AADSTS50079). Microsoft discourages it; prefer a custom connector or a service principal.")),
            ("runAfter", runAfter(["Get_secret"])),
            ("inputs", object([
                ("method", .string("POST")),
                ("uri", .string(call.authority + "/@{parameters('tenantId')}/oauth2/v2.0/token")),
                ("headers", object([("Content-Type", .string("application/x-www-form-urlencoded"))])),
                ("body", .string(form)),
            ])),
            ("runtimeConfiguration", secure(["inputs", "outputs"])),
        ]))]
    }

    static func userPasswordCall(_ name: String, _ call: AutomateCall, after: [String]) -> (String, JSONValue) {
        (name, object([
            ("type", .string("Http")),
            ("runAfter", runAfter(after)),
            ("inputs", object(requestInputs(call, headers: [("Authorization", .string("Bearer @{body('Get_token')?['access_token']}"))]))),
            ("runtimeConfiguration", secure(["outputs"])),
        ]))
    }

    /// Way 4: the "HTTP with Microsoft Entra ID (preauthorized)" connector's "Invoke an HTTP request".
    public static func entraConnector(_ call: AutomateCall) -> JSONValue {
        definition(parameters: entraConnectorParameters, actions: [entraConnectorCall("Invoke_an_HTTP_request", call, after: [])])
    }

    static var entraConnectorParameters: [(String, JSONValue)] {
        [("$connections", parameter("Object", object([]), "The connection, filled when the flow is imported.")),
         ("$authentication", parameter("SecureObject", nil, "Power Automate's connection authentication."))]
    }

    static func entraConnectorCall(_ name: String, _ call: AutomateCall, after: [String]) -> (String, JSONValue) {
        var parameters: [(String, JSONValue)] = [("request/method", .string(call.method)), ("request/url", .string(call.pathAndQuery))]
        var headers = call.headers.map { ($0.name, JSONValue.string($0.value)) }
        if call.body != nil { headers.append(("Content-Type", .string("application/json"))) }
        if !headers.isEmpty { parameters.append(("request/headers", object(headers))) }
        if let body = call.body { parameters.append(("request/body", .string(body.serialized()))) }
        return (name, object([
            ("type", .string("OpenApiConnection")),
            ("description", .string("Connection: base resource URL \(call.origin), Microsoft Entra ID resource URI \(call.audience).")),
            ("runAfter", runAfter(after)),
            ("inputs", object([
                ("host", object([("apiId", .string("/providers/Microsoft.PowerApps/apis/shared_webcontents")),
                                 ("connectionName", .string("shared_webcontents")), ("operationId", .string("InvokeHttp"))])),
                ("parameters", object(parameters)),
                ("authentication", .string("@parameters('$authentication')")),
            ])),
        ]))
    }
}
