import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// The real network transport, on async-http-client. One instance serves a whole process; call
/// ``shutdown()`` before the process ends normally.
public final class AsyncHTTPTransport: HTTPTransport {
    private let client: HTTPClient
    /// Answers larger than this are refused instead of filling memory.
    public let maximumBodySize: Int

    /// A transport that trusts the system's certificate authorities, or, when `caFile` (PEM) is given, the
    /// authorities in that file instead: as curl's `--cacert` and Python's `verify=` do, for a corporate
    /// TLS-inspecting proxy or the demo tenant's `--tls`. Not reading the system's bundle of about 140
    /// certificates also takes about 12 ms off every command's first connection.
    public init(maximumBodySize: Int = 256 << 20, caFile: String? = nil) throws(CAFileError) {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            let certificates: [NIOSSLCertificate]
            do { certificates = try NIOSSLCertificate.fromPEMFile(caFile) } catch {
                throw CAFileError(path: caFile, problem: "cannot read PEM certificates from \(caFile): \(error)")
            }
            guard !certificates.isEmpty else { throw CAFileError(path: caFile, problem: "\(caFile) holds no certificate") }
            tls.trustRoots = .certificates(certificates)
        }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .seconds(120))
        )
        configuration.httpVersion = .http1Only
        // A refused connection should fail at once with a clear message, not be retried until the
        // connect timeout: a person is waiting, and our own retry policy sits above the transport.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.maximumBodySize = maximumBodySize
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws(TransportError) -> HTTPResponse {
        let started = ContinuousClock.now
        func elapsed() -> Int {
            let duration = ContinuousClock.now - started
            return Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        }
        do {
            let response = try await exchange(request, timeout: timeout)
            ActivityLog.shared.exchange(request, status: response.status, failure: nil, milliseconds: elapsed(),
                                        requestId: response.headers["RequestId"] ?? response.headers["x-ms-request-id"])
            return response
        } catch {
            ActivityLog.shared.exchange(request, status: nil, failure: error.description, milliseconds: elapsed(), requestId: nil)
            throw error
        }
    }

    private func exchange(_ request: HTTPRequest, timeout: Duration) async throws(TransportError) -> HTTPResponse {
        try URLPolicy.check(request.url)
        let host = URLPolicy.origin(of: request.url)
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        if outgoing.headers["User-Agent"].isEmpty { outgoing.headers.add(name: "User-Agent", value: "pbitui/0.1") }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let seconds = Int(timeout.components.seconds)
        do {
            let response = try await client.execute(outgoing, timeout: .seconds(Int64(max(seconds, 1))))
            var headers = HTTPHeaders()
            for field in response.headers { headers.add(field.name, field.value) }
            return HTTPResponse(status: Int(response.status.code), headers: headers, body: try await collect(response))
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout:
                throw .timedOut(host: host, seconds: seconds)
            case .cancelled:
                throw .cancelled
            case .remoteConnectionClosed:
                throw .unreachable(host: host, reason: "the connection was closed before a full answer arrived")
            default:
                throw .unreachable(host: host, reason: String(describing: error))
            }
        } catch is CancellationError {
            throw .cancelled
        } catch is BodyTooLarge {
            throw .responseTooLarge(host: host, limit: maximumBodySize)
        } catch {
            throw .unreachable(host: host, reason: Self.describe(error))
        }
    }

    private struct BodyTooLarge: Error {}

    /// The answer's body, copied once: into room its `Content-Length` announces, chunk by chunk as they
    /// arrive (collecting into a growing buffer and converting it to `Data` copied a 1.8 MB page of
    /// workspaces about three times).
    private func collect(_ response: HTTPClientResponse) async throws -> Data {
        var body = Data()
        if let announced = response.headers.first(name: "Content-Length").flatMap({ Int($0) }), announced > 0 {
            guard announced <= maximumBodySize else { throw BodyTooLarge() }
            body.reserveCapacity(announced)
        }
        for try await chunk in response.body {
            guard body.count + chunk.readableBytes <= maximumBodySize else { throw BodyTooLarge() }
            chunk.withUnsafeReadableBytes { body.append($0.assumingMemoryBound(to: UInt8.self)) }
        }
        return body
    }

    /// A readable reason for a low-level connection failure ("connection refused" rather than a type dump).
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("connectTimeout") { return "connection timed out" }
        if text.contains("NXDOMAIN") || text.contains("getaddrinfo") || text.contains("unknown host") {
            return "the host name could not be resolved"
        }
        if text.contains("connectionReset") || text.contains("Connection reset") || text.contains("ECONNRESET") {
            return "the connection was reset"
        }
        if text.contains("TLS") || text.contains("handshake") || text.contains("certificate") {
            return "TLS failed: \(text)"
        }
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

/// A CA file (`--ca-file`) that cannot be used: which, and what is wrong with it.
public struct CAFileError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let problem: String

    public var description: String { "--ca-file: \(problem)" }
}
