import EntraAuth
import Foundation
import HTTPCore
import Tokens

/// A credential with a fixed token that counts how often it was asked and invalidated.
actor FixedCredential: TokenCredential {
    private(set) var requests = 0
    private(set) var invalidations = 0

    func token(for scope: String) async throws(AuthError) -> AccessToken {
        requests += 1
        return AccessToken(value: "token-\(invalidations)", expiresOn: Date().addingTimeInterval(3600), scopes: [scope],
                           tenantId: "t", clientId: "c", kind: .app, audience: nil)
    }

    func invalidate(scope: String) async { invalidations += 1 }
}

/// A transport answered by a closure, recording each request.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var _requests: [HTTPRequest] = []
    private let answer: @Sendable (HTTPRequest, Int) -> HTTPResponse
    var requests: [HTTPRequest] { lock.withLock { _requests } }

    init(_ answer: @escaping @Sendable (HTTPRequest, Int) -> HTTPResponse) { self.answer = answer }

    func send(_ request: HTTPRequest, timeout: Duration) async throws(TransportError) -> HTTPResponse {
        try URLPolicy.check(request.url)
        let index = lock.withLock { () -> Int in
            _requests.append(request)
            return _requests.count - 1
        }
        return answer(request, index)
    }

    static func json(_ status: Int, _ text: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var all = headers
        all.set("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: all, body: Data(text.utf8))
    }
}

extension URL {
    /// Query parameters, decoded.
    var queryItems: [String: String] {
        Dictionary(FormEncoding.decode(query ?? "").map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
    }
}
