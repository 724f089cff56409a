/// A call's outcome on the wire, named as gRPC names its status codes (`NOT_FOUND`, `INVALID_ARGUMENT`, …).
///
/// A struct over a string rather than an enum, so that a code sent by a newer goald still decodes.
package struct StatusCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }

    package static let ok = Self(rawValue: "OK")
    package static let cancelled = Self(rawValue: "CANCELLED")
    package static let unknown = Self(rawValue: "UNKNOWN")
    package static let invalidArgument = Self(rawValue: "INVALID_ARGUMENT")
    package static let deadlineExceeded = Self(rawValue: "DEADLINE_EXCEEDED")
    package static let notFound = Self(rawValue: "NOT_FOUND")
    package static let alreadyExists = Self(rawValue: "ALREADY_EXISTS")
    package static let permissionDenied = Self(rawValue: "PERMISSION_DENIED")
    package static let resourceExhausted = Self(rawValue: "RESOURCE_EXHAUSTED")
    package static let failedPrecondition = Self(rawValue: "FAILED_PRECONDITION")
    package static let aborted = Self(rawValue: "ABORTED")
    package static let outOfRange = Self(rawValue: "OUT_OF_RANGE")
    package static let unimplemented = Self(rawValue: "UNIMPLEMENTED")
    package static let `internal` = Self(rawValue: "INTERNAL")
    package static let unavailable = Self(rawValue: "UNAVAILABLE")
    package static let dataLoss = Self(rawValue: "DATA_LOSS")
    package static let unauthenticated = Self(rawValue: "UNAUTHENTICATED")

    /// Every code gRPC defines, in the order of their numbers (OK is 0, UNAUTHENTICATED is 16).
    package static let all: [StatusCode] = [
        .ok, .cancelled, .unknown, .invalidArgument, .deadlineExceeded, .notFound, .alreadyExists,
        .permissionDenied, .resourceExhausted, .failedPrecondition, .aborted, .outOfRange, .unimplemented,
        .internal, .unavailable, .dataLoss, .unauthenticated,
    ]

    /// gRPC's number for the code, or nil for a code this build does not know.
    package var number: Int? { Self.all.firstIndex(of: self) }

    package init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    package var description: String { rawValue }
}
