import FoundationEssentials
import GoalProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// One blocking connection to goald. Calls are numbered from 1; a call waits for the response with its id.
///
/// Blocking I/O keeps a one-shot `goalctl` small and quick to start; the protocol allows many calls in
/// flight, and `send`/`receive` expose the frames for clients that pipeline.
package final class GoalConnection {
    package let socketPath: String
    private let fd: Int32
    private var nextID: UInt64 = 1
    private var buffer: [UInt8] = []
    /// Calls begun and not yet finished, and the answers that came for them while another was awaited.
    private var outstanding: Set<UInt64> = []
    private var answered: [UInt64: Data] = [:]
    private let maxFrameLength: Int

    /// Connects to goald's socket.
    /// - Throws: `ClientError` saying which socket was tried and why it failed.
    package init(socketPath: String, maxFrameLength: Int = Framing.defaultMaxFrameLength) throws(ClientError) {
        self.socketPath = socketPath
        self.maxFrameLength = maxFrameLength
        self.fd = try UnixSocket.connect(socketPath)
    }

    deinit { close(fd) }

    /// Takes the next call id.
    package func makeID() -> UInt64 {
        defer { nextID += 1 }
        return nextID
    }

    // MARK: - Calls

    /// Calls a unary method and decodes its result.
    /// - Throws: `RPCError` when goald answers with an error; `ClientError` when there is no valid answer.
    package func call<Params, Result>(
        _ method: RPCMethod<Params, Result>, _ params: Params, timeout: Duration? = nil
    ) throws -> Result {
        try finish(begin(method, params, timeout: timeout))
    }

    /// Calls a method with any params and returns the response's payload once it is known not to be an error.
    package func callRaw(method: String, params: some Encodable, timeout: Duration? = nil) throws -> Data {
        try answer(to: sendCall(method: method, params: params, timeout: timeout))
    }

    /// A call sent and not yet answered: `begin` sends it, `finish` waits for its answer. Calls begun one after
    /// another are in flight together (goald answers each by its id, in any order).
    package struct PendingCall<Result: Decodable> {
        fileprivate let id: UInt64
        fileprivate let method: String
        fileprivate let deadline: ContinuousClock.Instant?
    }

    /// Sends a call without waiting for its answer.
    package func begin<Params, Result>(
        _ method: RPCMethod<Params, Result>, _ params: Params, timeout: Duration? = nil
    ) throws -> PendingCall<Result> {
        let sent = try sendCall(method: method.name, params: params, timeout: timeout)
        return PendingCall(id: sent.id, method: method.name, deadline: sent.deadline)
    }

    /// Waits for a begun call's answer and decodes its result.
    /// - Throws: `RPCError` when goald answers with an error; `ClientError` when there is no valid answer.
    package func finish<Result>(_ call: PendingCall<Result>) throws -> Result {
        let payload = try answer(to: (call.id, call.deadline))
        do {
            let response = try JSONDecoder().decode(Response<Result>.self, from: payload)
            guard let result = response.result else {
                throw ClientError(.protocolViolation, "goald's response to \(call.method) has neither result nor error")
            }
            return result
        } catch let error as DecodingError {
            throw ClientError(.protocolViolation, "goald's response to \(call.method) does not decode: \(error)")
        }
    }

    private func sendCall(
        method: String, params: some Encodable,
        timeout: Duration?
    ) throws -> (id: UInt64, deadline: ContinuousClock.Instant?) {
        let id = makeID()
        let timeoutMs = timeout.map {
            UInt64(max(1, $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000))
        }
        let request = Request(id: id, method: method, params: params, timeoutMs: timeoutMs)
        try send(try WireJSON.encode(request))
        outstanding.insert(id)
        // Allow a little beyond the server's deadline for its DEADLINE_EXCEEDED answer to arrive.
        return (id, timeout.map { ContinuousClock.now + $0 + .milliseconds(250) })
    }

    /// The payload of the answer to call `id`, once it is known not to be an error. Answers to other calls in
    /// flight that come first are kept for their own `finish`.
    private func answer(to call: (id: UInt64, deadline: ContinuousClock.Instant?)) throws -> Data {
        defer { outstanding.remove(call.id) }
        if let payload = answered.removeValue(forKey: call.id) {
            return try Self.checked(payload, head: Self.head(of: payload))
        }
        while true {
            let payload = Data(try receive(deadline: call.deadline))
            let head = try Self.head(of: payload)
            if head.error != nil, head.id == connectionErrorID { try Self.checked(payload, head: head) }
            if head.id == call.id { return try Self.checked(payload, head: head) }
            // A frame for another call: kept if that call is in flight here, else not ours to handle.
            if outstanding.contains(head.id) { answered[head.id] = payload }
        }
    }

    /// The payload, unless it is an error (thrown).
    @discardableResult
    private static func checked(_ payload: Data, head: ResponseHead) throws -> Data {
        if let error = head.error { throw error }
        return payload
    }

    /// The routing part of a frame from goald, or a protocol violation. Read without a decoder (`ResponseEnvelope`)
    /// unless the frame carries an error, or is not of the form goald writes.
    private static func head(of payload: Data) throws -> ResponseHead {
        if let envelope = payload.withUnsafeBytes(ResponseEnvelope.scan), !envelope.hasError {
            return ResponseHead(id: envelope.id, end: envelope.end ? true : nil)
        }
        do {
            return try JSONDecoder().decode(ResponseHead.self, from: payload)
        } catch {
            throw ClientError(.protocolViolation, "goald sent a frame that is not a response: \(error)")
        }
    }

    /// Opens a server stream and hands each message's payload to `body` until the stream ends (returns normally),
    /// goald answers with an error (throws `RPCError`), or `body` returns false (the stream is cancelled).
    package func stream(method: String, params: some Encodable, _ body: (Data) throws -> Bool) throws {
        let id = makeID()
        try send(try WireJSON.encode(Request(id: id, method: method, params: params)))
        while true {
            let payload = Data(try receive(deadline: nil))
            let head = try Self.head(of: payload)
            guard head.id == id || head.id == connectionErrorID else { continue }
            if let error = head.error { throw error }
            if head.end == true { return }
            if try !body(payload) {
                try send(try WireJSON.encode(CancelFrame(cancel: id)))
                return
            }
        }
    }

    /// The bytes of the `result` member of a response payload, as goald wrote them, or nil when it has none (or it
    /// is null, or the frame is not of the form goald writes).
    package static func resultBytes(of payload: Data) -> Data? {
        payload.withUnsafeBytes { bytes in
            guard let envelope = ResponseEnvelope.scan(bytes), !envelope.hasError, let range = envelope.result,
                !UnsafeRawBufferPointer(rebasing: bytes[range]).elementsEqual("null".utf8)
            else { return nil }
            return Data(bytes[range])
        }
    }

    /// The `result` member of a response payload, as JSON.
    package static func resultJSON(of payload: Data) throws -> JSONValue {
        let response = try JSONDecoder().decode(Response<JSONValue>.self, from: payload)
        return response.result ?? .null
    }

    // MARK: - Frames

    /// Sends one frame.
    package func send(_ payload: [UInt8]) throws(ClientError) {
        try sendBytes(Framing.frame(payload))
    }

    /// Sends bytes as they are, for tests that write partial or malformed frames.
    ///
    /// With calls in flight, what goald answers meanwhile is read while sending: goald stops reading a connection
    /// whose answers go unread, and a client blocked sending a large frame while an answer waits for it would wait
    /// for goald as goald waits for it. An answer over the frame limit ends the send with the same error `receive`
    /// gives.
    package func sendBytes(_ bytes: [UInt8]) throws(ClientError) {
        var offset = 0
        while offset < bytes.count {
            let reading = !outstanding.isEmpty
            if reading {
                var pollfd = Glibc.pollfd(fd: fd, events: Int16(POLLIN | POLLOUT), revents: 0)
                if poll(&pollfd, 1, -1) < 0 {
                    if errno == EINTR { continue }
                    throw ClientError(.unreachable, "waiting for goald failed: \(String(cString: strerror(errno)))")
                }
                if pollfd.revents & Int16(POLLIN) != 0 {
                    try fill(deadline: nil)
                    try checkFrameLength()
                    continue
                }
            }
            let sent = bytes[offset...].withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress, raw.count, Int32(reading ? MSG_NOSIGNAL | MSG_DONTWAIT : MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
                throw ClientError(
                    .unreachable, "connection to \(socketPath) lost while sending: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }

    /// The next frame's length, once its header is in: an error if it is over the limit.
    @discardableResult
    private func checkFrameLength() throws(ClientError) -> Int? {
        guard buffer.count >= Framing.headerLength else { return nil }
        let length = Int(Framing.length(fromHeader: buffer))
        guard length <= maxFrameLength else {
            throw ClientError(
                .protocolViolation, "goald sent a frame of \(length) bytes, over the \(maxFrameLength)-byte limit")
        }
        return length
    }

    /// Waits for the next frame and returns its payload.
    /// - Throws: `ClientError` on a deadline, a closed connection, or a frame over the limit.
    package func receive(deadline: ContinuousClock.Instant? = nil) throws(ClientError) -> [UInt8] {
        while true {
            if let length = try checkFrameLength() {
                if buffer.count >= Framing.headerLength + length {
                    let payload = Array(buffer[Framing.headerLength..<Framing.headerLength + length])
                    buffer.removeFirst(Framing.headerLength + length)
                    return payload
                }
            }
            try fill(deadline: deadline)
        }
    }

    /// Whether the server has closed the connection (reads end of file), waiting at most until `deadline`.
    package func isClosedByPeer(deadline: ContinuousClock.Instant) -> Bool {
        do {
            while true { try fill(deadline: deadline) }
        } catch {
            return error.kind == .unreachable
        }
    }

    private func fill(deadline: ContinuousClock.Instant?) throws(ClientError) {
        if let deadline {
            let remaining = deadline - ContinuousClock.now
            let ms = max(
                0, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
            var pollfd = Glibc.pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pollfd, 1, Int32(min(ms, Int64(Int32.max))))
            if ready == 0 {
                throw ClientError(.deadlineExceeded, "no answer from goald on \(socketPath) before the deadline")
            }
            if ready < 0, errno != EINTR {
                throw ClientError(.unreachable, "waiting for goald failed: \(String(cString: strerror(errno)))")
            }
            if ready < 0 { return }
        }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { return }
            throw ClientError(.unreachable, "connection to \(socketPath) lost: \(String(cString: strerror(errno)))")
        }
        if count == 0 {
            throw ClientError(.unreachable, "goald closed the connection on \(socketPath)")
        }
        buffer += chunk[..<count]
    }
}

/// A connected Unix stream socket: the one place a client opens one.
package enum UnixSocket {
    /// Connects to `socketPath`; the error says which socket was tried and why it failed.
    package static func connect(_ socketPath: String) throws(ClientError) -> Int32 {
        guard socketPath.utf8.count <= 107 else {
            throw ClientError(.unreachable, "socket path \(socketPath) is longer than the 107 bytes Unix sockets allow")
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            throw ClientError(.unreachable, "cannot create a socket: \(String(cString: strerror(errno)))")
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.utf8.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if result != 0 {
            let code = errno
            close(fd)
            switch code {
            case ENOENT:
                throw ClientError(.unreachable, "goald is not running: no socket at \(socketPath)")
            case ECONNREFUSED:
                throw ClientError(.unreachable, "goald is not running: nothing is listening on \(socketPath)")
            case EACCES, EPERM:
                throw ClientError(
                    .permissionDenied,
                    "permission denied opening \(socketPath); ask an administrator for access to goald's socket")
            default:
                throw ClientError(.unreachable, "cannot connect to \(socketPath): \(String(cString: strerror(code)))")
            }
        }
        return fd
    }
}
