import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#endif

extension GoalStore {
    /// The files that are the store: the database, its write-ahead log and shared memory, a rollback journal,
    /// and the lock. A backup may be none of them.
    var ownFiles: [String] { [path, path + "-wal", path + "-shm", path + "-journal", path + ".lock"] }

    /// What a backup wrote.
    package struct BackupOutcome: Sendable {
        package var bytes: Int64
        /// "0600", or "0640" when the copy has the group asked for.
        package var mode: String
    }

    /// Writes an online, consistent copy of the store to `path` with SQLite's backup API, while goald serves.
    ///
    /// The copy is written to a new file beside it (created exclusively, mode 0600) and then linked to `path`
    /// only if nothing is there: an existing file, a symbolic link (dangling or not) or one of the store's own
    /// files is refused, and a half-written copy never appears under `path`. With `group` (the socket's group,
    /// whose members may reach goald), the copy gets that group and mode 0640 when goald may give it; else it
    /// stays 0600.
    package func backup(to path: String, group: UInt32? = nil) throws(StoreError) -> BackupOutcome {
        guard path.hasPrefix("/") else {
            throw StoreError(.writeFailed, "the backup path must be absolute, found \(path)")
        }
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        let directory = url.deletingLastPathComponent().path
        guard let realDirectory = Self.realPath(directory) else {
            throw StoreError(.writeFailed, "cannot write the backup \(path): the folder \(directory) does not exist")
        }
        let target = (realDirectory == "/" ? "" : realDirectory) + "/" + name
        let storeFolder = Self.realPath(URL(fileURLWithPath: self.path).deletingLastPathComponent().path)
        let ownFiles = self.ownFiles.map { file in
            storeFolder.map { $0 + "/" + URL(fileURLWithPath: file).lastPathComponent } ?? file
        }
        guard !ownFiles.contains(target) else {
            throw StoreError(.writeFailed, "\(path) is one of the store's own files; choose another name")
        }
        var status = stat()
        if lstat(target, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFLNK {
                throw StoreError(
                    .writeFailed, "\(path) is a symbolic link; goald does not follow links: choose a new file name")
            }
            throw StoreError(.writeFailed, "\(path) exists; goald will not overwrite it: choose a new file name")
        }

        // The copy, in a file of its own that no one else can have made or opened.
        var template = Array((realDirectory + "/." + name + ".partial-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw StoreError(.writeFailed, "cannot write the backup \(path): \(String(cString: strerror(errno)))")
        }
        let partial = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(partial) }
        _ = fchmod(descriptor, 0o600)
        Glibc.close(descriptor)
        do {
            var configuration = Configuration()
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA journal_mode = MEMORY") }
            let copy = try DatabaseQueue(path: partial, configuration: configuration)
            try pool.backup(to: copy)
            try copy.close()
        } catch {
            throw StoreError(.writeFailed, "cannot write the backup \(path): \(Self.describe(error))")
        }
        let file = open(partial, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard file >= 0 else {
            throw StoreError(.writeFailed, "cannot write the backup \(path): \(String(cString: strerror(errno)))")
        }
        defer { Glibc.close(file) }
        var mode = "0600"
        if let group, fchown(file, UInt32.max, group) == 0, fchmod(file, 0o640) == 0 { mode = "0640" }
        guard fsync(file) == 0, fstat(file, &status) == 0 else {
            throw StoreError(.writeFailed, "cannot write the backup \(path): \(String(cString: strerror(errno)))")
        }
        // A hard link fails if anything is at the name by now, and never follows a link there.
        guard link(partial, target) == 0 else {
            let reason =
                errno == EEXIST ? "it exists now; goald will not overwrite it" : String(cString: strerror(errno))
            throw StoreError(.writeFailed, "cannot write the backup \(path): \(reason)")
        }
        let folder = open(realDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            _ = fsync(folder)
            Glibc.close(folder)
        }
        return BackupOutcome(bytes: Int64(status.st_size), mode: mode)
    }

    /// The canonical path of an existing file or folder.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
