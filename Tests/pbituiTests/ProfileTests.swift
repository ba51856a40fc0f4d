import Foundation
import Testing

/// Profiles from `$XDG_CONFIG_HOME/pbitui/config.toml` (DESIGN.md §5), through the real binary.
@Suite(.serialized) struct ProfileTests {
    func configHome(_ text: String) throws -> String {
        let home = Binary.scratch + "/config-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home + "/pbitui", withIntermediateDirectories: true)
        try text.write(toFile: home + "/pbitui/config.toml", atomically: true, encoding: .utf8)
        return home
    }

    @Test func aProfileSuppliesTheConnectionAndTheSecretFile() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let secretFile = Binary.scratch + "/profile-secret"
        try simulator.clientSecret.write(toFile: secretFile, atomically: true, encoding: .utf8)
        let home = try configHome("""
            [profiles.demo]
            authority_host = "\(simulator.authorityHost)"
            api_root = "\(simulator.apiRoot)"
            tenant = "\(simulator.tenantId)"
            client_id = "\(simulator.clientId)"
            auth = "client-secret"
            client_secret_file = "\(secretFile)"
            """)
        let result = try await Binary.run(["ls", "workspaces", "--profile", "demo"], environment: ["XDG_CONFIG_HOME": home])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Vertrieb Österreich"))
        // A flag wins over the profile.
        let overridden = try await Binary.run(["ls", "workspaces", "--profile", "demo", "--client-id", "00000000-0000-0000-0000-00000000dead"],
                                        environment: ["XDG_CONFIG_HOME": home])
        #expect(overridden.status == 1)
        #expect(overridden.stderr.contains("AADSTS700016"), "\(overridden.stderr)")
    }

    @Test func theDefaultProfileAppliesWithoutTheFlag() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let home = try configHome("""
            default_profile = "demo"
            [profiles.demo]
            authority_host = "\(simulator.authorityHost)"
            api_root = "\(simulator.apiRoot)"
            tenant = "\(simulator.tenantId)"
            client_id = "\(simulator.clientId)"
            client_secret_env = "DEMO_SECRET"
            """)
        let result = try await Binary.run(["token", "--output", "json"], environment: ["XDG_CONFIG_HOME": home, "DEMO_SECRET": simulator.clientSecret])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["kind"] as? String == "app", "\(result.stdout)")
    }

    @Test func anUnknownProfileListsTheKnownOnes() async throws {
        let home = try configHome("[profiles.contoso]\ntenant = \"contoso.onmicrosoft.com\"\n[profiles.fabrikam]\n")
        let result = try await Binary.run(["token", "--profile", "nope"], environment: ["XDG_CONFIG_HOME": home])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no profile 'nope'"))
        #expect(result.stderr.contains("contoso, fabrikam"))
    }

    @Test func aSecretInTheConfigFileIsRefused() async throws {
        let home = try configHome("[profiles.leaky]\nclient_secret = \"hunter2-marker\"\n")
        let result = try await Binary.run(["token", "--profile", "leaky"], environment: ["XDG_CONFIG_HOME": home])
        #expect(result.status == 2)
        #expect(result.stderr.contains("does not read secrets from the config file"))
        #expect(!result.stderr.contains("hunter2-marker"))
    }

    @Test func aBrokenConfigFileNamesTheLine() async throws {
        let home = try configHome("[profiles.x]\ntenant = \"open\n")
        let result = try await Binary.run(["token", "--profile", "x"], environment: ["XDG_CONFIG_HOME": home])
        #expect(result.status == 2)
        #expect(result.stderr.contains("config.toml: line 2"), "\(result.stderr)")
    }
}
