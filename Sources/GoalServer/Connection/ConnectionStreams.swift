import GoalProtocol
import Logging

/// The open streams of one connection: each sends its message for the current state when it differs from the
/// last one sent, coalesces changes while the client is not reading, and is ended with RESOURCE_EXHAUSTED when the
/// client has left `stalledChangesLimit` changes in a row unread. Lives on the connection's event loop.
package final class ConnectionStreams {
    /// A stream whose client has not read this many changes in a row is ended.
    package static let stalledChangesLimit = 16

    private final class Open {
        let source: StreamSource
        let token: CallToken
        let logger: Logger
        var watcher: UInt64 = 0
        var lastSent: [UInt8]?
        var stalled = 0

        init(source: StreamSource, token: CallToken, logger: Logger) {
            self.source = source
            self.token = token
            self.logger = logger
        }
    }

    /// What a stream's tick asks the connection to do.
    package enum Output {
        case message([UInt8])
        case end
        case error(RPCError)
    }

    private let state: LiveState
    private let metrics: ServerMetrics?
    private var open: [UInt64: Open] = [:]

    package init(state: LiveState, metrics: ServerMetrics? = nil) {
        self.state = state
        self.metrics = metrics
    }

    /// Adds a stream; `changed` is called (from any thread) after every change of state.
    package func add(
        _ id: UInt64, source: StreamSource, token: CallToken, logger: Logger,
        changed: @escaping @Sendable () -> Void
    ) {
        let stream = Open(source: source, token: token, logger: logger)
        open[id] = stream
        stream.watcher = state.watch(changed)
        metrics?.streamOpened()
    }

    /// Forgets a stream (ended by a cancel, a deadline or the connection).
    package func remove(_ id: UInt64) {
        guard let stream = open.removeValue(forKey: id) else { return }
        state.unwatch(stream.watcher)
        metrics?.streamClosed()
    }

    package func removeAll() {
        for id in Array(open.keys) { remove(id) }
    }

    var ids: [UInt64] { Array(open.keys) }

    func token(_ id: UInt64) -> CallToken? { open[id]?.token }

    /// The frames a stream sends now: its message if it changed and the client reads (or it is the last),
    /// the end after the last message, or an error that ends it. A stream that ends is removed.
    package func tick(_ id: UInt64, writable: Bool) -> [Output] {
        guard let stream = open[id] else { return [] }
        let message: [UInt8]
        let final: Bool
        do throws(RPCError) {
            (message, final) = try stream.source.next(state.snapshot, state.isServing)
        } catch {
            return end(id, error)
        }
        var outputs: [Output] = []
        if message != stream.lastSent {
            guard writable || final else {
                stream.stalled += 1
                if stream.stalled >= Self.stalledChangesLimit {
                    return end(
                        id,
                        RPCError(
                            .resourceExhausted,
                            "the client did not read \(stream.stalled) changes "
                                + "in a row; the stream is ended"))
                }
                return []
            }
            stream.stalled = 0
            stream.lastSent = message
            outputs.append(.message(message))
        }
        if final {
            remove(id)
            outputs.append(.end)
        }
        return outputs
    }

    private func end(_ id: UInt64, _ error: RPCError) -> [Output] {
        guard let stream = open[id] else { return [] }
        stream.logger.warning("stream ended", metadata: ["code": "\(error.code)", "error": "\(error.message)"])
        remove(id)
        return [.error(error)]
    }
}

@available(*, unavailable)
extension ConnectionStreams: Sendable {}
