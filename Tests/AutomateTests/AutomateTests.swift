import APIDescriptions
import Foundation
import Testing
import Tokens
@testable import Automate

/// The four ways: verdicts, the definitions and the connector they produce, and the checks on them.
@Suite struct AutomateTests {
    static let powerBI = OperationCatalogue.powerBI
    static let authority = URL(string: "https://login.microsoftonline.com/")!
    static let audience = "https://analysis.windows.net/powerbi/api"
    static let megan = AutomateIdentity(kind: .user, account: "megan@contoso.example",
                                        scopes: ["https://analysis.windows.net/powerbi/api/Dataset.ReadWrite.All", "Workspace.Read.All"],
                                        usedMFA: true, tenantId: "11111111-1111-4111-8111-111111111111", clientId: "22222222-2222-4222-8222-222222222222")
    static let adele = AutomateIdentity(kind: .user, account: "adele@contoso.example", scopes: ["Dataset.Read.All", "App.Read.All"],
                                        usedMFA: false, tenantId: "11111111-1111-4111-8111-111111111111")
    static let app = AutomateIdentity(kind: .app, account: "33333333-3333-4333-8333-333333333333",
                                      tenantId: "11111111-1111-4111-8111-111111111111", clientId: "33333333-3333-4333-8333-333333333333")

    /// A Power BI call of `id`, its path filled with `values`.
    static func call(_ id: String, _ values: [(String, String)] = [], body: JSONValue? = nil) throws -> AutomateCall {
        let operation = try #require(powerBI.operation(id: id))
        let built = try operation.call(values, body: body.map { Data($0.serialized().utf8) })
        var components = URLComponents(string: "https://api.powerbi.com")!
        components.path = built.path
        if !built.queryItems.isEmpty { components.queryItems = built.queryItems.map { URLQueryItem(name: $0.0, value: $0.1) } }
        return AutomateCall(label: id, method: operation.method, url: try #require(components.url), body: body, audience: audience,
                            authorityHost: authority, operation: operation, description: powerBI, basePath: "/v1.0/myorg")
    }

    static let group = ("groupId", "f089354e-8366-4e18-aea3-4cb4a3a50b48")
    static let dataset = ("datasetId", "cfafbeb1-8037-4d0c-896e-a46fb27ff229")

    static func verdicts(_ call: AutomateCall, _ identity: AutomateIdentity) -> [AutomateVerdict] {
        AutomateAdvisor.advise(call, identity: identity).map(\.verdict)
    }

    @Test func aUserOnlyOperationRefusesTheServicePrincipal() throws {
        let apps = try Self.call("Apps_GetApps")
        let advice = AutomateAdvisor.advise(apps, identity: Self.adele)
        #expect(advice.map(\.verdict) == [.fails, .works, .works, .conditional])
        #expect(advice[0].reasons.first == "Apps_GetApps does not accept service principals")
        #expect(advice[3].reasons.contains { $0.contains("not documented for this resource") && $0.contains("try it") })
    }

    @Test func anAppOnlyOperationRefusesEveryWayThatSignsInAUser() throws {
        let profiles = try Self.call("Profiles_GetProfiles")
        let advice = AutomateAdvisor.advise(profiles, identity: Self.app)
        #expect(advice.map(\.verdict) == [.works, .fails, .fails, .fails])
        #expect(advice[1].reasons.first?.contains("only a service principal may call Profiles_GetProfiles") == true)
        let admin = try Self.call("Groups_GetGroupsAsAdmin", [("$top", "10")])
        let adminAdvice = AutomateAdvisor.advise(admin, identity: Self.app)
        #expect(adminAdvice[0].verdict == .conditional)
        #expect(adminAdvice[0].reasons.contains { $0.contains("without admin-consent") })
        #expect(adminAdvice[0].reasons.contains { $0.contains("read-only admin APIs") })
    }

    @Test func executeQueriesIsConditionalForAServicePrincipal() throws {
        let query = try Self.call("Datasets_ExecuteQueriesInGroup", [Self.group, Self.dataset],
                                  body: .object(JSONObject([("queries", .array([.object(JSONObject([("query", .string("EVALUATE ROW(\"n\", 1)"))]))]))])))
        let advice = AutomateAdvisor.advise(query, identity: Self.app)
        #expect(advice[0].verdict == .conditional)
        #expect(advice[0].reasons.contains("service principals: not for datasets with RLS or SSO"))
        #expect(AutomateAdvisor.readyMade(query)?.contains("Run a query against a dataset") == true)
    }

