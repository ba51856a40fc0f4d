import Foundation
import HTTPCore

/// A one-shot HTTP listener on 127.0.0.1 and an ephemeral port, for the browser sign-in's redirect.
/// It answers every request with a short page and hands the first request's query to the caller.
final class LoopbackListener: @unchecked Sendable {
    let port: Int
    private let socket: Int32
    private let lock = NSLock()
    private var closed = false

    init() throws(AuthError) {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .invalidSetting(Setting(.browser), problem: "cannot open a loopback socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            close(fd)
            throw .invalidSetting(Setting(.browser), problem: "cannot listen on 127.0.0.1")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        socket = fd
        port = Int(UInt16(bigEndian: actual.sin_port))
    }

    /// Waits for requests until one carries `code` or `error`; answers each with a page. Ends with nil
    /// when the listener is closed (timeout or cancel).
    func nextRedirect() async -> [String: String]? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { [self] in
                while true {
                    let client = accept(socket, nil, nil)
                    guard client >= 0 else { continuation.resume(returning: nil); return }
                    var buffer = [UInt8](repeating: 0, count: 8192)
                    let count = read(client, &buffer, buffer.count)
                    let text = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
                    let target = text.split(separator: " ", maxSplits: 2).dropFirst().first.map(String.init) ?? "/"
                    let query = target.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
                    let fields = Dictionary(FormEncoding.decode(query), uniquingKeysWith: { first, _ in first })
                    let done = fields["code"] != nil || fields["error"] != nil
                    let body = done ? "<html><body><h1>pbitui</h1><p>Sign-in finished. You can close this window.</p></body></html>"
                                    : "<html><body><p>Waiting for the sign-in to finish…</p></body></html>"
                    let response = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
                    _ = response.withCString { write(client, $0, strlen($0)) }
                    close(client)
                    if done { continuation.resume(returning: fields); return }
                }
            }
        }
    }

    func shutdown() {
        lock.withLock {
            guard !closed else { return }
            closed = true
            Glibc.shutdown(socket, Int32(SHUT_RDWR))
            close(socket)
        }
    }

    deinit { shutdown() }
}
