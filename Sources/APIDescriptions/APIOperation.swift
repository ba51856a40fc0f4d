import Foundation
import Tokens

/// Whether a service principal (an app token) may call an operation, as the description's text says.
public enum ServicePrincipalSupport: Sendable, Hashable {
    /// "This API call can be called by a service principal profile", "… or authenticate using a service principal".
    case yes
    /// "Service principal authentication isn't supported."
    case no
    /// "Can only be called by a service principal."
    case only
    /// Supported with limits, in words ("not for datasets with RLS or SSO").
    case conditional(String)
    /// The description does not say (typically My-workspace operations, which app tokens have no use for).
    case notStated

    /// One word for tables and JSON: `yes`, `no`, `only`, `conditional`, `not stated`.
    public var word: String {
        switch self {
        case .yes: "yes"
        case .no: "no"
        case .only: "only"
        case .conditional: "conditional"
        case .notStated: "not stated"
        }
    }

    /// The word `ops --output json` writes (DESIGN.md): `yes`, `no`, `only`, `conditional`, `unknown`.
    public var jsonWord: String { self == .notStated ? "unknown" : word }

    /// The condition of a conditional support, in words.
    public var condition: String? {
        if case let .conditional(text) = self { return text }
        return nil
    }
}

/// One parameter of an operation.
public struct APIParameter: Sendable, Hashable {
    public enum Location: String, Sendable, Hashable {
        case path, query, header, body, formData
    }

    public let name: String
    public let location: Location
    public let required: Bool
    /// `string`, `integer`, `boolean`, `number`, `array`; for a body, the schema's name or `object`.
    public let type: String
    public let format: String?
    /// The allowed values when the description lists them (an enum), as text.
    public let choices: [String]
    public let summary: String
    /// The body's schema (with `$ref`s as written; ``APIDescription/resolve(_:)`` follows them).
    public let schema: JSONValue?

    public init(name: String, location: Location, required: Bool, type: String, format: String?, choices: [String],
                summary: String, schema: JSONValue?) {
        self.name = name
        self.location = location
        self.required = required
        self.type = type
        self.format = format
        self.choices = choices
        self.summary = summary
        self.schema = schema
    }
}

/// One operation of an API description.
public struct APIOperation: Sendable, Hashable {
    public let operationId: String
    /// `GET`, `POST`, `PUT`, `PATCH`, `DELETE`.
    public let method: String
    /// The path with the description's base path: `/v1.0/myorg/groups/{groupId}/datasets`.
    public let path: String
    /// The first tag (`Datasets`), or `Other`.
    public let tag: String
    public let summary: String
    /// The description as written (Markdown).
    public let description: String
    /// Path-level parameters first, then the operation's own.
    public let parameters: [APIParameter]
    /// Delegated scopes, any one of which allows the call ("## Required Scope").
    public let scopes: [String]
    public let servicePrincipal: ServicePrincipalSupport
    public let deprecated: Bool
    /// Operation id, summary, path and description, lower-cased once, for search.
    let searchText: String

    public init(operationId: String, method: String, path: String, tag: String, summary: String, description: String,
         parameters: [APIParameter], scopes: [String], servicePrincipal: ServicePrincipalSupport, deprecated: Bool) {
        self.operationId = operationId
        self.method = method
        self.path = path
        self.tag = tag
        self.summary = summary
        self.description = description
        self.parameters = parameters
        self.scopes = scopes
        self.servicePrincipal = servicePrincipal
        self.deprecated = deprecated
        searchText = [operationId, summary, path, description].joined(separator: "\n").lowercased()
    }

    /// True when every word of `query` is in the operation id, summary, path or description, ignoring case.
    public func matches(_ query: String) -> Bool {
        query.lowercased().split(whereSeparator: \.isWhitespace).allSatisfy { searchText.contains($0) }
    }

    /// Administrator operations (`/admin/`): they need a Fabric administrator or an app with admin APIs allowed.
    public var isAdmin: Bool { path.lowercased().contains("/admin/") || path.lowercased().hasSuffix("/admin") }
    /// POST, PUT, PATCH and DELETE change something (the screen asks first, `--read-only` refuses them), except
    /// the POSTs of ``readOnlyPosts``, which only read.
    public var changesSomething: Bool {
        !["GET", "HEAD", "OPTIONS"].contains(method) && !(method == "POST" && Self.readOnlyPosts.contains(operationId))
    }

