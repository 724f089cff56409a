import Foundation
import GoalProtocol
import Testing

/// The one-pass envelope scanner takes a frame only when the general decoder reads it the same way: same id,
/// method, deadline and params; every other frame it leaves to the general path.
@Suite struct EnvelopeScannerTests {
    static func scan(_ text: String) -> ScannedRequest? {
        Array(text.utf8).withUnsafeBytes { ScannedRequest.scan($0) }
    }

    @Test func readsTheCommonShapes() throws {
        let plain = try #require(Self.scan(#"{"id":7,"method":"goald.v1.Health/Check","params":{}}"#))
        #expect(plain.id == 7 && plain.method == "goald.v1.Health/Check" && plain.paramsEmpty && plain.timeoutMs == nil)
        let spaced = try #require(Self.scan(" {\n \"params\" : {\"year\": 2024, \"unit\": \"A\"} , \"timeoutMs\": 500, \"id\": 9007199254740991,\r\n \"method\":\"m\", \"x\": [1, -2.5, true, null, {}]}\t"))
        #expect(spaced.id == (1 << 53) - 1 && spaced.timeoutMs == 500 && !spaced.paramsEmpty)
        #expect(Self.scan(#"{"id":1,"method":"m"}"#)?.paramsEmpty == true)
        #expect(Self.scan(#"{"id":1,"method":"m","params":null}"#)?.paramsEmpty == true)
        #expect(Self.scan(#"{"id":1,"method":"m","params":{ }}"#)?.paramsEmpty == true)
    }

    @Test func leavesEverythingElseToTheGeneralPath() {
        for text in [#"{"id":0,"method":"m"}"#, #"{"id":9007199254740992,"method":"m"}"#, #"{"id":-1,"method":"m"}"#,
                     #"{"id":1.0,"method":"m"}"#, #"{"id":01,"method":"m"}"#, #"{"id":"1","method":"m"}"#,
                     #"{"id":1}"#, #"{"method":"m"}"#, #"{"id":1,"id":2,"method":"m"}"#,
                     #"{"id":1,"method":"m\u0041"}"#, #"{"id":1,"method":"é"}"#, #"{"cancel":1}"#,
                     #"{"id":1,"method":"m","metadata":{}}"#, #"{"id":1,"method":"m",}"#, #"{"id":1,"method":"m"} x"#,
                     #"{"id":1,"method":"m","params":{"a":01}}"#, #"{"id":1,"method":"m","params":[1,]}"#,
                     #"{"id":1,"method":"m","params":tru}"#, #"[{"id":1,"method":"m"}]"#, "", "{",
                     #"{"id":1,"method":"m","params":{"a":"\n"}}"#, #"{"id":1,"method":"m","timeoutMs":1e3}"#, #"{"id":1,"method":"m","params":{"a":1e400}}"#] {
            #expect(Self.scan(text) == nil, "\(text)")
        }
    }

    /// Random frames, many of them broken: whenever the scanner takes one, Foundation reads it as JSON with the
    /// same id, method, deadline and params.
    @Test func agreesWithTheGeneralDecoderOnRandomFrames() throws {
        var random = SystemRandomNumberGenerator()
        let pieces = ["{", "}", "[", "]", ",", ":", " ", "\"id\"", "\"method\"", "\"params\"", "\"timeoutMs\"", "\"x\"",
                      "7", "0", "-3", "2.5", "1e2", "true", "null", "\"goald.v1.Health/Check\"", "\"\\\"\"", "\"a b\"",
                      "\n", "01", "-", "\"", "{}", "[]"]
        var taken = 0
        for n in 0..<200_000 {
            var text: String
            if n % 2 == 0 {
                // Mostly well-formed envelopes with random params.
                let params = (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
                text = "{\"id\":\(Int.random(in: 0...20, using: &random)),\"method\":\"m\(n % 3)\",\"params\":\(params)}"
            } else {
                text = (0..<Int.random(in: 1...14, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            }
            guard let scanned = Self.scan(text) else { continue }
            taken += 1
            let data = Data(text.utf8)
            let object = try #require(try? JSONSerialization.jsonObject(with: data) as? [String: Any], "\(text)")
            let head = try JSONDecoder().decode(RequestHead.self, from: data)
            #expect(head.id == scanned.id && head.method == scanned.method && head.timeoutMs == scanned.timeoutMs, "\(text)")
            #expect(head.cancel == nil && head.metadata == nil, "\(text)")
            if let range = scanned.params {
                let params = try JSONSerialization.jsonObject(with: data[range], options: .fragmentsAllowed)
                let alone = try JSONSerialization.data(withJSONObject: ["p": params], options: .sortedKeys)
                let within = try JSONSerialization.data(withJSONObject: ["p": object["params"]!], options: .sortedKeys)
                #expect(alone == within, "\(text)")
                if scanned.paramsEmpty {
                    #expect(params is NSNull || (params as? [String: Any])?.isEmpty == true, "\(text)")
                }
            } else {
                #expect(object["params"] == nil, "\(text)")
            }
        }
        #expect(taken > 10_000)
    }

    /// Flat params read without a decoder equal what Foundation decodes; what they cannot read, they leave.
    @Test func flatParamsReadAsTheDecoderReadsThem() throws {
        var random = SystemRandomNumberGenerator()
        let keys = ["\"year\"", "\"baseline\"", "\"unit\"", "\"through\"", "\"factors\"", "\"service\"", "\"other\""]
        let values = ["2024", "-3", "0", "01", "2.5", "1e3", "\"Kultur\"", "\"a\\\"b\"", "null", "true", "{}", "[]",
                      "\"2024-06-30\"", "99999999999999999999", "\"\""]
        var read = 0
        for _ in 0..<50_000 {
            let members = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                keys.randomElement(using: &random)! + ":" + values.randomElement(using: &random)!
            }
            let text = "{" + members.joined(separator: ",") + "}"
            let data = Data(text.utf8)
            let flat = data.withUnsafeBytes { FlatObject.read($0) }
            let decodedReduction = try? JSONDecoder().decode(GetReductionRequest.self, from: data)
            let decodedHealth = try? JSONDecoder().decode(HealthCheckRequest.self, from: data)
            if let flat, let reduction = GetReductionRequest(flat: flat) {
                read += 1
                #expect(reduction == decodedReduction, "\(text)")
            }
            if let flat, let health = HealthCheckRequest(flat: flat) {
                #expect(health == decodedHealth, "\(text)")
            }
        }
        #expect(read > 5000)
    }
}
