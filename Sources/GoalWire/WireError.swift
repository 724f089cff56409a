/// A framing problem: the bytes on the connection are not a valid stream of frames.
package struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Kind: Hashable, Sendable {
        /// The length prefix announces more than the limit allows.
        case frameTooLarge(length: UInt32, limit: Int)
        /// The connection ended in the middle of a frame.
        case truncatedFrame(buffered: Int)
        /// A frame begun was not whole within the deadline a frame has from its first byte.
        case frameTooSlow(seconds: Int64)
    }

    package var kind: Kind

    package init(_ kind: Kind) { self.kind = kind }

    /// Whether goald answers it (RESOURCE_EXHAUSTED on id 0) before it closes the connection: a limit, not a
    /// connection gone.
    package var isRefusal: Bool {
        switch kind {
        case .frameTooLarge, .frameTooSlow: true
        case .truncatedFrame: false
        }
    }

    package var description: String {
        switch kind {
        case .frameTooLarge(let length, let limit):
            "frame of \(length) bytes is over the limit of \(limit) bytes"
        case .truncatedFrame(let buffered):
            "connection closed in the middle of a frame (\(buffered) bytes buffered)"
        case .frameTooSlow(let seconds):
            "a frame was not whole within \(seconds) s of its first byte; the connection is closed"
        }
    }
}
