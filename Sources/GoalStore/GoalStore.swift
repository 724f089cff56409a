import Foundation
import GRDB
import GoalDomain

/// goald's durable state: an SQLite database in WAL mode under the state directory. Every write is one
/// transaction, committed with `synchronous = FULL` before it returns, so what is acknowledged survives a
/// crash or a power cut. The store is only ever appended to; at start it is replayed into the domain.
package final class GoalStore: Sendable {
    /// The file name inside the state directory.
    package static let fileName = "goald.sqlite"
    /// Marks an SQLite file as goald's (`PRAGMA application_id`, "GOLD").
    package static let applicationID: Int32 = 0x474F_4C44

    package let path: String
    /// Why the store cannot be written (a read-only state directory or file), or nil when it can.
    /// A read-only store still loads and serves reads; every write fails with this reason and changes nothing.
    package let readOnlyReason: String?
    let pool: DatabasePool
    /// An exclusive lock on `<store>.lock`, held while this store is open: one goald per store.
    /// A read-only store holds a shared lock when the lock file exists, else none (-1).
    private let lockDescriptor: Int32

    /// Opens the store at `path`, creating it if absent, and brings its schema up to date.
    /// When the state directory or the file cannot be written (a read-only mount, say), the store opens
    /// read-only: its contents load, and writes fail with `StoreError.Kind.writeFailed`.
    /// - Throws: `StoreError` when the file is not goald's, is corrupt, or is newer than this goald.
    ///   The file is never reset or replaced.
    package init(path: String) throws(StoreError) {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        let readOnlyReason = Self.whyReadOnly(path: path, exists: exists)
        self.readOnlyReason = readOnlyReason
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let openPath: String
        if let readOnlyReason {
            guard exists else {
                throw StoreError(
                    .unusable,
                    "cannot create the store \(path): \(readOnlyReason); "
                        + "make the state directory writable or choose another with --state-dir")
            }
            lockDescriptor = try Self.sharedLock(path + ".lock", store: path)
            openPath = try Self.readOnlyLocation(path: path, reason: readOnlyReason)
            configuration.readonly = true
        } else {
            lockDescriptor = try Self.lock(path + ".lock", store: path)
            openPath = path
            configuration.prepareDatabase { db in
                // A new store gets 16 KiB pages: a large import runs faster (fewer, fuller B-tree pages to split and
                // write; measured against SQLite's own insert rate). A page size is fixed once the first table is
                // made, so a store made with smaller pages keeps them; this does nothing to it.
                if !exists { try db.execute(sql: "PRAGMA page_size = 16384") }
                try db.execute(sql: "PRAGMA synchronous = FULL")
                // The writer: room for the trip index's pages while a large import runs (the cache fills only as
                // it is used), and fewer, larger checkpoints of the write-ahead log.
                if !db.configuration.readonly {
                    try db.execute(sql: "PRAGMA cache_size = -32768")
                    try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192")
                }
            }
        }
        do throws(StoreError) {
            // An existing file is read first, without writing, so that a file that is not goald's stays untouched.
            if exists {
                try Self.checkIdentity(path: path, location: openPath)
            }
            do {
                pool = try DatabasePool(path: openPath, configuration: configuration)
                if readOnlyReason == nil {
                    try pool.write { db in
                        if try Int32.fetchOne(db, sql: "PRAGMA application_id") == 0 {
                            try db.execute(sql: "PRAGMA application_id = \(Self.applicationID)")
                        }
                    }
                }
            } catch {
                throw StoreError(
                    .unusable,
                    "cannot open the store \(path): \(Self.describe(error)); "
                        + "goald will not replace it: move it aside or restore a backup")
            }
            try migrate()
        } catch {
            if lockDescriptor >= 0 { Glibc.close(lockDescriptor) }
            throw error
        }
    }

    deinit {
        if lockDescriptor >= 0 { Glibc.close(lockDescriptor) }
    }

    /// Why the store at `path` cannot be written, or nil. Asks the kernel (`access(2)`), which answers
    /// EROFS for a read-only mount even to root.
    private static func whyReadOnly(path: String, exists: Bool) -> String? {
        let directory = (path as NSString).deletingLastPathComponent
        if access(directory.isEmpty ? "." : directory, W_OK) != 0 {
            let error = errno
            if error == ENOENT { return nil }
            return "the state directory \(directory) is read-only (\(String(cString: strerror(error))))"
        }
        if exists, access(path, W_OK) != 0 {
            return "the store file is read-only (\(String(cString: strerror(errno))))"
        }
        return nil
    }

    /// Where SQLite reads a store it may not write. A WAL store left by a crash has its `-wal` and `-shm`
    /// files, which SQLite reads as they are; a store closed cleanly has neither, and SQLite cannot create
    /// them here, so it is opened as immutable (nothing else can write a read-only directory either).
    private static func readOnlyLocation(path: String, reason: String) throws(StoreError) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "-wal")
        let walBytes = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        if walBytes > 0 {
            guard FileManager.default.fileExists(atPath: path + "-shm") else {
                throw StoreError(
                    .unusable,
                    "the store \(path) has writes in \(path)-wal not yet merged, and "
                        + "\(reason): make it writable for one start of goald so that SQLite can merge them")
            }
            return path
        }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let escaped = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return "file:\(escaped)?immutable=1"
    }

    /// Takes the store's lock file, or says that another goald holds it.
    private static func lock(_ lockPath: String, store: String) throws(StoreError) -> Int32 {
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.unusable, "cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            Glibc.close(descriptor)
            throw StoreError(.unusable, "another goald is using the store \(store); one goald per state directory")
        }
        return descriptor
    }

    /// On a read-only store: a shared lock when the lock file exists, so a goald writing the same store
    /// through another mount is still noticed. No lock file means no goald has written here.
    private static func sharedLock(_ lockPath: String, store: String) throws(StoreError) -> Int32 {
        let descriptor = open(lockPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return -1 }
        guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else {
            Glibc.close(descriptor)
            throw StoreError(.unusable, "another goald is using the store \(store); one goald per state directory")
        }
        return descriptor
    }

    /// Opens `goald.sqlite` in a state directory, creating the directory if it is missing.
    package convenience init(stateDirectory: String) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(
                .unusable,
                "cannot create the state directory \(stateDirectory): "
                    + "\(Self.describe(error)); choose another with --state-dir")
        }
        try self.init(path: stateDirectory + "/" + Self.fileName)
    }

    /// Refuses a file that is not a goald store: another program's database, or not a database at all.
    private static func checkIdentity(path: String, location: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: location, configuration: configuration)
            try queue.read { db in
                let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                if id != applicationID, !(id == 0 && tables.isEmpty) {
                    throw StoreError(
                        .unusable,
                        "\(path) is an SQLite database but not a goald store "
                            + "(application_id \(id), tables: \(tables.prefix(5).joined(separator: ", "))); "
                            + "goald will not touch it: choose another --state-dir")
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                .unusable,
                "cannot read the store \(path): \(describe(error)); "
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
                throw StoreError(
                    .unusable,
                    "the store \(path) was written by a newer goald (schema "
                        + "\(unknown.joined(separator: ", ")) is unknown to this one); run that goald or a newer one")
            }
            if let readOnlyReason {
                let pending = migrator.migrations.filter { !applied.contains($0) }
                guard pending.isEmpty else {
                    throw StoreError(
                        .unusable,
                        "the store \(path) needs its schema brought up to date "
                            + "(\(pending.joined(separator: ", "))), but \(readOnlyReason)")
                }
                return
            }
            try migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unusable, "cannot bring the store \(path) up to date: \(Self.describe(error))")
        }
    }

    /// Closes the store at a clean stop: merges the write-ahead log into the file and empties it, so that the
    /// file alone holds everything (and can be opened from a read-only directory). Every write is already
    /// durable without this; a crash only leaves the log for the next open to merge.
    package func close() throws(StoreError) {
        do {
            if readOnlyReason == nil {
                _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            }
            try pool.close()
        } catch {
            throw StoreError(.writeFailed, "could not close the store \(path): \(Self.describe(error))")
        }
    }

    /// Writes one transaction; a failure leaves the store as it was.
    func write(_ body: (Database) throws -> Void) throws(StoreError) {
        if let readOnlyReason {
            throw StoreError(.writeFailed, "could not write to the store \(path): \(readOnlyReason)")
        }
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
            throw StoreError(
                .unusable,
                "cannot read the store \(path): \(Self.describe(error)); "
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