    /// The POST operations that change nothing: one list for `call`, `--read-only`, the console, the explorer,
    /// `automate --try` and the custom connector's `x-ms-safe-operation`. Reviewed over the 86 POSTs of the
    /// Power BI description: DAX queries, exports to a file (they read a report into a file the service
    /// keeps for a day) and the scanner's getInfo (an administrator's read). Not here: embed tokens (they
    /// grant access), upload locations, permission and scale-out syncs (they change state).
    public static let readOnlyPosts: Set<String> = [
        "Datasets_ExecuteQueries", "Datasets_ExecuteQueriesInGroup",
        "Reports_ExportToFile", "Reports_ExportToFileInGroup",
        "WorkspaceInfo_PostWorkspaceInfo",
    ]
    public var body: APIParameter? { parameters.first { $0.location == .body } }

    /// True when `method path` (a concrete path, query ignored) is this operation.
    public func matches(method: String, path concrete: String) -> Bool {
        guard method.uppercased() == self.method else { return false }
        let actual = concrete.split(separator: "?", maxSplits: 1).first.map(String.init) ?? concrete
        let wanted = path.split(separator: "/")
        let given = actual.split(separator: "/")
        guard wanted.count == given.count else { return false }
        return zip(wanted, given).allSatisfy { template, value in
            template.hasPrefix("{") || template.contains("{") && value.hasPrefix(template.prefix { $0 != "{" })
                || template.caseInsensitiveCompare(value) == .orderedSame
        }
    }
}

/// What the description's prose says about who may call an operation, read from the real sentences.
public enum OperationText {
    /// The delegated scopes named in the line after "## Required Scope" (`Dataset.ReadWrite.All or Dataset.Read.All`).
    public static func scopes(in description: String) -> [String] {
        // Power BI writes "## Required Scope"; Fabric "## Required Delegated Scopes".
        guard let heading = description.range(of: "## Required Scope") ?? description.range(of: "## Required Delegated Scope") else { return [] }
        let rest = description[heading.upperBound...].drop { $0 == "s" || $0.isWhitespace }
        let line = rest.prefix { $0 != "\n" }
        var found: [String] = []
        for word in line.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == ".") }) {
            let parts = word.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2 || parts.count == 3, let first = parts.first?.first, first.isUppercase,
                  ["Read", "ReadWrite", "Create", "Deploy", "Execute", "Reshare"].contains(String(parts[1])),
                  parts.count == 2 || parts[2] == "All" else { continue }
            let scope = String(word)
            if !found.contains(scope) { found.append(scope) }
        }
        return found
    }

    /// The service-principal support a description states. Limits found in the text make the support
    /// conditional, with the limit in words.
    public static func servicePrincipal(in description: String) -> ServicePrincipalSupport {
        let text = description.lowercased()
        if text.contains("can only be called by a service principal") || text.contains("caller must use service principal for authentication")
            || text.contains("belongs to service principal caller") {
            return .only
        }
        if text.contains("service principal authentication isn't supported") || text.contains("service principal authentication is not supported") {
            return .no
        }
        var limits: [String] = []
        if text.contains("service principals aren't supported for datasets with rls") {
            limits.append(text.contains("sso") ? "not for datasets with RLS or SSO" : "not for datasets with RLS")
        }
        if text.contains("dataflows with service principal aren't supported") { limits.append("not for dataflows") }
        if text.contains("protected** sensitivity label isn't supported for service principals") {
            limits.append("not for files with a protected sensitivity label")
        }
        // The description spells it "prinicipal" and "premissions" in most of the 34 admin operations.
        if text.contains("**must not** have any admin-consent required") {
            limits.append("only for an app without admin-consent Power BI permissions in Azure")
        }
        if !limits.isEmpty { return .conditional(limits.joined(separator: "; ")) }
        if let stated = identityTable(text) { return stated }
        let yes = ["can be called by a service principal", "authenticate using a service principal", "when using a service principal",
                   "authentication via a service principal", "service principal for authentication", "to use service principals"]
        if yes.contains(where: text.contains) { return .yes }
        return .notStated
    }

    /// Fabric's "Microsoft Entra supported identities" table: the row naming service principals, its last
    /// cell `Yes` or `No` (`| [Service principal](…) and [Managed identities](…) | Yes |`). `text` is lower-cased.
    static func identityTable(_ text: String) -> ServicePrincipalSupport? {
        guard let table = text.range(of: "supported identities") else { return nil }
        for line in text[table.upperBound...].split(separator: "\n").prefix(12) where line.hasPrefix("|") && line.contains("service principal") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            switch cells.last {
            case "yes": return .yes
            case "no": return .no
            default: return nil
            }
        }
        return nil
    }
}
