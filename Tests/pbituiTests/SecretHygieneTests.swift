import EntraAuth
import Foundation
import HTTPCore
import Synchronization
import Testing

/// Every sign-in method with marker secrets, passwords and tokens, right ones and wrong ones, on the command
/// line and on the sign-in screen; afterwards no marker may be anywhere but the token cache: not in the
/// log, the config folder, the state folder, the screens, the output, nor any process's command line.
@Suite(.serialized, .enabled(if: TmuxSession.shouldRun, "tmux is not installed: end-to-end UI tests skipped (they fail under CI=true)"))
struct SecretHygieneTests {
    /// Command lines of pbitui's processes and of what they start (children and grandchildren: `az`, a
    /// secret command, the browser script), sampled from /proc every 20 ms. Other tests running meanwhile
    /// are not pbitui's business here.
    final class CommandLines: Sendable {
        private let seen = Mutex<Set<String>>([])
        private let running = Atomic<Bool>(true)
        let binary: String

        init(binary: String) { self.binary = (binary as NSString).resolvingSymlinksInPath }

        func start() {
            Thread.detachNewThread { [self] in
                while running.load(ordering: .relaxed) {
                    var parent: [Int32: Int32] = [:]
                    var lines: [Int32: String] = [:]
                    var pbitui: Set<Int32> = []
                    for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
                        guard let pid = Int32(name) else { continue }
                        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { continue }
                        lines[pid] = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
                        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                           let close = stat.lastIndex(of: ")") {
                            let fields = stat[stat.index(after: close)...].split(separator: " ")
                            if fields.count > 1, let ppid = Int32(fields[1]) { parent[pid] = ppid }
                        }
                        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe"), exe == binary {
                            pbitui.insert(pid)
                        }
                    }
                    let related = lines.filter { pid, _ in
                        pbitui.contains(pid) || pbitui.contains(parent[pid] ?? -1) || pbitui.contains(parent[parent[pid] ?? -1] ?? -1)
                    }
                    seen.withLock { $0.formUnion(related.values) }
                    Thread.sleep(forTimeInterval: 0.02)
                }
            }
        }

        func stop() -> Set<String> {
            running.store(false, ordering: .relaxed)
            return seen.withLock { $0 }
        }
    }

    static func files(under folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        return walker.compactMap { $0 as? String }.map { folder + "/" + $0 }.filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    @Test func noSecretLeavesTheTokenCache() async throws {
        guard TmuxSession.require() else { return }
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let base = Binary.scratch + "/hygiene-\(UUID().uuidString.prefix(8))"
        let xdg = ["XDG_CACHE_HOME": base + "/cache", "XDG_CONFIG_HOME": base + "/config", "XDG_STATE_HOME": base + "/state"]
        let helpers = base + "/helpers"   // the test's own files (secret files, scripts): not pbitui's to keep clean
        try FileManager.default.createDirectory(atPath: helpers, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: base + "/config/pbitui", withIntermediateDirectories: true)
        let processes = CommandLines(binary: Binary.path)
        processes.start()

        let alex = try #require(simulator.users.first { !$0.mfa })
        let megan = try #require(simulator.users.first { $0.mfa })
        let wrongSecret = "MARKER-WRONG-SECRET-" + UUID().uuidString
        let wrongPassword = "MARKER-WRONG-PASSWORD-" + UUID().uuidString
        let notAToken = "MARKER-NOT-A-JWT-" + UUID().uuidString
        let pem = try String(contentsOfFile: simulator.certificatePath, encoding: .utf8)
        let keyLine = try #require(pem.split(separator: "\n").dropFirst(3).first.map(String.init), "a line of the private key")
        let identity = try #require(simulator.info["managedIdentity"] as? [String: Any])
        let identityHeader = try #require(identity["identityHeader"] as? String)
        var markers = [simulator.clientSecret, wrongSecret, alex.password, megan.password, wrongPassword, notAToken, keyLine, identityHeader]
        var outputs: [String] = []
        var screens: [String] = []
        var publicArguments = simulator.connectionArguments
        publicArguments[publicArguments.firstIndex(of: "--client-id")! + 1] = simulator.publicClientId

        func run(_ arguments: [String], _ environment: [String: String] = [:], expect status: Int32, _ what: String) async throws {
            let result = try await Binary.run(arguments, environment: xdg.merging(environment) { _, new in new })
            #expect(result.status == status, "\(what): \(result.stderr)")
            outputs.append(result.stdout + result.stderr)
        }
        let list = ["ls", "workspaces"]
        // Client secret: wrong, then right; from the environment, a file, a command and a profile.
        try await run(list + simulator.connectionArguments, ["AZURE_CLIENT_SECRET": wrongSecret], expect: 1, "a wrong secret")
        try await run(list + simulator.connectionArguments, ["AZURE_CLIENT_SECRET": simulator.clientSecret], expect: 0, "the secret")
        let secretFile = helpers + "/secret"
        try simulator.clientSecret.write(toFile: secretFile, atomically: true, encoding: .utf8)
        try await run(list + simulator.connectionArguments + ["--client-secret-file", secretFile], expect: 0, "a secret file")
        try await run(list + simulator.connectionArguments + ["--client-secret-command", "cat \(secretFile)"], expect: 0, "a secret command")
        try """
            [profiles.hygiene]
            authority_host = "\(simulator.authorityHost)"
            api_root = "\(simulator.apiRoot)"
            tenant = "\(simulator.tenantId)"
            client_id = "\(simulator.clientId)"
            client_secret_file = "\(secretFile)"
            """.write(toFile: base + "/config/pbitui/config.toml", atomically: true, encoding: .utf8)
        try await run(list + ["--profile", "hygiene"], expect: 0, "a profile")
        // Certificate.
        try await run(list + simulator.connectionArguments + ["--auth", "certificate", "--certificate", simulator.certificatePath], expect: 0, "a certificate")
        // Password: wrong, then right (the refresh token goes to the cache).
        try await run(list + publicArguments + ["--auth", "password", "--username", alex.username], ["AZURE_PASSWORD": wrongPassword], expect: 1, "a wrong password")
        // Device code (before the password that works, whose cached refresh token would sign alex in silently).
        let deviceTmux = try TmuxSession(command: TmuxSession.commandLine(list + publicArguments + ["--auth", "device-code"], environment: xdg))
        defer { deviceTmux.kill() }
        #expect(await deviceTmux.waitFor("enter the code"), "\(deviceTmux.screen())")
        screens.append(deviceTmux.screen())
        let code = try #require(deviceTmux.screen().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            .first { $0.count == 9 && $0.allSatisfy { $0.isUppercase || $0.isNumber } && $0.contains(where: \.isLetter) })
        try alex.password.write(toFile: helpers + "/alex", atomically: true, encoding: .utf8)
        let approval = try Spawn.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", simulator.authorityHost + "/devicelogin",
                                      "--data-urlencode", "user_code=\(code)", "--data-urlencode", "username=\(alex.username)",
                                      "--data-urlencode", "password@\(helpers)/alex"], captureOutput: true)
        #expect(approval.output == "200")
        #expect(await deviceTmux.waitFor("EXIT=0"), "\(deviceTmux.screen())")
        screens.append(deviceTmux.screen())

        try await run(list + publicArguments + ["--auth", "password", "--username", alex.username], ["AZURE_PASSWORD": alex.password], expect: 0, "a password")
        // Browser: the person's browser (a script here) submits the sign-in form; the password stays in a file.
        let passwordFile = helpers + "/password"
        try megan.password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let browser = helpers + "/browser.sh"
        try ChildProcess.writeExecutable("""
            #!/bin/sh
            curl -s -L -o /dev/null -X POST --data-urlencode "username=\(megan.username)" --data-urlencode "password@\(passwordFile)" "$1" &
            """, to: browser)
        try await run(list + publicArguments + ["--auth", "browser"], ["BROWSER": browser], expect: 0, "the browser")
        // Managed identity (App Service): the identity header is a secret.
        try await run(list + ["--auth", "managed-identity", "--api-root", simulator.apiRoot],
                      ["IDENTITY_ENDPOINT": simulator.apiRoot + "/msi/token", "IDENTITY_HEADER": identityHeader], expect: 0, "managed identity")
        // A token from elsewhere: the Azure CLI (a stand-in `az`), the environment, a file, and one that is no JWT.
        let token = try await Binary.run(["token", "--raw"] + simulator.connectionArguments,
                                         environment: xdg.merging(["AZURE_CLIENT_SECRET": simulator.clientSecret]) { _, new in new })
        let accessToken = token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(accessToken.split(separator: ".").count == 3)
        markers.append(accessToken)
        let bin = helpers + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: helpers + "/az-token", contents: Data(#"{"accessToken":"\#(accessToken)","expires_on":\#(Int(Date().timeIntervalSince1970) + 3000),"tokenType":"Bearer"}"#.utf8)))
        try ChildProcess.writeExecutable("#!/bin/sh\ncat \(helpers)/az-token\n", to: bin + "/az")
        let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        try await run(list + ["--auth", "azure-cli", "--api-root", simulator.apiRoot], ["PATH": path], expect: 0, "the Azure CLI")
        try await run(list + ["--auth", "token", "--api-root", simulator.apiRoot], ["PBITUI_ACCESS_TOKEN": accessToken], expect: 0, "a pasted token")
        try accessToken.write(toFile: helpers + "/token", atomically: true, encoding: .utf8)
        try await run(list + ["--auth", "token", "--api-root", simulator.apiRoot, "--access-token-file", helpers + "/token"], expect: 0, "a token file")
        try await run(list + ["--auth", "token", "--api-root", simulator.apiRoot], ["PBITUI_ACCESS_TOKEN": notAToken], expect: 2, "a token that is not one")
        try await run(["decode"], expect: 2, "decode without input")

        // The sign-in screen, in tmux: what is on screen is captured at every step.
        let ui = try TmuxSession(command: TmuxSession.commandLine(simulator.connectionArguments, environment: xdg))
        defer { ui.kill() }
        #expect(await ui.waitFor("Service principal + secret"), "\(ui.screen())")
        try ui.send("j")
        try ui.send("Enter")
        #expect(await ui.waitFor("Client secret"), "\(ui.screen())")
        // Tenant and client id came from the flags: the focus starts on the secret.
        try ui.send("-l", wrongSecret)
        screens.append(ui.screen())
        try ui.send("Enter")
        #expect(await ui.waitFor("AADSTS7000215"), "\(ui.screen())")
        screens.append(ui.screen())
        try ui.send("-l", simulator.clientSecret)
        screens.append(ui.screen())
        try ui.send("Enter")
        #expect(await ui.waitFor("Workspaces (10)"), "\(ui.screen())")
        try ui.send("t")
        #expect(await ui.waitFor("Token inspector"), "\(ui.screen())")
        try await Task.sleep(for: .milliseconds(500))
        screens.append(ui.screen())
        try ui.send("q")
        #expect(await ui.waitFor("EXIT=0"), "\(ui.screen())")
        screens.append(ui.screen())
        let commandLines = processes.stop()

        // The cache holds the tokens (and is the only place that may); they are markers for everywhere else.
        let cacheFile = base + "/cache/pbitui/tokens.json"
        let cache = try String(contentsOfFile: cacheFile, encoding: .utf8)
        let cacheJSON = try JSONSerialization.jsonObject(with: Data(cache.utf8))
        func strings(_ value: Any) -> [String] {
            if let text = value as? String { return [text] }
            if let list = value as? [Any] { return list.flatMap(strings) }
            if let object = value as? [String: Any] { return object.values.flatMap(strings) }
            return []
        }
        let cachedTokens = strings(cacheJSON).filter { $0.count > 100 }
        #expect(!cachedTokens.isEmpty, "the delegated sign-ins cached their tokens")
        markers += cachedTokens
        #expect(try FileManager.default.attributesOfItem(atPath: cacheFile)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: base + "/cache/pbitui")[.posixPermissions] as? Int == 0o700)

        let log = try String(contentsOfFile: base + "/state/pbitui/pbitui.log", encoding: .utf8)
        #expect(log.contains("HTTP POST") && log.contains("/oauth2/v2.0/token"), "the log records the exchanges")
        #expect(try FileManager.default.attributesOfItem(atPath: base + "/state/pbitui/pbitui.log")[.posixPermissions] as? Int == 0o600)
        var places: [(String, String)] = screens.enumerated().map { ("screen \($0.offset)", $0.element) }
        places += outputs.enumerated().map { ("output \($0.offset)", $0.element) }
        places += commandLines.map { ("command line", $0) }
        for file in Self.files(under: base + "/state") + Self.files(under: base + "/config") + Self.files(under: base + "/cache") where file != cacheFile {
            places.append((file, (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""))
        }
        for marker in markers where marker.count >= 8 {
            for (place, text) in places where text.contains(marker) {
                Issue.record("a secret (\(marker.prefix(6))…) appears in \(place)")
            }
        }
        #expect(places.count > 20, "the test looked in \(places.count) places")
        #expect(commandLines.contains { $0.contains("ls workspaces") }, "the sampler saw pbitui's own command lines")
    }
}
