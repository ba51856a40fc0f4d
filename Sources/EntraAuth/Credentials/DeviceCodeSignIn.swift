import Foundation
import HTTPCore
import Tokens

/// What to show a person during device-code sign-in.
public struct DeviceCodePrompt: Sendable, Hashable {
    public let userCode: String
    public let verificationURI: String
    /// Entra's own sentence ("To sign in, use a web browser to open the page … and enter the code …").
    public let message: String
    public let expiresOn: Date
}

/// Device authorization grant (RFC 8628): works with MFA and on machines without a browser. The code
/// reaches the caller through `prompt` as soon as it exists; polling honours `interval` and `slow_down`,
/// stops on decline and expiry, and ends when the task is cancelled.
public struct DeviceCodeSignIn: UserSignIn {
    let prompt: @Sendable (DeviceCodePrompt) async -> Void

    public init(prompt: @escaping @Sendable (DeviceCodePrompt) async -> Void) { self.prompt = prompt }

    public func signIn(scope: String, clientId: String, endpoint: TokenEndpoint, client: ClientAuthentication?) async throws(AuthError) -> TokenEndpoint.Grant {
        let codeURL = endpoint.authorityHost.appendingPathComponent(endpoint.tenant).appendingPathComponent("oauth2/v2.0/devicecode")
        let response: HTTPResponse
        do {
            response = try await endpoint.transport.send(.form(codeURL, [("client_id", clientId), ("scope", scope)]), timeout: .seconds(60))
        } catch { throw .transport(error) }
        let where_ = URLPolicy.origin(of: codeURL) + codeURL.path
        guard response.isSuccess else {
            if let entra = EntraErrorResponse(body: response.body) { throw .entra(entra, status: response.status) }
            throw .unexpectedResponse(endpoint: where_, status: response.status, detail: ResponseExcerpt.describe(response))
        }
        guard let json = try? JSONValue.parse(response.body), let deviceCode = json["device_code"]?.stringValue else {
            throw .unexpectedResponse(endpoint: where_, status: response.status, detail: "a body without device_code")
        }
        var interval = max(1, json["interval"]?.intValue ?? 5)
        let expiresOn = Date().addingTimeInterval(TimeInterval(min(max(json["expires_in"]?.intValue ?? 900, 0), 86_400)))
        await prompt(DeviceCodePrompt(
            userCode: json["user_code"]?.stringValue ?? "", verificationURI: json["verification_uri"]?.stringValue ?? json["verification_url"]?.stringValue ?? "",
            message: json["message"]?.stringValue ?? "", expiresOn: expiresOn))
        while true {
            do {
                return try await endpoint.redeem([("client_id", clientId), ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                                                  ("device_code", deviceCode), ("client_info", "1")]
                                                 + (try await client?.fields(clientId: clientId, endpoint: endpoint.url) ?? []))
            } catch {
                guard case let .entra(answer, _) = error else { throw error }
                switch answer.error {
                case "authorization_pending": break
                case "slow_down": interval += 5
                default: throw error
                }
            }
            if Date() > expiresOn {
                throw .entra(EntraErrorResponse(error: "expired_token", errorDescription: "The device code expired before anyone signed in."),
                             status: 400)
            }
            // Sleep in short steps so that cancelling (the person pressing Esc) takes effect at once.
            for _ in 0..<(interval * 4) {
                do { try await Task.sleep(for: .milliseconds(250)) } catch { throw .transport(.cancelled) }
            }
        }
    }
}
