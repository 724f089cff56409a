import Foundation
import GoalCLI
import GoalClient
import GoalProtocol
import GoalTestSupport
import Testing

/// goalctl reads each answer's envelope without a decoder, and with --json prints goald's result as goald wrote it.
@Suite struct ClientOutputTests {
    func scan(_ text: String) -> ResponseEnvelope? {
        Array(text.utf8).withUnsafeBytes { ResponseEnvelope.scan($0) }
    }

    @Test func theEnvelopeIsReadFromTheBytes() {
        let answer = #"{"id":7,"result":{"a":"}\"{[","b":[1,{"c":null}],"d":-1.5e3}}"#
        let envelope = scan(answer)
        #expect(envelope?.id == 7 && envelope?.hasError == false && envelope?.end == false)
        if let range = envelope?.result {
            #expect(
                String(decoding: Array(answer.utf8)[range], as: UTF8.self)
                    == #"{"a":"}\"{[","b":[1,{"c":null}],"d":-1.5e3}"#)
        }
        #expect(
            scan(#" { "error" : {"code":"NOT_FOUND","message":"x"}, "id" : 3 } "#)
                == ResponseEnvelope(id: 3, hasError: true, end: false, result: nil))
        #expect(scan(#"{"id":4,"end":true}"#) == ResponseEnvelope(id: 4, hasError: false, end: true, result: nil))
        #expect(scan(#"{"id":4,"error":null,"result":1}"#)?.hasError == false)
        #expect(scan(#"{"i\u0064":4,"result":1}"#) == nil, "a key with escapes is not the id, and there is no id")
        #expect(scan(#"{"id":0,"result":[-0.5e+3,0,10,1E-2,true,false,null,"",{}]}"#)?.result != nil)
        // A null result is no result: goalctl decodes it, and says so.
        #expect(GoalConnection.resultBytes(of: Data(#"{"id":1,"result":null}"#.utf8)) == nil)
        #expect(GoalConnection.resultBytes(of: Data(#"{"id":1,"result":{}}"#.utf8)) == Data("{}".utf8))
        #expect(
            GoalConnection.resultBytes(of: Data(#"{"id":1,"error":{"code":"INTERNAL","message":"x"},"result":1}"#.utf8))
                == nil)
        // Not of the form goald writes: the full decoder gets these, and words the error.
        for text in [
            "", "[]", "{}", #"{"id":-1}"#, #"{"id":1.5}"#, #"{"id":18446744073709551616}"#, #"{"id":1"#,
            #"{"id":1,"result":{"a":1}"#, #"{"id":1,"result":"abc}"#, #"{"id":1} x"#, #"{"id":1,}"#,
            "{\"id\":1,\"result\":\"a\u{01}\"}", String(repeating: "[", count: 600),
            #"{"id":007}"#, #"{"id":1,"result":tru}"#, #"{"id":1,"result":nul}"#, #"{"id":1,"result":01}"#,
            #"{"id":1,"result":1.}"#, #"{"id":1,"result":-}"#, #"{"id":1,"result":1e}"#,
            #"{"id":1,"result":[1,]}"#, #"{"id":1,"result":{"a"}}"#,
        ] {
            #expect(scan(text) == nil, "\(text.prefix(40))")
        }
    }

    /// Random results, as goald's encoder writes them: the range found holds exactly the result's bytes.
    @Test func randomResultsAreFoundWhole() throws {
        var random = SeededRandom.forTest(seed: 1515)
        for _ in 0..<2_000 {
            let value = RandomJSON.value(&random, depth: 0)
            let id = UInt64.random(in: 0...UInt64.max, using: &random)
            let result = try WireJSON.encode(value)
            let frame = Array(#"{"id":\#(id),"result":"#.utf8) + result + Array("}".utf8)
            let envelope = frame.withUnsafeBytes { ResponseEnvelope.scan($0) }
            #expect(envelope?.id == id)
            #expect(envelope.flatMap { $0.result.map { Array(frame[$0]) } } == result)
        }
    }

    /// What --json printed before (the answer decoded, then written by `Output.json`) is byte for byte what goald
    /// wrote, for answers of every kind: text with "/", quotes, control characters and letters outside ASCII,
    /// numbers whole and not, nested objects and lists.
    @Test func goaldsResultBytesAreWhatOutputJSONWrites() async throws {
        try await withTestServer { daemon in
            try await offTheCooperativePool {
                let client = try daemon.connect()
                _ = try client.call(
                    GoalRPC.addTrips,
                    AddTripsRequest(
                        csv: """
                            id,date,mode,distance_km,travellers,unit,co2e_kg,cost_sek
                            a/1,2020-03-02,flyg,640,1,Kultur och bildning,,1200.5
                            a/2,2020-05-11,tåg,455,2,Kultur och bildning,,
                            b"3,2024-03-02,rail,455,1,Regional utveckling,,
                            b4,2024-09-30,taxi,12.75,1,Regional utveckling,3.3,250
                            """, source: "resor/2024.csv"))
                _ = try client.call(
                    GoalRPC.recordMeasurement,
                    RecordMeasurementRequest(
                        indicator: "5.6.3.1", period: "2024-annual", value: .number(3.25),
                        note: "Källa: HR/ekonomi \"årsredovisning\"\tflik 2\u{01}", source: "https://example.se/a/b"))
                let calls: [(String, String)] = [
                    ("goald.v1.Goals/GetPlan", "{}"), ("goald.v1.Goals/GetIndicator", #"{"key":"5.6.3.1"}"#),
                    ("goald.v1.Goals/ListMeasurements", #"{"indicator":"5.6.3.1"}"#),
                    ("goald.v1.Goals/GetStatus", #"{"period":"2024-annual"}"#),
                    ("goald.v1.Travel/GetReduction", #"{"year":2024}"#),
                    ("goald.v1.Travel/ExplainReduction", #"{"year":2024}"#),
                    ("goald.v1.Travel/GetFootprint", #"{"year":2024,"by":"mode"}"#),
                    ("goald.v1.Travel/ListFactorSets", "{}"), ("goald.v1.Travel/ListModes", "{}"),
                    ("goald.v1.Travel/ListImports", "{}"), ("goald.v1.Health/Check", "{}"),
                    ("goald.v1.Reflection/Describe", "{}"),
                ]
                for (method, params) in calls {
                    let payload = try client.callRaw(
                        method: method, params: JSONDecoder().decode(JSONValue.self, from: Data(params.utf8)))
                    let raw = try #require(GoalConnection.resultBytes(of: payload), "\(method)")
                    let written = try Output.json(GoalConnection.resultJSON(of: payload)).text
                    #expect(String(decoding: raw, as: UTF8.self) == written, "\(method)")
                }
            }
        }
    }
}
