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

extension DomainError: RPCErrorConvertible {
    package var rpcError: RPCError { RPCError(self) }
}

/// Runs a rule of the domain where the error must be typed (a `throws(RPCError)` function); a handler's body throws
/// the domain's error as it is, and the router converts it.
///
/// Runs a rule of the domain; its error becomes the call's, with the same code, message and field.
func domain<T>(_ body: () throws(DomainError) -> T) throws(RPCError) -> T {
    do {
        return try body()
    } catch {
        throw RPCError(error)
    }
}
