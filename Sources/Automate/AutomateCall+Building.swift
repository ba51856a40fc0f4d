import APIDescriptions
import EntraAuth
import Foundation
import PowerBI
import Tokens

/// Building the call from what a person gives: an operation with its checked arguments, or `METHOD PATH`.
/// Shared by `pbitui automate` and the MCP `four_ways` tool.
extension AutomateCall {
    /// The operation's call (its arguments already checked into `call`) on `root`, for `audience`.
    public static func operation(_ operation: APIOperation, _ call: OperationCall, description: APIDescription, root: URL,
                                 audience: String, authorityHost: URL) -> AutomateCall? {
        var components = URLComponents(url: root, resolvingAgainstBaseURL: false)
        components?.path = call.path
        if !call.queryItems.isEmpty { components?.queryItems = call.queryItems.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components?.url else { return nil }
        return AutomateCall(label: operation.operationId, method: operation.method, url: url,
                            headers: call.headers.map { ($0.key, $0.value) }, body: call.body.flatMap { try? JSONValue.parse($0) },
                            audience: audience, authorityHost: authorityHost, operation: operation, description: description,
                            basePath: description.isPowerBI ? APIResource.powerbi.basePath : description.basePath)
    }

    /// `POST /groups/…/refreshes`: a Power BI path (relative to `/v1.0/myorg`, as `pbitui api` takes it) on the
    /// cloud's hosts, with the description's operation when one matches. Nil when `text` is not `METHOD PATH`.
    public static func powerBIPath(_ text: String, body: JSONValue?, cloud: Cloud) throws(PowerBIError) -> AutomateCall? {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        let method = parts.first?.uppercased() ?? ""
        guard ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method), parts.count == 2 else { return nil }
        let (path, query) = try APIResource.powerbi.relativePath(parts[1], root: cloud.apiRoot)
        let full = APIResource.powerbi.basePath + path
        var components = URLComponents(url: cloud.apiRoot, resolvingAgainstBaseURL: false)
        components?.path = full
        if !query.isEmpty { components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components?.url else { throw .invalidArgument("'\(parts[1])' is not a path") }
        return AutomateCall(label: "\(method) \(path)", method: method, url: url, body: body, audience: cloud.powerBIResource,
                            authorityHost: cloud.authorityHost, operation: OperationCatalogue.powerBI.operation(method: method, path: full),
                            description: OperationCatalogue.powerBI, basePath: APIResource.powerbi.basePath)
    }
}
