import GoalDomain
import GoalProtocol
import Logging

/// `goald.v1.Admin`: operations for administrators.
package enum AdminService {
    package static func register(on router: inout RPCRouter, reloader: StateReloader?) {
        guard let reloader else { return }
        router.register(GoalRPC.reload, access: .blocking, permission: .admin) { _, context in
            switch reloader.reload(trigger: "Admin/Reload by \(context.peer.name)") {
            case .success(let summary): return ReloadResponse(reloaded: true, summary: summary)
            case .failure(let error):
                throw RPCError(.failedPrecondition, "reload failed, the previous state keeps serving: \(error.message)")
            }
        }
    }
}
