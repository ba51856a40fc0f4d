import Synchronization
import Foundation
import Tokens

/// Everything the demo tenant answers, as a function from request to response. The HTTP server only
/// adapts; tests can call ``handle(_:)`` directly.
public struct SimulatorCore: Sendable {
    public let tenant: DemoTenant
    public let issuer: TokenIssuer
    let entra: EntraEndpoints
    let powerBI: PowerBIEndpoints
    let refreshes: RefreshBook
    let managedIdentity: ManagedIdentityEndpoints

    /// Builds the tenant. Without `certificates`, certificate client assertions are refused (AADSTS700027).
    init(options: SimulatorOptions, signingKey: RSASigningKey, certificates: DemoCertificates?) {
        var tenant = DemoTenant.generate(seed: options.seed, workspaces: options.workspaces, items: options.items, hostile: options.hostileNames)
        tenant.settingsOff = options.settingsOff
        self.tenant = tenant
        var issuer = TokenIssuer(signingKey: signingKey, tenantId: tenant.tenantId, lifetime: options.tokenLifetime)
        if options.hostileNames { issuer.extraAppClaims = [("app_displayname", .string(TokenIssuer.hostileAppName))] }
        self.issuer = issuer
        refreshes = RefreshBook(refreshSeconds: options.refreshSeconds, scheduleSeconds: options.scheduleSeconds,
                                offlineGateway: DemoContent.gateways(seed: tenant.seed).first { !$0.online }?.id)
        let scheme = options.tls ? "https" : "http"
        let clientId = tenant.confidentialClient.clientId
        let assertions = certificates.map { ClientAssertionVerifier(certificates: $0, clientId: clientId) }
        entra = EntraEndpoints(tenant: tenant, issuer: issuer, scheme: scheme, deviceCodeInterval: options.deviceCodeInterval,
                               deviceCodeLifetime: options.deviceCodeLifetime, clientAssertions: assertions)
        powerBI = PowerBIEndpoints(tenant: tenant, issuer: issuer, refreshes: refreshes, scheme: scheme, scannerLimits: options.scannerLimits)
        managedIdentity = ManagedIdentityEndpoints(tenant: tenant, issuer: issuer)
    }

    public init(options: SimulatorOptions, signingKey: RSASigningKey) {
        self.init(options: options, signingKey: signingKey, certificates: nil)
    }

    /// How many Power BI calls were being answered at once, and the most ever.
    let inFlight = InFlightGauge()
    /// Lists of workspaces and of a workspace's datasets asked for: a client given ids must send none.
    let listings = ListingCounter()

    /// `GET /_simulator/stats`: what the simulator saw, for tests that must prove what a client sent.
    func stats(faults: [String: Int]) -> SimResponse {
        let now = Date()
        let started = refreshes.started.map { datasetId, record -> JSONValue in
            let status = record.status(at: now)
            var fields: [(key: String, value: JSONValue)] = [
                ("datasetId", .string(datasetId)), ("requestId", .string(record.requestId)), ("status", .string(status.rawValue)),
                ("enhanced", .bool(record.enhanced)),
            ]
            if status == .failed { fields.append(("errorCode", .string("ModelRefreshFailed_CredentialsNotSpecified"))) }
            return .object(JSONObject(fields))
        }
        return .json(200, [
            "refreshPosts": .int(refreshes.postCount),
            "powerBIRequests": .int(inFlight.total),
            "powerBIPeakInFlight": .int(inFlight.peak),
            "workspaceListings": .int(listings.workspaces),
            "datasetListings": .int(listings.datasets),
            "getInfoCalls": .int(powerBI.scannerBook.counts.getInfo),
            "peakConcurrentScans": .int(powerBI.scannerBook.counts.peakConcurrent),
            "refreshes": .array(started),
            "faults": .object(JSONObject(faults.sorted { $0.key < $1.key }.map { (key: $0.key, value: JSONValue.int($0.value)) })),
        ])
    }

    /// How many dataset refresh POSTs arrived (accepted or refused): lets tests prove a keypress sent one.
    public var refreshPostCount: Int { refreshes.postCount }

    public func handle(_ request: SimRequest) -> SimResponse {
        listings.count(request)
        if let response = powerBI.handle(request) { return response }
        if let response = entra.handle(request) { return response }
        if let response = managedIdentity.handle(request) { return response }
        if request.path == "/" || request.path.isEmpty {
            return .html(200, "<html><head><title>pbitui demo tenant</title></head><body><h1>pbitui demo tenant</h1><p>Tenant \(tenant.tenantId)</p></body></html>")
        }
        if request.path.hasPrefix("/v1.0/") {
            return PowerBIErrors.notFound(requestId: UUID().uuidString.lowercased())
        }
        return .html(404, "<html><head><title>404 - Not Found</title></head><body>The resource you are looking for has been removed, had its name changed, or is temporarily unavailable.</body></html>")
    }
}

/// Counts the listings that name resolution sends: `GET …/groups` and `GET …/groups/{id}/datasets`.
final class ListingCounter: Sendable {
    private let counts = Mutex((workspaces: 0, datasets: 0))

    func count(_ request: SimRequest) {
        guard request.method == "GET", request.path.hasPrefix("/v1.0/myorg/") else { return }
        let parts = request.path.dropFirst("/v1.0/myorg/".count).lowercased().split(separator: "/")
        if parts == ["groups"] { counts.withLock { $0.workspaces += 1 } }
        if parts.count == 3, parts[0] == "groups", parts[2] == "datasets" { counts.withLock { $0.datasets += 1 } }
    }

    var workspaces: Int { counts.withLock { $0.workspaces } }
    var datasets: Int { counts.withLock { $0.datasets } }
}

/// Counts requests being answered: now, the most at once, and in all.
final class InFlightGauge: Sendable {
    private struct Counts { var now = 0, peak = 0, total = 0 }
    private let counts = Mutex(Counts())

    func enter() {
        counts.withLock { counts in
            counts.now += 1
            counts.total += 1
            counts.peak = max(counts.peak, counts.now)
        }
    }

    func leave() { counts.withLock { $0.now -= 1 } }
    var peak: Int { counts.withLock { $0.peak } }
    var total: Int { counts.withLock { $0.total } }
}
