/// The one place pbitui writes and reads `/.default` scopes. A token for "everything the app may do with a
/// resource" (app-only, managed identity, the Azure CLI's `--resource`) is asked for with the resource
/// followed by `/.default`; the resource is what such a scope names and what the token's `aud` carries.
///
/// ```swift
/// DefaultScope.of("https://api.fabric.microsoft.com")          // "https://api.fabric.microsoft.com/.default"
/// DefaultScope.resource(of: "https://graph.microsoft.com/.default") // "https://graph.microsoft.com"
/// ```
public enum DefaultScope {
    public static let suffix = "/.default"

    /// The `/.default` scope of a resource (an application id URI or URL, written as the app registers it).
    public static func of(_ resource: String) -> String { resource + suffix }

    /// The resource a `/.default` scope names; any other scope as it is (a managed identity or the Azure
    /// CLI is given a resource, never a scope).
    public static func resource(of scope: String) -> String {
        scope.hasSuffix(suffix) ? String(scope.dropLast(suffix.count)) : scope
    }
}
