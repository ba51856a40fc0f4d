@testable import Config
import Foundation
import Testing
@testable import App

@Suite struct ConfigFileTests {
    @Test func readsProfilesInFileOrderWithTheDefault() throws {
        let config = try ConfigFile.parse("""
            default_profile = "fabrikam"
            theme = "solarized-dark"
            mouse = false
            bell = true

            [profiles.contoso]
            cloud = "usgov"
            tenant = "contoso.onmicrosoft.com"
            client_id = "1b7e0c5e-0000-4000-8000-000000000001"
            auth = "client-secret"
            client_secret_command = "pass show powerbi/contoso"

            [profiles.fabrikam]
            auth = "device-code"
            client_id = "1b7e0c5e-0000-4000-8000-000000000002"
            """)
        #expect(config.profiles.map(\.name) == ["contoso", "fabrikam"])
        #expect(config.defaultProfile == "fabrikam")
        #expect(config.theme == "solarized-dark")
        #expect(config.mouse == false && config.bell)
        let contoso = try #require(config.profile(named: "contoso"))
        #expect(contoso.cloud == "usgov")
        #expect(contoso.clientSecretCommand == "pass show powerbi/contoso")
        #expect(contoso.summary.contains("contoso.onmicrosoft.com"))
    }

    @Test(arguments: [
        ("[profiles.x]\nclient_secret = \"hunter2\"", "does not read secrets"),
        ("[profiles.x]\npassword = \"hunter2\"", "does not read secrets"),
        ("[profiles.x]\ntenat = \"typo\"", "line 2: profiles.x.tenat: unknown key"),
        ("[profiles.x]\ntenant = 42", "expected a string, found an integer"),
        ("default_profile = \"nope\"", "names no [profiles.nope]"),
        ("theme = \"light\"\ncolour = \"red\"", "line 2: unknown key 'colour'"),
        ("[profiles.x\ntenant = \"t\"", "line 1"),
        ("bell = \"yes\"", "bell: expected true or false"),
    ])
    func refusesWhatItCannotUseWithAReason(text: String, problem: String) {
        #expect {
            try ConfigFile.parse(text, file: "/home/u/.config/pbitui/config.toml")
        } throws: { error in
            let description = String(describing: error)
            return description.contains(problem) && description.hasPrefix("/home/u/.config/pbitui/config.toml")
        }
    }

    @Test func aMissingFileIsAnEmptyConfiguration() throws {
        let config = try ConfigFile.load(path: "/nonexistent/pbitui/config.toml")
        #expect(config.profiles.isEmpty)
        #expect(config.mouse && !config.bell)
    }

    @Test func theDefaultPathFollowsXDG() {
        #expect(ConfigFile.defaultPath(environment: ["XDG_CONFIG_HOME": "/x"]) == "/x/pbitui/config.toml")
        #expect(ConfigFile.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.config/pbitui/config.toml")
    }
}
