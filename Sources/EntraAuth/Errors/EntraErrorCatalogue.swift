/// What the AADSTS codes a Power BI tool meets mean, and what to do about each (reference/entra.md §4b).
/// Microsoft says the codes may change; they are used for advice only, never to decide what to do.
public enum EntraErrorCatalogue {
    public struct Entry: Sendable, Hashable {
        public let code: Int
        public let name: String
        public let meaning: String
        public let advice: String
    }

    public static func explain(_ code: Int) -> Entry? { entries[code] }

    /// Looks up `AADSTS7000215` or `7000215`.
    public static func explain(_ code: String) -> Entry? {
        Int(code.hasPrefix("AADSTS") ? String(code.dropFirst(6)) : code).flatMap { entries[$0] }
    }

    static let entries: [Int: Entry] = Dictionary(uniqueKeysWithValues: list.map { ($0.code, $0) })

    static let list: [Entry] = [
        Entry(code: 50076, name: "UserStrongAuthClientAuthNRequired", meaning: "the account must use multi-factor authentication",
              advice: "password sign-in cannot do MFA: use --auth device-code or --auth browser, or a service principal"),
        Entry(code: 50079, name: "UserStrongAuthEnrollmentRequired", meaning: "the account must register for multi-factor authentication",
              advice: "finish MFA registration in a browser, then use --auth device-code or --auth browser"),
        Entry(code: 50126, name: "InvalidUserNameOrPassword", meaning: "the user name or password is wrong",
              advice: "check both; federated accounts often cannot use password sign-in at all"),
        Entry(code: 50034, name: "UserAccountNotFound", meaning: "no such account in this tenant",
              advice: "check the user name and --tenant; guests must be invited first"),
        Entry(code: 50058, name: "UserInformationNotProvided", meaning: "no signed-in session to reuse",
              advice: "sign in interactively (--auth device-code or --auth browser)"),
        Entry(code: 53003, name: "BlockedByConditionalAccess", meaning: "a Conditional Access policy refused the sign-in",
              advice: "ask an admin which policy applies; a compliant device or the browser flow may pass where device code does not"),
        Entry(code: 65001, name: "DelegationDoesNotExist", meaning: "nobody consented to this app using the permissions asked for",
              advice: "sign in interactively to consent, or ask an admin for admin consent to the app"),
        Entry(code: 70011, name: "InvalidScope", meaning: "the scope is not valid",
              advice: "ask for one resource at a time, e.g. https://analysis.windows.net/powerbi/api/.default"),
        Entry(code: 90002, name: "InvalidTenantName", meaning: "the tenant does not exist (or not in this cloud)",
              advice: "check --tenant and --cloud; a tenant of another cloud is not found in this one"),
        Entry(code: 500011, name: "InvalidResourceServicePrincipalNotFound", meaning: "the resource is not known in this tenant",
              advice: "check the scope's resource and the cloud; Power BI may not be provisioned in the tenant"),
        Entry(code: 700016, name: "UnauthorizedClient_DoesNotMatchRequest", meaning: "the application is not known in this tenant",
              advice: "check --client-id and --tenant; a multi-tenant app must be consented in this tenant first"),
        Entry(code: 7000215, name: "InvalidClientSecret", meaning: "the client secret is wrong",
              advice: "use the secret's value, not its ID; or create a new secret (better: use a certificate)"),
        Entry(code: 7000222, name: "InvalidClientSecretExpiredKeysProvided", meaning: "the client secret has expired",
              advice: "create a new secret in the app registration, or move to --auth certificate"),
        Entry(code: 7000218, name: "InvalidClientNoCredential", meaning: "the app is treated as confidential and sent no secret or certificate",
              advice: "supply a secret or certificate, or enable public client flows for the app"),
        Entry(code: 700025, name: "InvalidClientPublicClientWithCredential", meaning: "a public client sent a secret or assertion",
              advice: "public clients must not send credentials; drop the secret, or use the confidential app"),
        Entry(code: 700027, name: "ClientAssertionFailedSignatureValidation", meaning: "the certificate assertion did not verify",
              advice: "upload this certificate to the app registration, and check that the key matches the certificate"),
        Entry(code: 700024, name: "ClientAssertionNotWithinValidTimeRange", meaning: "the certificate assertion is expired or not yet valid",
              advice: "check the machine's clock (NTP)"),
        Entry(code: 700021, name: "ClientAssertionIssuerMismatch", meaning: "the assertion's issuer or subject is not the client id",
              advice: "the assertion must name this app's client id as iss and sub"),
        Entry(code: 50027, name: "InvalidJwtToken", meaning: "the assertion is not a valid JWT", advice: "check the certificate file"),
        Entry(code: 50012, name: "AuthenticationFailed", meaning: "the client could not be authenticated",
              advice: "check the certificate or secret registered for the app"),
        Entry(code: 700082, name: "ExpiredOrRevokedGrantInactiveToken", meaning: "the refresh token expired from lack of use",
              advice: "sign in again"),
        Entry(code: 50173, name: "FreshTokenNeeded", meaning: "the grant was revoked (password change or admin action)", advice: "sign in again"),
        Entry(code: 70043, name: "BadTokenDueToSignInFrequency", meaning: "Conditional Access requires signing in again", advice: "sign in again"),
        Entry(code: 54005, name: "OAuthCodeAlreadyRedeemed", meaning: "the authorization code was already used", advice: "start the sign-in again"),
        Entry(code: 70008, name: "ExpiredOrRevokedGrant", meaning: "the code or refresh token has expired", advice: "sign in again"),
        Entry(code: 501481, name: "InvalidCodeChallenge", meaning: "the PKCE code verifier does not match the challenge",
              advice: "start the sign-in again; the verifier must come from the same attempt"),
        Entry(code: 50011, name: "InvalidReplyTo", meaning: "the redirect URI is not registered for the app",
              advice: "register http://localhost under Mobile and desktop applications"),
        Entry(code: 9001023, name: "GrantTypeNotSupportedOverCommon", meaning: "password sign-in cannot use /common or /consumers",
              advice: "use a specific --tenant or organizations"),
        Entry(code: 50196, name: "LoopDetected", meaning: "too many identical requests in a short time", advice: "wait, and cache tokens"),
        Entry(code: 90055, name: "TenantThrottlingError", meaning: "the tenant is sending too many requests", advice: "wait, then try again"),
        Entry(code: 1002012, name: "InvalidScopeForClientCredentials", meaning: "client credentials need a scope ending in /.default",
              advice: "use https://analysis.windows.net/powerbi/api/.default"),
        Entry(code: 70016, name: "AuthorizationPending", meaning: "the device code is waiting for someone to sign in", advice: "finish signing in on the page shown"),
        Entry(code: 70019, name: "CodeExpired", meaning: "the device code expired", advice: "start the device-code sign-in again"),
        Entry(code: 70018, name: "BadVerificationCode", meaning: "the device code is not valid", advice: "start the device-code sign-in again"),
        Entry(code: 9002313, name: "InvalidRequest", meaning: "the request is malformed (often an unknown refresh token)",
              advice: "sign in again; delete the token cache if it keeps happening"),
        Entry(code: 900144, name: "MissingParameter", meaning: "a required parameter is missing", advice: "this is a client bug; report it"),
        Entry(code: 70003, name: "UnsupportedGrantType", meaning: "the grant type is not supported", advice: "this is a client bug; report it"),
    ]
}
