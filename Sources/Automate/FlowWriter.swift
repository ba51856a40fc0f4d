import Foundation
import Tokens

/// Whole flows: `--flow refresh-and-wait` for each way. A manual trigger, the refresh POST, an `Until` loop
/// that waits a minute and reads the refresh history (`$top=1`) until the status is final or two hours
/// pass, and a condition that ends the run as failed with the service's error code.
public enum FlowWriter {
    /// The refresh (`POST …/refreshes`) and its history (`GET …/refreshes?$top=1`) for `way`.
    public static func refreshAndWait(_ way: AutomateWay, refresh: AutomateCall, history: AutomateCall, identity: AutomateIdentity,
                                      certificate: Bool = false, connectorId: String = ConnectorFlow.placeholderApiId) -> JSONValue {
        var parameters: [(String, JSONValue)]
        var prelude: [(String, JSONValue)]
        let start: (String, JSONValue)
        let poll: [(String, JSONValue)]
        switch way {
        case .servicePrincipal:
            parameters = WorkflowWriter.servicePrincipalParameters(identity, certificate: certificate)
            prelude = WorkflowWriter.servicePrincipalPrelude(certificate: certificate)
            start = WorkflowWriter.servicePrincipalCall("Start_refresh", refresh, certificate: certificate, after: ["Initialize_status"])
            poll = [WorkflowWriter.servicePrincipalCall("Get_status", history, certificate: certificate, after: ["Wait_a_minute"])]
        case .userPassword:
            parameters = WorkflowWriter.userPasswordParameters(identity)
            prelude = WorkflowWriter.userPasswordPrelude(refresh)
            start = WorkflowWriter.userPasswordCall("Start_refresh", refresh, after: ["Initialize_status"])
            // Tokens last about an hour; the loop may run two: each pass signs in again.
            var renew = WorkflowWriter.userPasswordPrelude(history)[1]
            renew.1 = renamed(renew.1, runAfter: ["Wait_a_minute"])
            poll = [("Get_token_again", renew.1),
                    renamedCall(WorkflowWriter.userPasswordCall("Get_status", history, after: ["Get_token_again"]), token: "Get_token_again")]
        case .customConnector:
            parameters = ConnectorFlow.parameters
            prelude = []
            start = ConnectorFlow.action("Start_refresh", refresh, apiId: connectorId, after: ["Initialize_status"])
            poll = [ConnectorFlow.action("Get_status", history, apiId: connectorId, after: ["Wait_a_minute"])]
        case .entraConnector:
            parameters = WorkflowWriter.entraConnectorParameters
            prelude = []
            start = WorkflowWriter.entraConnectorCall("Start_refresh", refresh, after: ["Initialize_status"])
            poll = [WorkflowWriter.entraConnectorCall("Get_status", history, after: ["Wait_a_minute"])]
        }
        parameters.append(("timeout", WorkflowWriter.parameter("String", .string("PT2H"), "How long to wait for the refresh (ISO 8601).")))
        let latest = "body('Get_status')?['value']?[0]"
        let initialize = ("Initialize_status", object([
            ("type", .string("InitializeVariable")),
            ("runAfter", WorkflowWriter.runAfter(prelude.last.map { [$0.0] } ?? [])),
            ("inputs", object([("variables", .array([object([("name", .string("status")), ("type", .string("string")), ("value", .string("Unknown"))])]))])),
        ]))
        let wait = ("Wait_a_minute", object([
            ("type", .string("Wait")), ("runAfter", object([])),
            ("inputs", object([("interval", object([("count", .int(1)), ("unit", .string("Minute"))]))])),
        ]))
        let set = ("Set_status", object([
            ("type", .string("SetVariable")),
            ("runAfter", WorkflowWriter.runAfter(["Get_status"])),
            ("inputs", object([("name", .string("status")), ("value", .string("@{coalesce(\(latest)?['status'], 'Unknown')}"))])),
        ]))
        let until = ("Until_the_refresh_ends", object([
            ("type", .string("Until")),
            ("description", .string("Power BI reports a refresh in progress as Unknown; Completed, Failed, Cancelled and Disabled are final.")),
            ("runAfter", WorkflowWriter.runAfter(["Start_refresh"])),
            ("expression", .string("@not(equals(variables('status'), 'Unknown'))")),
            ("limit", object([("count", .int(150)), ("timeout", .string("@{parameters('timeout')}"))])),
            ("actions", object([wait] + poll + [set])),
        ]))
        let code = "@{if(equals(variables('status'), 'Unknown'), 'RefreshTimedOut', coalesce(json(coalesce(\(latest)?['serviceExceptionJson'], '{}'))?['errorCode'], concat('Refresh', variables('status'))))}"
        let check = ("Check_the_refresh", object([
            ("type", .string("If")),
            ("runAfter", object([("Until_the_refresh_ends", .array([.string("Succeeded"), .string("TimedOut"), .string("Failed")]))])),
            ("expression", object([("and", .array([object([("equals", .array([.string("@variables('status')"), .string("Completed")]))])]))])),
            ("actions", object([])),
            ("else", object([("actions", object([("Fail_the_run", object([
                ("type", .string("Terminate")), ("runAfter", object([])),
                ("inputs", object([("runStatus", .string("Failed")), ("runError", object([
                    ("code", .string(code)),
                    ("message", .string("The refresh ended as @{variables('status')}: @{coalesce(\(latest)?['serviceExceptionJson'], 'no error from the service')}")),
                ]))])),
            ]))]))])),
        ]))
        return WorkflowWriter.definition(parameters: parameters, actions: prelude + [initialize, start, until, check])
    }

