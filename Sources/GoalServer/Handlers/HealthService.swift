import GoalDomain
import GoalProtocol

/// `goald.v1.Health`: whether goald serves, as grpc.health.v1 tells it.
package struct HealthService: RPCService {
    /// The services whose health can be asked for by name: every service of the method catalogue (the router
    /// registers each of its methods; a test holds the two together), so a new service is never left out.
    package static let services: [String] = {
        var seen: [String] = []
        for method in GoalRPC.all {
            let service = String(method.name.split(separator: "/").first ?? "")
            if !seen.contains(service) { seen.append(service) }
        }
        return seen
    }()

    private let state: LiveState
    private let writer: StateWriter
    private let version: String

    package init(state: LiveState, writer: StateWriter, version: String) {
        self.state = state
        self.writer = writer
        self.version = version
    }

    package func register(on router: inout RPCRouter) {
        let (state, writer, version, services) = (self.state, self.writer, self.version, Self.services)
        router.register(GoalRPC.healthCheck) { request, _ in
            if let service = request.service, !service.isEmpty, !services.contains(service) {
                throw RPCError.notFound(
                    "unknown service \"\(service)\"; known services: \(services.joined(separator: ", "))")
            }
            let uptime = ContinuousClock.now - state.startedAt
            let seconds = Double(uptime.components.seconds) + Double(uptime.components.attoseconds) * 1e-18
            return HealthCheckResponse(
                status: state.isServing ? "SERVING" : "NOT_SERVING", version: version,
                uptimeSeconds: seconds, plan: state.snapshot.plan.id,
                writable: writer.isWritable)
        }

        router.registerStream(GoalRPC.healthWatch) { request, _ in
            if let service = request.service, !service.isEmpty, !services.contains(service) {
                throw RPCError.notFound(
                    "unknown service \"\(service)\"; known services: \(services.joined(separator: ", "))")
            }
            return { snapshot, serving in
                HealthWatchMessage(status: serving ? "SERVING" : "NOT_SERVING", plan: snapshot.plan.id)
            }
        }
    }
}
