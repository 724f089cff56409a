/// A framing problem: the bytes on the connection are not a valid stream of frames.
package struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Kind: Hashable, Sendable {
        /// The length prefix announces more than the limit allows.
        case frameTooLarge(length: UInt32, limit: Int)
        /// The connection ended in the middle of a frame.
        case truncatedFrame(buffered: Int)
    }

    package var kind: Kind

    package init(_ kind: Kind) { self.kind = kind }

    package var description: String {
        switch kind {
        case .frameTooLarge(let length, let limit):
            "frame of \(length) bytes is over the limit of \(limit) bytes"
        case .truncatedFrame(let buffered):
            "connection closed in the middle of a frame (\(buffered) bytes buffered)"
        }
    }
}
