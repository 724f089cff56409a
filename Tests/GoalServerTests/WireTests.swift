import Foundation
import GoalClient
import GoalProtocol
import GoalServer
import GoalTestSupport
import Synchronization
import Testing

/// What a client relies on beyond one call at a time (deadlines, cancellation, ids, ordering, streams), against
/// the server in this process: a temporary socket, no binary, no sleeps.
@Suite struct WireTests {
    func frame(_ id: UInt64, _ method: String, _ params: String = "{}", timeoutMs: Int? = nil) -> [UInt8] {
        RawFrames.call(id, method, params, timeoutMs: timeoutMs)
    }

    func next(_ connection: TestConnection) async throws -> JSONValue { try await connection.next() }

    func bigImport(_ id: UInt64) -> [UInt8] { RawFrames.bigImport(id) }

    @Test func deadlinesAnswerDeadlineExceededAndLateWritesAreNotApplied() async throws {
        try await withTestServer { daemon in
            let connection = try await daemon.connectAsync()
            try await connection.send(frame(1, "goald.v1.Health/Check", timeoutMs: 0))
            #expect(try await next(connection)["error"]?["code"] == .string("DEADLINE_EXCEEDED"))

            try await connection.send(
                bigImport(2),
                [
                    frame(
                        3, "goald.v1.Goals/RecordMeasurement",
                        #"{"indicator":"5.6.3.1","period":"2024-annual","value":3}"#, timeoutMs: 1)
                ])
            var answers: [Double: JSONValue] = [:]
            for _ in 0..<2 {
                let answer = try await next(connection)
                if case .number(let id)? = answer["id"] { answers[id] = answer }
            }
            #expect(answers[3]?["error"]?["code"] == .string("DEADLINE_EXCEEDED"))
            #expect(answers[2]?["result"]?["added"] == .number(20_000))
            let history = try await connection.call(
                GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.3.1"))
            #expect(history.measurements.isEmpty, "a write past its deadline before it began is never applied")
        }
    }

    @Test func aCancelFrameEndsACallAndAnUnknownIdIsIgnored() async throws {
        try await withTestServer { daemon in
            let connection = try await daemon.connectAsync()
            try await connection.send(
                bigImport(1),
                [
                    frame(
                        2, "goald.v1.Goals/RecordMeasurement",
                        #"{"indicator":"5.6.3.1","period":"2024-annual","value":3}"#),
                    Array(#"{"cancel":2}"#.utf8), Array(#"{"cancel":999}"#.utf8),
                ])
            let first = try await next(connection)
            #expect(first["id"] == .number(2) && first["error"]?["code"] == .string("CANCELLED"))
            #expect(try await next(connection)["id"] == .number(1))
            try await connection.send(frame(3, "goald.v1.Health/Check"))
            #expect(try await next(connection)["id"] == .number(3), "nothing answered the unknown cancel")
            #expect(
                try await connection.call(GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.3.1"))
                    .measurements.isEmpty)
        }
    }

    @Test func manyCallsInFlightAnswerOutOfOrderAndADuplicateIdIsRefused() async throws {
        try await withTestServer { daemon in
            let connection = try await daemon.connectAsync()
            try await connection.send(
                bigImport(7),
                [frame(7, "goald.v1.Health/Check")]
                    + (8...40).map { frame(UInt64($0), "goald.v1.Goals/GetIndicator", #"{"key":"5.6.3.1"}"#) })
            let duplicate = try await next(connection)
            #expect(duplicate["id"] == .number(7) && duplicate["error"]?["code"] == .string("INVALID_ARGUMENT"))
            // The reads are not held up by the slow write before them.
            var order: [Double] = []
            for _ in 8...41 {
                if case .number(let id)? = try await next(connection)["id"] { order.append(id) }
            }
            #expect(order.last == 7, "the slow import answers last: \(order)")
            #expect(Set(order) == Set((7...40).map(Double.init)))
        }
    }

    @Test func aClientThatStopsReadingHasItsStreamEnded() async throws {
        try await withTestServer(configure: { $0.maxUnwrittenBytes = 65536 }) { daemon in
            let idle = try await daemon.connectAsync()
            try await idle.send(frame(1, "goald.v1.Goals/Watch", #"{"period":"2024-annual"}"#))
            let writer = try await daemon.connectAsync()
            // Enough changes to pass goald's bound on unread answers (64 KiB here) and fill the socket's buffer, even
            // when some of them coalesce into one message.
            for n in 0..<600 {
                _ = try await writer.call(
                    GoalRPC.recordMeasurement,
                    RecordMeasurementRequest(
                        indicator: "5.6.3.1", period: "2024-annual", value: .number(Double(n % 100)),
                        note: String(repeating: "x", count: 10)))
            }
            // Now read what was queued: status messages, then the end.
            var code: JSONValue?
            for _ in 0..<700 {
                let message = try await next(idle)
                if let error = message["error"] {
                    code = error["code"]
                    break
                }
            }
            #expect(code == .string("RESOURCE_EXHAUSTED"))
            #expect(try await writer.call(GoalRPC.healthCheck, HealthCheckRequest()).status == "SERVING")
        }
    }

    @Test func metadataIsLoggedWithTheCall() async throws {
        try await withTestServer { daemon in
            let connection = try await daemon.connectAsync()
            try await connection.send(
                Array(#"{"id":5,"method":"goald.v1.Health/Check","metadata":{"requestId":"req-7f3a"}}"#.utf8))
            #expect(try await next(connection)["id"] == .number(5))
            try await connection.send(
                Array(#"{"id":6,"method":"goald.v1.Nope/Nothing","metadata":{"requestId":"req-9b1c"}}"#.utf8))
            #expect(try await next(connection)["error"]?["code"] == .string("UNIMPLEMENTED"))
            let log = daemon.log.entries
            #expect(log.contains { $0.contains("served") && $0.contains("metadata.requestId=req-7f3a") }, "\(log)")
            #expect(log.contains { $0.contains("call failed") && $0.contains("metadata.requestId=req-9b1c") })
        }
    }

    @Test func pipelinedWritesAreAppliedInTheOrderSent() async throws {
        try await withTestServer { daemon in
            let connection = try await daemon.connectAsync()
            for n in 1...40 {
                try await connection.send(
                    frame(
                        UInt64(n), "goald.v1.Goals/RecordMeasurement",
                        #"{"indicator":"5.6.3.1","period":"2024-annual","value":\#(n)}"#))
            }
            var answered = Set<Double>()
            for _ in 1...40 {
                if case .number(let id)? = try await next(connection)["id"] { answered.insert(id) }
            }
            #expect(answered.count == 40)
            let history = try await connection.call(
                GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.3.1"))
            #expect(history.measurements.map(\.value) == (1...40).map { .number(Double($0)) })
        }
    }

    /// A batch of trips is parsed off the writer before it is stored; a write sent after it must still come after
    /// it: here a removal of the batch's last trip and a measurement, sent before the batch is answered.
    @Test func aWritePreparedOffTheWriterKeepsItsPlaceAmongTheWrites() async throws {
        try await withTestServer { daemon in
            let connection = try await daemon.connectAsync()
            try await connection.send(
                bigImport(1),
                [
                    frame(
                        2, "goald.v1.Travel/RemoveTrips",
                        #"{"unit":"Regional utveckling","id":"W19999","reason":"test"}"#),
                    frame(
                        3, "goald.v1.Goals/RecordMeasurement",
                        #"{"indicator":"5.6.3.1","period":"2024-annual","value":1}"#),
                    bigImport(4),
                    frame(
                        5, "goald.v1.Goals/RecordMeasurement",
                        #"{"indicator":"5.6.3.1","period":"2024-annual","value":2}"#),
                ])
            var answers: [Double: JSONValue] = [:]
            var order: [Double] = []
            for _ in 1...5 {
                let answer = try await next(connection)
                if case .number(let id)? = answer["id"] {
                    answers[id] = answer
                    order.append(id)
                }
            }
            #expect(order == [1, 2, 3, 4, 5], "writes are answered in the order they were applied: \(order)")
            #expect(answers[1]?["result"]?["added"] == .number(20_000))
            #expect(
                answers[2]?["result"]?["removed"] == .number(1),
                "the removal came after the batch: \(answers[2] ?? .null)")
            // The same file again: the trip removed by itself stays removed, the rest are present already.
            #expect(answers[4]?["result"]?["added"] == .number(0))
            #expect(answers[4]?["result"]?["excluded"] == .number(1))
            #expect(answers[4]?["result"]?["alreadyPresent"] == .number(19_999))
            let history = try await connection.call(
                GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.3.1"))
            #expect(history.measurements.map(\.value) == [.number(1), .number(2)])
        }
    }

    /// A client may begin several calls and finish them in any order: an answer that comes for another call in
    /// flight is kept for it (goalctl's import keeps two batches in flight).
    @Test func aClientWithCallsInFlightGetsEachAnswerByItsId() async throws {
        try await withTestServer { daemon in
            try await offTheCooperativePool {
                let client = try daemon.connect()
                var csv = "id,date,mode,distance_km\n"
                for n in 0..<20_000 { csv += "P\(n),2024-03-0\(n % 9 + 1),rail,\(n % 500 + 10)\n" }
                let write = try client.begin(GoalRPC.addTrips, AddTripsRequest(csv: csv, unit: "Regional utveckling"))
                let read = try client.begin(GoalRPC.healthCheck, HealthCheckRequest())
                let failing = try client.begin(GoalRPC.getIndicator, GetIndicatorRequest(key: "9.9.9"))
                // The reads answer at once, before the write: they wait, kept, while the write is finished first.
                #expect(try client.finish(write).added == 20_000)
                #expect(throws: RPCError.self) { try client.finish(failing) }
                #expect(try client.finish(read).status == "SERVING")
                #expect(try client.call(GoalRPC.healthCheck, HealthCheckRequest()).status == "SERVING")
            }
        }
    }

    /// goald stops reading a connection whose answers go unread past max-unwritten-bytes. A client with a call in
    /// flight that sends a large frame must read while it sends, or each side waits for the other: here the first
    /// answer (a page of 5 000 trips, some 2 MB) is far over the socket's buffers and the bound, and so is the second
    /// call's frame.
    @Test func aClientSendingALargeFrameReadsTheAnswersMeanwhile() async throws {
        try await withTestServer(configure: { $0.maxUnwrittenBytes = 16 * 1024 }) { daemon in
            // On a thread of its own, watched: if the two sides wait for each other, the test fails after a minute
            // (and the thread ends when the server closes the connection), rather than hanging.
            let done = DispatchSemaphore(value: 0)
            let counts = Mutex<(added: Int, page: Int)?>(nil)
            Thread.detachNewThread {
                defer { done.signal() }
                guard let client = try? daemon.connect() else { return }
                func file(_ prefix: String, _ count: Int) -> String {
                    var csv = "id,date,mode,distance_km\n"
                    for n in 0..<count { csv += "\(prefix)\(n),2024-03-0\(n % 9 + 1),rail,\(n % 500 + 10)\n" }
                    return csv
                }
                guard
                    (try? client.call(
                        GoalRPC.addTrips, AddTripsRequest(csv: file("E", 5_000), unit: "Regional utveckling")))?.added
                        == 5_000,
                    let page = try? client.begin(GoalRPC.exportTrips, ExportTripsRequest(year: 2024, limit: 5_000))
                else { return }
                // The page is answered (the server logs it served as it writes it), and waits unread.
                guard daemon.log.waitFor({ $0.contains("served") && $0.contains("ExportTrips") }) else { return }
                guard
                    let added = try? client.begin(
                        GoalRPC.addTrips, AddTripsRequest(csv: file("L", 60_000), unit: "Regional utveckling")),
                    let addedAnswer = try? client.finish(added), let pageAnswer = try? client.finish(page)
                else { return }
                counts.withLock { $0 = (addedAnswer.added, pageAnswer.trips.count) }
            }
            let finished = try await offTheCooperativePool { done.wait(timeout: .now() + 60) == .success }
            #expect(finished, "the client and goald waited for each other")
            let result = counts.withLock { $0 }
            #expect(result?.added == 60_000 && result?.page == 5_000, "\(String(describing: result))")
        }
    }

    /// No answer outgrows the frame its client reads: a batch whose every row is a problem lists its problems up to
    /// half the frame limit and counts the rest. Here the limit is 64 KiB, and 600 rows stored already with other
    /// data make some 130 KB of problems.
    @Test func aBatchOfProblemsListsWhatFitsAndCountsTheRest() async throws {
        try await withTestServer(configure: { $0.maxFrameLength = 64 * 1024 }) { daemon in
            try await offTheCooperativePool {
                let client = try daemon.connect()
                func file(distance: Int) -> String {
                    "id,date,mode,distance_km\n"
                        + (0..<600).map { "C\($0),2024-03-0\($0 % 9 + 1),rail,\(distance)\n" }.joined()
                }
                #expect(
                    try client.call(
                        GoalRPC.addTrips, AddTripsRequest(csv: file(distance: 10), unit: "Regional utveckling")
                    ).added == 600)
                let payload = try client.callRaw(
                    method: GoalRPC.addTrips.name,
                    params: AddTripsRequest(csv: file(distance: 11), unit: "Regional utveckling"))
                #expect(payload.count < 40 * 1024, "\(payload.count) bytes")
                let answer = try JSONDecoder().decode(Response<AddTripsResponse>.self, from: payload).result
                let listed = try #require(answer?.rejected)
                #expect(listed.count > 50 && listed.count < 600)
                #expect(listed.map(\.line) == Array(2..<(2 + listed.count)), "the first rows, in order")
                #expect(answer?.rejectedNotListed == 600 - listed.count)
                #expect(answer?.added == 0 && answer?.committed == true)
                // A batch with a problem or two lists them all, and says nothing more.
                let few = try client.call(
                    GoalRPC.addTrips,
                    AddTripsRequest(
                        csv: "id,date,mode,distance_km\nC1,2024-03-02,rail,12\n", unit: "Regional utveckling"))
                #expect(few.rejected.count == 1 && few.rejectedNotListed == nil)
            }
        }
    }

    /// The list's room is counted as JSON writes it: escapes in the column and the message, a huge message cut, line
    /// order kept whatever order the problems came in.
    @Test func theProblemsListedAreCountedAsTheyAreWritten() throws {
        let control = String(repeating: "\u{01}", count: 30)
        let problems = (0..<1_000).reversed().map {
            RowProblemMessage(line: $0 + 2, column: control, message: "dup \"\($0)\"")
        }
        let (listed, more) = TravelImports.listed(problems, budget: 64 * 1024)
        let written = try JSONEncoder().encode(listed)
        #expect(written.count <= 64 * 1024, "\(written.count) bytes")
        #expect(written.count > 48 * 1024, "the room is used, not wasted: \(written.count) bytes")
        #expect(listed.map(\.line) == Array(2..<(2 + listed.count)) && more == 1_000 - listed.count)
        let huge = RowProblemMessage(
            line: 9, column: "date", message: "\"" + String(repeating: "é", count: 5_000) + "\" is not a date")
        let (one, none) = TravelImports.listed([huge], budget: 10)
        #expect(none == nil && one.count == 1 && one[0].message.utf8.count <= 1_004 && one[0].message.hasSuffix("…"))
        #expect(!one[0].message.contains("\u{FFFD}"))
    }

    /// One field-path rule for every error, from the envelope to a method's own checks and the domain's rules.
    @Test func everyErrorNamesItsFieldFromTheRoot() async throws {
        try await withTestServer { daemon in
            let connection = try await daemon.connectAsync()
            let cases: [(String, String, String)] = [
                ("goald.v1.Goals/GetIndicator", #"{"key":"9.9"}"#, "params.key"),
                ("goald.v1.Goals/GetIndicator", #"{"key":5}"#, "params.key"),
                ("goald.v1.Goals/GetIndicator", #"{}"#, "params.key"),
                (
                    "goald.v1.Goals/RecordMeasurement", #"{"indicator":"5.6.3.1","period":"2024-annual","value":[1]}"#,
                    "params.value"
                ),
                (
                    "goald.v1.Goals/RecordMeasurement", #"{"indicator":"5.6.3.1","period":"1999-annual","value":1}"#,
                    "params.period"
                ),
                ("goald.v1.Goals/ListMeasurements", #"{"indicator":"nope"}"#, "params.indicator"),
                (
                    "goald.v1.Goals/RecordAssessment",
                    #"{"resultGoal":"5.6.3","period":"2024-annual","level":"x","analysis":"a"}"#,
                    "params.level"
                ),
                ("goald.v1.Travel/GetReduction", #"{"year":2024.5}"#, "params.year"),
                ("goald.v1.Travel/GetFootprint", #"{"year":2024,"by":"colour"}"#, "params.by"),
                ("goald.v1.Travel/SetStaff", #"{"unit":" ","year":2024,"fte":3}"#, "params.unit"),
                ("goald.v1.Admin/Backup", #"{"path":"relative.sqlite"}"#, "params.path"),
                ("goald.v1.Health/Check", #"{"service":7}"#, "params.service"),
            ]
            var prefixed = 0
            for (index, (method, params, field)) in cases.enumerated() {
                try await connection.send(frame(UInt64(index + 1), method, params))
                let answer = try await next(connection)
                #expect(answer["id"] == .number(Double(index + 1)))
                #expect(answer["error"]?["details"]?["field"] == .string(field), "\(method) \(params): \(answer)")
                guard case .string(let message)? = answer["error"]?["message"] else {
                    Issue.record("\(method): no message")
                    continue
                }
                // A message that opens with a field's name opens with its path, as details.field says it.
                if let colon = message.firstIndex(of: ":"), !message[..<colon].contains(" ") {
                    #expect(message.hasPrefix(field + ": "), "\(method) \(params): \(message)")
                    prefixed += 1
                }
            }
            #expect(prefixed >= 10, "most of these messages open with the field")
        }
    }

    /// At shutdown, writes in flight finish and are answered, a new call is refused with UNAVAILABLE, streams
    /// send their last message and end, and the connection then closes.
    @Test func aGracefulShutdownLetsCallsInFlightFinish() async throws {
        try await withTestServer { daemon in
            let connection = try await daemon.connectAsync()
            try await connection.send(frame(1, "goald.v1.Health/Watch"))
            #expect(try await next(connection)["result"]?["status"] == .string("SERVING"))
            try await connection.send(
                bigImport(2),
                [
                    bigImport(3).map { $0 == UInt8(ascii: "W") ? UInt8(ascii: "V") : $0 },
                    frame(5, "goald.v1.Health/Check"),
                ])
            var answers: [Double: [JSONValue]] = [:]
            func read() async throws {
                let answer = try await next(connection)
                if case .number(let id)? = answer["id"] { answers[id, default: []].append(answer) }
            }
            // The read after them is answered once both imports have been read: they are in flight now.
            while answers[5] == nil { try await read() }
            daemon.server.beginGracefulShutdown()
            while answers[1]?.contains(where: { $0["end"] == .bool(true) }) != true { try await read() }
            #expect(answers[1]?.contains { $0["result"]?["status"] == .string("NOT_SERVING") } == true)
            // The stream is over; while the imports are not, the connection stays open for them and takes no new
            // call. (If they are done already, goald has closed it, and the probe goes nowhere.)
            var probed = false
            if answers[3] == nil { probed = (try? await connection.send(frame(4, "goald.v1.Health/Check"))) != nil }
            while answers[2] == nil || answers[3] == nil { try await read() }
            while probed, answers[4] == nil {
                do { try await read() } catch { break }
            }
            if let probe = answers[4]?.first {
                #expect(probe["error"]?["code"] == .string("UNAVAILABLE"))
            }
            #expect(answers[2]?.first?["result"]?["added"] == .number(20_000), "\(answers)")
            #expect(answers[3]?.first?["result"]?["added"] == .number(20_000), "\(answers)")
            #expect(await connection.isClosedByPeer(within: .seconds(5)))
        }
    }
}

/// What PROTOCOL.md promises of import and stage numbers and of `null`: the breaches a client written from the
/// contract alone found.
@Suite struct ContractTests {
    func frame(_ id: UInt64, _ method: String, _ params: String) -> [UInt8] { RawFrames.call(id, method, params) }

    @Test func importAndStageNumbersStartAtOneAndNullIsLeftOut() async throws {
        try await withTestServer { daemon in
            let connection = try await daemon.connectAsync()
            let cases: [(String, String, String)] = [
                (
                    "goald.v1.Travel/AddTrips",
                    #"{"csv":"id,date,mode,distance_km\nA,2024-03-01,rail,1\n","unit":"U","replace":0}"#,
                    "params.replace"
                ),
                (
                    "goald.v1.Travel/AddTrips",
                    #"{"csv":"id,date,mode,distance_km\nA,2024-03-01,rail,1\n","unit":"U","replace":3,"staging":0}"#,
                    "params.staging"
                ),
                (
                    "goald.v1.Travel/AddTrips",
                    #"{"csv":"id,date,mode,distance_km\nA,2024-03-01,rail,1\n","unit":"U","import":-2}"#,
                    "params.import"
                ),
                ("goald.v1.Travel/CommitImport", #"{"import":0}"#, "params.import"),
                ("goald.v1.Travel/DiscardImport", #"{"import":0}"#, "params.import"),
                ("goald.v1.Travel/ReplaceImport", #"{"import":0,"staging":1,"reason":"x"}"#, "params.import"),
                ("goald.v1.Travel/ReplaceImport", #"{"import":1,"staging":0,"reason":"x"}"#, "params.staging"),
            ]
            for (index, (method, params, field)) in cases.enumerated() {
                try await connection.send(frame(UInt64(index + 1), method, params))
                let answer = try await connection.next()
                #expect(answer["error"]?["code"] == .string("INVALID_ARGUMENT"), "\(method) \(params): \(answer)")
                #expect(answer["error"]?["details"]?["field"] == .string(field), "\(method) \(params): \(answer)")
            }
            // Nothing was stored or staged by any of them.
            #expect(try await connection.call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024)).total.trips == 0)
            // A string where a number belongs is named a string; a number too small for a double is out of range.
            try await connection.send(Array(#"{"id":"7","method":"goald.v1.Health/Check"}"#.utf8))
            let stringID = try await connection.next()
            #expect(
                stringID["error"]?["message"]
                    == .string("id: must be a whole number from 1 to 2^53-1, found a string, \"7\""), "\(stringID)")
            for params in [#"{"year":1e-400}"#, #"{"year":-0.5e-330}"#] {
                try await connection.send(frame(60, "goald.v1.Travel/GetReduction", params))
                let tiny = try await connection.next()
                #expect(tiny["error"]?["code"] == .string("INVALID_ARGUMENT"), "\(tiny)")
                if case .string(let message)? = tiny["error"]?["message"] {
                    #expect(message.contains("is out of range (too small for a double)"), "\(message)")
                }
            }
            try await connection.send(frame(61, "goald.v1.Travel/GetReduction", #"{"year":2.024e3,"baseline":0e5}"#))
            #expect(
                try await connection.next()["error"]?["details"]?["field"] == .string("params.baseline"), "0e5 is 0")
            // null for an optional member is the member left out (PROTOCOL.md).
            try await connection.send(
                Array(
                    #"{"id":50,"method":"goald.v1.Health/Check","params":null,"metadata":null,"timeoutMs":null}"#.utf8))
            #expect(try await connection.next()["result"]?["status"] == .string("SERVING"))
        }
    }
}

/// The gaps PROTOCOL.md now closes: which id a frame with `id` twice is answered on, a stored trip sent again with
/// other data, SetStaff of a unit no trip names, SetTarget of a qualitative indicator.
@Suite struct ContractGapTests {
    @Test func whatTheContractNowSaysHolds() async throws {
        try await withTestServer { daemon in
            let connection = try await daemon.connectAsync()
            try await connection.send(Array(#"{"id":7,"method":"goald.v1.Health/Check","id":8,"params":{}}"#.utf8))
            let twice = try await connection.next()
            #expect(twice["id"] == .number(7) && twice["error"]?["details"]?["field"] == .string("id"), "\(twice)")

            let first = #"{"csv":"id,date,mode,distance_km,unit\nA,2024-03-01,rail,100,U\n"}"#
            try await connection.send(RawFrames.call(9, "goald.v1.Travel/AddTrips", first))
            #expect(try await connection.next()["result"]?["added"] == .number(1))
            // A again with another distance, B new: A is refused by its line, B is stored all the same.
            let again = #"{"csv":"id,date,mode,distance_km,unit\nA,2024-03-01,rail,250,U\nB,2024-03-02,rail,50,U\n"}"#
            try await connection.send(RawFrames.call(10, "goald.v1.Travel/AddTrips", again))
            let answer = try await connection.next()["result"]
            #expect(
                answer?["added"] == .number(1) && answer?["alreadyPresent"] == .number(0),
                "\(String(describing: answer))")
            #expect(answer?["committed"] == .bool(true))
            guard case .array(let rejected)? = answer?["rejected"] else {
                Issue.record("no rejected rows: \(String(describing: answer))")
                return
            }
            #expect(rejected.count == 1 && rejected[0]["line"] == .number(2))
            if case .string(let message)? = rejected[0]["message"] {
                #expect(message.contains("stored already with other data; the stored trip is kept"), "\(message)")
            }

            try await connection.send(
                RawFrames.call(11, "goald.v1.Travel/SetStaff", #"{"unit":"Ingen resa än","year":2024,"fte":12}"#))
            #expect(try await connection.next()["result"]?["fte"] == .number(12))

            try await connection.send(
                RawFrames.call(12, "goald.v1.Goals/SetTarget", #"{"indicator":"5.4.2.1","value":3}"#))
            let qualitative = try await connection.next()
            #expect(qualitative["error"]?["code"] == .string("INVALID_ARGUMENT"))
            #expect(qualitative["error"]?["details"]?["field"] == .string("params.value"), "\(qualitative)")
        }
    }
}

/// One user's imports in flight at once are bounded: an eighth may start, a ninth is RESOURCE_EXHAUSTED until one is
/// taken back.
@Suite struct PendingImportBoundTests {
    @Test func aUserHasAtMostEightImportsPending() async throws {
        try await withTestServer { daemon in
            let connection = try await daemon.connectAsync()
            func start(_ n: Int) async throws -> AddTripsResponse {
                try await connection.call(
                    GoalRPC.addTrips,
                    AddTripsRequest(
                        csv: "id,date,mode,distance_km\nP\(n),2024-03-01,rail,1\n", pending: true, unit: "U"))
            }
            var started: [Int64] = []
            for n in 0..<8 { started.append(try #require(try await start(n).import)) }
            await #expect {
                _ = try await start(8)
            } throws: { error in
                (error as? RPCError)?.code == .resourceExhausted
                    && (error as? RPCError)?.details?["field"] == "params.pending"
            }
            // A batch of an import already begun is not a new import: it is taken.
            let more = try await connection.call(
                GoalRPC.addTrips,
                AddTripsRequest(
                    csv: "id,date,mode,distance_km\nQ,2024-03-02,rail,1\n", import: started[0], pending: true, unit: "U"
                ))
            #expect(more.import == started[0])
            _ = try await connection.call(GoalRPC.discardImport, PendingImportRequest(import: started[1]))
            #expect(try await start(9).import != nil, "a place freed is free again")
        }
    }
}
