/// What each claim of an Entra ID access or id token means (Microsoft's access-token and id-token claims
/// references, reference/entra.md §5 and reference/jwt.md §4.7), and what its common values mean.
///
/// ```swift
/// ClaimCatalogue.explain("appidacr")?.meaning        // "How the client app proved who it is …"
/// ClaimCatalogue.explainValue("appidacr", .string("2")) // "certificate (or a signed assertion)"
/// ```
public enum ClaimCatalogue {
    public struct Entry: Sendable, Hashable {
        public let claim: String
        /// Where it appears: "header", "v1", "v2", "v1 and v2", "id token".
        public let appears: String
        public let meaning: String
    }

    /// The entry of a payload claim, or of a header member with `inHeader`.
    public static func explain(_ claim: String, inHeader: Bool = false) -> Entry? {
        inHeader ? headerEntries[claim] : payloadEntries[claim]
    }

    /// A sentence about a value, where the value itself means something (`idtyp`, `appidacr`, `amr`, `wids`, …).
    public static func explainValue(_ claim: String, _ value: JSONValue) -> String? {
        switch claim {
        case "idtyp": return value.stringValue == "app" ? "app-only token (no user)" : value.stringValue == "user" ? "a user's token" : nil
        case "appidacr", "azpacr":
            return ["0": "public client (no client secret or certificate)", "1": "client secret", "2": "certificate (or a signed assertion)"][value.stringValue ?? ""]
        case "acr": return ["0": "the user did not meet the requirements of multi-factor authentication", "1": "authenticated"][value.stringValue ?? ""]
        case "amr":
            let methods = value.arrayValue?.compactMap(\.stringValue) ?? []
            let named = methods.map { method in authenticationMethods[method].map { "\(method) (\($0))" } ?? method }
            return named.isEmpty ? nil : named.joined(separator: ", ")
        case "wids":
            let ids = value.arrayValue?.compactMap(\.stringValue) ?? []
            let named = ids.compactMap { directoryRoles[$0.lowercased()] }
            return named.isEmpty ? nil : named.joined(separator: ", ")
        case "tid", "iss", "idp":
            if let text = value.stringValue, text.lowercased().contains("9188040d-6c67-4c5b-b112-36a304b66dad") {
                return "the Microsoft personal accounts (MSA) tenant"
            }
            return nil
        case "ver": return ["1.0": "v1.0 token (issuer sts.windows.net)", "2.0": "v2.0 token (issuer login.microsoftonline.com/…/v2.0)"][value.stringValue ?? ""]
        case "xms_cc":
            return value.arrayValue?.contains(where: { $0.stringValue == "cp1" }) == true ? "the client can handle claims challenges (continuous access evaluation)" : nil
        case "aud":
            guard let text = value.stringValue else { return nil }
            return knownAudiences.first { text.lowercased().hasPrefix($0.key) }?.value
        default: return nil
        }
    }

    /// `amr` values.
    public static let authenticationMethods: [String: String] = [
        "pwd": "password", "rsa": "a key (e.g. Windows Hello, Authenticator)", "otp": "one-time passcode",
        "fed": "federated identity provider", "wia": "Windows integrated authentication", "mfa": "multi-factor authentication",
        "ngcmfa": "MFA suitable for provisioning new credentials", "wiaormfa": "Windows integrated or MFA", "none": "no authentication",
        "face": "face recognition", "fido": "FIDO2 key", "kba": "knowledge-based", "sms": "text message", "tel": "phone call",
        "swk": "software-secured key", "hwk": "hardware-secured key", "pop": "proof of possession",
    ]

    /// Directory role template ids seen in `wids` most often.
    public static let directoryRoles: [String: String] = [
        "62e90394-69f5-4237-9190-012177145e10": "Global Administrator",
        "f2ef992c-3afb-46b9-b7cf-a126ee74c451": "Global Reader",
        "a9ea8996-122f-4c74-9520-8edcd192826c": "Fabric (Power BI) Administrator",
        "11648597-926c-4cf3-9c36-bcebb0ba8dcc": "Power Platform Administrator",
        "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": "Application Administrator",
        "158c047a-c907-4556-b7ef-446551a6b5f7": "Cloud Application Administrator",
        "fe930be7-5e62-47db-91af-98c3a49a38b1": "User Administrator",
        "729827e3-9c14-49f7-bb1b-9608f156bbb8": "Helpdesk Administrator",
        "194ae4cb-b126-40b2-bd5b-6091b380977d": "Security Administrator",
        "5d6b6bb7-de71-4623-b4af-96380a352509": "Security Reader",
        "e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
        "7be44c8a-adaf-4e2a-84d6-ab2649e08a13": "Privileged Authentication Administrator",
        "f28a1f50-f6e7-4571-818b-6a12f2af6b6c": "SharePoint Administrator",
        "29232cdf-9323-42fd-ade2-1d097af3e4de": "Exchange Administrator",
        "69091246-20e8-4a56-aa4d-066075b2a7a8": "Teams Administrator",
        "17315797-102d-40b4-93e0-432062caca18": "Compliance Administrator",
        "44367163-eba1-44c3-98af-f5787879f96a": "Dynamics 365 Administrator",
        "b79fbf4d-3ef9-4689-8143-76b194e85509": "member user (default role)",
    ]