    @Test func aRefreshAndWhoIsSignedIn() throws {
        let refresh = try Self.call("Datasets_RefreshDatasetInGroup", [Self.group, Self.dataset])
        #expect(AutomateAdvisor.readyMade(refresh)?.contains("Refresh a dataset") == true)
        // Megan has MFA: the password grant fails, and says why.
        let forMegan = AutomateAdvisor.advise(refresh, identity: Self.megan)
        #expect(forMegan.map(\.verdict) == [.works, .fails, .works, .conditional])
        #expect(forMegan[1].reasons.contains("megan@contoso.example has MFA: a password sign-in fails with AADSTS50076"))
        // Adele has no MFA but only Dataset.Read.All: the delegated ways need Dataset.ReadWrite.All.
        let forAdele = AutomateAdvisor.advise(refresh, identity: Self.adele)
        #expect(forAdele.map(\.verdict) == [.works, .conditional, .conditional, .conditional])
        #expect(forAdele[1].reasons.contains { $0.hasPrefix("needs the delegated scope Dataset.ReadWrite.All") && $0.contains("none of them") })
        // Nobody signed in: the rules alone.
        #expect(Self.verdicts(refresh, .unknown) == [.works, .conditional, .works, .conditional])
    }

    @Test func everyWayWritesADefinitionThatChecksClean() throws {
        let calls = [try Self.call("Datasets_RefreshDatasetInGroup", [Self.group, Self.dataset]),
                     try Self.call("Datasets_GetRefreshHistoryInGroup", [Self.group, Self.dataset, ("$top", "1")]),
                     try Self.call("Datasets_ExecuteQueriesInGroup", [Self.group, Self.dataset],
                                   body: .object(JSONObject([("queries", .array([.object(JSONObject([("query", .string("EVALUATE 'Sales'"))]))]))])))]
        for call in calls {
            for identity in [Self.megan, Self.app, AutomateIdentity.unknown] {
                let definitions = [WorkflowWriter.servicePrincipal(call, identity: identity),
                                   WorkflowWriter.servicePrincipal(call, identity: identity, certificate: true),
                                   WorkflowWriter.userPassword(call, identity: identity), WorkflowWriter.entraConnector(call)]
                for definition in definitions {
                    #expect(WorkflowCheck.problems(definition, secrets: ["s3cr3t-value", "P@ssw0rd!"]) == [], "\(definition.serialized(pretty: true))")
                    #expect(definition["$schema"]?.stringValue == WorkflowWriter.schema)
                    #expect(definition["triggers"]?["manual"]?["type"]?.stringValue == "Request")
                }
            }
        }
    }

    @Test func wayOneAuthenticatesWithActiveDirectoryOAuthAndAKeyVaultSecret() throws {
        let refresh = try Self.call("Datasets_RefreshDatasetInGroup", [Self.group, Self.dataset])
        let definition = WorkflowWriter.servicePrincipal(refresh, identity: Self.app)
        let action = try #require(definition["actions"]?["Call_API"])
        #expect(action["runAfter"]?["Get_secret"]?.arrayValue == [.string("Succeeded")])
        #expect(action["inputs"]?["uri"]?.stringValue == "https://api.powerbi.com/v1.0/myorg/groups/\(Self.group.1)/datasets/\(Self.dataset.1)/refreshes")
        let authentication = try #require(action["inputs"]?["authentication"])
        #expect(authentication["type"]?.stringValue == "ActiveDirectoryOAuth")
        #expect(authentication["audience"]?.stringValue == Self.audience)
        #expect(authentication["authority"]?.stringValue == "https://login.microsoftonline.com")
        #expect(authentication["secret"]?.stringValue == "@body('Get_secret')?['value']")
        let secret = try #require(definition["actions"]?["Get_secret"])
        #expect(secret["runtimeConfiguration"]?["secureData"]?["properties"]?.arrayValue == [.string("inputs"), .string("outputs")])
        // The app's own ids are filled (they are not secrets); the secret is a Key Vault reference only.
        #expect(definition["parameters"]?["clientId"]?["defaultValue"]?.stringValue == Self.app.clientId)
        let certificate = WorkflowWriter.servicePrincipal(refresh, identity: Self.app, certificate: true)
        #expect(certificate["actions"]?["Get_secret"] == nil)
        #expect(certificate["actions"]?["Call_API"]?["inputs"]?["authentication"]?["pfx"]?.stringValue == "@parameters('certificatePfx')")
        #expect(certificate["parameters"]?["certificatePassword"]?["type"]?.stringValue == "SecureString")
        #expect(certificate["parameters"]?["certificatePassword"]?["defaultValue"] == nil)
    }

