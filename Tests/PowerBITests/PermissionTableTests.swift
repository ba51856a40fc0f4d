import APIDescriptions
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

    @Test func theReaderReadsScopesAndServicePrincipalSupport() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mini-swagger.json").path
        let (reader, name) = SwaggerReader.file(fixture)
        let description = try reader.read(try Data(contentsOf: URL(fileURLWithPath: fixture)), name: name)
        let groups = try #require(description.operation(id: "Groups_GetGroups"))
        #expect(groups.method == "GET" && groups.path == "/v1.0/myorg/groups")
        #expect(groups.scopes == ["Workspace.Read.All", "Workspace.ReadWrite.All"] && groups.servicePrincipal == .yes)
        #expect(description.operation(id: "Datasets_RefreshDatasetInGroup")?.scopes == ["Dataset.ReadWrite.All"])
        #expect(description.operation(id: "Apps_GetApps")?.servicePrincipal == .no, "service principal authentication isn't supported")
        #expect(description.operation(id: "Groups_GetGroupsAsAdmin")?.scopes == ["Tenant.Read.All", "Tenant.ReadWrite.All"])
        // The compiled-in table is read by the same code.
        #expect(PermissionTable.operations.contains { $0.operationId == "Pipelines_GetPipelineOperations" && $0.servicePrincipal == .notStated })
    }
}
