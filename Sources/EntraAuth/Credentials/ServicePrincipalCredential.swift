import Foundation
import HTTPCore

/// How a confidential client proves who it is.
public enum ClientAuthentication: Sendable {
    case secret(Secret)
    case certificate(ClientCertificate, ClientCertificate.Algorithm)
    /// A secret read when first needed (a secret command runs at sign-in, not at start).
    case secretSource(SecretSource, [String: String])

    /// The form fields that authenticate the client at `endpoint`.
    func fields(clientId: String, endpoint: URL) async throws(AuthError) -> [(String, String)] {
        switch self {
        case let .secretSource(source, environment):
            return [("client_secret", try await source.resolve(environment: environment).reveal())]
        case let .secret(secret):
            return [("client_secret", secret.reveal())]
        case let .certificate(certificate, algorithm):
            return [("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                    ("client_assertion", try certificate.assertion(clientId: clientId, tokenEndpoint: endpoint, algorithm: algorithm))]
        }
    }
}

/// Signs in as a service principal with a client secret.
public typealias ClientSecretCredential = ServicePrincipalCredential

extension ServicePrincipalCredential {
    public init(authorityHost: URL, tenant: String, clientId: String, secret: Secret, transport: any HTTPTransport,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.init(authorityHost: authorityHost, tenant: tenant, clientId: clientId, authentication: .secret(secret),
                  transport: transport, now: now)
    }
}

/// Signs in as a service principal with a client secret or a certificate (OAuth 2.0 client credentials grant).
///
/// App-only tokens: no user, no refresh token; a new token is requested when the old one has less than
/// five minutes left. Concurrent callers share one request.
///
/// ```swift
/// let credential = ServicePrincipalCredential(authorityHost: Cloud.public.authorityHost, tenant: tenantID,
///                                             clientId: appID, secret: Secret(value), transport: transport)
/// let token = try await credential.token(for: Cloud.public.powerBIDefaultScope)
/// ```
public actor ServicePrincipalCredential: TokenCredential {
    public nonisolated let clientId: String
    private let authentication: ClientAuthentication
    private let endpoint: TokenEndpoint
    private var cached: [String: AccessToken] = [:]
    private var pending: [String: Task<AccessToken, any Error>] = [:]
    private let now: @Sendable () -> Date

    public init(authorityHost: URL, tenant: String, clientId: String, authentication: ClientAuthentication,
                transport: any HTTPTransport, now: @escaping @Sendable () -> Date = Date.init) {
        self.clientId = clientId
        self.authentication = authentication
        self.endpoint = TokenEndpoint(authorityHost: authorityHost, tenant: tenant, transport: transport)
        self.now = now
    }

    public func token(for scope: String) async throws(AuthError) -> AccessToken {
        if let token = cached[scope], !token.needsRenewal(at: now()) { return token }
        let task: Task<AccessToken, any Error>
        if let running = pending[scope] {
            task = running
        } else {
            let endpoint = self.endpoint, clientId = self.clientId, authentication = self.authentication, now = self.now
            task = Task {
                let started = now()
                let grant = try await endpoint.redeem([("client_id", clientId), ("scope", scope)]
                    + (try await authentication.fields(clientId: clientId, endpoint: endpoint.url))
                    + [("grant_type", "client_credentials")])
                return AccessToken(value: grant.accessToken, tokenType: grant.tokenType,
                                   expiresOn: started.addingTimeInterval(TimeInterval(grant.expiresIn)),
                                   requestedScopes: [scope], grantedScope: grant.scope,
                                   tenantId: endpoint.tenant, clientId: clientId)
            }
            pending[scope] = task
        }
        do {
            let token = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
            pending[scope] = nil
            cached[scope] = token
            return token
        } catch let error as AuthError {
            pending[scope] = nil
            throw error
        } catch {
            pending[scope] = nil
            throw .transport(.cancelled)
        }
    }

    public func invalidate(scope: String) async {
        cached[scope] = nil
    }
}
