import Foundation
import Testing

/// The sign-in screen of the real binary in tmux, against `pbitui simulator`: pbitui starts without a
/// method, so it opens on the screen, and the person signs in through its forms.
@Suite(.serialized, .enabled(if: TmuxSession.shouldRun, "tmux is not installed: end-to-end UI tests skipped (they fail under CI=true)"))
struct SignInScreenUITests {
    /// No secret in the environment, so the UI does not sign in by itself.
    static let environment = ["AZURE_CLIENT_SECRET": "", "AZURE_CLIENT_CERTIFICATE_PATH": "", "AZURE_TENANT_ID": "", "AZURE_CLIENT_ID": ""]

    @Test func clientSecretTypedIntoTheFormSignsIn() async throws {
        guard TmuxSession.require() else { return }
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(simulator.connectionArguments, environment: Self.environment))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Service principal + secret"), "\(tmux.screen())")
        #expect(tmux.screen().contains("not signed in"))
        try tmux.send("j")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("▸ Client secret"), "the first empty field has the focus: \(tmux.screen())")
        try tmux.send("-l", "not-the-secret")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("AADSTS7000215"), "\(tmux.screen())")
        #expect(tmux.screen().contains(simulator.tenantId), "the tenant is kept after a failure")
        #expect(!tmux.screen().contains("••••"), "the secret is cleared after a failure")
        try tmux.send("-l", simulator.clientSecret)
        #expect(await tmux.waitFor(String(repeating: "•", count: simulator.clientSecret.count)))
        #expect(!tmux.screen().contains(simulator.clientSecret))
        try tmux.send("Enter")
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        #expect(tmux.screen().contains("Vertrieb Österreich"))
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
        #expect(await tmux.waitFor("TERMINAL-RESTORED"))
    }

    @Test func theDemoTenantIsAChoiceOnTheScreen() async throws {
        guard TmuxSession.require() else { return }
        let tmux = try TmuxSession(command: TmuxSession.commandLine([], environment: Self.environment))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Demo tenant"), "\(tmux.screen())")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        #expect(tmux.screen().contains("demo tenant"))
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }

    /// Under `--demo` every method of the sign-in screen targets the demo tenant, its forms filled with the
    /// tenant's identities: alex signs in with a password offline; a confidential client's id in the password
    /// form is refused (AADSTS7000218) with the focus on Client id; the demo tenant chosen again is the same one.
    @Test func underDemoEveryMethodTargetsTheDemoTenant() async throws {
        guard TmuxSession.require() else { return }
        let simulator = try await SimulatorProcess.start()   // the same default seed: the same identities
        defer { simulator.stop() }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo"], environment: Self.environment))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send(":")
        try tmux.send("-l", "signin")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("the forms are filled with its identities"), "\(tmux.screen())")
        #expect(tmux.screen().contains("Sign in · http://127.0.0.1:"), "the title names the demo tenant, not login.microsoftonline.com")
        for _ in 0..<3 { try tmux.send("j") }
        try tmux.send("Enter")
        #expect(await tmux.waitFor("alex@pbitui-demo.onmicrosoft.com"), "\(tmux.screen())")
        #expect(!tmux.screen().contains("demo-Password"), "the password is masked")
        // The confidential client's id where a public client belongs (the focus starts on Tenant).
        try tmux.send("Tab")
        try tmux.send("C-u")
        try tmux.send("-l", simulator.clientId)
        try tmux.send("Enter")
        #expect(await tmux.waitFor("AADSTS7000218"), "\(tmux.screen())")
        #expect(tmux.screen().contains("▸ Client id"), "the focus is on the field at fault: \(tmux.screen())")
        try tmux.send("C-u")
        try tmux.send("-l", simulator.publicClientId)
        try tmux.send("Tab")
        try tmux.send("Tab")
        try tmux.send("-l", "demo-Password-1")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("password · alex@pbitui-demo.onmicrosoft.com"), "\(tmux.screen())")
        #expect(await tmux.waitFor("Workspaces ("), "\(tmux.screen())")
        // The demo tenant again: the same tenant, not a second one.
        try tmux.send(":")
        try tmux.send("-l", "signin")
        try tmux.send("Enter")
        try tmux.send("g")
        try tmux.send("Enter")
        // The list of the password sign-in is still on screen until the demo sign-in ends: wait for its header.
        #expect(await tmux.waitFor("demo tenant · app pbitui-automation"), "\(tmux.screen())")
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        let pid = try #require(tmux.pbituiProcessID())
        #expect(Self.listeningSockets(of: pid) == 1, "one demo tenant listens, not two")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }

    @Test func deviceCodeIsShownLargeAndApprovedFromAnotherDevice() async throws {
        guard TmuxSession.require() else { return }
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let arguments = ["--authority-host", simulator.authorityHost, "--api-root", simulator.apiRoot,
                         "--tenant", simulator.tenantId, "--client-id", simulator.publicClientId]
        let tmux = try TmuxSession(command: TmuxSession.commandLine(arguments, environment: Self.environment))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Device code"), "\(tmux.screen())")
        for _ in 0..<4 { try tmux.send("j") }
        try tmux.send("Enter")
        #expect(await tmux.waitFor("Device code (--auth device-code)"), "\(tmux.screen())")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("and enter the code"), "\(tmux.screen())")
        #expect(tmux.screen().contains("██"), "the code is drawn large: \(tmux.screen())")
        #expect(tmux.screen().contains("expires in"))
        let code = try #require(tmux.screen().split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.count == 9 && $0.allSatisfy { $0.isUppercase || $0.isNumber } })
        let user = try #require(simulator.users.first { $0.mfa })
        // The password goes to curl in a file, not on its command line.
        let passwordFile = Binary.scratch + "/device-login-password"
        try user.password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let approval = try Spawn.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                                      simulator.authorityHost + "/devicelogin",
                                      "--data-urlencode", "user_code=\(code)", "--data-urlencode", "username=\(user.username)",
                                      "--data-urlencode", "password@\(passwordFile)"], captureOutput: true)
        #expect(approval.output == "200")
        #expect(await tmux.waitFor("Workspaces ("), "\(tmux.screen())")
        #expect(tmux.screen().contains(user.username), "the header names the user")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }

    @Test func badInputNamesTheFieldAndKeepsWhatWasTyped() async throws {
        guard TmuxSession.require() else { return }
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let certificateOnly = Binary.scratch + "/certificate-only.pem"
        let pem = try String(contentsOfFile: simulator.certificatePath, encoding: .utf8)
        let certificateBlock = pem.components(separatedBy: "-----BEGIN CERTIFICATE-----").last!
        try ("-----BEGIN CERTIFICATE-----" + certificateBlock).write(toFile: certificateOnly, atomically: true, encoding: .utf8)
        let tmux = try TmuxSession(command: TmuxSession.commandLine(simulator.connectionArguments, environment: Self.environment))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Service principal + certificate"), "\(tmux.screen())")
        try tmux.send("j")
        try tmux.send("j")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("▸ Certificate PEM"), "\(tmux.screen())")
        try tmux.send("-l", certificateOnly)
        try tmux.send("Enter")
        #expect(await tmux.waitFor("holds no private key"), "\(tmux.screen())")
        #expect(tmux.screen().contains("▸ Certificate PEM"), "the focus is on the field at fault")
        #expect(tmux.screen().contains("certificate-only.pem"), "the path is kept")
        // An emptied required field is named before anything goes to the network.
        try tmux.send("BTab")
        try tmux.send("C-u")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("Client id: required"), "\(tmux.screen())")
        // A good certificate signs in.
        try tmux.send("-l", simulator.clientId)
        try tmux.send("Tab")
        try tmux.send("C-u")
        try tmux.send("-l", simulator.certificatePath)
        try tmux.send("Enter")
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send("q")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }

    /// How many TCP sockets the process listens on (its socket descriptors matched in /proc/net/tcp{,6}).
    static func listeningSockets(of pid: Int32) -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        let inodes = Set(fds.compactMap { fd -> String? in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)"),
                  target.hasPrefix("socket:[") else { return nil }
            return String(target.dropFirst("socket:[".count).dropLast())
        })
        var count = 0
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            // Read to the end: /proc files report size 0, and a read sized by it can stop at the first page
            // (a full test run has hundreds of sockets, and the listener may come after them).
            let text = FileHandle(forReadingAtPath: table).map { String(decoding: $0.readDataToEndOfFile(), as: UTF8.self) } ?? ""
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                if fields.count > 9, fields[3] == "0A", inodes.contains(String(fields[9])) { count += 1 }
            }
        }
        return count
    }
}
