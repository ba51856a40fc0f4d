import APIDescriptions
import EntraAuth
import Foundation

/// Where the calls of a `--spec` description go and the token they carry: the host its description names
/// (https; plain http only to loopback), its base path, and an audience (`https://…` or `api://…`).
public struct DescribedAPI: Sendable, Hashable {
    public let title: String
    /// `api.contoso.com`, or `127.0.0.1:8080`.
    public let host: String
    public let basePath: String
    /// The token's audience; the scope asked for is the audience's `/.default`.
    public let audience: String

    /// The API `description` describes. The audience is `audience` when given, else the one the description
    /// names (an OAuth2 scope's prefix), else `https://` and the host.
    public init(_ description: APIDescription, audience: String? = nil) throws(PowerBIError) {
        guard let host = description.host, !host.isEmpty else {
            throw .invalidArgument("\(description.title) names no host; pbitui calls an API at the host its description names")
        }
        guard !host.contains("/"), !host.contains("@"), !host.contains(where: \.isWhitespace),
              URL(string: "https://" + host)?.host != nil else {
            throw .invalidArgument("\(description.title): '\(host)' is not a host")
        }
        self.title = description.title
        self.host = host
        self.basePath = description.basePath
        let chosen = audience ?? description.audience ?? "https://" + (host.split(separator: ":").first.map(String.init) ?? host)
        self.audience = chosen.hasSuffix("/") ? String(chosen.dropLast()) : chosen
    }

    /// The host without its port.
    var hostName: String {
        if host.hasPrefix("[") { return String(host.dropFirst().prefix { $0 != "]" }) }
        return host.split(separator: ":").first.map(String.init) ?? host
    }

    /// 127.0.0.0/8, localhost, ::1: the only hosts plain http (and the demo tenant) may reach.
    public var isLoopback: Bool { ["localhost", "::1"].contains(hostName.lowercased()) || hostName.hasPrefix("127.") }

    public var root: URL { URL(string: (isLoopback ? "http://" : "https://") + host) ?? URL(fileURLWithPath: "/") }

    public var scope: String { DefaultScope.of(audience) }

    /// What a person typed as PATH, as the client's relative path and query: a full URL must be on the
    /// API's host; a path that starts with the base path keeps it once.
    public func relativePath(_ text: String) throws(PowerBIError) -> (path: String, query: [(String, String)]) {
        try APIResource.split(text, root: root, basePath: basePath, name: title)
    }
}

extension PowerBIClient {
    /// A client for a described API with this client's credential and transport.
    public func client(for api: DescribedAPI) -> PowerBIClient {
        client(root: api.root, basePath: api.basePath, scope: api.scope)
    }
}

extension PowerBIClient {
    /// This client with another credential (a token got another way): the same root, hosts and transport.
    public func client(credential: any TokenCredential) -> PowerBIClient {
        PowerBIClient(apiRoot: apiRoot, credential: credential, scope: scope, transport: transport, pageSize: pageSize,
                      retryPolicy: retryPolicy, basePath: basePath, trustedHostSuffixes: trustedHostSuffixes)
    }
}
