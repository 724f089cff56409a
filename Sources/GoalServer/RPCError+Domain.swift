import GoalDomain
import GoalProtocol

// The domain's errors as the wire says them. The field a domain rule names is a param; the router names it from
// the frame's root (`params.value`).

extension RPCError {
    init(_ error: FollowUpError) {
        switch error.code {
        case .invalidArgument: self = .invalidArgument(error.message, field: error.field)
        case .notFound: self = RPCError(.notFound, error.message, details: ["field": error.field])
        case .failedPrecondition: self = RPCError(.failedPrecondition, error.message, details: ["field": error.field])
        }
    }
}

extension RPCError {
    init(_ error: TravelError) {
        let code: StatusCode = switch error.code {
        case .invalidArgument: .invalidArgument
        case .notFound: .notFound
        case .failedPrecondition: .failedPrecondition
        }
        self = RPCError(code, error.message, details: ["field": error.field])
    }
}
