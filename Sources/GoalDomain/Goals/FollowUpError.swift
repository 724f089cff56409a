/// A follow-up command that cannot be carried out. The message names the field and what it accepts;
/// nothing has changed.
package struct FollowUpError: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Code: Hashable, Sendable {
        /// A value of the wrong kind, out of range, or malformed.
        case invalidArgument
        /// No such indicator or result goal.
        case notFound
        /// The command does not apply: an indicator whose value goald computes.
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

    package static func invalid(_ field: String, _ message: String) -> FollowUpError {
        FollowUpError(.invalidArgument, field: field, "\(field): \(message)")
    }

    package var description: String { message }
}
