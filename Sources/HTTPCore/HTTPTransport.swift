import Foundation

/// Sends HTTP requests. pbitui's clients talk to the network only through this, so that the rules about
/// where tokens and plain http may go live in one place, and tests can see every request.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and reads the whole response. Never follows redirects: callers decide, because a
    /// redirect must not carry a bearer token to another host.
    func send(_ request: HTTPRequest, timeout: Duration) async throws(TransportError) -> HTTPResponse
}

extension HTTPTransport {
    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        try await send(request, timeout: .seconds(60))
    }
}

/// Why a request never got an HTTP answer.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Plain `http://` to a host that is not loopback, or a scheme that is neither http nor https.
    case insecureURL(String)
    /// The connection could not be made or broke before a full answer arrived.
    case unreachable(host: String, reason: String)
    case timedOut(host: String, seconds: Int)
    case responseTooLarge(host: String, limit: Int)
    case cancelled

    public var description: String {
        switch self {
        case let .insecureURL(url):
            return "refused to send to \(url): plain http is allowed only to loopback hosts (use https)"
        case let .unreachable(host, reason):
            return "could not reach \(host): \(reason)"
        case let .timedOut(host, seconds):
            return "\(host) did not answer within \(seconds) s"
        case let .responseTooLarge(host, limit):
            return "the answer from \(host) was larger than \(limit / (1 << 20)) MiB"
        case .cancelled:
            return "cancelled"
        }
    }
}

/// Where pbitui may send requests at all.
public enum URLPolicy {
    /// True for `localhost`, `127.0.0.0/8` and `::1`.
    public static func isLoopback(host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" { return true }
        let octets = host.split(separator: ".")
        return octets.count == 4 && octets.first == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Throws unless `url` is https, or http to a loopback host.
    public static func check(_ url: URL) throws(TransportError) {
        guard let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw .insecureURL(url.absoluteString)
        }
        if scheme == "https" { return }
        if scheme == "http", isLoopback(host: host) { return }
        // The Azure Instance Metadata Service is plain http on a link-local address by design.
        if scheme == "http", host == "169.254.169.254", url.path.hasPrefix("/metadata/identity/") { return }
        throw .insecureURL(url.absoluteString)
    }

    /// A display form of a URL's origin, `scheme://host[:port]`, for messages.
    public static func origin(of url: URL) -> String {
        var text = (url.scheme ?? "?") + "://" + (url.host ?? "?")
        if let port = url.port { text += ":\(port)" }
        return text
    }
}
