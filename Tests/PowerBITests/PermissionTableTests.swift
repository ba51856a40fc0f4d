import Foundation
import HTTPCore
import Testing
import EntraAuth
import Tokens
@testable import PowerBI

@Suite struct PermissionTableTests {
    static func token(_ claims: String) throws -> JWT {
        try JWT.decode(Base64URL.encode(#"{"alg":"RS256","kid":"k"}"#) + "." + Base64URL.encode(claims) + ".c2ln")
    }

    static let future = 4_000_000_000

    @Test func theGeneratedTableKnowsWellKnownOperations() throws {
        #expect(PermissionTable.operations.count > 250)
        let groups = try #require(PermissionTable.operation(method: "GET", path: "/groups"))
        #expect(groups.operationId == "Groups_GetGroups")
        #expect(groups.scopes == ["Workspace.Read.All", "Workspace.ReadWrite.All"])
        #expect(groups.servicePrincipal == .yes)
        let refresh = try #require(PermissionTable.operation(method: "POST", path: "/v1.0/myorg/groups/9A1B/datasets/77/refreshes"))
        #expect(refresh.operationId == "Datasets_RefreshDatasetInGroup")
        #expect(refresh.scopes == ["Dataset.ReadWrite.All"])
        #expect(PermissionTable.operation(method: "GET", path: "/apps")?.servicePrincipal == .no, "Get Apps: service principals aren't supported")
        #expect(PermissionTable.operation(method: "GET", path: "/admin/groups?$top=10")?.scopes == ["Tenant.Read.All", "Tenant.ReadWrite.All"])
    }

    @Test func aMissingScopeIsNamed() throws {
        let user = try Self.token(#"{"scp":"Dataset.Read.All Workspace.Read.All","aud":"https://analysis.windows.net/powerbi/api","exp":\#(Self.future)}"#)
        let findings = CallDiagnosis.explain(method: "POST", path: "/groups/g/datasets/d/refreshes", status: 401, code: "PowerBINotAuthorizedException", token: user)
        #expect(findings[0].contains("lacks the scope Datasets_RefreshDatasetInGroup needs: Dataset.ReadWrite.All"))
        let callable = PermissionTable.callable(by: TokenSummary(user)).map(\.operationId)
        #expect(callable.contains("Datasets_GetDatasetsInGroup"))
        #expect(!callable.contains("Datasets_RefreshDatasetInGroup"))
    }

    @Test func anAppTokenOnAUserOnlyEndpointIsExplained() throws {
        let app = try Self.token(#"{"idtyp":"app","aud":"https://analysis.windows.net/powerbi/api","exp":\#(Self.future)}"#)
        let findings = CallDiagnosis.explain(method: "GET", path: "/apps", status: 401, code: nil, token: app)
        #expect(findings[0].contains("does not accept service principals"))
    }

    @Test func expiredWrongAudienceAndAFineTokenAreToldApart() throws {
        let expired = try Self.token(#"{"idtyp":"app","aud":"https://graph.microsoft.com","exp":1600000000}"#)
        let findings = CallDiagnosis.explain(method: "GET", path: "/groups", status: 403, code: "TokenExpired", token: expired)
        #expect(findings[0].contains("expired"))
        #expect(findings[1].contains("not for Power BI"))
        let fine = try Self.token(#"{"idtyp":"app","aud":"https://analysis.windows.net/powerbi/api","exp":\#(Self.future)}"#)
        let verdict = CallDiagnosis.explain(method: "GET", path: "/groups/g/datasets", status: 401, code: "PowerBINotAuthorizedException", token: fine)
        #expect(verdict.count == 1)
        #expect(verdict[0].hasPrefix("The token is fine for this call"))
        #expect(verdict[0].contains("Service principals can use Fabric APIs"))
    }

    @Test func theGeneratorReadsScopesAndServicePrincipalSupport() async throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let script = here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/generate-permission-table.py").path
        let fixture = here.appendingPathComponent("Fixtures/mini-swagger.json").path
        let output = try await Generator.run(["python3", script, fixture])
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains(#"PermissionEntry("Groups_GetGroups", "GET", "/v1.0/myorg/groups", scopes: ["Workspace.Read.All", "Workspace.ReadWrite.All"], servicePrincipal: .yes)"#) })
        #expect(lines.contains { $0.contains(#""Datasets_RefreshDatasetInGroup", "POST""#) && $0.contains(#"scopes: ["Dataset.ReadWrite.All"]"#) })
        #expect(lines.contains { $0.contains(#""Apps_GetApps""#) && $0.contains(".no)") }, "service principal authentication isn't supported")
        #expect(lines.contains { $0.contains(#""Groups_GetGroupsAsAdmin""#) && $0.contains(#"["Tenant.Read.All", "Tenant.ReadWrite.All"]"#) })
        // The committed table came from the same script.
        #expect(PermissionTable.operations.contains { $0.operationId == "Pipelines_GetPipelineOperations" && $0.servicePrincipal == .notStated })
    }
}

/// Runs the generator script (a short-lived child; its output is small).
enum Generator {
    static func run(_ arguments: [String]) async throws -> String {
        let child = try ChildProcess.spawn("/usr/bin/env", arguments, environment: ProcessInfo.processInfo.environment, pipeStderr: false)
        let output = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: child.stdout!.readDataToEndOfFile()) }
        }
        _ = await child.exitStatus()
        return String(decoding: output, as: UTF8.self)
    }
}
