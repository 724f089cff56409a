import NIOCore
import NIOExtras
import ServiceLifecycle
import Synchronization

/// A listening socket's graceful stop, as both of goald's listeners (the RPC socket, the HTTP side door) have it:
/// SwiftNIO's `ServerQuiescingHelper`, made with the socket by the bootstrap's server-channel initializer (so that
/// its promise is kept even when bind fails); a stop asked for before or after the socket listens; and the
/// quiescing, once (the helper's rule): the socket closes, every connection is told (`ChannelShouldQuiesceEvent`),
/// and `serve` returns when the last has closed.
package final class QuiescingListener: Sendable {
    private enum State {
        case starting
        case listening(stop: AsyncStream<Void>.Continuation)
        /// A stop was asked for (before or after the socket listened).
        case stopping
    }

    private let state = Mutex<State>(.starting)
    /// The helper of the socket being made: set by `initialize`, taken by `serve`.
    private let made = Mutex<ServerQuiescingHelper?>(nil)

    package init() {}

    /// For `ServerBootstrap.serverChannelInitializer`.
    package func initialize(_ channel: any Channel) -> EventLoopFuture<Void> {
        let helper = ServerQuiescingHelper(group: channel.eventLoop)
        made.withLock { $0 = helper }
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(helper.makeServerChannelHandler(channel: channel))
        }
    }

    /// Asks for the stop. True for the first ask while the socket listens (the caller then says it is stopping).
    @discardableResult
    package func requestStop() -> Bool {
        let stop = state.withLock { state -> AsyncStream<Void>.Continuation? in
            defer { state = .stopping }
            if case .listening(let stop) = state { return stop }
            return nil
        }
        stop?.finish()
        return stop != nil
    }

    /// Serves `listener` until a stop is asked for (by `requestStop`, graceful shutdown, cancellation, or the socket
    /// closing), then quiesces it. `afterListening` runs once a stop can be asked for (the caller says it is
    /// ready); `quiescing` runs as the connections are told. Returns once the last has closed.
    package func serve(
        _ listener: any Channel, onGracefulShutdown: @escaping @Sendable () -> Void,
        afterListening: () async -> Void = {}, quiescing: () -> Void = {}
    ) async throws {
        guard let helper = made.withLock({ $0.take() }) else {
            throw ListenError(description: "the listening socket was made without its quiescing helper")
        }
        let (requested, stop) = AsyncStream.makeStream(of: Void.self)
        let stopAtOnce = state.withLock { state -> Bool in
            guard case .starting = state else { return true }
            state = .listening(stop: stop)
            return false
        }
        if stopAtOnce { stop.finish() }
        listener.closeFuture.whenComplete { _ in stop.finish() }  // closed otherwise: stop too
        await afterListening()
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                for await _ in requested {}
            } onCancel: {
                stop.finish()
            }
        } onGracefulShutdown: {
            onGracefulShutdown()
        }
        let quiesced = listener.eventLoop.makePromise(of: Void.self)
        helper.initiateShutdown(promise: quiesced)
        quiescing()
        try? await quiesced.futureResult.get()
    }
}
