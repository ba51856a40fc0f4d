import EntraAuth
import Foundation
import HTTPCore
import Testing

/// Nothing is lost when pbitui dies at the worst moment, and the terminal comes back after a crash.
@Suite(.serialized, .enabled(if: TmuxSession.shouldRun, "tmux is not installed: end-to-end UI tests skipped (they fail under CI=true)"))
struct CrashSafetyTests {
    /// Password sign-ins write the token cache (the refresh token rotates on every silent sign-in); they are
    /// killed with SIGKILL at random moments, many times. The cache must still load and sign in silently.
    @Test func killNineDuringCacheWritesLeavesACacheThatLoads() async throws {
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let alex = try #require(simulator.users.first { !$0.mfa })
        let cache = Binary.scratch + "/crash-cache-\(UUID().uuidString.prefix(8))"
        var arguments = ["ls", "workspaces", "--auth", "password", "--username", alex.username] + simulator.connectionArguments
        arguments[arguments.firstIndex(of: "--client-id")! + 1] = simulator.publicClientId
        let first = try await Binary.run(arguments, environment: ["AZURE_PASSWORD": alex.password, "XDG_CACHE_HOME": cache])
        #expect(first.status == 0, "\(first.stderr)")
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = cache
        environment["XDG_STATE_HOME"] = Binary.scratch + "/state"
        environment["XDG_CONFIG_HOME"] = Binary.scratch + "/config"
        environment["AZURE_PASSWORD"] = "wrong: only the cache can sign in"
        var killed = 0
        var round = 0
        while killed < 20, round < 80 {
            let child = try ChildProcess.spawn(Binary.path, arguments, environment: environment, pipeStdout: false, pipeStderr: false)
            // Spread the kills over the whole run: before, during and after the token exchange and the write.
            try await Task.sleep(for: .milliseconds(5 + (round * 17) % 150))
            child.send(SIGKILL)
            if await child.exitStatus() == 128 + SIGKILL { killed += 1 }
            round += 1
        }
        #expect(killed >= 20, "only \(killed) of \(round) runs were killed before they ended")
        let folder = cache + "/pbitui"
        let after = try await Binary.run(arguments, environment: ["AZURE_PASSWORD": "wrong: only the cache can sign in", "XDG_CACHE_HOME": cache])
        #expect(after.status == 0, "the cache no longer signs in after \(killed) kills: \(after.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(!files.contains { $0.contains("corrupt") }, "a cache was found unreadable and moved aside: \(files)")
        #expect(!files.contains { $0.contains(".tmp-") }, "the temporary files of killed writers were not cleaned up: \(files)")
        let text = try String(contentsOfFile: folder + "/tokens.json", encoding: .utf8)
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil)
        #expect(try FileManager.default.attributesOfItem(atPath: folder + "/tokens.json")[.posixPermissions] as? Int == 0o600)
    }

    /// pbitui reads its config file and never writes it (so it never needs a backup of it): after
    /// commands and a UI session the file is byte for byte and time for time what it was, alone in its folder.
    @Test func theConfigFileIsNeverWritten() async throws {
        guard TmuxSession.require() else { return }
        let simulator = try await SimulatorProcess.start()
        defer { simulator.stop() }
        let config = Binary.scratch + "/config-never-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: config + "/pbitui/themes", withIntermediateDirectories: true)
        let file = config + "/pbitui/config.toml"
        let text = """
            # my settings, my comments, my order
            default_profile = "demo"
            theme = "light"

            [profiles.demo]
            authority_host = "\(simulator.authorityHost)"
            api_root = "\(simulator.apiRoot)"
            tenant = "\(simulator.tenantId)"
            client_id = "\(simulator.clientId)"
            client_secret_env = "DEMO_SECRET"

            [keys]
            quit = ["q", "Ctrl-X"]
            """
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)], ofItemAtPath: file)
        let before = try FileManager.default.attributesOfItem(atPath: file)
        let environment = ["XDG_CONFIG_HOME": config, "DEMO_SECRET": simulator.clientSecret]
        #expect(try await Binary.run(["ls", "workspaces"], environment: environment).status == 0)
        let refresh = try await Binary.run(["refresh", "--workspace", "Sales Analytics", "--dataset", "Sales Model"], environment: environment)
        #expect(refresh.status == 0, "\(refresh.stderr)")
        let tmux = try TmuxSession(command: TmuxSession.commandLine([], environment: environment))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        try tmux.send(":")
        try tmux.send("-l", "theme solarized-dark")
        try tmux.send("Enter")
        #expect(await tmux.waitFor("Theme solarized-dark"), "\(tmux.screen())")
        try tmux.send("C-x")
        #expect(await tmux.waitFor("EXIT=0"), "\(tmux.screen())")
        let after = try FileManager.default.attributesOfItem(atPath: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
        #expect(after[.modificationDate] as? Date == before[.modificationDate] as? Date)
        #expect(after[.systemFileNumber] as? Int == before[.systemFileNumber] as? Int, "the file was replaced")
        #expect(try FileManager.default.contentsOfDirectory(atPath: config + "/pbitui").sorted() == ["config.toml", "themes"])
    }

    /// A crash signal (SIGSEGV here; a Swift trap is SIGILL, an abort SIGABRT: the same handler) and a hang-up
    /// leave the terminal usable: cooked mode and echo back, and the exit status tells the signal.
    @Test(arguments: [(SIGSEGV, "139"), (SIGABRT, "134"), (SIGHUP, "129")])
    func aCrashOrAHangUpRestoresTheTerminal(_ signalNumber: Int32, _ status: String) async throws {
        guard TmuxSession.require() else { return }
        // Without the runtime's backtracer, so that the test sees the plain death by signal.
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo"], environment: ["SWIFT_BACKTRACE": "enable=no"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        let pid = try #require(tmux.pbituiProcessID())
        kill(pid, signalNumber)
        #expect(await tmux.waitFor("EXIT=\(status)"), "\(tmux.screen())")
        #expect(await tmux.waitFor("TERMINAL-RESTORED"), "\(tmux.screen())")
    }

    /// SIGTERM, SIGHUP and SIGINT end pbitui and restore the terminal even while the main loop is busy (held
    /// here for 30 s by the hidden `:debug-stall`); the exit status tells the signal.
    @Test(arguments: [(SIGTERM, "143"), (SIGHUP, "129"), (SIGINT, "130")])
    func aSignalEndsTheProgramWhileTheLoopIsBusy(_ signalNumber: Int32, _ status: String) async throws {
        guard TmuxSession.require() else { return }
        let tmux = try TmuxSession(command: TmuxSession.commandLine(["--demo"]))
        defer { tmux.kill() }
        #expect(await tmux.waitFor("Workspaces (10)"), "\(tmux.screen())")
        let pid = try #require(tmux.pbituiProcessID())
        try tmux.send(":")
        try tmux.send("-l", "debug-stall 30000")
        try tmux.send("Enter")
        try await Task.sleep(for: .milliseconds(300))
        kill(pid, signalNumber)
        // Before the 30-second stall ends (the loop cannot have ended by itself); the bound leaves a busy
        // machine room and still proves it.
        #expect(await tmux.waitFor("EXIT=\(status)", timeout: 25), "\(tmux.screen())")
        #expect(await tmux.waitFor("TERMINAL-RESTORED", timeout: 25), "\(tmux.screen())")
    }
}
