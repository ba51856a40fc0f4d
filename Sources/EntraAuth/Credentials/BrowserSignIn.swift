import Crypto
import Foundation
import HTTPCore
import Tokens

/// Authorization code with PKCE (S256) on a loopback redirect (reference/entra.md §3): a listener on
/// 127.0.0.1 and an ephemeral port, `redirect_uri` `http://localhost:PORT`, a random `state` checked on
/// return; the browser is `$BROWSER`, else `xdg-open`; the URL always reaches `showURL` too, for machines
/// where no browser opens. Gives up after `timeout`.
public struct BrowserSignIn: UserSignIn {
    let environment: [String: String]
    let timeout: Duration
    let showURL: @Sendable (URL) async -> Void

    public init(environment: [String: String] = ProcessEnvironment.current, timeout: Duration = .seconds(300),
                showURL: @escaping @Sendable (URL) async -> Void = { _ in }) {
        self.environment = environment
        self.timeout = timeout
        self.showURL = showURL
    }

    static func randomURLSafe(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    public func signIn(scope: String, clientId: String, endpoint: TokenEndpoint, client: ClientAuthentication?) async throws(AuthError) -> TokenEndpoint.Grant {
        let listener = try LoopbackListener()
        defer { listener.shutdown() }
        let verifier = Self.randomURLSafe(32)
        let challenge = Base64URL.encode(SHA256.hash(data: Array(verifier.utf8)))
        let state = Self.randomURLSafe(16)
        let redirect = "http://localhost:\(listener.port)"
        var components = URLComponents(url: endpoint.authorityHost.appendingPathComponent(endpoint.tenant)
            .appendingPathComponent("oauth2/v2.0/authorize"), resolvingAgainstBaseURL: false)!
        components.queryItems = [
            URLQueryItem(name: "client_id", value: clientId), URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "redirect_uri", value: redirect), URLQueryItem(name: "response_mode", value: "query"),
            URLQueryItem(name: "scope", value: scope), URLQueryItem(name: "state", value: state),
            URLQueryItem(name: "code_challenge", value: challenge), URLQueryItem(name: "code_challenge_method", value: "S256"),
        ]
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        let url = components.url!
        await showURL(url)
        openBrowser(url)

        let redirectTask = Task { await listener.nextRedirect() }
        let timeout = self.timeout
        let timer = Task {
            try? await Task.sleep(for: timeout)
            listener.shutdown()
        }
        let fields = await withTaskCancellationHandler { await redirectTask.value } onCancel: { listener.shutdown() }
        timer.cancel()
        guard let fields else {
            if Task.isCancelled { throw .transport(.cancelled) }
            throw .invalidSetting(Setting(.browser), problem: "nobody finished signing in within \(timeout)")
        }
        guard fields["state"] == state else {
            throw .invalidSetting(Setting(.browser), problem: "the redirect carried a wrong state; the sign-in was not started by pbitui and is refused")
        }
        if let error = fields["error"] {
            throw .entra(EntraErrorResponse(error: error, errorDescription: fields["error_description"]), status: 400)
        }
        return try await endpoint.redeem([("client_id", clientId), ("grant_type", "authorization_code"), ("code", fields["code"] ?? ""),
                                          ("redirect_uri", redirect), ("code_verifier", verifier), ("scope", scope), ("client_info", "1")]
                                         + (try await client?.fields(clientId: clientId, endpoint: endpoint.url) ?? []))
    }

    /// Starts `$BROWSER URL` (or `xdg-open URL`) without a shell, and does not wait for it.
    func openBrowser(_ url: URL) {
        let command = environment["BROWSER"].flatMap { $0.isEmpty ? nil : $0 } ?? "xdg-open"
        guard let path = CommandRunner.find(command, environment: environment) else { return }
        _ = try? ChildProcess.spawn(path, [url.absoluteString], environment: environment, pipeStdout: false, pipeStderr: false)
    }
}
