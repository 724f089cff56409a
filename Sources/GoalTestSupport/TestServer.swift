import Foundation
import GoalClient
import GoalDomain
import GoalProtocol
import GoalServer
import GoalStore
import Logging
import Synchronization

/// goald's server in this process, on a short temporary socket, with a fresh store: wire behaviour is tested
/// without the binary and without waiting for a process to start. `withTestServer` runs it for the length of its
/// body, then stops it gracefully and closes its store.
package struct TestServer: Sendable {
    package let socketPath: String
    package let directory: TemporaryDirectory
    package let server: GoalServer
    package let state: LiveState
    package let log: RecordedLog

    /// A new blocking connection. Use it off Swift's cooperative threads (`offTheCooperativePool`): the server's
    /// writer runs on them.
    package func connect() throws -> GoalConnection { try GoalConnection(socketPath: socketPath) }
}

/// Runs `body` against a server started in this process. The server is listening when `body` starts, and stops
/// gracefully (calls in flight finish, streams end) when it returns or throws.
package func withTestServer<R: Sendable>(
    region: Region = .embeddedDefault(),
    configure: (inout ServerConfiguration) -> Void = { _ in },
    now: @escaping @Sendable () -> Date = Date.init,
    _ body: @Sendable (TestServer) async throws -> R
) async throws -> R {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    var configuration = ServerConfiguration()
    configuration.socketPath = directory.file("goald.sock")
    configuration.shutdownGrace = .seconds(5)
    configure(&configuration)
    let store = try GoalStore(stateDirectory: directory.file("state"))
    let travel = TravelAccounts(library: try FactorLibrary())
    let state = LiveState(
        Snapshot(
            GoalState(
                region: region, followUps: try store.loadFollowUps(of: region), travel: travel,
                regionFollowUp: try store.loadRegionFollowUp(of: region))))
    let writer = StateWriter(store: store, state: state, now: now)
    let log = RecordedLog()
    var logger = Logger(label: "goald-test") { _ in RecordingLogHandler(log: log) }
    logger.logLevel = .debug
    let (listening, ready) = AsyncStream.makeStream(of: String.self)
    let server = GoalServer(
        configuration: configuration,
        services: GoalServer.standardServices(
            state: state, writer: writer, reloader: nil,
            maxFrameLength: configuration.maxFrameLength),
        state: state, writer: writer, logger: logger,
        onListening: { path in ready.yield(path) })
    let test = TestServer(
        socketPath: configuration.socketPath, directory: directory, server: server, state: state,
        log: log)
    let result: Result<R, any Error> = try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run() }
        var iterator = listening.makeAsyncIterator()
        _ = await iterator.next()
        let outcome: Result<R, any Error>
        do {
            outcome = .success(try await body(test))
        } catch {
            outcome = .failure(error)
        }
        server.beginGracefulShutdown()
        try await group.waitForAll()
        return outcome
    }
    try await writer.close()
    await writer.shutdown()
    return try result.get()
}

/// Runs blocking work (a blocking client, waiting on a socket) on a thread of its own, off Swift's cooperative
/// threads, which the server in this process needs. It stays in the calling task (the thread is the task's
/// executor for the length of `body`), so what the task carries goes with it: an expectation that fails in `body`
/// is the test's.
package func offTheCooperativePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    let thread = ThreadTaskExecutor()
    defer { thread.stop() }
    return try await withTaskExecutorPreference(thread) { try body() }
}

/// A task executor with one thread of its own: the jobs of the tasks that prefer it run there, one at a time.
final class ThreadTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false

    init() {
        let thread = Thread { [self] in runJobs() }
        thread.stackSize = 8 << 20
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread once the jobs enqueued so far have run.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func runJobs() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// What a server in a test logged, line by line: `level message key=value…`.
package final class RecordedLog: Sendable {
    private let lines = Mutex<[String]>([])

    package var entries: [String] { lines.withLock { $0 } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    /// Waits until an entry matches, polling every millisecond: true when one did within `timeout`. For a test
    /// that must know the server has done something before it goes on (readiness, not a fixed sleep).
    package func waitFor(_ matches: (String) -> Bool, timeout: Duration = .seconds(10)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !entries.contains(where: matches) {
            guard ContinuousClock.now < deadline else { return false }
            Thread.sleep(forTimeInterval: 0.001)
        }
        return true
    }
}

/// Keeps log entries in memory, for a test to read (swift-log's advice: no `LoggingSystem.bootstrap` in tests).
struct RecordingLogHandler: LogHandler {
    let log: RecordedLog
    var logLevel: Logger.Level = .debug
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        log.append("\(event.level) \(event.message) \(fields)")
    }
}

extension TestServer {
    /// A new connection whose blocking work runs off the cooperative threads, for async tests.
    package func connectAsync() async throws -> TestConnection {
        try await TestConnection(socketPath: socketPath)
    }
}

/// A blocking connection driven from async tests: each operation runs on a thread of its own, so a test waiting
/// for an answer never holds one of the cooperative threads the server in the same process needs (its
/// deadlines and shutdown run on them). Its operations are used one at a time, as a test does.
package final class TestConnection: @unchecked Sendable {
    private let connection: GoalConnection

    init(socketPath: String) async throws {
        connection = try await offTheCooperativePool { UncheckedBox(try GoalConnection(socketPath: socketPath)) }.value
    }

    package func send(_ payload: [UInt8]) async throws {
        try await send(payload, [])
    }

    /// Sends frames back to back, from one thread, as a client that pipelines them does.
    package func send(_ first: [UInt8], _ more: [[UInt8]]) async throws {
        let connection = UncheckedBox(self.connection)
        try await offTheCooperativePool {
            try connection.value.send(first)
            for payload in more { try connection.value.send(payload) }
        }
    }

    /// The next frame, as JSON (20 s at most).
    package func next() async throws -> JSONValue {
        let connection = UncheckedBox(self.connection)
        return try await offTheCooperativePool { try RawFrames.next(connection.value) }
    }

    package func call<Params: Encodable & Sendable, Result: Decodable & Sendable>(
        _ method: RPCMethod<Params, Result>, _ params: Params
    ) async throws -> Result {
        let connection = UncheckedBox(self.connection)
        return try await offTheCooperativePool { try connection.value.call(method, params) }
    }

    package func isClosedByPeer(within timeout: Duration) async -> Bool {
        let connection = UncheckedBox(self.connection)
        return (try? await offTheCooperativePool { connection.value.isClosedByPeer(deadline: .now + timeout) }) ?? false
    }
}

/// Hands a value that is used by one thread at a time across threads.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
