import Foundation
import GoalProtocol
import GoalTestSupport
import Testing

/// The one way a frame becomes a call: every malformed envelope is answered on its id when the id is readable,
/// with `details.field` naming the field from the frame's root.
@Suite struct RequestDecoderTests {
    static func decode(_ text: String) -> Result<RequestFrame, EnvelopeError> {
        RequestDecoder.decode(Data(text.utf8))
    }

    static func call(_ text: String) throws -> RequestEnvelope {
        guard case .success(.call(let envelope)) = decode(text) else {
            Issue.record("not a call: \(text) → \(decode(text))")
            throw CancellationError()
        }
        return envelope
    }

    static func failure(_ text: String) throws -> EnvelopeError {
        guard case .failure(let error) = decode(text) else {
            Issue.record("taken: \(text)")
            throw CancellationError()
        }
        return error
    }

    @Test func readsCallsAndCancelFrames() throws {
        let plain = try Self.call(#"{"id":7,"method":"goald.v1.Health/Check","params":{}}"#)
        #expect(
            plain.id == 7 && plain.method == "goald.v1.Health/Check" && plain.params.isEmpty && plain.timeoutMs == nil)
        let spaced = try Self.call(
            """
             {\n \"params\" : {\"year\": 2024, \"unit\": \"A\"} , \"timeoutMs\": 500, \"id\": 9007199254740991,\r\n \
            \"method\":\"m\", \"x\": [1, -2.5e-3, true, null, {}]}\t
            """
        )
        #expect(spaced.id == (1 << 53) - 1 && spaced.timeoutMs == 500 && !spaced.params.isEmpty)
        #expect(String(decoding: spaced.params.bytes, as: UTF8.self) == #"{"year": 2024, "unit": "A"}"#)
        #expect(try Self.call(#"{"id":1,"method":"m"}"#).params.isEmpty)
        #expect(try Self.call(#"{"id":1,"method":"m","params":null}"#).params.isEmpty)
        #expect(try Self.call(#"{"id":1,"method":"m","params":{ }}"#).params.isEmpty)
        #expect(try Self.call(#"{"id":1,"method":"goald.v1.\u0048ealth/Check"}"#).method == "goald.v1.Health/Check")
        #expect(
            try Self.call(#"{"id":1,"method":"m","metadata":{"requestId":"r-1","x.y":"é"}}"#).metadata
                == ["requestId": "r-1", "x.y": "é"])
        #expect(try Self.call(#"{"id":1,"method":"m","timeoutMs":0}"#).timeoutMs == 0)
        #expect(Self.decode(#"{"cancel":12}"#) == .success(.cancel(12)))
    }

