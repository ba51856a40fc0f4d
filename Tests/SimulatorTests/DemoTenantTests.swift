import Testing
@testable import Simulator

@Suite struct DemoTenantTests {
    @Test func sameSeedBuildsTheSameTenant() {
        let a = DemoTenant.generate(seed: 7, workspaces: 50)
        let b = DemoTenant.generate(seed: 7, workspaces: 50)
        #expect(a.tenantId == b.tenantId)
        #expect(a.confidentialClient == b.confidentialClient)
        #expect(a.workspaces == b.workspaces)
    }

    @Test func anotherSeedBuildsAnotherTenant() {
        let a = DemoTenant.generate(seed: 7, workspaces: 50)
        let b = DemoTenant.generate(seed: 8, workspaces: 50)
        #expect(a.tenantId != b.tenantId)
        #expect(a.workspaces.map(\.id) != b.workspaces.map(\.id))
    }

    @Test func defaultTenantHasBelievableNonASCIINames() {
        let tenant = DemoTenant.generate()
        #expect(tenant.workspaces.count == 12)
        let names = tenant.workspaces.map(\.name)
        #expect(names.contains("販売分析 東京"))
        #expect(names.contains("Vertrieb Österreich"))
        #expect(names.contains { $0.unicodeScalars.contains { $0.properties.isEmojiPresentation } })
        #expect(Set(tenant.workspaces.map(\.id)).count == 12)
    }

    @Test func servicePrincipalIsInMostWorkspacesButNotAll() {
        let tenant = DemoTenant.generate()
        let sp = tenant.confidentialClient.servicePrincipal!.objectId
        let member = tenant.workspaces.filter { $0.members.contains(sp) }
        #expect(member.count == 10)
        #expect(member.contains { $0.isOnDedicatedCapacity })
        #expect(member.contains { !$0.isOnDedicatedCapacity })
    }

    @Test func idsLookLikeGUIDs() {
        let tenant = DemoTenant.generate()
        let pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
        for id in [tenant.tenantId, tenant.confidentialClient.clientId] + tenant.workspaces.map(\.id) {
            #expect(id.wholeMatch(of: pattern) != nil, "\(id)")
        }
    }

    @Test func generatesTenThousandWorkspaces() {
        let tenant = DemoTenant.generate(seed: 1, workspaces: 10_000, items: 20)
        #expect(tenant.workspaces.count == 10_000)
        #expect(Set(tenant.workspaces.map(\.id)).count == 10_000)
    }
}
