import Foundation
import GoalDomain
import GoalProtocol
import GoalServer
import GoalTestSupport
import Testing

/// goald's compact encoder writes the same bytes as Foundation's JSONEncoder with sorted keys and unescaped
/// slashes, for real messages and for random JSON with awkward strings, numbers and keys.
@Suite struct CompactJSONTests {
    static let pieces = RandomJSON.pieces
    static let keyPieces = RandomJSON.keyPieces

    static func string(_ random: inout SeededRandom, pieces: [String]) -> String {
        RandomJSON.string(&random, pieces: pieces)
    }

    static func number(_ random: inout SeededRandom) -> Double { RandomJSON.number(&random) }

    struct Doubles: Encodable {
        var values: [Double]
        var optional: Double?
        var nested: [String: [Double]]
    }

    @Test func randomJSONEncodesAsFoundationDoes() throws {
        var random = SeededRandom.forTest(seed: 42)
        for _ in 0..<5000 {
            let value = RandomJSON.value(&random, depth: 0)
            let compact = try CompactJSONEncoder().encode(value)
            let foundation = try WireJSON.foundationEncode(value)
            #expect(
                compact == foundation,
                """
                \(String(decoding: compact, as: UTF8.self)) vs \(String(decoding: foundation, as: UTF8.self)); \
                \(random.replay)
                """
            )
            if compact != foundation { return }
        }
    }

    @Test func doublesEncodeAsFoundationDoes() throws {
        var random = SeededRandom.forTest(seed: 7)
        for _ in 0..<2000 {
            let doubles = Doubles(
                values: (0..<8).map { _ in Self.number(&random) },
                optional: random.below(2) == 0 ? nil : Self.number(&random),
                nested: ["k\(random.below(3))": [Self.number(&random)]])
            let compact = try CompactJSONEncoder().encode(doubles)
            let foundation = try WireJSON.foundationEncode(doubles)
            #expect(
                compact == foundation,
                """
                \(String(decoding: compact, as: UTF8.self)) vs \(String(decoding: foundation, as: UTF8.self)); \
                \(random.replay)
                """
            )
            if compact != foundation { return }
        }
    }

    @Test func realMessagesEncodeAsFoundationDoes() throws {
        let plan = Plan.embeddedDefault()
        var accounts = TravelAccounts(library: try FactorLibrary())
        let modes = TravelMode.allCases
        for n in 0..<3000 {
            accounts.add(
                Trip(
                    id: "T\(n)", date: CivilDate(year: 2020 + n % 5, month: 1 + n % 12, day: 1 + n % 28)!,
                    mode: modes[n % modes.count], distanceKm: Double(n % 900) + 0.5, travellers: 1 + n % 3,
                    unit: n % 3 == 0 ? "Kultur och bildning" : "Regional utveckling",
                    reportedKgCO2e: n % 11 == 0 ? Double(n) / 3 : nil, costSEK: n % 2 == 0 ? 120.5 : nil))
        }
        let reduction = try accounts.reduction(year: 2024, baseline: 2020, unit: nil, through: nil, factors: nil)
        let messages: [any Encodable] = [
            PlanMessage(plan),
            ReductionMessage(reduction),
            HealthCheckResponse(
                status: "SERVING", version: "0.1.0", uptimeSeconds: 12.25, plan: plan.id, writable: true),
            RPCError(.invalidArgument, "year: \"x\" is not a number / try 2024", details: ["field": "year"]),
            try JSONDecoder().decode(JSONValue.self, from: Data(ReflectionService.documentJSON.utf8)),
        ]
        for message in messages {
            let compact = try CompactJSONEncoder().encode(message)
            let foundation = try WireJSON.foundationEncode(message)
            #expect(compact == foundation, "\(type(of: message))")
        }
    }

    /// Keys outside ASCII sort by their UTF-8 bytes, as Foundation's (a unit's name is a key of `byUnit`); what is
    /// not wire JSON is refused, a number that is not finite as Foundation refuses it.
    @Test func keysOutsideASCIISortAsFoundationsAndNonJSONIsRefused() throws {
        let units = ["Näringsliv": 1, "Nya": 2, "Kultur": 3, "Ägare": 4, "ärende": 5, "😀": 6, "\u{FFFF}": 7]
        #expect(try CompactJSONEncoder().encode(units) == WireJSON.foundationEncode(units))
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try WireJSON.foundationEncode([Double.infinity]) }
        #expect(throws: CompactJSONEncoder.Unsupported.self) { try CompactJSONEncoder().encode([Date()]) }
        #expect(throws: CompactJSONEncoder.Unsupported.self) { try CompactJSONEncoder().encode([Float(1)]) }
    }
}
