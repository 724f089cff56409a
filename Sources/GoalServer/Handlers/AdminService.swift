import GoalDomain
import GoalProtocol
import GoalStore
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// `goald.v1.Admin`: operations for administrators.
package struct AdminService: RPCService {
    private let reloader: StateReloader?
    private let socketPath: String?

    /// - Parameter socketPath: goald's socket; a backup gets its group (mode 0640) when that is not goald's own.
    package init(reloader: StateReloader?, socketPath: String? = nil) {
        self.reloader = reloader
        self.socketPath = socketPath
    }

    package func register(on router: inout RPCRouter) {
        let socketPath = self.socketPath
        router.registerWrite(GoalRPC.backup, permission: .admin) { request, context, writer in
            try Self.checkBackupPath(request.path)
            do throws(StoreError) {
                let written = try writer.backup(to: request.path, group: socketPath.flatMap(Self.socketGroup))
                context.logger.notice(
                    "backup written",
                    metadata: [
                        "path": "\(request.path)", "bytes": "\(written.bytes)", "mode": "\(written.mode)",
                    ])
                return BackupResponse(path: request.path, bytes: written.bytes, mode: written.mode)
            } catch {
                throw RPCError(.failedPrecondition, error.message, details: ["field": "path"])
            }
        }
        guard let reloader else { return }
        router.registerSlow(GoalRPC.reload, permission: .admin) { _, context in
            switch await reloader.reload(trigger: "Admin/Reload by \(context.peer.name)") {
            case .success(let summary): return ReloadResponse(reloaded: true, summary: summary)
            case .failure(let error):
                throw RPCError(.failedPrecondition, "reload failed, the previous state keeps serving: \(error.message)")
            }
        }
    }

    /// A backup path goald will write: absolute, a file name at the end, no `.` or `..` on the way, and no control
    /// characters (a NUL would make the file another name than the one logged).
    static func checkBackupPath(_ path: String) throws(RPCError) {
        let shown = path.unicodeScalars.map {
            $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0)
        }
        .joined()
        guard !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw RPCError.invalidArgument(
                "path: must not hold control characters, found \"\(shown.prefix(200))\"",
                field: "path")
        }
        guard path.hasPrefix("/") else {
            throw RPCError.invalidArgument(
                "path: must be absolute (goald writes it, from its own view of the file "
                    + "system), found \"\(path.prefix(200))\"", field: "path")
        }
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard !path.hasSuffix("/"), !components.contains(where: { $0 == "." || $0 == ".." }) else {
            throw RPCError.invalidArgument(
                "path: must name a file, without . or .. in it, found \"\(path.prefix(200))\"",
                field: "path")
        }
        guard path.utf8.count <= 4000 else {
            throw RPCError.invalidArgument("path: is longer than 4000 bytes", field: "path")
        }
    }

    /// The group of goald's socket when it is not goald's own: the group whose members may reach goald.
    static func socketGroup(_ path: String) -> UInt32? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFSOCK, status.st_gid != getegid() else {
            return nil
        }
        return status.st_gid
    }
}
