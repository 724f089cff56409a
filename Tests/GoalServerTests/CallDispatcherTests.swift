import Foundation
import GoalDomain
import GoalProtocol
import GoalServer
import Logging
import Testing

/// The call-dispatch rules of one connection, without a socket.
@Suite struct CallDispatcherTests {
    static let read = RPCMethod<Empty, Empty>("t.v1.T/Read")
    static let write = RPCMethod<Empty, Empty>("t.v1.T/Write")
    static let admin = RPCMethod<Empty, Empty>("t.v1.T/Admin")
    static let stream = RPCMethod<Empty, Empty>("t.v1.T/Stream", kind: .serverStreaming)

    static let router: RPCRouter = {
        var router = RPCRouter()
        router.register(read) { _, _ in Empty() }
        router.registerWrite(write) { _, _, _ in Empty() }
        router.registerSlow(admin, permission: .admin) { _, _ in Empty() }
        router.registerStream(stream) { _, _ in { _, _ in Empty() } }
        return router
    }()

    func dispatcher(permission: MethodHandler.Permission = .write, maxInFlight: Int = 3) -> CallDispatcher {
        CallDispatcher(
            limits: .init(maxCallsInFlight: maxInFlight), permission: permission,
            peerDescription: "anna (uid 1000)")
    }

    func envelope(_ id: UInt64, _ method: RPCMethod<Empty, Empty>, timeoutMs: UInt64? = nil) -> RequestEnvelope {
        RequestEnvelope(id: id, method: method.name, timeoutMs: timeoutMs, params: .none)
    }

    func admit(
        _ dispatcher: inout CallDispatcher, _ id: UInt64, _ method: RPCMethod<Empty, Empty>,
        timeoutMs: UInt64? = nil
    ) -> CallDispatcher.Admission {
        dispatcher.admit(envelope(id, method, timeoutMs: timeoutMs), route: Self.router.route(method.name))
    }

    func refusal(_ admission: CallDispatcher.Admission) -> StatusCode? {
        if case .refuse(let error) = admission { return error.code }
        return nil
    }

    func token(_ admission: CallDispatcher.Admission) -> CallToken? {
        switch admission {
        case .write(_, let token), .slow(_, let token), .openStream(_, let token): token
        default: nil
        }
    }

    @Test func readsAnswerAtOnceAndDoNotCountInFlight() {
        var calls = dispatcher(maxInFlight: 1)
        for id in 1...10 {
            guard case .answerNow = admit(&calls, UInt64(id), Self.read) else {
                Issue.record("a read was not answered at once")
                return
            }
        }
        #expect(calls.isIdle)
        // A read may reuse an id at once: it is never in flight.
        guard case .answerNow = admit(&calls, 1, Self.read) else {
            Issue.record("reuse")
            return
        }
    }

    @Test func aRepeatedIDInFlightIsRefusedAndTheFirstGoesOn() throws {
        var calls = dispatcher()
        let first = try #require(token(admit(&calls, 7, Self.write)))
        #expect(refusal(admit(&calls, 7, Self.read)) == .invalidArgument)
        #expect(refusal(admit(&calls, 7, Self.write)) == .invalidArgument)
        let outcome1 = calls.complete(7, token: first)
        #expect(outcome1)
        let outcome2 = calls.complete(7, token: first)
        #expect(!outcome2, "answered once")
        #expect(token(admit(&calls, 7, Self.write)) != nil, "free again once answered")
    }

    @Test func writesAndStreamsCountTowardTheCap() {
        var calls = dispatcher(maxInFlight: 2)
        #expect(token(admit(&calls, 1, Self.write)) != nil)
        #expect(token(admit(&calls, 2, Self.stream)) != nil)
        #expect(refusal(admit(&calls, 3, Self.write)) == .resourceExhausted)
        #expect(refusal(admit(&calls, 4, Self.stream)) == .resourceExhausted)
        guard case .answerNow = admit(&calls, 5, Self.read) else {
            Issue.record("reads still served")
            return
        }
        _ = calls.cancel(1)
        #expect(token(admit(&calls, 6, Self.write)) != nil)
    }

    @Test func permissionsDeadlinesAndUnknownMethods() {
        var reader = dispatcher(permission: .read)
        #expect(refusal(admit(&reader, 1, Self.write)) == .permissionDenied)
        #expect(refusal(admit(&reader, 2, Self.admin)) == .permissionDenied)
        #expect(token(admit(&reader, 3, Self.stream)) != nil, "anyone may watch")
        var writer = dispatcher(permission: .write)
        #expect(refusal(admit(&writer, 1, Self.admin)) == .permissionDenied)
        #expect(refusal(admit(&writer, 2, Self.write, timeoutMs: 0)) == .deadlineExceeded)
        #expect(writer.isIdle, "a refused call is not in flight")
        let unknown = writer.admit(RequestEnvelope(id: 9, method: "t.v1.T/Nope", params: .none), route: nil)
        #expect(refusal(unknown) == .unimplemented)
    }

