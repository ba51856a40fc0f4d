import Foundation

/// Where tenant stores live: `$XDG_DATA_HOME/pbitui/` (else `~/.local/share/pbitui/`), one `TENANT.sqlite` each.
public enum StoreLocation {
    public static func folder(environment: [String: String]) -> String? {
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/pbitui" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/share/pbitui" }
        return nil
    }

    /// The store of `tenantId` in `folder`.
    public static func path(tenantId: String, folder: String) -> String? {
        let safe = tenantId.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
        guard !safe.isEmpty, !safe.hasPrefix(".") else { return nil }
        return folder + "/" + safe + ".sqlite"
    }

    /// The stores in `folder`, by name.
    public static func stores(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".sqlite") }.sorted()
            .map { folder + "/" + $0 }
    }
}