    /// The contract's rules, each answered on the id when it can be read, naming the field.
    @Test(
        arguments: [
            (#"{"id":41,"method":"goald.v1.Health/Check","timeoutMs":-5}"#, 41, "timeoutMs"),
            (#"{"id":41,"method":"goald.v1.Health/Check","timeoutMs":1.5}"#, 41, "timeoutMs"),
            (#"{"id":41,"method":"goald.v1.Health/Check","timeoutMs":"5"}"#, 41, "timeoutMs"),
            (#"{"timeoutMs":-5,"id":41,"method":"goald.v1.Health/Check"}"#, 41, "timeoutMs"),
            (#"{"id":41.5,"method":"m"}"#, 0, "id"),
            (#"{"id":-1,"method":"m"}"#, 0, "id"),
            (#"{"id":0,"method":"m"}"#, 0, "id"),
            (#"{"id":9007199254740992,"method":"m"}"#, 0, "id"),
            (#"{"id":"7","method":"m"}"#, 0, "id"),
            (#"{"method":"m"}"#, 0, "id"),
            (#"{"id":3}"#, 3, "method"),
            (#"{"id":3,"method":7}"#, 3, "method"),
            (#"{"id":3,"method":"m","params":[]}"#, 3, "params"),
            (#"{"id":3,"method":"m","params":"x"}"#, 3, "params"),
            (#"{"id":3,"method":"m","params":1}"#, 3, "params"),
            (#"{"id":3,"method":"m","cancel":2}"#, 3, "cancel"),
            (#"{"cancel":2,"method":"m"}"#, 0, "cancel"),
            (#"{"cancel":0}"#, 0, "cancel"),
            (#"{"cancel":1.5}"#, 0, "cancel"),
            (#"{"id":3,"method":"m","metadata":[]}"#, 3, "metadata"),
            (#"{"id":3,"method":"m","metadata":{"requestId":5}}"#, 3, "metadata.requestId"),
            (#"{"id":3,"method":"m","metadata":{"bad key":"x"}}"#, 3, "metadata"),
            (#"{"id":3,"method":"m","params":{"a":1,"a":2}}"#, 3, "params.a"),
            (#"{"id":3,"method":"m","params":{"items":[{},{"d":1,"d":1}]}}"#, 3, "params.items[1].d"),
            (#"{"id":3,"method":"m","params":{"a":1,"\u0061":2}}"#, 3, "params.a"),
            (#"{"id":3,"method":"m","method":"n"}"#, 3, "method"),
            (#"{"id":3,"method":"m","params":{"a":[1,}}"#, 3, "params.a[1]"),
            (#"{"id":3,"method":"m","params":{"a":tru}}"#, 3, "params.a"),
        ] as [(String, Int, String)])
    func refusesWhatTheContractRefuses(frame: String, id: Int, field: String) throws {
        let error = try Self.failure(frame)
        #expect(error.id == UInt64(id), "\(frame): \(error.error.message)")
        #expect(error.error.code == .invalidArgument, "\(frame)")
        #expect(error.error.details?["field"] == field, "\(frame): \(error.error.message)")
        #expect(error.error.message.hasPrefix(field + ":"), "\(frame): \(error.error.message)")
    }

    @Test func aRepeatedIDIsAnsweredOnConnectionZero() throws {
        let error = try Self.failure(#"{"id":3,"id":4,"method":"m"}"#)
        #expect(error.id == 3 || error.id == 0)
        #expect(error.error.details?["field"] == "id")
    }

    @Test func framesThatAreNotJSONObjectsAreRefusedOnIDZero() throws {
        for text in [
            "", " ", "[1]", "7", "\"x\"", "{", #"{"id":1,"method":"m",}"#, #"{"id":1,"method":"m"} x"#,
            #"{"id":01,"method":"m"}"#, "{\"id\":1,\"method\":\"a\u{01}b\"}",
        ] {
            let error = try Self.failure(text)
            #expect(error.error.code == .invalidArgument, "\(text)")
            #expect(error.id == 0 || text.contains("\"id\":1"), "\(text) on \(error.id)")
        }
        let invalid = RequestDecoder.decode(Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D]))
        guard case .failure(let error) = invalid else {
            Issue.record("taken")
            return
        }
        #expect(error.error.message == "frame payload is not valid UTF-8" && error.id == 0)
        for bytes: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            let frame = Array(#"{"id":5,"method":"m","params":{"a":""#.utf8) + bytes + Array(#""}}"#.utf8)
            guard case .failure(let error) = RequestDecoder.decode(Data(frame)) else {
                Issue.record("taken: \(bytes)")
                continue
            }
            #expect(error.id == 5 && error.error.details?["field"] == "params.a", "\(bytes): \(error)")
        }
    }

    @Test func nestingIsBoundedAndErrorsAfterTheIDAreAnsweredOnIt() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let error = try Self.failure(#"{"id":9,"method":"m","params":{"a":\#(deep)}}"#)
        #expect(error.id == 9 && error.error.message.contains("nested deeper than 512"), "\(error)")
        let ok = String(repeating: "[", count: 509) + String(repeating: "]", count: 509)
        #expect(throws: Never.self) { try Self.call(#"{"id":9,"method":"m","params":{"a":\#(ok)}}"#) }
    }

    /// A large object's keys are checked by hash: 200 000 keys take linear time, and a duplicate at the end is found.
    @Test func largeObjectsAreCheckedForDuplicatesInLinearTime() throws {
        var text = #"{"id":2,"method":"m","params":{"#
        text += (0..<200_000).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let started = ContinuousClock.now
        _ = try Self.call(text + "}}")
        let error = try Self.failure(text + #","k123":0}}"#)
        #expect(error.error.details?["field"] == "params.k123")
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    /// Random frames, many of them broken: the decoder takes a frame exactly when Foundation reads it as a JSON
    /// object without repeated keys, and then reads the same id, method, deadline and params.
    @Test func agreesWithFoundationOnRandomFrames() throws {
        var random = SeededRandom.forTest(seed: 0x5EED_0001)
        let pieces = [
            "{", "}", "[", "]", ",", ":", " ", "\"id\"", "\"method\"", "\"params\"", "\"timeoutMs\"", "\"x\"",
            "7", "0", "-3", "2.5", "1e2", "-0.5E+3", "true", "null", "\"goald.v1.Health/Check\"", "\"\\\"\"",
            "\"a b\"", "\n", "01", "-", "\"", "{}", "[]", "\"\\u00e9\"", "\"é\"", "\"\\ud83d\\ude00\"", "1.",
            "\"\\x\"", "\"x\":1",
        ]
        var taken = 0
        for n in 0..<100_000 {
            var text: String
            if n % 4 == 0 {
                // Valid params of every kind, with awkward strings and numbers.
                let params = try WireJSON.encode(JSONValue.object(["p": RandomJSON.value(&random, depth: 0)]))
                text =
                    "{\"id\":\(1 + random.below(20)),\"method\":\"m\","
                    + "\"params\":\(String(decoding: params, as: UTF8.self))}"
            } else if n % 2 == 0 {
                let params = (0..<random.below(5)).map { _ in random.pick(pieces) }.joined()
                text = "{\"id\":\(random.below(20)),\"method\":\"m\(n % 3)\",\"params\":\(params)}"
            } else {
                text = (0..<(1 + random.below(14))).map { _ in random.pick(pieces) }.joined()
            }
            let data = Data(text.utf8)
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            let decoded = RequestDecoder.decode(data)
            guard case .success(.call(let call)) = decoded else {
                // Refused: Foundation must refuse it too, or it breaks a rule of the envelope (or repeats a key).
                // Foundation also takes a comma before a closing bracket, which JSON (RFC 8259) does not.
                let trailingComma =
                    text.filter { !" \n".contains($0) }.contains(",}")
                    || text.filter { !" \n".contains($0) }.contains(",]")
                if n % 2 == 0, !trailingComma, let object, let id = object["id"] as? Int, id >= 1,
                    object["method"] is String,
                    object["params"] == nil || object["params"] is [String: Any] || object["params"] is NSNull,
                    object["cancel"] == nil, object["timeoutMs"] == nil, !text.contains("01"),
                    !Self.repeatsAKey(text)
                {
                    Issue.record("refused a frame Foundation reads: \(text) → \(decoded); \(random.replay)")
                }
                continue
            }
            taken += 1
            guard let object else {
                Issue.record("took a frame Foundation refuses: \(text); \(random.replay)")
                continue
            }
            #expect(
                object["id"] as? Int == Int(call.id) && object["method"] as? String == call.method,
                "\(text); \(random.replay)")
            if let bytes = call.params.data {
                let params = try JSONSerialization.jsonObject(with: bytes, options: .fragmentsAllowed)
                let alone = try JSONSerialization.data(withJSONObject: ["p": params], options: .sortedKeys)
                let within = try JSONSerialization.data(withJSONObject: ["p": object["params"]!], options: .sortedKeys)
                #expect(alone == within, "\(text); \(random.replay)")
            }
        }
        #expect(taken > 20_000, "\(random.replay)")
    }

    /// Whether Foundation would merge keys: a crude check, enough for the random frames above.
    static func repeatsAKey(_ text: String) -> Bool {
        let keys = ["\"id\"", "\"method\"", "\"params\"", "\"timeoutMs\"", "\"x\""]
        return keys.contains {
            text.components(separatedBy: $0 + ":").count > 2 || text.components(separatedBy: $0 + " :").count > 1
        }
    }
}

/// Params Foundation refuses without a place are located: the field is named from the root.
@Suite struct ParamsErrorTests {
    struct Params: Codable, Sendable, Equatable {
        var year: Int?
        var items: [Item]?
        struct Item: Codable, Sendable, Equatable { var count: Int }
    }

    static let method = RPCMethod<Params, Params>("t.v1.T/M")

    func error(_ params: String) throws -> RPCError {
        let frame = Data(#"{"id":1,"method":"t.v1.T/M","params":\#(params)}"#.utf8)
        guard case .success(.call(let call)) = RequestDecoder.decode(frame) else {
            Issue.record("envelope refused")
            throw CancellationError()
        }
        do {
            _ = try Self.method.decodeParams(call.params)
        } catch {
            return error
        }
        Issue.record("decoded: \(params)")
        throw CancellationError()
    }

    @Test func fractionsForWholeNumbersAreNamed() throws {
        let year = try error(#"{"year":2024.5}"#)
        #expect(year.details?["field"] == "params.year" && year.message.contains("2024.5"), "\(year)")
        let nested = try error(#"{"items":[{"count":1},{"count":2.5}]}"#)
        #expect(nested.details?["field"] == "params.items[1].count", "\(nested)")
        let missing = try error(#"{"items":[{"count":1},{}]}"#)
        #expect(missing.details?["field"] == "params.items[1].count", "\(missing)")
        let wrong = try error(#"{"year":"2024"}"#)
        #expect(wrong.details?["field"] == "params.year" && wrong.message == "params.year: expected a whole number")
    }

    @Test func numbersOutOfRangeAreRefusedWithTheirPlace() {
        guard
            case .failure(let error) = RequestDecoder.decode(
                Data(#"{"id":4,"method":"m","params":{"year":1e400}}"#.utf8))
        else {
            Issue.record("taken")
            return
        }
        #expect(error.id == 4 && error.error.details?["field"] == "params.year", "\(error)")
    }
}
