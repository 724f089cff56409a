import GoalDomain
import GoalProtocol
import GoalStore
import Logging

/// `goald.v1.Admin`: operations for administrators.
package struct AdminService: RPCService {
    private let reloader: StateReloader?

    package init(reloader: StateReloader?) {
        self.reloader = reloader
    }

    package func register(on router: inout RPCRouter) {
        router.registerWrite(GoalRPC.backup, permission: .admin) { request, context, writer in
            guard request.path.hasPrefix("/") else {
                throw RPCError.invalidArgument("path: must be absolute, found \"\(request.path)\"", field: "path")
            }
            do throws(StoreError) {
                let bytes = try writer.backup(to: request.path)
                context.logger.notice("backup written", metadata: ["path": "\(request.path)", "bytes": "\(bytes)"])
                return BackupResponse(path: request.path, bytes: bytes)
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
}
