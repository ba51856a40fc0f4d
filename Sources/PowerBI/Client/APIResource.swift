public import EntraAuth
public import Foundation
import HTTPCore

/// The APIs pbitui can call, each with its own token audience and hosts. A token for one is never sent
/// to another's host.
public enum APIResource: String, Sendable, CaseIterable {
    case powerbi, fabric, graph, arm

    /// Where requests go in `cloud`; nil where the API does not exist in that cloud.
    public func root(in cloud: Cloud) -> URL? {
        switch (self, cloud.name) {
        case (.powerbi, _): return cloud.apiRoot
        case (.fabric, "public"): return URL(string: "https://api.fabric.microsoft.com")
        case (.fabric, _): return nil
        case (.graph, "china"): return URL(string: "https://microsoftgraph.chinacloudapi.cn")
        case (.graph, "usgovhigh"), (.graph, "usgov"): return URL(string: "https://graph.microsoft.us")
        case (.graph, "usgovdod"): return URL(string: "https://dod-graph.microsoft.us")
        case (.graph, _): return URL(string: "https://graph.microsoft.com")
        case (.arm, "china"): return URL(string: "https://management.chinacloudapi.cn")
        case (.arm, "usgov"), (.arm, "usgovhigh"), (.arm, "usgovdod"): return URL(string: "https://management.usgovcloudapi.net")
        case (.arm, _): return URL(string: "https://management.azure.com")
        }
    }

    /// The `.default` scope of the resource in `cloud`.
    public func scope(in cloud: Cloud, root: URL) -> String {
        switch self {
        case .powerbi: cloud.powerBIDefaultScope
        case .fabric: DefaultScope.of("https://api.fabric.microsoft.com")
        case .graph, .arm: DefaultScope.of((root.scheme ?? "https") + "://" + (root.host ?? ""))
        }
    }

    /// The path prefix that relative paths get: `/v1.0/myorg` for Power BI, `/v1` for Fabric.
    public var basePath: String {
        switch self {
        case .powerbi: "/v1.0/myorg"
        case .fabric: "/v1"
        case .graph, .arm: ""
        }
    }

    /// Host suffixes, besides the root's own host, that may receive this resource's token on a redirect.
    public var trustedHostSuffixes: [String] {
        switch self {
        case .powerbi: PowerBIClient.powerBIHostSuffixes
        case .fabric: ["api.fabric.microsoft.com"]
        case .graph, .arm: []
        }
    }

    /// Splits what a person typed as PATH into the client's relative path: a full URL must be on the
    /// resource's host; a path that already starts with the base path (`/v1.0/myorg/groups`) keeps it once.
    public func relativePath(_ text: String, root: URL) throws(PowerBIError) -> (path: String, query: [(String, String)]) {
        let split = try Self.split(text, root: root, basePath: basePath, name: rawValue)
        if self == .powerbi, split.path.lowercased().hasPrefix("/v1.0/") {
            throw .invalidArgument("PATH: Power BI paths are relative to /v1.0/myorg (write /groups, or /v1.0/myorg/groups)")
        }
        return split
    }

    /// `text` (a path with its query, or a full URL that must be on `root`'s host) as a path below
    /// `basePath` and the query's pairs. `name` names the API in the refusal.
    static func split(_ text: String, root: URL, basePath: String, name: String) throws(PowerBIError) -> (path: String, query: [(String, String)]) {
        var path = text
        if let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme) {
            guard url.host?.lowercased() == root.host?.lowercased(), url.port == root.port else {
                throw .invalidArgument("refused: a \(name) token goes only to \(root.host ?? "its host"), not to \(url.host ?? text)")
            }
            path = url.path + (url.query.map { "?" + $0 } ?? "")
        }
        if !path.hasPrefix("/") { path = "/" + path }
        var query: [(String, String)] = []
        if let mark = path.firstIndex(of: "?") {
            query = FormEncoding.decode(String(path[path.index(after: mark)...])).map { ($0.0, $0.1) }
            path = String(path[..<mark])
        }
        if !basePath.isEmpty, path.lowercased().hasPrefix(basePath.lowercased() + "/") || path.lowercased() == basePath.lowercased() {
            path = String(path.dropFirst(basePath.count))
        }
        return (path, query)
    }
}

extension PowerBIClient {
    /// A client for another API with this client's credential and transport, its own token audience and
    /// hosts. Power BI gives this client back.
    public func client(for resource: APIResource, cloud: Cloud) throws(PowerBIError) -> PowerBIClient {
        guard resource != .powerbi else { return self }
        guard let root = resource.root(in: cloud) else {
            throw .invalidArgument("\(resource.rawValue) is not available in the \(cloud.name) cloud")
        }
        return PowerBIClient(apiRoot: root, credential: credential, scope: resource.scope(in: cloud, root: root), transport: transport,
                             basePath: resource.basePath, trustedHostSuffixes: resource.trustedHostSuffixes)
    }
}

extension PowerBIClient {
    /// A client for another Entra-protected API (a `--spec` description): its root and base path, with a
    /// token for `scope` from the same credential. The token goes to the root's host only (no redirects
    /// elsewhere), and plain http only to loopback, as for every client.
    public func client(root: URL, basePath: String, scope: String) -> PowerBIClient {
        PowerBIClient(apiRoot: root, credential: credential, scope: scope, transport: transport, basePath: basePath, trustedHostSuffixes: [])
    }
}