    @Test func wayTwoSignsInWithThePasswordGrantThenCalls() throws {
        let history = try Self.call("Datasets_GetRefreshHistoryInGroup", [Self.group, Self.dataset, ("$top", "1")])
        let definition = WorkflowWriter.userPassword(history, identity: Self.adele)
        let token = try #require(definition["actions"]?["Get_token"])
        #expect(token["inputs"]?["uri"]?.stringValue == "https://login.microsoftonline.com/@{parameters('tenantId')}/oauth2/v2.0/token")
        let form = try #require(token["inputs"]?["body"]?.stringValue)
        #expect(form.hasPrefix("grant_type=password&"))
        #expect(form.contains("scope=@{encodeUriComponent('https://analysis.windows.net/powerbi/api/.default')}"))
        #expect(form.contains("password=@{encodeUriComponent(parameters('password'))}"))
        #expect(token["description"]?.stringValue?.contains("MFA") == true)
        #expect(token["runtimeConfiguration"]?["secureData"]?["properties"]?.arrayValue == [.string("inputs"), .string("outputs")])
        let call = try #require(definition["actions"]?["Call_API"])
        #expect(call["inputs"]?["headers"]?["Authorization"]?.stringValue == "Bearer @{body('Get_token')?['access_token']}")
        #expect(call["runtimeConfiguration"]?["secureData"]?["properties"]?.arrayValue == [.string("outputs")])
        #expect(call["inputs"]?["uri"]?.stringValue?.hasSuffix("/refreshes?$top=1") == true)
        #expect(definition["parameters"]?["username"]?["defaultValue"]?.stringValue == "adele@contoso.example")
        #expect(definition["parameters"]?["password"]?["type"]?.stringValue == "SecureString")
    }

    @Test func wayFourUsesTheEntraIDConnectorsInvokeHTTP() throws {
        let history = try Self.call("Datasets_GetRefreshHistoryInGroup", [Self.group, Self.dataset, ("$top", "1")])
        let action = try #require(WorkflowWriter.entraConnector(history)["actions"]?["Invoke_an_HTTP_request"])
        #expect(action["inputs"]?["host"]?["apiId"]?.stringValue == "/providers/Microsoft.PowerApps/apis/shared_webcontents")
        #expect(action["inputs"]?["host"]?["operationId"]?.stringValue == "InvokeHttp")
        #expect(action["inputs"]?["parameters"]?["request/url"]?.stringValue == "/v1.0/myorg/groups/\(Self.group.1)/datasets/\(Self.dataset.1)/refreshes?$top=1")
        #expect(action["description"]?.stringValue?.contains("resource URI https://analysis.windows.net/powerbi/api") == true)
    }

