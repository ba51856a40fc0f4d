import Testing
@testable import PowerBI

/// Every list a kind specification reads is an operation of the official OpenAPI description (through the
/// generated permission table), so a path typed wrong in a specification fails here, not only against
/// Power BI. The simulator answers these paths with routes of its own, written from the description
/// independently of the specifications: a test oracle must not share the code it checks.
@Suite struct KindOperationTests {
    static let scopes: [WorkspaceScope] = [.my, .group("3f2a6c1e-0000-4000-8000-000000000001"), .app("9b1d7e55-0000-4000-8000-000000000002")]

    @Test(arguments: ItemKind.allCases)
    func everyItemListIsAnOperationOfTheDescription(kind: ItemKind) throws {
        var listed = 0
        for scope in Self.scopes {
            guard let path = kind.spec.path(in: scope) else { continue }
            let operation = try #require(PermissionTable.operation(method: "GET", path: path), "GET \(path) is no operation")
            #expect(operation.method == "GET")
            #expect(!operation.path.contains("/admin/"), "\(path) matched the admin operation \(operation.operationId)")
            listed += 1
        }
        #expect(listed >= 1)
    }

    @Test(arguments: TenantKind.allCases)
    func everyTenantListIsAnOperationOfTheDescription(kind: TenantKind) throws {
        let operation = try #require(PermissionTable.operation(method: "GET", path: kind.spec.path))
        #expect(operation.path == "/v1.0/myorg" + kind.spec.path)
    }

    @Test func aPathThatIsNoOperationIsFound() {
        #expect(PermissionTable.operation(method: "GET", path: "/groups/x/reprots") == nil)
    }
}
