import Foundation
import GoalDomain
import GRDB

/// goald's durable state: an SQLite database in WAL mode under the state directory. Every write is one
/// transaction, committed with `synchronous = FULL` before it returns, so what is acknowledged survives a
/// crash or a power cut. The store is only ever appended to; at start it is replayed into the domain.
package final class GoalStore: Sendable {
    /// The file name inside the state directory.
    package static let fileName = "goald.sqlite"
    /// Marks an SQLite file as goald's (`PRAGMA application_id`, "GOLD").
    package static let applicationID: Int32 = 0x474F_4C44

    package let path: String
    private let pool: DatabasePool
    /// An exclusive lock on `<store>.lock`, held while this store is open: one goald per store.
    private let lockDescriptor: Int32

    /// Opens the store at `path`, creating it if absent, and brings its schema up to date.
    /// - Throws: `StoreError` when the file is not goald's, is corrupt, or is newer than this goald.
    ///   The file is never reset or replaced.
    package init(path: String) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.busyMode = .timeout(10)
        lockDescriptor = try Self.lock(path + ".lock", store: path)
        // An existing file is read first, without writing, so that a file that is not goald's stays untouched.
        if FileManager.default.fileExists(atPath: path) {
            try Self.checkIdentity(path: path)
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.write { db in
                if try Int32.fetchOne(db, sql: "PRAGMA application_id") == 0 {
                    try db.execute(sql: "PRAGMA application_id = \(Self.applicationID)")
                }
            }
        } catch {
            throw StoreError(.unusable, "cannot open the store \(path): \(Self.describe(error)); "
                + "goald will not replace it: move it aside or restore a backup")
        }
        try migrate()
    }

    deinit {
        close(lockDescriptor)
    }

    /// Takes the store's lock file, or says that another goald holds it.
    private static func lock(_ lockPath: String, store: String) throws(StoreError) -> Int32 {
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.unusable, "cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw StoreError(.unusable, "another goald is using the store \(store); one goald per state directory")
        }
        return descriptor
    }

    /// Opens `goald.sqlite` in a state directory, creating the directory if it is missing.
    package convenience init(stateDirectory: String) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.unusable, "cannot create the state directory \(stateDirectory): "
                + "\(Self.describe(error)); choose another with --state-dir")
        }
        try self.init(path: stateDirectory + "/" + Self.fileName)
    }

    /// Refuses a file that is not a goald store: another program's database, or not a database at all.
    private static func checkIdentity(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { db in
                let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                if id != applicationID, !(id == 0 && tables.isEmpty) {
                    throw StoreError(.unusable, "\(path) is an SQLite database but not a goald store "
                        + "(application_id \(id), tables: \(tables.prefix(5).joined(separator: ", "))); "
                        + "goald will not touch it: choose another --state-dir")
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unusable, "cannot read the store \(path): \(describe(error)); "
                + "goald will not replace it: move it aside or restore a backup")
        }
    }

    private func migrate() throws(StoreError) {
        let migrator = Self.migrator
        do {
            let (superseded, applied) = try pool.read { db in
                (try migrator.hasBeenSuperseded(db), try migrator.appliedIdentifiers(db))
            }
            if superseded {
                let known = Set(migrator.migrations)
                let unknown = applied.subtracting(known).sorted()
                throw StoreError(.unusable, "the store \(path) was written by a newer goald (schema "
                    + "\(unknown.joined(separator: ", ")) is unknown to this one); run that goald or a newer one")
            }
            try migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unusable, "cannot bring the store \(path) up to date: \(Self.describe(error))")
        }
    }

    /// Writes one transaction; a failure leaves the store as it was.
    func write(_ body: (Database) throws -> Void) throws(StoreError) {
        do {
            try pool.write(body)
        } catch {
            throw StoreError(.writeFailed, "could not write to the store \(path): \(Self.describe(error))")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError(.unusable, "cannot read the store \(path): \(Self.describe(error)); "
                + "goald will not replace it: move it aside or restore a backup")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        if let error = error as? CocoaError, let underlying = error.userInfo[NSUnderlyingErrorKey] {
            return "\(underlying)"
        }
        return "\(error)"
    }
}

// MARK: - Backup

extension GoalStore {
    /// Writes an online, consistent copy of the store to `path` with SQLite's backup API, while goald serves.
    /// Refuses to overwrite an existing file. Returns the copy's size in bytes.
    package func backup(to path: String) throws(StoreError) -> Int64 {
        guard path.hasPrefix("/") else {
            throw StoreError(.writeFailed, "the backup path must be absolute, found \(path)")
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.writeFailed, "\(path) exists; goald will not overwrite it: choose a new file name")
        }
        do {
            let copy = try DatabaseQueue(path: path)
            try pool.backup(to: copy)
            try copy.close()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw StoreError(.writeFailed, "cannot write the backup \(path): \(Self.describe(error))")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        return size
    }
}
