import Foundation

/// Which API a token is for, as its `aud` claim says and as a scope asks: a token given as it is (pasted,
/// from a file) is checked against the call before it is sent, so that a token for Graph sent to Power BI
/// is named as such instead of being blamed on the tenant.
public enum TokenAudience {
    /// The audiences one API answers to: its URL and its application id. Fabric's API takes Power BI tokens.
    static let families: [[String]] = [
        ["https://analysis.windows.net/powerbi/api", "00000009-0000-0000-c000-000000000000", "https://api.fabric.microsoft.com"],
        ["https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000"],
        ["https://management.azure.com", "https://management.core.windows.net", "797f4846-ba00-4fd7-ba43-dac1f8f63013"],
    ]

    /// The resource a scope names (`https://analysis.windows.net/powerbi/api/.default` → the URL), or nil
    /// for a scope pbitui cannot place (no check is made then).
    public static func resource(ofScope scope: String) -> String? {
        let first = scope.split(separator: " ").first.map(String.init) ?? scope
        guard let schemeEnd = first.range(of: "://") else { return nil }
        guard let slash = first[schemeEnd.upperBound...].lastIndex(of: "/") else { return first }
        return String(first[..<slash])
    }

    /// True when a token with audience `audience` serves `resource`: the same, up to case and a trailing
    /// slash, or two names of one API. A resource outside the known families is compared as it is.
    public static func same(_ audience: String, _ resource: String) -> Bool {
        let (a, r) = (normal(audience), normal(resource))
        if a == r { return true }
        guard let family = families.first(where: { $0.map(normal).contains(r) }) else { return false }
        return family.map(normal).contains(a)
    }

    static func normal(_ text: String) -> String {
        var value = text.lowercased()
        while value.hasSuffix("/") { value.removeLast() }
        return value
    }
}
