import Foundation

/// A Microsoft cloud: where to sign in and where its Power BI service lives (reference/powerbi.md §4).
public struct Cloud: Sendable, Hashable {
    /// The name used on the command line and in profiles (`--cloud public`).
    public let name: String
    public let displayName: String
    public let authorityHost: URL
    /// The Power BI resource; tokens for it carry this as `aud`. Scopes are `{resource}/.default` or `{resource}/Scope`.
    public let powerBIResource: String
    public let apiRoot: URL

    public static let `public` = Cloud(
        name: "public", displayName: "Public (commercial)",
        authorityHost: URL(string: "https://login.microsoftonline.com")!,
        powerBIResource: "https://analysis.windows.net/powerbi/api",
        apiRoot: URL(string: "https://api.powerbi.com")!)
    public static let usGov = Cloud(
        name: "usgov", displayName: "US Government (GCC)",
        authorityHost: URL(string: "https://login.microsoftonline.com")!,
        powerBIResource: "https://analysis.usgovcloudapi.net/powerbi/api",
        apiRoot: URL(string: "https://api.powerbigov.us")!)
    public static let usGovHigh = Cloud(
        name: "usgovhigh", displayName: "US Government (GCC High)",
        authorityHost: URL(string: "https://login.microsoftonline.us")!,
        powerBIResource: "https://high.analysis.usgovcloudapi.net/powerbi/api",
        apiRoot: URL(string: "https://api.high.powerbigov.us")!)
    public static let usGovDoD = Cloud(
        name: "usgovdod", displayName: "US Government (DoD)",
        authorityHost: URL(string: "https://login.microsoftonline.us")!,
        powerBIResource: "https://mil.analysis.usgovcloudapi.net/powerbi/api",
        apiRoot: URL(string: "https://api.mil.powerbigov.us")!)
    public static let china = Cloud(
        name: "china", displayName: "China (21Vianet)",
        authorityHost: URL(string: "https://login.chinacloudapi.cn")!,
        powerBIResource: "https://analysis.chinacloudapi.cn/powerbi/api",
        apiRoot: URL(string: "https://api.powerbi.cn")!)

    public static let all: [Cloud] = [.public, .usGov, .usGovHigh, .usGovDoD, .china]

    public static func named(_ name: String) -> Cloud? {
        all.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// The app-only scope for Power BI in this cloud.
    public var powerBIDefaultScope: String { DefaultScope.of(powerBIResource) }
}
