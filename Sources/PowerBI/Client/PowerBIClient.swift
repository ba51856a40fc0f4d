public import EntraAuth
public import Foundation
public import Tokens

/// The Power BI REST API of one API root (`{apiRoot}/v1.0/myorg/...`), called with tokens from one credential.
///
/// The bearer token goes only to the API root's host: every URL is built from ``apiRoot``.
///
/// ```swift
/// let client = PowerBIClient(apiRoot: Cloud.public.apiRoot, credential: credential,
///                            scope: Cloud.public.powerBIDefaultScope, transport: transport)
/// let workspaces = try await client.workspaces()
/// ```
public struct PowerBIClient: Sendable {
    public let apiRoot: URL
    public let scope: String
    /// Rows asked for per page with `$top`; the loop ends on the first short page.
    public let pageSize: Int
    let credential: any TokenCredential
    let transport: any HTTPTransport

    public init(apiRoot: URL, credential: any TokenCredential, scope: String, transport: any HTTPTransport,
                pageSize: Int = 5000) {
        self.apiRoot = apiRoot
        self.credential = credential
        self.scope = scope
        self.transport = transport
        self.pageSize = max(1, pageSize)
    }

    /// `{apiRoot}/v1.0/myorg{path}` with the query appended.
    public func url(_ path: String, query: [(String, String)] = []) -> URL {
        var text = apiRoot.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += "/v1.0/myorg" + path
        if !query.isEmpty {
            text += "?" + query.map { FormEncoding.escape($0.0).replacingOccurrences(of: "%24", with: "$") + "=" + FormEncoding.escape($0.1).replacingOccurrences(of: "+", with: "%20") }
                .joined(separator: "&")
        }
        return URL(string: text)!
    }

    /// Sends one authenticated request. A 401 or 403 whose code is `TokenExpired` renews the token once
    /// and tries again; other errors come back as ``PowerBIError``.
    public func send(_ method: String, _ path: String, query: [(String, String)] = [], body: Data? = nil,
                     headers extra: HTTPHeaders = [:]) async throws(PowerBIError) -> HTTPResponse {
        var renewed = false
        while true {
            let token: AccessToken
            do { token = try await credential.token(for: scope) } catch { throw .auth(error) }
            var request = HTTPRequest(method: method, url: url(path, query: query), headers: extra, body: body)
            request.headers.set("Authorization", "Bearer " + token.value)
            request.headers.set("Accept", "application/json")
            if body != nil, request.headers["Content-Type"] == nil { request.headers.set("Content-Type", "application/json") }
            let response: HTTPResponse
            do { response = try await transport.send(request, timeout: .seconds(60)) } catch { throw .transport(error) }
            if response.isSuccess { return response }
            let error = ServiceError(response: response, method: method, path: path)
            if !renewed, response.status == 401 || response.status == 403, error.code == "TokenExpired" {
                renewed = true
                await credential.invalidate(scope: scope)
                continue
            }
            throw .service(error)
        }
    }

    /// GETs `path` and returns the JSON body.
    public func getJSON(_ path: String, query: [(String, String)] = []) async throws(PowerBIError) -> JSONValue {
        let response = try await send("GET", path, query: query)
        do {
            return try JSONValue.parse(response.body)
        } catch {
            throw .malformedResponse(method: "GET", path: path, status: response.status,
                                     detail: "a body that is not JSON (\(error))",
                                     requestId: response.headers["RequestId"])
        }
    }

    /// GETs a collection (`{"value": [...]}`) and returns its items.
    public func list(_ path: String, query: [(String, String)] = []) async throws(PowerBIError) -> [JSONValue] {
        let json = try await getJSON(path, query: query)
        guard let items = json["value"]?.arrayValue else {
            throw .malformedResponse(method: "GET", path: path, status: 200,
                                     detail: "JSON without a \"value\" array", requestId: nil)
        }
        return items
    }

    /// GETs every page of a `$top`/`$skip` collection: pages of ``pageSize`` until a short page, items
    /// merged in order with duplicates (by case-insensitive `id`) removed, since paging over changing data
    /// can repeat rows.
    public func listAllPages(_ path: String, query: [(String, String)] = []) async throws(PowerBIError) -> [JSONValue] {
        var items: [JSONValue] = []
        var seen = Set<String>()
        var skip = 0
        while true {
            let page = try await list(path, query: query + [("$top", String(pageSize)), ("$skip", String(skip))])
            for item in page {
                if let id = item["id"]?.stringValue {
                    guard seen.insert(ItemID.key(id)).inserted else { continue }
                }
                items.append(item)
            }
            if page.count < pageSize { return items }
            skip += page.count
        }
    }

    /// Every workspace the caller can see (`GET /groups`, all pages). `filter` is an OData `$filter`.
    public func workspaces(filter: String? = nil) async throws(PowerBIError) -> [Workspace] {
        try await workspaceObjects(filter: filter).compactMap(Workspace.init(json:))
    }

    /// The workspace objects as the service sent them, all pages merged and de-duplicated.
    public func workspaceObjects(filter: String? = nil) async throws(PowerBIError) -> [JSONValue] {
        try await listAllPages("/groups", query: filter.map { [("$filter", $0)] } ?? [])
    }
}
