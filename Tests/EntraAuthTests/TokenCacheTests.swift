import Foundation
import HTTPCore
import Simulator
import Testing
import Tokens
@testable import EntraAuth

/// A sign-in that must not happen: it records the attempt and fails.
actor ForbiddenSignIn: UserSignIn {
    private(set) var attempts = 0
    nonisolated func signIn(scope: String, clientId: String, endpoint: TokenEndpoint, client: ClientAuthentication?) async throws(AuthError) -> TokenEndpoint.Grant {
        await record()
        throw .unsupported("an interactive sign-in was attempted")
    }
    func record() { attempts += 1 }
}

@Suite struct TokenCacheTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("pbitui-cache-\(UUID().uuidString.prefix(8))/pbitui/tokens.json").path
    }

    static let key = TokenCache.Key(authority: "http://127.0.0.1:1", tenant: "t", clientId: "c", account: "a")

    @Test func writesAPrivateFileThatANewProcessReads() async throws {
        let path = Self.temporaryPath()
        try await TokenCache(path: path).store(Self.key, refreshToken: Secret("rt-1"), accessToken: nil, scope: "s")
        #expect(await TokenCache(path: path).refreshToken(for: Self.key)?.reveal() == "rt-1")
        let fileMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let folderMode = try FileManager.default.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(folderMode == 0o700)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(leftovers == ["tokens.json"])
    }

    @Test func aCorruptCacheIsSetAsideWithAWarning() async throws {
        let path = Self.temporaryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "{ this is not json".write(toFile: path, atomically: true, encoding: .utf8)
        let warnings = WarningLog()
        let cache = TokenCache(path: path, warn: { message in Task { await warnings.add(message) } })
        #expect(await cache.refreshToken(for: Self.key) == nil)
        try await cache.store(Self.key, refreshToken: Secret("rt-2"), accessToken: nil, scope: "s")
        // The warning is handed on in a task of its own: wait for it (the bound is a hang's, not a speed target).
        for _ in 0..<400 where await warnings.all.isEmpty { try await Task.sleep(for: .milliseconds(25)) }
        #expect(await warnings.all.first?.contains("could not be read") == true)
        let folder = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(folder.contains { $0.hasPrefix("tokens.json.corrupt-") })
        #expect(await TokenCache(path: path).refreshToken(for: Self.key)?.reveal() == "rt-2")
    }

    @Test func aDelegatedSignInIsSilentAfterARestart() async throws {
        let simulator = try await SimulatorServer.start(SimulatorOptions())
        let info = simulator.info
        let transport = try AsyncHTTPTransport()
        let path = Self.temporaryPath()
        let user = info.users.first { !$0.mfa }!
        let scope = "https://analysis.windows.net/powerbi/api/.default"
        func credential(_ signIn: any UserSignIn, now: @escaping @Sendable () -> Date = Date.init) -> DelegatedCredential {
            DelegatedCredential(authorityHost: URL(string: info.authorityHost)!, tenant: info.tenantId, clientId: info.publicClientId,
                                signIn: signIn, transport: transport, cache: TokenCache(path: path), account: user.username, now: now)
        }
        let first = try await credential(PasswordSignIn(username: user.username, password: Secret(user.password))).token(for: scope)
        let contents = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!contents.contains(user.password))

        // "Restart": new objects, no password. The access token comes from the cache.
        let forbidden = ForbiddenSignIn()
        let second = try await credential(forbidden).token(for: scope)
        #expect(second.value == first.value)
        // An hour later the refresh token renews it, still without signing in.
        let clock = TestClock()
        clock.advance(3600)
        let third = try await credential(forbidden, now: { clock.now }).token(for: scope)
        #expect(third.value != first.value)
        #expect(await forbidden.attempts == 0)
        await transport.shutdown()
        await simulator.stop()
    }
}

actor WarningLog {
    private(set) var all: [String] = []
    func add(_ message: String) { all.append(message) }
}
