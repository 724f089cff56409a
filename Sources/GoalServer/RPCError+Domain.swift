import GoalDomain
import GoalProtocol

// The domain's error as the wire says it. The field a domain rule names is a param; the router names it from
// the frame's root (`params.value`).

extension RPCError {
    init(_ error: DomainError) {
        let code: StatusCode =
            switch error.code {
            case .invalidArgument: .invalidArgument
            case .notFound: .notFound
            case .failedPrecondition: .failedPrecondition
            }
        self = RPCError(code, error.message, details: ["field": error.field])
    }
}

/// Runs a rule of the domain; its error becomes the call's, with the same code, message and field.
func domain<T>(_ body: () throws(DomainError) -> T) throws(RPCError) -> T {
    do {
        return try body()
    } catch {
        throw RPCError(error)
    }
}
