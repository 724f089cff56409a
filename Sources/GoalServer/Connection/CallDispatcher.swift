import GoalProtocol
import Synchronization

/// The calls of one connection and the rules they are admitted by: a repeated id, the in-flight cap, a deadline
/// already passed, an unknown method, a permission the peer lacks. It does no I/O and knows no socket: the
/// connection's handler asks it what to do with each frame, deadline and answer, and does it. Unit-tested alone.
package struct CallDispatcher {
    /// What a connection may use.
    package struct Limits: Sendable {
        /// Calls answered later (writes, slow calls) and streams, at once on one connection.
        package var maxCallsInFlight = ServerConfiguration.Defaults.maxCallsInFlight

        package init(maxCallsInFlight: Int = ServerConfiguration.Defaults.maxCallsInFlight) {
            self.maxCallsInFlight = maxCallsInFlight
        }
    }

    /// A call that answers later, or a stream, while it is in flight.
    package enum Kind: Sendable, Equatable {
        case call
        case stream
    }

    private struct Entry {
        var kind: Kind
        var token: CallToken
        /// Cancels the call's deadline timer, when it has one.
        var cancelDeadline: (() -> Void)?

        /// The call is over: its deadline will not be needed.
        func end() {
            cancelDeadline?()
            token.finish()
        }
    }

    /// What to do with a call.
    package enum Admission {
        /// Answer it with this error; nothing is in flight.
        case refuse(RPCError)
        /// A read: run it now and answer.
        case answerNow(MethodHandler.Read)
        /// A write, now in flight under `token`: hand it to the writer; its answer comes later.
        case write(MethodHandler.Write, CallToken)
        /// A slow call, now in flight under `token`: run it as a child task; its answer comes later.
        case slow(MethodHandler.Slow, CallToken)
        /// A stream, now in flight under `token`: open it.
        case openStream(StreamHandler, CallToken)
    }

    package let limits: Limits
    /// What the peer may do.
    package let permission: MethodHandler.Permission
    /// Who the peer is, for the words of a refusal.
    package let peerDescription: String
    private var inFlight: [UInt64: Entry] = [:]

    /// For a writer of some committees alone, which (their follow-up is all it may write); nil: every one.
    package let committees: Set<String>?

    package init(
        limits: Limits, permission: MethodHandler.Permission, committees: Set<String>? = nil, peerDescription: String
    ) {
        self.limits = limits
        self.permission = permission
        self.committees = committees
        self.peerDescription = peerDescription
    }

    /// Nothing answers later and no stream is open.
    package var isIdle: Bool { inFlight.isEmpty }

    /// Decides what to do with a call whose envelope has been read.
    package mutating func admit(_ envelope: RequestEnvelope, route: Route?) -> Admission {
        let id = envelope.id
        if inFlight[id] != nil {
            return .refuse(
                .invalidArgument(
                    "id: \(id) is already in flight on this connection; use a new id for "
                        + "each call", field: "id"))
        }
        guard let route else {
            return .refuse(
                RPCError(
                    .unimplemented,
                    "unknown method \"\(envelope.method.prefix(200))\"; methods are named goald.v1.<Service>/<Method>, "
                        + "such as goald.v1.Health/Check (goalctl describe lists them)"
                ))
        }
        let needed: MethodHandler.Permission
        let answersLater: Bool
        switch route {
        case .unary(let handler):
            needed = handler.permission
            answersLater = !handler.answersAtOnce
            if needed == .write, handler.writeScope == .everything, let committees {
                return .refuse(
                    RPCError(
                        .permissionDenied,
                        "\(envelope.method) needs write permission for every committee; \(peerDescription) may "
                            + (committees.isEmpty
                                ? "record decisions alone (goald.conf secretaries)"
                                : "write the follow-up of \(committees.sorted().joined(separator: ", ")) alone")
                            + ". An administrator can grant it (the group goald-writer, or goald.conf's writers)"))
            }
        case .stream:
            needed = .read
            answersLater = true
        }
        guard needed <= permission else {
            let group = needed == .admin ? "goald-admin" : "goald-writer"
            return .refuse(
                RPCError(
                    .permissionDenied,
                    "\(envelope.method) needs \(needed.rawValue) permission; "
                        + "\(peerDescription) may \(permission.rawValue). An administrator can grant it "
                        + "(the group \(group), or goald.conf's \(needed == .admin ? "admins" : "writers"))"))
        }
        if answersLater, inFlight.count >= limits.maxCallsInFlight {
            return .refuse(
                RPCError(
                    .resourceExhausted,
                    "at most \(limits.maxCallsInFlight) calls and streams may be "
                        + "in flight on one connection; wait for answers, or open another connection"))
        }
        if envelope.timeoutMs == 0 {
            return .refuse(RPCError(.deadlineExceeded, "the deadline (timeoutMs 0) passed before the call began"))
        }
        switch route {
        case .unary(let handler):
            switch handler.body {
            case .read(let body):
                return .answerNow(body)
            case .write(let body):
                return .write(body, enter(id, .call))
            case .slow(let body):
                return .slow(body, enter(id, .call))
            }
        case .stream(let handler):
            return .openStream(handler, enter(id, .stream))
        }
    }

    /// Puts a call in flight under a new token.
    private mutating func enter(_ id: UInt64, _ kind: Kind) -> CallToken {
        let token = CallToken()
        inFlight[id] = Entry(kind: kind, token: token)
        return token
    }

    /// Keeps a call's deadline timer with its entry, to be cancelled when the call ends first; cancelled at once
    /// when the call is over already.
    package mutating func setDeadline(_ id: UInt64, token: CallToken, cancel: @escaping () -> Void) {
        guard inFlight[id]?.token === token else { return cancel() }
        inFlight[id]?.cancelDeadline = cancel
    }

    /// A call run later has its answer: true if it is still in flight (so the answer is written); false if a
    /// deadline, a cancel or the end of the connection answered first.
    package mutating func complete(_ id: UInt64, token: CallToken) -> Bool {
        guard let entry = inFlight[id], entry.token === token else { return false }
        inFlight[id] = nil
        entry.end()
        return true
    }

    /// A call's deadline passed: the kind of what it ends (answer `DEADLINE_EXCEEDED`), or nil if it is over.
    package mutating func deadlinePassed(_ id: UInt64, token: CallToken) -> Kind? {
        guard let entry = inFlight[id], entry.token === token else { return nil }
        inFlight[id] = nil
        entry.token.cancel()
        entry.end()
        return entry.kind
    }

    /// A cancel frame: the kind of what it ends (answer `CANCELLED`), or nil for an id not in flight (ignored).
    package mutating func cancel(_ id: UInt64) -> Kind? {
        guard let entry = inFlight.removeValue(forKey: id) else { return nil }
        entry.token.cancel()
        entry.end()
        return entry.kind
    }

    /// A stream ended by itself (its last message, or an error); true if it was open.
    package mutating func streamEnded(_ id: UInt64, token: CallToken) -> Bool {
        complete(id, token: token)
    }

    /// The connection closed: every call in flight is cancelled (a write not yet begun is never applied).
    package mutating func closeAll() {
        for entry in inFlight.values {
            entry.token.cancel()
            entry.end()
        }
        inFlight.removeAll()
    }
}

/// One call in flight: tells queued work that the call is cancelled (by the client, its deadline, or its
/// connection gone), and the metrics when it is over.
package final class CallToken: Sendable {
    private struct State {
        var cancelled = false
        var over = false
        /// Called once, when the call is over.
        var onOver: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    package init() {}

    package var isCancelled: Bool { state.withLock { $0.cancelled } }

    package func cancel() { state.withLock { $0.cancelled = true } }

    package var isOver: Bool { state.withLock { $0.over } }

    /// The call is over (answered, cancelled, past its deadline, or its connection closed).
    package func finish() {
        let onOver = state.withLock { state -> (@Sendable () -> Void)? in
            let onOver = state.over ? nil : state.onOver
            state.over = true
            state.onOver = nil
            return onOver
        }
        onOver?()
    }

    /// Runs `body` once when the call is over (at once if it is over already).
    func onOver(_ body: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.over { return true }
            state.onOver = body
            return false
        }
        if now { body() }
    }
}

extension MethodHandler.Permission: Comparable {
    private var rank: Int {
        switch self {
        case .read: 0
        case .write: 1
        case .admin: 2
        }
    }

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
