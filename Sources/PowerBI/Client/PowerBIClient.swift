public import EntraAuth
public import Foundation
public import Tokens
import HTTPCore

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
    public var retryPolicy: RetryPolicy
    /// Told about every wait for a `Retry-After`, so a screen can count down.
    public var throttleObserver: (@Sendable (ThrottleNotice) -> Void)?
    /// Put between the API root and every path: `/v1.0/myorg` for Power BI.
    public let basePath: String
    /// Host suffixes besides the API root's own host that this client's token may be sent to (redirects).
    public let trustedHostSuffixes: [String]
    let credential: any TokenCredential
    let transport: any HTTPTransport

    public init(apiRoot: URL, credential: any TokenCredential, scope: String, transport: any HTTPTransport,
                pageSize: Int = 5000, retryPolicy: RetryPolicy = RetryPolicy(), basePath: String = "/v1.0/myorg",
                trustedHostSuffixes: [String] = PowerBIClient.powerBIHostSuffixes) {
        self.apiRoot = apiRoot
        self.credential = credential
        self.scope = scope
        self.transport = transport
        self.pageSize = max(1, pageSize)
        self.retryPolicy = retryPolicy
        self.basePath = basePath
        self.trustedHostSuffixes = trustedHostSuffixes
    }

    /// The Power BI client of a session from ``SessionFactory``: its transport, credential and scope.
    public init(session: AuthSession, apiRoot: URL, pageSize: Int = 5000) {
        self.init(apiRoot: apiRoot, credential: session.credential, scope: session.scope, transport: session.transport, pageSize: pageSize)
    }

    /// The token this client calls with (for the token inspector and the permission check).
    public func currentToken() async throws(PowerBIError) -> AccessToken {
        do { return try await credential.token(for: scope) } catch { throw .auth(error) }
    }

    /// `{apiRoot}{basePath}{path}` (`…/v1.0/myorg/groups`) with the query appended.
    public func url(_ path: String, query: [(String, String)] = []) -> URL {
        var text = apiRoot.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += basePath + path
        if !query.isEmpty {
            text += "?" + query.map { FormEncoding.escape($0.0).replacingOccurrences(of: "%24", with: "$") + "=" + FormEncoding.escape($0.1).replacingOccurrences(of: "+", with: "%20") }
                .joined(separator: "&")
        }
        return URL(string: text)!
    }

    /// True for the hosts a Power BI token may go to: the API root's own host and the service's cluster
    /// hosts in every cloud. A redirect anywhere else is followed without the Authorization header.
    public func mayCarryToken(to url: URL) -> Bool {
        guard let host = url.host?.lowercased() else { return false }
        if host == apiRoot.host?.lowercased() && url.port == apiRoot.port { return true }
        guard url.scheme?.lowercased() == "https" else { return false }
        return trustedHostSuffixes.contains { host == $0 || host.hasSuffix("." + $0) }
    }

    public static let powerBIHostSuffixes = ["api.powerbi.com", "analysis.windows.net", "powerbi.com", "powerbigov.us",
                                      "analysis.usgovcloudapi.net", "powerbi.cn", "analysis.chinacloudapi.cn"]

    /// Sends one authenticated request and returns a success answer.
    ///
    /// - A 401 or 403 whose code is `TokenExpired` renews the token once and tries again.
    /// - 307/308 redirects are followed (at most 5), the token only to Power BI hosts.
    /// - A 429 whose `Retry-After` is within ``RetryPolicy/maximumAutomaticWait`` is waited out and the
    ///   request sent again (a 429 proves the request was not accepted, so this holds for POSTs too);
    ///   a longer wait is not slept through: the error comes back with `retryAfter`.
    /// - GETs are tried again after a 5xx or a broken connection; other methods never are.
    ///
    /// With `returningErrors`, an error answer that is not worth trying again comes back as the response
    /// instead of as an error (the API console shows it as the service sent it). `readOnly` marks a POST that
    /// changes nothing (Execute DAX Queries, whose documentation asks for retries after 500, 502 and 503) to be
    /// tried again as a GET is. An `Accept` in `headers` replaces the default `application/json`. `wait` is how
    /// long the transport waits for the answer (60 s unless a DAX query was given a timeout of its own).
    public func send(_ method: String, _ path: String, query: [(String, String)] = [], body: Data? = nil,
                     headers extra: HTTPHeaders = [:], returningErrors: Bool = false, readOnly: Bool = false,
                     wait: Duration = .seconds(60)) async throws(PowerBIError) -> HTTPResponse {
        try await send(method, target: url(path, query: query), path: path, body: body, headers: extra, returningErrors: returningErrors,
                       readOnly: readOnly, wait: wait)
    }

    /// Sends to a whole URL the service handed back (a `continuationUri`, a `Location`), as
    /// ``send(_:_:query:body:headers:returningErrors:)`` does. The URL must be on the API root's host:
    /// anything else is refused before a token is fetched, so a service answer cannot send it elsewhere.
    public func send(_ method: String, absolute target: URL, body: Data? = nil) async throws(PowerBIError) -> HTTPResponse {
        guard target.host?.lowercased() == apiRoot.host?.lowercased(), target.port == apiRoot.port,
              target.scheme?.lowercased() == apiRoot.scheme?.lowercased() else {
            throw .invalidArgument("refusing to follow \(target.host ?? "a URL without a host"): not the API root's host")
        }
        return try await send(method, target: target, path: target.path, body: body, headers: [:], returningErrors: false, readOnly: false,
                              wait: .seconds(60))
    }

    private func send(_ method: String, target start: URL, path: String, body: Data?, headers extra: HTTPHeaders,
                      returningErrors: Bool, readOnly: Bool, wait: Duration) async throws(PowerBIError) -> HTTPResponse {
        var target = start
        var renewed = false
        var attempts = 0
        var throttles = 0
        var redirects = 0
        let idempotent = readOnly || ["GET", "HEAD", "OPTIONS"].contains(method.uppercased())
        var tokenKind: AccessToken.Kind?
        var audienceMismatch: (audience: String, wanted: String)?
        while true {
            var request = HTTPRequest(method: method, url: target, headers: extra, body: body)
            if mayCarryToken(to: target) {
                let token: AccessToken
                do { token = try await credential.token(for: scope) } catch { throw .auth(error) }
                // Advice that names tenant settings is for a token this API takes: one for another audience
                // (or that could not be read) is named as such instead.
                let wanted = TokenAudience.resource(ofScope: scope)
                audienceMismatch = wanted.flatMap { wanted in token.audience.flatMap { TokenAudience.same($0, wanted) ? nil : ($0, wanted) } }
                tokenKind = audienceMismatch == nil ? token.kind : nil
                request.headers.set("Authorization", "Bearer " + token.value)
            }
            if request.headers["Accept"] == nil { request.headers.set("Accept", "application/json") }
            if body != nil, request.headers["Content-Type"] == nil { request.headers.set("Content-Type", "application/json") }
            let response: HTTPResponse
            do {
                response = try await transport.send(request, timeout: wait)
            } catch {
                // A query that ran out of time is not sent again (it would run out again); a GET is.
                let timedOut = if case .timedOut = error { true } else { false }
                if idempotent, error != .cancelled, !(readOnly && timedOut), attempts + 1 < retryPolicy.idempotentAttempts, !Task.isCancelled {
                    attempts += 1
                    try await pause(retryPolicy.backoff * (1 << (attempts - 1)))
                    continue
                }
                throw .transport(error)
            }
            if [301, 302, 303, 307, 308].contains(response.status), redirects < 5,
               let location = response.headers["Location"], let next = URL(string: location, relativeTo: target)?.absoluteURL {
                redirects += 1
                target = next
                continue
            }
            if response.isSuccess { return response }
            var error = ServiceError(response: response, method: method, path: path)
            error.advice = audienceMismatch.map { "the token is for \($0.audience), not \($0.wanted): get a token for this API" }
                ?? Self.advice(for: error, tokenKind: tokenKind)
            if !renewed, response.status == 401 || response.status == 403, error.code == "TokenExpired" {
                renewed = true
                await credential.invalidate(scope: scope)
                continue
            }
            if response.status == 429 || (response.status == 503 && error.retryAfter != nil) {
                let wait = error.retryAfter ?? 1
                if throttles < retryPolicy.throttleAttempts, Duration.seconds(wait) <= retryPolicy.maximumAutomaticWait {
                    throttles += 1
                    throttleObserver?(ThrottleNotice(method: method, path: path, seconds: wait, until: Date().addingTimeInterval(TimeInterval(wait)),
                                                     requestId: error.requestId))
                    try await pause(.seconds(max(wait, 0)))
                    continue
                }
                if returningErrors { return response }
                throw .service(error)
            }
            if idempotent, [500, 502, 503, 504].contains(response.status), attempts + 1 < retryPolicy.idempotentAttempts {
                attempts += 1
                try await pause(retryPolicy.backoff * (1 << (attempts - 1)))
                continue
            }
            if returningErrors { return response }
            throw .service(error)
        }
    }

    /// Why the service probably said no, from the status, the code and the kind of token (reference/powerbi.md §3.2).
    static func advice(for error: ServiceError, tokenKind: AccessToken.Kind?) -> String? {
        let myWorkspacePaths = ["/datasets", "/reports", "/dashboards", "/dataflows"]
        if tokenKind == .app, [401, 403, 404].contains(error.status), myWorkspacePaths.contains(where: { error.path.hasPrefix($0) }) {
            return "this call is on My workspace, which exists only for users: a service principal has none. Name a workspace instead"
        }
        if tokenKind == .app, [401, 403].contains(error.status),
           let refusal = TenantKind.allCases.first(where: { error.path == $0.spec.path })?.spec.refusedToApps {
            return refusal
        }
        if error.path.lowercased().hasPrefix("/admin/"), [401, 403].contains(error.status), error.code != "TokenExpired" {
            return tokenKind == .app
                ? "the admin APIs take an app only when the tenant setting \"Service principals can access read-only admin APIs\" (Admin portal › Admin API settings; and \"Service principals can use Fabric APIs\") covers it, and only if it holds no admin-consented Power BI permissions in Entra ID (App registrations › API permissions)"
                : "the admin APIs need a Fabric administrator (or a Power Platform or Global administrator) signed in with the Tenant.Read.All or Tenant.ReadWrite.All scope"
        }
        switch (error.status, tokenKind) {
        case (401, .app?):
            return "an app token was refused: the tenant setting \"Service principals can use Fabric APIs\" (Admin portal › Developer settings) must allow this app or a security group holding it, and the app must be a member of the workspace"
        case (401, _):
            return "the token may lack the scope this call needs (see `pbitui token`), or admin consent is missing"
        case (403, _) where error.code != "TokenExpired":
            return "the token was accepted but this identity lacks the right: check its workspace role, or tenant settings for admin APIs"
        case (404, _) where error.code == "PowerBIEntityNotFound":
            return "the item does not exist, or this identity cannot see it: Power BI answers 404 for both"
        default:
            return nil
        }
    }

    private func pause(_ duration: Duration) async throws(PowerBIError) {
        do { try await Task.sleep(for: duration) } catch { throw .transport(.cancelled) }
    }

    /// GETs `path` and returns the JSON body. A success answer whose body is not JSON (cut short by a
    /// proxy or a dropped connection) is asked for again, as a 5xx would be: a GET changes nothing.
    public func getJSON(_ path: String, query: [(String, String)] = []) async throws(PowerBIError) -> JSONValue {
        var attempt = 1
        while true {
            let response = try await send("GET", path, query: query)
            do {
                return try JSONValue.parse(response.body)
            } catch {
                guard attempt < retryPolicy.idempotentAttempts, !Task.isCancelled else {
                    throw .malformedResponse(method: "GET", path: path, status: response.status,
                                             detail: "a body that is not JSON (\(error))",
                                             requestId: response.headers["RequestId"])
                }
                try await pause(retryPolicy.backoff * (1 << (attempt - 1)))
                attempt += 1
            }
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

    /// Like ``listAllPages(_:query:)``, but hands back each item's JSON text exactly as the service sent
    /// it (characters that would act on a terminal escaped), without building a tree: for output that
    /// passes 10,000 objects on unchanged (`ls --output json`).
    ///
    /// A full page's objects are taken in while the next page is on its way: the quick scan says how many
    /// there are (so whether another page is needed), and the rest of the work (ids, duplicates, escapes)
    /// overlaps the next request instead of delaying it. No request is sent that paging would not send.
    public func listAllPagesText(_ path: String, query: [(String, String)] = []) async throws(PowerBIError) -> JSONPassThrough {
        var objects = JSONPassThrough()
        var skip = 0
        func page(_ skip: Int) -> [(String, String)] { query + [("$top", String(pageSize)), ("$skip", String(skip))] }
        var response = try await send("GET", path, query: page(0))
        while true {
            let pageQuery = page(skip)
            if let scanned = JSONPassThrough.scan(page: [UInt8](response.body)) {
                if scanned.count < pageSize {
                    objects.add(scanned)
                    return objects
                }
                skip += scanned.count
                let nextQuery = page(skip)
                let next = Task { () async -> Result<HTTPResponse, PowerBIError> in
                    do throws(PowerBIError) { return .success(try await send("GET", path, query: nextQuery)) } catch { return .failure(error) }
                }
                objects.add(scanned)
                response = try await withTaskCancellationHandler { await next.value } onCancel: { next.cancel() }.get()
                continue
            }
            // Not something the scanner follows: the full parser says exactly what is wrong.
            let fallback = try await list(path, query: pageQuery)
            for item in fallback { objects.add(object: ArraySlice(item.serializedBytes()), id: item["id"]?.stringValue) }
            if fallback.count < pageSize { return objects }
            skip += fallback.count
            response = try await send("GET", path, query: page(skip))
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
