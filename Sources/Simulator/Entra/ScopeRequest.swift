import Foundation

/// A `scope` parameter taken apart: the one resource it names, the permissions asked for, and the OIDC
/// extras (`openid`, `profile`, `offline_access`).
struct ScopeRequest: Equatable {
    let resource: String?
    /// Permission names without the resource prefix (`Dataset.Read.All`), or `.default`.
    let permissions: [String]
    let openid: Bool
    let profile: Bool
    let offlineAccess: Bool

    enum Problem: Error, Equatable {
        case empty
        case multipleResources([String])
    }

    static let oidcScopes: Set<String> = ["openid", "profile", "offline_access", "email"]

    static func parse(_ text: String?) -> Result<ScopeRequest, Problem> {
        let items = (text ?? "").split(whereSeparator: { $0 == " " || $0 == "+" }).map(String.init)
        guard !items.isEmpty else { return .failure(.empty) }
        var resources: [String] = []
        var permissions: [String] = []
        for item in items where !oidcScopes.contains(item.lowercased()) {
            guard let slash = item.lastIndex(of: "/"), item.contains("://") else {
                // A bare permission name means Microsoft Graph, which the demo tenant does not serve.
                resources.append("https://graph.microsoft.com")
                permissions.append(item)
                continue
            }
            let resource = String(item[..<slash])
            if !resources.contains(resource) { resources.append(resource) }
            permissions.append(String(item[item.index(after: slash)...]))
        }
        if resources.count > 1 { return .failure(.multipleResources(resources)) }
        let lower = Set(items.map { $0.lowercased() })
        return .success(ScopeRequest(resource: resources.first, permissions: permissions, openid: lower.contains("openid"),
                                     profile: lower.contains("profile"), offlineAccess: lower.contains("offline_access")))
    }

    var isDefault: Bool { permissions == [".default"] }
}
