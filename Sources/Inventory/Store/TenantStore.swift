import Foundation
public import GRDB
public import PowerBI

/// One tenant's inventory, lineage and activity log in SQLite (`$XDG_DATA_HOME/pbitui/TENANT.sqlite`),
/// in WAL mode, its schema versioned by migrations (docs/STORE.md describes each table).
///
/// Every change a job makes is one transaction together with the note of how far the job got, so a job
/// killed at any moment leaves the store as it was after its last whole step: the next run continues
/// from there, and nothing is stored twice.
///
/// ```swift
/// let store = try TenantStore(path: StoreLocation.path(tenantId: tenant, folder: folder)!)
/// let tree = try store.read { db in try Lineage.tree(of: Lineage.resolve("Sales Model", in: db), in: db) }
/// ```
public final class TenantStore: Sendable {
    public let path: String
    public let pool: DatabasePool

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String) throws(StoreError) {
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // Made 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database's mode, and
            // the activity log names people.
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                    throw StoreError.database(path: path, detail: "cannot create the file")
                }
            }
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw .database(path: path, detail: error.description)
        } catch {
            throw .database(path: path, detail: String(describing: error))
        }
        // The activity log holds names of people: readable by the person only.
        chmod(path, 0o600)
    }

    /// The schema's versions, oldest first; each migration runs once, in a transaction.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-inventory-and-activity") { db in
            try db.execute(sql: StoreSchema.version1)
        }
        return migrator
    }

    /// The migrations applied, in order (for `pbitui scan --schema-version`, tests and docs).
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read { db in try Self.migrator.appliedMigrations(db) }
    }

    /// Runs `work` in a write transaction.
    public func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.write(work) } catch { throw StoreError(error, path: path) }
    }

    /// Runs `work` on a snapshot.
    public func read<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.read(work) } catch { throw StoreError(error, path: path) }
    }

    /// Synchronous read, for code that is not async (the screens read from a snapshot in a background task).
    public func read<T>(_ work: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(work) } catch { throw StoreError(error, path: path) }
    }
}

/// Why a scan or an activity download stopped early: the service said no (after the waits and retries
/// its answers allow) or the store could not be written. What was stored stays; the next run continues.
public enum JobFailure: Error, CustomStringConvertible, Sendable {
    case service(PowerBIError)
    case store(StoreError)

    public var description: String {
        switch self {
        case let .service(error): return error.description
        case let .store(error): return error.description
        }
    }
}

/// A store that could not be opened, read or written.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case database(path: String, detail: String)
    case notFound(String)
    case ambiguous(String, candidates: [String])

    init(_ error: any Error, path: String) {
        if let error = error as? StoreError { self = error; return }
        if let error = error as? DatabaseError { self = .database(path: path, detail: error.description); return }
        self = .database(path: path, detail: String(describing: error))
    }

    public var description: String {
        switch self {
        case let .database(path, detail): return "the tenant store \(path): \(detail)"
        case let .notFound(text): return text
        case let .ambiguous(text, candidates):
            return text + ":\n" + candidates.map { "  " + $0 }.joined(separator: "\n")
        }
    }
}
