/// A command of the follow-up or the travel accounts that cannot be carried out. The message names the field and
/// what it accepts; nothing has changed. The one error of the domain: goald says it on the wire with its code.
package struct DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Code: Hashable, Sendable {
        /// A value of the wrong kind, out of range, or malformed.
        case invalidArgument
        /// No such indicator, result goal, import, trip or factor set.
        case notFound
        /// The command does not apply now: an indicator whose value goald computes, a closed period, an import
        /// already replaced.
        case failedPrecondition
    }

    package var code: Code
    /// The field at fault, such as `value` or `period`.
    package var field: String
    package var message: String

    package init(_ code: Code, field: String, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    package static func invalid(_ field: String, _ message: String) -> DomainError {
        DomainError(.invalidArgument, field: field, "\(field): \(message)")
    }

    package var description: String { message }
}
