import Foundation
import HTTPCore
import Tokens

/// Tokens kept between runs in `$XDG_CACHE_HOME/pbitui/tokens.json` (folder 0700, file 0600): refresh
/// tokens, so that a delegated sign-in is silent after a restart, and access tokens until they expire.
///
/// Entries are keyed by authority, tenant, client and account. Writes go to a temporary file that is
/// renamed over the old one, so a crash never leaves half a cache. A file that cannot be read is moved
/// aside (`tokens.json.corrupt-…`) with a warning, and pbitui carries on without it.
public actor TokenCache {
    public struct Key: Sendable, Hashable, Codable {
        public let authority: String
        public let tenant: String
        public let clientId: String
        /// The user, or the method (`device-code`) when the account is not known before signing in.
        public let account: String

        public init(authority: String, tenant: String, clientId: String, account: String) {
            self.authority = authority.lowercased()
            self.tenant = tenant.lowercased()
            self.clientId = clientId.lowercased()
            self.account = account.lowercased()
        }
    }

    struct StoredAccessToken: Codable, Sendable {
        let scope: String
        let value: String
        let expiresOn: Date
    }

    struct Entry: Codable, Sendable {
        let key: Key
        var refreshToken: String?
        var accessTokens: [StoredAccessToken]
    }

    struct File: Codable {
        var version = 1
        var entries: [Entry] = []
    }

    public let path: String
    private var file: File?
    private let warn: @Sendable (String) -> Void

    /// The default location: `$XDG_CACHE_HOME/pbitui/tokens.json`, or `~/.cache/pbitui/tokens.json`.
    public static func defaultPath(environment: [String: String] = ProcessEnvironment.current) -> String {
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.cache"
        return base + "/pbitui/tokens.json"
    }

    public init(path: String = TokenCache.defaultPath(), warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.path = path
        self.warn = warn
    }

    private func load() -> File {
        if let file { return file }
        var loaded = File()
        if let data = FileManager.default.contents(atPath: path) {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            if let decoded = try? decoder.decode(File.self, from: data), decoded.version == 1 {
                loaded = decoded
            } else {
                let aside = path + ".corrupt-" + String(Int(Date().timeIntervalSince1970))
                try? FileManager.default.moveItem(atPath: path, toPath: aside)
                warn("the token cache \(path) could not be read; it was moved to \(aside) and pbitui will sign in again")
            }
        }
        file = loaded
        return loaded
    }

    public func refreshToken(for key: Key) -> Secret? {
        load().entries.first { $0.key == key }?.refreshToken.map(Secret.init)
    }

    /// A cached access token for `scope` with more than five minutes left.
    public func accessToken(for key: Key, scope: String, now: Date = Date()) -> (value: String, expiresOn: Date)? {
        guard let stored = load().entries.first(where: { $0.key == key })?.accessTokens.first(where: { $0.scope == scope }),
              stored.expiresOn.timeIntervalSince(now) > 300 else { return nil }
        return (stored.value, stored.expiresOn)
    }

    /// Records a sign-in's tokens and writes the file.
    public func store(_ key: Key, refreshToken: Secret?, accessToken: AccessToken?, scope: String) throws(AuthError) {
        var current = load()
        var entry = current.entries.first { $0.key == key } ?? Entry(key: key, refreshToken: nil, accessTokens: [])
        if let refreshToken { entry.refreshToken = refreshToken.reveal() }
        if let accessToken {
            entry.accessTokens.removeAll { $0.scope == scope || $0.expiresOn < Date() }
            entry.accessTokens.append(StoredAccessToken(scope: scope, value: accessToken.value, expiresOn: accessToken.expiresOn))
        }
        current.entries.removeAll { $0.key == key }
        current.entries.append(entry)
        file = current
        try write(current)
    }

    /// Forgets a key (after its refresh token was refused).
    public func remove(_ key: Key) throws(AuthError) {
        var current = load()
        current.entries.removeAll { $0.key == key }
        file = current
        try write(current)
    }

    private func write(_ file: File) throws(AuthError) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        do {
            try AtomicFile.write(try encoder.encode(file), to: path)
        } catch {
            throw .invalidSetting(Setting(.tokenCache), problem: "cannot write \(path): \(error)")
        }
    }
}

/// Writing a private file so that readers see the old or the new content, never a part.
public enum AtomicFile {
    /// The folder a named file would go in does not exist.
    public struct MissingFolder: Error, CustomStringConvertible {
        public let folder: String
        public var description: String { "no folder \(folder) (pbitui does not make one)" }
    }

    /// Writes `data` to a temporary file in the same folder (mode 0600), flushes it, and renames it over
    /// `path`. The folder is created with mode 0700 when missing.
    /// With `createFolders` false (a file a person names, `:export`), a missing folder is refused rather than
    /// made: a typo in a path makes no folders.
    public static func write(_ data: Data, to path: String, createFolders: Bool = true) throws {
        // A bare file name is in the current folder (`:export csv totals.csv`).
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        var isFolder: ObjCBool = false
        if !createFolders, !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
            throw MissingFolder(folder: folder)
        }
        if !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        let name = (path as NSString).lastPathComponent
        removeLeftovers(of: name, in: folder)
        let temporary = folder + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var ok = true
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { ok = false; break }
                offset += written
            }
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw POSIXError(.EIO)
        }
        // The rename itself reaches the disk only with the folder.
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY)
        if folderDescriptor >= 0 { _ = fsync(folderDescriptor); close(folderDescriptor) }
    }

    /// Temporary files of writers that died before their rename (kill -9, power loss): a process that no
    /// longer exists will not finish them.
    static func removeLeftovers(of name: String, in folder: String) {
        let prefix = "." + name + ".tmp-"
        for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where file.hasPrefix(prefix) {
            guard let pid = Int32(file.dropFirst(prefix.count).split(separator: "-").first ?? "") else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH { unlink(folder + "/" + file) }
        }
    }
}