    /// `action` with its `runAfter` replaced.
    static func renamed(_ action: JSONValue, runAfter: [String]) -> JSONValue {
        guard var members = action.objectValue else { return action }
        members["runAfter"] = WorkflowWriter.runAfter(runAfter)
        return .object(members)
    }

    /// A way-2 call that reads its token from `token` instead of `Get_token`.
    static func renamedCall(_ action: (String, JSONValue), token: String) -> (String, JSONValue) {
        let text = action.1.serialized().replacingOccurrences(of: "body('Get_token')", with: "body('\(token)')")
        return (action.0, (try? JSONValue.parse(Data(text.utf8))) ?? action.1)
    }
}

/// Steps of a flow that calls the custom connector of way 3.
public enum ConnectorFlow {
    /// The connector's id is known only once it is created (`paconn create` prints it).
    public static let placeholderApiId = "/providers/Microsoft.PowerApps/apis/<custom-connector-id>"

    static var parameters: [(String, JSONValue)] { WorkflowWriter.entraConnectorParameters }

    static func action(_ name: String, _ call: AutomateCall, apiId: String, after: [String]) -> (String, JSONValue) {
        var parameters: [(String, JSONValue)] = []
        if let operation = call.operation, let values = pathValues(call, template: operation.path) {
            for parameter in operation.parameters where parameter.location == .path {
                if let value = values[parameter.name] { parameters.append((parameter.name, .string(value))) }
            }
            for item in URLComponents(url: call.url, resolvingAgainstBaseURL: false)?.queryItems ?? [] {
                parameters.append((item.name, .string(item.value ?? "")))
            }
            if let body = call.body { parameters.append(("body", body)) }
        }
        let operationId = ConnectorPackage.identifier(call.operation?.operationId ?? call.method.lowercased() + " " + call.url.path)
        return (name, object([
            ("type", .string("OpenApiConnection")),
            ("runAfter", WorkflowWriter.runAfter(after)),
            ("inputs", object([
                ("host", object([("apiId", .string(apiId)), ("connectionName", .string("shared_pbitui_connector")),
                                 ("operationId", .string(operationId))])),
                ("parameters", object(parameters)),
                ("authentication", .string("@parameters('$authentication')")),
            ])),
        ]))
    }

    /// The values of a template's `{name}` segments in the call's path.
    static func pathValues(_ call: AutomateCall, template: String) -> [String: String]? {
        let wanted = template.split(separator: "/")
        let given = call.url.path.split(separator: "/")
        guard wanted.count == given.count else { return nil }
        var values: [String: String] = [:]
        for (name, value) in zip(wanted, given) where name.hasPrefix("{") && name.hasSuffix("}") {
            values[String(name.dropFirst().dropLast())] = String(value)
        }
        return values
    }
}
