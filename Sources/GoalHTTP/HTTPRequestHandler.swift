import Foundation
import GoalProtocol
import GoalServer
import Logging
import NIOCore
import NIOHTTP1

/// One HTTP connection: GET and HEAD of the side door's addresses, answered from `HTTPRoutes`; anything else is
/// refused (405 with `Allow`, 413 for a request with a body). Documents are rendered off the event loop. An event
/// stream is relayed by the machinery of the RPC Watch streams (`ConnectionStreams`): one event per change,
/// changes coalesced while the client does not read, and the stream ended when it leaves too many unread.
final class HTTPRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let routes: HTTPRoutes
    /// Who may come in (`SideDoorAccess`): a request without the secret is answered 401, but for `/healthz`.
    private let access: SideDoorAccess
    /// Where pages are rendered: the side door's own thread, off the event loops.
    private let renderer: any EventLoop
    private let logger: Logger
    private var head: HTTPRequestHead?
    private var bodyBytes = 0
    private var started = ContinuousClock.now
    /// Set while an event stream is open on this connection.
    private var streams: ConnectionStreams?
    private static let streamID: UInt64 = 1
    private var shuttingDown = false
    /// A request read while the client was not reading its answers: served once it reads again. NIO's pipelining
    /// handler reads nothing more meanwhile, so a client that sends requests without reading the answers makes
    /// goald hold one answer at most.
    private var parked: HTTPRequestHead?
    private var active = true
    /// A document is being rendered for the request in hand.
    private var rendering = false

    /// How long a request's head may take to arrive whole; the timer while one is awaited.
    private let headTimeout: TimeAmount
    private var headDeadline: Scheduled<Void>?

    init(
        routes: HTTPRoutes, access: SideDoorAccess, renderer: any EventLoop, logger: Logger,
        headTimeout: TimeAmount = .seconds(10)
    ) {
        self.routes = routes
        self.access = access
        self.renderer = renderer
        self.logger = logger
        self.headTimeout = headTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        awaitHead(context: context)
    }

    /// Closes the connection unless a request's head arrives whole in time (a trickling client holds no place).
    private func awaitHead(context: ChannelHandlerContext) {
        headDeadline?.cancel()
        let channel = context.channel
        let logger = self.logger
        headDeadline = context.eventLoop.scheduleTask(in: headTimeout) {
            logger.debug("http connection closed: no whole request in time")
            channel.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            headDeadline?.cancel()
            headDeadline = nil
            self.head = head
            bodyBytes = 0
            started = .now
        case .body(let body):
            bodyBytes += body.readableBytes
        case .end:
            guard let head else { return }
            self.head = nil
            if context.channel.isWritable {
                serve(head, context: context)
            } else {
                parked = head
            }
        }
    }

    private func serve(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        guard Self.admits(host: head.headers.first(name: "Host"), local: context.channel.localAddress) else {
            respond(
                head, status: 421, contentType: HTTPRoutes.text,
                body: Array("not served under this name: ask goald by its own address (127.0.0.1 or localhost)\n".utf8),
                extra: [], close: true, context: context)
            return
        }
        guard head.method == .GET || head.method == .HEAD else {
            respond(
                head, status: 405, contentType: HTTPRoutes.text,
                body: Array("\(head.method.rawValue) is not served: the side door is read-only (GET, HEAD)\n".utf8),
                extra: [("Allow", "GET, HEAD")], close: false, context: context)
            return
        }
        guard bodyBytes == 0 else {
            respond(
                head, status: 413, contentType: HTTPRoutes.text,
                body: Array("a GET takes no body\n".utf8), extra: [], close: true, context: context)
            return
        }
        let components = URLComponents(string: head.uri)
        let path = components?.percentEncodedPath ?? head.uri
        var items: [String: String] = [:]
        for item in components?.queryItems ?? [] { items[item.name] = item.value ?? "" }
        let query = items
        let routes = self.routes
        if path == "/healthz" {
            answer(routes.answer(path: path, query: query), head: head, context: context)
            return
        }
        let cookie = SideDoorAccess.cookieName(port: context.channel.localAddress?.port)
        if path == Self.loginPath {
            logIn(head, query: query, cookie: cookie, context: context)
            return
        }
        guard let presented = Self.secret(in: head.headers, cookie: cookie), access.admits(presented) else {
            respond(
                head, status: 401, contentType: HTTPRoutes.text, body: Self.closedDoor,
                extra: [("WWW-Authenticate", #"Bearer realm="goald""#), ("Cache-Control", "no-store")],
                close: false, context: context)
            return
        }
        // Rendering takes milliseconds: on the side door's own thread, off the event loop.
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        rendering = true
        renderer.submit { routes.answer(path: path, query: query) }.hop(to: loop).whenSuccess { answer in
            let (handler, context) = bound.value
            handler.rendering = false
            // The client may have left while the page was rendered: then there is no one to answer.
            guard handler.active else { return }
            handler.answer(answer, head: head, context: context)
        }
    }

    // MARK: Access

    /// The login link's path: `/login?token=…[&next=/region]`.
    static let loginPath = "/login"

    /// What a request without the secret is told.
    static let closedDoor = Array(
        ("goald's side door opens to whoever may call goald. Run `goalctl http-login` and open the link it prints;\n"
            + "a script sends `Authorization: Bearer` with the secret of `goalctl http-login --token`.\n").utf8)

    /// The secret a request carries: `Authorization: Bearer …`, else the login link's cookie.
    static func secret(in headers: HTTPHeaders, cookie: String) -> Substring? {
        for value in headers["Authorization"] {
            let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return parts[1].drop { $0 == " " }
            }
        }
        for header in headers["Cookie"] {
            for pair in header.split(separator: ";") {
                let trimmed = pair.drop { $0 == " " }
                guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals] == cookie else { continue }
                return trimmed[trimmed.index(after: equals)...]
            }
        }
        return nil
    }

    /// The login link: with goald's secret, sets the cookie (for this host and port, not readable by scripts, sent
    /// only from goald's own pages) and goes on to `next` (a path of the door; `/` by default), without the secret
    /// in the address bar; without it, 401.
    private func logIn(
        _ head: HTTPRequestHead, query: [String: String], cookie: String, context: ChannelHandlerContext
    ) {
        guard let token = query["token"], access.admits(token) else {
            respond(
                head, status: 401, contentType: HTTPRoutes.text,
                body: Array("the link's secret is not goald's: ask `goalctl http-login` for the link again\n".utf8),
                extra: [("Cache-Control", "no-store")], close: false, context: context)
            return
        }
        respond(
            head, status: 303, contentType: HTTPRoutes.text, body: Array("logged in\n".utf8),
            extra: [
                ("Location", Self.destination(query["next"])), ("Cache-Control", "no-store"),
                (
                    "Set-Cookie",
                    "\(cookie)=\(token); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(Self.cookieSeconds)"
                ),
            ], close: false, context: context)
    }

    /// 30 days: a clerk's browser keeps the door open for a month.
    static let cookieSeconds = 30 * 24 * 3600

    /// Where the login link goes on to: a path of this door, never another site (`//host`, `/\host`, a scheme).
    static func destination(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"),
            next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return "/" }
        return next
    }

    private func answer(_ answer: HTTPRoutes.Answer, head: HTTPRequestHead, context: ChannelHandlerContext) {
        switch answer {
        case .document(let status, let contentType, let body, let extra):
            respond(
                head, status: status, contentType: contentType, body: body, extra: extra, close: false,
                context: context)
        case .events(let scope):
            openEvents(head, scope: scope, context: context)
        }
    }

    /// Whether a request's `Host` names goald as it listens: its loopback address or `localhost`, with or without
    /// its port. A page of another site whose name is made to point at 127.0.0.1 (DNS rebinding) sends its own
    /// name, and is refused (421) before anything is read. A request without `Host` comes from no browser.
    static func admits(host: String?, local: SocketAddress?) -> Bool {
        guard let host = host?.lowercased() else { return true }
        var names = ["127.0.0.1", "localhost", "[::1]"]
        if let address = local?.ipAddress { names.append(address.contains(":") ? "[\(address)]" : address) }
        let port = local?.port.map { ":\($0)" }
        return names.contains { name in host == name || port.map { host == name + $0 } == true }
    }

    private func respond(
        _ request: HTTPRequestHead, status: Int, contentType: String, body: [UInt8],
        extra: [(String, String)], close: Bool, context: ChannelHandlerContext
    ) {
        let keepAlive = request.isKeepAlive && !close && !shuttingDown
        var headers = HTTPHeaders([
            ("Content-Type", contentType), ("Content-Length", "\(body.count)"),
            ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
        ])
        headers.add(contentsOf: extra)
        // A page names its own policy (`HTTPRoutes`); every other answer gets the one that allows nothing.
        if !headers.contains(name: "Content-Security-Policy") {
            headers.add(name: "Content-Security-Policy", value: HTTPRoutes.defaultPolicy)
        }
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let responseHead = HTTPResponseHead(
            version: request.version, status: HTTPResponseStatus(statusCode: status),
            headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        if request.method != .HEAD, !body.isEmpty {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let done = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        log(request, status: status)
        if !keepAlive {
            let channel = context.channel
            done.futureResult.whenComplete { _ in channel.close(promise: nil) }
        } else {
            awaitHead(context: context)  // the next request's head, in time
        }
    }

    private func log(_ request: HTTPRequestHead, status: Int) {
        guard logger.logLevel <= .debug else { return }
        logger.debug(
            "http request",
            metadata: [
                "http_method": "\(request.method.rawValue)", "path": "\(request.uri)", "status": "\(status)",
                "duration_us": "\((ContinuousClock.now - started).microsecondsRounded)",
            ])
    }

    // MARK: Event stream

    private func openEvents(_ request: HTTPRequestHead, scope: HTTPRoutes.EventScope, context: ChannelHandlerContext) {
        guard active else { return }
        let headers = HTTPHeaders([
            ("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-store"),
            ("X-Accel-Buffering", "no"), ("Connection", "keep-alive"), ("X-Content-Type-Options", "nosniff"),
        ])
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: .ok, headers: headers))),
            promise: nil)
        log(request, status: 200)
        guard request.method == .GET else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        // A client that loses the stream retries after two seconds.
        write("retry: 2000\n\n", context: context)
        let streams = ConnectionStreams(state: routes.state)
        self.streams = streams
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        streams.add(Self.streamID, source: routes.eventSource(scope), token: CallToken(), logger: logger) {
            loop.execute {
                let (handler, context) = bound.value
                handler.tick(context: context, event: "change")
            }
        }
        tick(context: context, event: "state")
    }

    private func tick(context: ChannelHandlerContext, event: String) {
        guard let streams else { return }
        for output in streams.tick(Self.streamID, writable: context.channel.isWritable) {
            switch output {
            case .message(let message):
                write("event: \(event)\ndata: \(String(decoding: message, as: UTF8.self))\n\n", context: context)
            case .end:
                write("event: end\ndata: {}\n\n", context: context)
                endEvents(context: context)
            case .error(let error):
                let data =
                    (try? WireJSON.encode(["code": error.code.rawValue, "message": error.message]))
                    .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                write("event: error\ndata: \(data)\n\n", context: context)
                endEvents(context: context)
            }
        }
    }

    private func write(_ text: String, context: ChannelHandlerContext) {
        let buffer = context.channel.allocator.buffer(string: text)
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
    }

    private func endEvents(context: ChannelHandlerContext) {
        streams?.removeAll()
        streams = nil
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            if let head = parked {
                parked = nil
                serve(head, context: context)
            }
            tick(context: context, event: "change")
        }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is HTTPShutdownEvent {
            shuttingDown = true
            if streams != nil {
                write("event: end\ndata: {}\n\n", context: context)
                endEvents(context: context)
            } else if head == nil, !rendering, parked == nil {
                context.close(promise: nil)
            }
            // A request being read or rendered is answered, with Connection: close.
            return
        }
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            // An event stream's client sends nothing while it listens; any other connection idle this long closes.
            if streams == nil { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        active = false
        headDeadline?.cancel()
        headDeadline = nil
        streams?.removeAll()
        streams = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("http connection closed on an error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}

extension Duration {
    var microsecondsRounded: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}

/// A connection over the limit: its request line is read (1 s and 1 KiB at most); a health probe (`GET /healthz`)
/// is answered as ever, so that clients holding every place cannot make goald look down, anything else is told 503;
/// then it is closed.
final class OverLimitHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    static let response = Array(
        ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: 54\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
            + "goald has too many HTTP connections open; retry later\n").utf8)

    private let routes: HTTPRoutes
    private var line: [UInt8] = []
    private var answered = false
    private var deadline: Scheduled<Void>?

    init(routes: HTTPRoutes) {
        self.routes = routes
    }

    func channelActive(context: ChannelHandlerContext) {
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        deadline = loop.scheduleTask(in: .seconds(1)) {
            let (handler, context) = bound.value
            handler.answer(context: context)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        var buffer = unwrapInboundIn(data)
        line += buffer.readBytes(length: buffer.readableBytes) ?? []
        if line.contains(0x0A) || line.count >= 1024 { answer(context: context) }
    }

    private func answer(context: ChannelHandlerContext) {
        guard !answered else { return }
        answered = true
        deadline?.cancel()
        let request = String(decoding: line.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
        let probe = request.hasPrefix("GET /healthz ") || request.hasPrefix("HEAD /healthz ")
        var bytes = Self.response
        // The probe's answer is the route's own (`HTTPRoutes`), written whole.
        if probe, case .document(let status, let contentType, let body, _) = routes.answer(path: "/healthz", query: [:])
        {
            let reason = status == 200 ? "OK" : "Service Unavailable"
            bytes =
                Array(
                    ("HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
                        + "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n").utf8)
                + (request.hasPrefix("HEAD") ? [] : body)
        }
        let channel = context.channel
        context.writeAndFlush(NIOAny(channel.allocator.buffer(bytes: bytes))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