    @Test func refreshAndWaitIsAWholeFlowForEveryWay() throws {
        let refresh = try Self.call("Datasets_RefreshDatasetInGroup", [Self.group, Self.dataset])
        let history = try Self.call("Datasets_GetRefreshHistoryInGroup", [Self.group, Self.dataset, ("$top", "1")])
        for way in AutomateWay.allCases {
            let flow = FlowWriter.refreshAndWait(way, refresh: refresh, history: history, identity: Self.megan)
            #expect(WorkflowCheck.problems(flow) == [], "\(way): \(WorkflowCheck.problems(flow))")
            let actions = try #require(flow["actions"]?.objectValue)
            let until = try #require(actions["Until_the_refresh_ends"])
            #expect(until["type"]?.stringValue == "Until")
            #expect(until["expression"]?.stringValue == "@not(equals(variables('status'), 'Unknown'))")
            #expect(until["actions"]?["Wait_a_minute"]?["inputs"]?["interval"]?["unit"]?.stringValue == "Minute")
            #expect(until["actions"]?["Get_status"] != nil && until["actions"]?["Set_status"] != nil)
            let fail = try #require(actions["Check_the_refresh"]?["else"]?["actions"]?["Fail_the_run"])
            #expect(fail["inputs"]?["runStatus"]?.stringValue == "Failed")
            #expect(fail["inputs"]?["runError"]?["code"]?.stringValue?.contains("errorCode") == true)
        }
        // Way 2 signs in again on each pass: a refresh can outlast a token.
        let two = FlowWriter.refreshAndWait(.userPassword, refresh: refresh, history: history, identity: Self.adele)
        #expect(two["actions"]?["Until_the_refresh_ends"]?["actions"]?["Get_status"]?["inputs"]?["headers"]?["Authorization"]?.stringValue
                == "Bearer @{body('Get_token_again')?['access_token']}")
    }

    @Test func theCheckFindsWhatIsWrong() throws {
        let broken = try JSONValue.parse(Data(#"""
            {"parameters": {"tenantId": {"type": "String"}},
             "actions": {
               "A": {"type": "Http", "runAfter": {"Nowhere": ["Succeeded"]},
                     "inputs": {"uri": "https://x/@{parameters('clientId')}", "headers": {"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ"}}},
               "B": {"type": "Http", "runAfter": {"A": ["Done"]}, "inputs": {"body": "grant_type=password&password=hunter2&x=@{body('Ghost')}"}},
               "Loop": {"type": "Until", "runAfter": {"B": ["Succeeded"]}, "runtimeConfiguration": {"secureData": {"properties": ["inputs"]}},
                        "limit": {"count": 0}, "actions": {"C": {"type": "SetVariable", "runAfter": {"A": ["Succeeded"]}, "inputs": {"name": "v", "value": "@variables('v')"}}}},
               "End": {"type": "Terminate", "runAfter": {"Loop": ["Succeeded"]}, "inputs": {"runStatus": "Cancelled", "runError": {"code": "x"}}}}}
            """#.utf8))
        let problems = WorkflowCheck.problems(broken, secrets: ["hunter2"])
        let expected = ["runAfter names Nowhere", "parameters('clientId') names no parameter", "looks like a token", "statuses [\"Done\"]",
                        "body('Ghost') names no action", "holds a secret value", "Until takes no secure", "Until without an expression",
                        "limit count", "ISO 8601 timeout", "runAfter names A, which is not an action beside it", "variables('v') is never initialised",
                        "runError only goes with Failed"]
        for words in expected {
            #expect(problems.contains { $0.contains(words) }, "\(words) in \(problems)")
        }
    }

    @Test func eachWaysFilesWithAndWithoutTheFlow() throws {
        let refresh = try Self.call("Datasets_RefreshDatasetInGroup", [Self.group, Self.dataset])
        let history = try #require(refresh.refreshHistory())
        #expect(history.url.absoluteString.hasSuffix("/refreshes?$top=1") && history.method == "GET")
        #expect(history.label == "Datasets_GetRefreshHistoryInGroup")
        let expected: [AutomateWay: [String]] = [
            .servicePrincipal: ["1-http-service-principal.json"], .userPassword: ["2-http-user-password.json"],
            .customConnector: ["3-custom-connector/apiDefinition.swagger.json", "3-custom-connector/apiProperties.json", "3-custom-connector/README.md"],
            .entraConnector: ["4-http-entra-id-connector.json"],
        ]
        for way in AutomateWay.allCases {
            let alone = AutomateFiles.files(way, calls: [refresh], identity: Self.app)
            #expect(alone.map(\.name) == expected[way], "\(way)")
            // Without a flow asked for, no flow is written, even with the history at hand.
            #expect(AutomateFiles.files(way, calls: [refresh, history], identity: Self.app).count == alone.count)
            let withFlow = AutomateFiles.files(way, calls: [refresh, history], identity: Self.app, flow: .refreshAndWait)
            #expect(withFlow.count == alone.count + 1)
            for file in withFlow where file.name.hasSuffix(".json") {
                let value = try JSONValue.parse(Data(file.text.utf8))
                #expect(value.objectValue != nil, "\(file.name) is an object, not \(file.text.prefix(20))")
            }
        }
        #expect(try Self.call("Groups_GetGroups").isRefresh == false)
        #expect(try Self.call("Groups_GetGroups").refreshHistory() == nil)
    }
}
