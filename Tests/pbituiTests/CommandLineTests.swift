import Foundation
import Testing

/// The command-line contract of DESIGN.md §3, against the real binary and `pbitui simulator`.
@Suite(.serialized) struct CommandLineTests {
    @Test func simulatorPrintsItsJSONLine() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        #expect(simulator.apiRoot.hasPrefix("http://127.0.0.1:"))
        #expect(simulator.tenantId.count == 36)
        #expect(!simulator.clientSecret.isEmpty)
        let users = simulator.info["users"] as? [[String: Any]]
        #expect(users?.count == 2)
        #expect((simulator.info["publicClient"] as? [String: Any])?["clientId"] is String)
    }

    @Test func listsWorkspacesAsJSONWithEveryPageMerged() async throws {
        let simulator = try await SimulatorProcess.start(arguments: ["--workspaces", "40"])
        defer { simulator.stop() }
        let result = try await Binary.run(["ls", "workspaces", "--output", "json"] + simulator.connectionArguments,
                                    environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret])
        #expect(result.status == 0, "\(result.stderr)")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let ids = array.compactMap { $0["id"] as? String }
        #expect(ids.count == 38)
        #expect(Set(ids).count == ids.count)
        #expect(array.first?["type"] as? String == "Workspace")
        #expect(array.contains { $0["name"] as? String == "販売分析 東京" })
    }

    @Test func listsWorkspacesAsATableAndFilters() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let result = try await Binary.run(["ls", "workspaces", "--filter", "VERTRIEB"] + simulator.connectionArguments,
                                    environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(lines.last?.contains("Vertrieb Österreich") == true)
    }

    @Test func wrongSecretIsARefusalWithTheEntraCode() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let result = try await Binary.run(["ls", "workspaces"] + simulator.connectionArguments,
                                    environment: ["AZURE_CLIENT_SECRET": "not-the-secret-marker"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("AADSTS7000215"))
        #expect(result.stderr.contains("HTTP 401"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!result.stderr.contains("not-the-secret-marker"))
        #expect(result.stdout.isEmpty)
    }

    @Test func unreachableAuthorityFailsFastWithOneLine() async throws {
        let result = try await Binary.run(["ls", "workspaces", "--authority-host", "http://127.0.0.1:9", "--api-root",
                                     "http://127.0.0.1:9", "--tenant", "t", "--client-id", "c"],
                                    environment: ["AZURE_CLIENT_SECRET": "s"], timeout: 30)
        #expect(result.status == 1)
        #expect(result.stderr.contains("could not reach http://127.0.0.1:9"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func anAPIRootThatAnswersHTMLIsReportedWithStatusAndRequestId() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        var arguments = simulator.connectionArguments
        arguments[3] = simulator.apiRoot + "/not-power-bi"
        let result = try await Binary.run(["ls", "workspaces"] + arguments,
                                    environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret])
        #expect(result.status == 1)
        #expect(result.stderr.contains("HTTP 404"))
        #expect(result.stderr.contains("HTML page"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func badUsageExitsTwo() async throws {
        #expect(try await Binary.run(["ls", "workspaces", "--no-such-flag"]).status == 2)
        #expect(try await Binary.run(["ls", "gizmos"]).status == 2)
        let missing = try await Binary.run(["ls", "workspaces", "--authority-host", "http://127.0.0.1:9"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--tenant"))
        let insecure = try await Binary.run(["ls", "workspaces", "--api-root", "http://api.powerbi.com"])
        #expect(insecure.status == 2)
        #expect(insecure.stderr.contains("plain http"))
    }

    @Test func signsInWithACertificateOrAPassword() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let certificatePath = try #require((simulator.info["confidentialClient"] as? [String: Any])?["certificatePath"] as? String)
        let byCertificate = try await Binary.run(["ls", "workspaces", "--auth", "certificate", "--certificate", certificatePath]
                                           + simulator.connectionArguments)
        #expect(byCertificate.status == 0, "\(byCertificate.stderr)")
        #expect(byCertificate.stdout.split(separator: "\n").count == 11)

        let users = try #require(simulator.info["users"] as? [[String: Any]])
        let alex = try #require(users.first { $0["mfa"] as? Bool == false })
        let publicClient = try #require((simulator.info["publicClient"] as? [String: Any])?["clientId"] as? String)
        var arguments = simulator.connectionArguments
        arguments[7] = publicClient
        let byPassword = try await Binary.run(["ls", "workspaces", "--auth", "password", "--username", alex["username"] as! String] + arguments,
                                        environment: ["AZURE_PASSWORD": alex["password"] as! String])
        #expect(byPassword.status == 0, "\(byPassword.stderr)")
        #expect(byPassword.stdout.contains("People & Culture"))
        #expect(byPassword.stderr.contains("deprecated"))
        #expect(!byPassword.stderr.contains(alex["password"] as! String))

        // A second run needs no password: the refresh token cached by the first signs in silently.
        let cache = Binary.scratch + "/cache-\(UUID().uuidString.prefix(6))"
        let signIn = ["ls", "workspaces", "--auth", "password", "--username", alex["username"] as! String] + arguments
        #expect(try await Binary.run(signIn, environment: ["AZURE_PASSWORD": alex["password"] as! String, "XDG_CACHE_HOME": cache]).status == 0)
        let silent = try await Binary.run(signIn, environment: ["AZURE_PASSWORD": "wrong", "XDG_CACHE_HOME": cache])
        #expect(silent.status == 0, "\(silent.stderr)")
        // No password at all and nobody to ask (no terminal): the cache serves, as MSAL's silent-first flow does.
        let noPassword = try await Binary.run(signIn, environment: ["XDG_CACHE_HOME": cache])
        #expect(noPassword.status == 0, "\(noPassword.stderr)")
        // Device code and browser for a named user reuse that user's cached sign-in: no code is asked for.
        let deviceCode = try await Binary.run(["ls", "workspaces", "--auth", "device-code", "--username", alex["username"] as! String] + arguments,
                                              environment: ["XDG_CACHE_HOME": cache], timeout: 20)
        #expect(deviceCode.status == 0, "\(deviceCode.stderr)")
        #expect(!deviceCode.stderr.contains("enter the code"), "no device code was asked for: \(deviceCode.stderr)")
        // A user the cache does not know, with no password: the error names AZURE_PASSWORD and the cache.
        let unknown = try await Binary.run(["ls", "workspaces", "--auth", "password", "--username", "nobody@pbitui-demo.onmicrosoft.com"] + arguments,
                                           environment: ["XDG_CACHE_HOME": cache])
        #expect(unknown.status == 2, "\(unknown.stderr)")
        #expect(unknown.stderr.contains("AZURE_PASSWORD") && unknown.stderr.contains("token cache"), "\(unknown.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: cache + "/pbitui/tokens.json")[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let megan = try #require(users.first { $0["mfa"] as? Bool == true })
        let mfa = try await Binary.run(["ls", "workspaces", "--auth", "password", "--username", megan["username"] as! String] + arguments,
                                 environment: ["AZURE_PASSWORD": megan["password"] as! String])
        #expect(mfa.status == 1)
        #expect(mfa.stderr.contains("AADSTS50076"))
    }

    @Test func shortLivedTokensAreRenewedNotReported() async throws {
        // With 2-second tokens the client's five-minute renewal margin means a fresh token for every call.
        let simulator = try await SimulatorProcess.start(arguments: ["--token-lifetime", "2"])
        defer { simulator.stop() }
        let result = try await Binary.run(["ls", "workspaces"] + simulator.connectionArguments,
                                    environment: ["AZURE_CLIENT_SECRET": simulator.clientSecret])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func tokenDescribesTheTokenAndPrintsItOnlyWhenAsked() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let env = ["AZURE_CLIENT_SECRET": simulator.clientSecret]
        let json = try await Binary.run(["token", "--output", "json"] + simulator.connectionArguments, environment: env)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["kind"] as? String == "app")
        #expect(object["tenantId"] as? String == simulator.tenantId)
        #expect(object["clientId"] as? String == simulator.clientId)
        #expect(object["tokenType"] as? String == "Bearer")
        #expect((object["scopes"] as? [String])?.first == "https://analysis.windows.net/powerbi/api/.default")
        #expect(ISO8601DateFormatter().date(from: object["expiresOn"] as? String ?? "") != nil)
        #expect(!json.stdout.contains("eyJ"))
        let text = try await Binary.run(["token"] + simulator.connectionArguments, environment: env)
        #expect(text.stdout.contains("app only"))
        #expect(!text.stdout.contains("eyJ"))
        let raw = try await Binary.run(["token", "--raw"] + simulator.connectionArguments, environment: env)
        #expect(raw.stdout.hasPrefix("eyJ"))
        #expect(raw.stdout.split(separator: ".").count == 3)
    }

    @Test func simulatorRefusesBadOptions() async throws {
        let faults = try await Binary.run(["simulator", "--faults", "teapot:0.5"])
        #expect(faults.status == 2)
        #expect(faults.stderr.contains("--faults"))
        let host = try await Binary.run(["simulator", "--host", "0.0.0.0"])
        #expect(host.status == 2)
        #expect(host.stderr.contains("loopback"))
    }

    @Test func helpExitsZero() async throws {
        let result = try await Binary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("simulator"))
    }

    /// Help text is written as paragraphs and wrapped by the parser to the terminal: on a very wide one each
    /// paragraph of a command's discussion is one line, on a narrow one no line is wider than the terminal.
    @Test(arguments: ["ls", "refresh", "api", "call", "automate", "dax", "pulses", "scan", "lineage", "activity", "ops", "verify"])
    func helpIsParagraphsTheParserWraps(command: String) async throws {
        let wide = try await Binary.run([command, "--help"], environment: ["COLUMNS": "1000"])
        #expect(wide.status == 0)
        let lines = wide.stdout.components(separatedBy: "\n")
        let usage = try #require(lines.firstIndex { $0.hasPrefix("USAGE:") })
        let overview = try #require(lines.firstIndex { $0.hasPrefix("OVERVIEW:") })
        let discussion = lines[(overview + 1)..<usage].filter { !$0.isEmpty }
        #expect(discussion.count == 1, "one paragraph, one line:\n\(discussion.joined(separator: "\n"))")
        let narrow = try await Binary.run([command, "--help"], environment: ["COLUMNS": "60"])
        let narrowLines = narrow.stdout.components(separatedBy: "\n")
        let narrowUsage = try #require(narrowLines.firstIndex { $0.hasPrefix("USAGE:") })
        #expect(narrowUsage > 3 && narrowLines[..<narrowUsage].allSatisfy { $0.count <= 60 }, "\(narrow.stdout)")
    }
}