    /// Audiences people meet, by prefix.
    public static let knownAudiences: [String: String] = [
        "https://analysis.windows.net/powerbi/api": "Power BI REST API",
        "https://analysis.usgovcloudapi.net/powerbi/api": "Power BI REST API (US Government)",
        "https://analysis.chinacloudapi.cn/powerbi/api": "Power BI REST API (China)",
        "https://api.fabric.microsoft.com": "Microsoft Fabric REST API",
        "https://graph.microsoft.com": "Microsoft Graph",
        "00000003-0000-0000-c000-000000000000": "Microsoft Graph",
        "https://management.azure.com": "Azure Resource Manager",
        "https://management.core.windows.net": "Azure Resource Manager (classic audience)",
        "https://database.windows.net": "Azure SQL Database",
        "https://storage.azure.com": "Azure Storage",
        "https://vault.azure.net": "Azure Key Vault",
    ]

    static let headerEntries: [String: Entry] = Dictionary(uniqueKeysWithValues: list.filter { $0.appears == "header" }.map { ($0.claim, $0) })
    static let payloadEntries: [String: Entry] = Dictionary(uniqueKeysWithValues: list.filter { $0.appears != "header" }.map { ($0.claim, $0) })

    /// Every claim with an explanation, header claims first.
    public static let list: [Entry] = [
        Entry(claim: "typ", appears: "header", meaning: "The token type; always JWT for Entra access tokens."),
        Entry(claim: "alg", appears: "header", meaning: "The signing algorithm; RS256 for Entra tokens. `none` and HMAC (HS256) are never accepted from Entra."),
        Entry(claim: "kid", appears: "header", meaning: "The id (thumbprint) of the key that signed the token; look it up in the issuer's key set (JWKS)."),
        Entry(claim: "x5t", appears: "header", meaning: "SHA-1 thumbprint of the signing certificate; same value as kid; legacy, v1.0 tokens only."),
        Entry(claim: "nonce", appears: "header", meaning: "Present in Microsoft Graph tokens: the signature covers a transformed nonce, so only Graph can verify them."),
        Entry(claim: "cty", appears: "header", meaning: "Content type; JWT when the payload is itself a token (nested)."),
        Entry(claim: "aud", appears: "v1 and v2", meaning: "The audience: the API this token is for. An API must reject tokens for another audience."),
        Entry(claim: "iss", appears: "v1 and v2", meaning: "The issuer: the security token service and tenant that issued the token (sts.windows.net/{tid}/ for v1.0, login.microsoftonline.com/{tid}/v2.0 for v2.0)."),
        Entry(claim: "idp", appears: "v1 and v2", meaning: "The identity provider that authenticated the subject; differs from iss for guests and federated users."),
        Entry(claim: "iat", appears: "v1 and v2", meaning: "Issued at (seconds since 1970, UTC)."),
        Entry(claim: "nbf", appears: "v1 and v2", meaning: "Not before: the token is not valid before this time."),
        Entry(claim: "exp", appears: "v1 and v2", meaning: "Expires: the token is not valid after this time. Entra access tokens live 60–90 minutes by default."),
        Entry(claim: "aio", appears: "v1 and v2", meaning: "Opaque Entra-internal data; do not use."),
        Entry(claim: "rh", appears: "v1 and v2", meaning: "Opaque Entra-internal data used to revalidate tokens; do not use."),
        Entry(claim: "uti", appears: "v1 and v2", meaning: "Token identifier (like jti); useful when reporting a token to Microsoft."),
        Entry(claim: "acr", appears: "v1", meaning: "Authentication context class: 0 means the user did not meet MFA requirements, 1 means authenticated."),
        Entry(claim: "acrs", appears: "v1 and v2", meaning: "Authentication context ids the user satisfied (conditional access)."),
        Entry(claim: "amr", appears: "v1", meaning: "How the user authenticated: pwd, mfa, rsa, otp, fed, wia, …"),
        Entry(claim: "appid", appears: "v1", meaning: "The client id of the application that asked for the token."),
        Entry(claim: "azp", appears: "v2", meaning: "The client id of the application that asked for the token (v2.0's appid)."),
        Entry(claim: "appidacr", appears: "v1", meaning: "How the client app proved who it is: 0 public client, 1 client secret, 2 certificate."),
        Entry(claim: "azpacr", appears: "v2", meaning: "How the client app proved who it is: 0 public client, 1 client secret, 2 certificate."),
        Entry(claim: "app_displayname", appears: "v1 and v2 (optional)", meaning: "The display name of the client application."),
        Entry(claim: "idtyp", appears: "v1 and v2 (optional)", meaning: "app for an app-only token, user for a user's token: the most reliable way to tell them apart."),
        Entry(claim: "scp", appears: "v1 and v2", meaning: "Delegated permissions (scopes) the user consented to for this app, space-separated; only in user tokens."),
        Entry(claim: "roles", appears: "v1 and v2", meaning: "Application permissions granted to the app (app-only tokens), or app roles of the user."),
        Entry(claim: "wids", appears: "v1 and v2", meaning: "Directory roles of the user in the tenant, as role template ids."),
        Entry(claim: "groups", appears: "v1 and v2 (optional)", meaning: "Object ids of the groups the subject belongs to (when the app asks for them)."),
        Entry(claim: "hasgroups", appears: "v1 and v2", meaning: "True when the user is in more groups than fit in the token; call Graph for them."),
        Entry(claim: "_claim_names", appears: "v1 and v2", meaning: "Group overage: the groups were left out and must be read from the source named here."),
        Entry(claim: "_claim_sources", appears: "v1 and v2", meaning: "Where to read claims that were left out (group overage)."),
        Entry(claim: "sub", appears: "v1 and v2", meaning: "The subject, unique per application (pairwise); stable, but different for each app."),
        Entry(claim: "oid", appears: "v1 and v2", meaning: "The object id of the user or service principal in the tenant; the same for every app."),
        Entry(claim: "tid", appears: "v1 and v2", meaning: "The tenant (directory) id. 9188040d-… is the Microsoft personal accounts tenant."),
        Entry(claim: "name", appears: "v1 and v2", meaning: "The subject's display name; for display only, never for authorization."),
        Entry(claim: "preferred_username", appears: "v2", meaning: "The sign-in name; mutable, for display only, never for authorization."),
        Entry(claim: "unique_name", appears: "v1", meaning: "A human-readable sign-in name; display only."),
        Entry(claim: "upn", appears: "v1 (optional in v2)", meaning: "The user principal name (user@contoso.com); mutable."),
        Entry(claim: "email", appears: "v1 and v2 (optional)", meaning: "An email address, when the user has one; not verified by Entra for all accounts."),
        Entry(claim: "given_name", appears: "v1", meaning: "First name."),
        Entry(claim: "family_name", appears: "v1", meaning: "Last name."),
        Entry(claim: "ipaddr", appears: "v1", meaning: "The IP address the user authenticated from."),
        Entry(claim: "onprem_sid", appears: "v1", meaning: "The user's on-premises Active Directory security identifier."),
        Entry(claim: "pwd_exp", appears: "v1", meaning: "When the password expires (seconds)."),
        Entry(claim: "pwd_url", appears: "v1", meaning: "Where the user can change the password."),
        Entry(claim: "in_corp", appears: "v1", meaning: "True when the client signed in from the corporate network."),
        Entry(claim: "ver", appears: "v1 and v2", meaning: "Token version: 1.0 or 2.0, chosen by the API's app registration, not by the endpoint used."),
        Entry(claim: "xms_cc", appears: "v1 and v2", meaning: "Client capabilities; cp1 means the client can handle claims challenges (continuous access evaluation)."),
        Entry(claim: "xms_tcdt", appears: "v1 and v2", meaning: "When the tenant was created (seconds)."),
        Entry(claim: "ctry", appears: "v1 and v2 (optional)", meaning: "The user's country or region."),
        Entry(claim: "tenant_region_scope", appears: "v1 and v2 (optional)", meaning: "The region of the user's tenant."),
        Entry(claim: "auth_time", appears: "id token", meaning: "When the user last authenticated interactively."),
        Entry(claim: "nonce", appears: "id token", meaning: "The value the client sent, echoed back to stop replays."),
        Entry(claim: "c_hash", appears: "id token", meaning: "Hash of the authorization code."),
        Entry(claim: "at_hash", appears: "id token", meaning: "Hash of the access token issued with this id token."),
        Entry(claim: "login_hint", appears: "id token (optional)", meaning: "A hint for the next sign-in (the account)."),
        Entry(claim: "sid", appears: "id token", meaning: "The session id, for sign-out."),
        Entry(claim: "cnf", appears: "v1 and v2", meaning: "Confirmation key: the token is bound to a key the client holds (proof of possession)."),
        Entry(claim: "deviceid", appears: "v1 and v2 (optional)", meaning: "The id of the device the user signed in from."),
    ]
}