    @Test func aDeadlineOrACancelAnswersFirstAndTheLateAnswerIsDropped() throws {
        var calls = dispatcher()
        let write = try #require(token(admit(&calls, 1, Self.write, timeoutMs: 50)))
        let outcome3 = calls.deadlinePassed(1, token: write)
        #expect(outcome3 == .call)
        #expect(write.isCancelled, "a write not yet begun is never applied")
        let outcome4 = calls.complete(1, token: write)
        #expect(!outcome4, "the late answer is dropped")
        let outcome5 = calls.deadlinePassed(1, token: write)
        #expect(outcome5 == nil)

        let stream = try #require(token(admit(&calls, 2, Self.stream)))
        let outcome6 = calls.cancel(2)
        #expect(outcome6 == .stream)
        #expect(stream.isCancelled)
        let outcome7 = calls.cancel(2)
        #expect(outcome7 == nil, "a cancel for an id not in flight is ignored")

        // A deadline for an earlier call with the same id does not end a later one.
        let again = try #require(token(admit(&calls, 1, Self.write)))
        let outcome8 = calls.deadlinePassed(1, token: write)
        #expect(outcome8 == nil)
        let outcome9 = calls.complete(1, token: again)
        #expect(outcome9)
    }

    /// A call's deadline timer is kept with its entry and cancelled when the call ends first (answered, cancelled,
    /// its connection closed), or at once when it is over already; the deadline itself ends the call.
    @Test func aCallsEndCancelsItsDeadlineTimer() throws {
        var calls = dispatcher()
        var cancelled: [UInt64] = []
        let answered = try #require(token(admit(&calls, 1, Self.write, timeoutMs: 60_000)))
        calls.setDeadline(1, token: answered) { cancelled.append(1) }
        #expect(cancelled.isEmpty)
        let done = calls.complete(1, token: answered)
        #expect(done && cancelled == [1] && answered.isOver)

        let dropped = try #require(token(admit(&calls, 2, Self.write, timeoutMs: 60_000)))
        calls.setDeadline(2, token: dropped) { cancelled.append(2) }
        let ended = calls.cancel(2)
        #expect(ended == .call && cancelled == [1, 2])

        let closed = try #require(token(admit(&calls, 3, Self.stream, timeoutMs: 60_000)))
        calls.setDeadline(3, token: closed) { cancelled.append(3) }
        calls.closeAll()
        #expect(cancelled == [1, 2, 3])

        // Set after the call is over (its answer came first): cancelled at once.
        calls.setDeadline(1, token: answered) { cancelled.append(4) }
        #expect(cancelled == [1, 2, 3, 4])

        let late = try #require(token(admit(&calls, 5, Self.write, timeoutMs: 10)))
        calls.setDeadline(5, token: late) { cancelled.append(5) }
        let passed = calls.deadlinePassed(5, token: late)
        #expect(passed == .call && late.isCancelled && late.isOver)
        let lateAnswer = calls.complete(5, token: late)
        #expect(!lateAnswer, "the late answer is dropped")
    }

    @Test func closingCancelsEverythingInFlight() throws {
        var calls = dispatcher()
        let a = try #require(token(admit(&calls, 1, Self.write)))
        let b = try #require(token(admit(&calls, 2, Self.stream)))
        calls.closeAll()
        #expect(a.isCancelled && b.isCancelled && calls.isIdle)
    }
}

/// Connections in all and by user, with a reserve for administrators.
@Suite struct ConnectionLimiterTests {
    @Test func oneUserCannotLockOthersOutAndAdministratorsKeepAReserve() {
        var configuration = ServerConfiguration()
        configuration.maxConnections = 32  // a reserve of 4
        configuration.maxConnectionsPerUser = 10
        let limiter = ConnectionLimiter(configuration: configuration)
        #expect(configuration.adminReserve == 4)
        for _ in 0..<10 { #expect(limiter.admit(uid: 1000, isAdmin: false) == nil) }
        #expect(limiter.admit(uid: 1000, isAdmin: false)?.code == .resourceExhausted, "the user's own cap")
        for _ in 0..<10 { #expect(limiter.admit(uid: 1001, isAdmin: false) == nil) }
        for _ in 0..<8 { #expect(limiter.admit(uid: 1002, isAdmin: false) == nil) }
        #expect(limiter.admit(uid: 1003, isAdmin: false)?.message.contains("for administrators") == true)
        for _ in 0..<4 { #expect(limiter.admit(uid: 0, isAdmin: true) == nil, "root gets in") }
        #expect(limiter.admit(uid: 0, isAdmin: true) != nil, "but not past the total")
        limiter.release(uid: 1000)
        #expect(limiter.admit(uid: 1000, isAdmin: false) != nil, "the freed place is in the reserve")
        #expect(limiter.admit(uid: 0, isAdmin: true) == nil)
        #expect(limiter.total == 32)
    }

    /// A handler throws the domain's error as it is; the router answers it with its code, its message and its
    /// field named from the frame's root.
    @Test func theRouterAnswersADomainErrorWithItsCodeAndField() throws {
        var router = RPCRouter()
        let method = RPCMethod<Empty, Empty>("t.v1.T/Domain")
        router.register(method) { _, _ in
            throw DomainError(.notFound, field: "key", "key: no indicator 9.9.9 in the plan")
        }
        guard case .unary(let handler)? = router.route(method.name), case .read(let body) = handler.body else {
            Issue.record("not registered as a read")
            return
        }
        let context = CallContext(
            id: 1, method: method.name, metadata: [:], peer: Author(uid: 1000, name: "anna"),
            baseLogger: Logger(label: "test"))
        #expect(
            throws: RPCError(.notFound, "params.key: no indicator 9.9.9 in the plan", details: ["field": "params.key"])
        ) {
            _ = try body(.none, context)
        }
    }
}
