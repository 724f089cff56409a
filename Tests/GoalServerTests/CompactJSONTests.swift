import Foundation
import GoalDomain
import GoalProtocol
import GoalServer
import GoalTestSupport
import Testing

/// goald's compact encoder writes the same bytes as Foundation's JSONEncoder with sorted keys and unescaped
/// slashes, for real messages and for random JSON with awkward strings, numbers and keys.
@Suite struct CompactJSONTests {
    static let pieces = ["a", "Z", "é", "/", "\\", "\"", "\n", "\t", "\u{01}", "\u{1F}", "\u{7F}", "ö", "😀", " ",
                         "0", "9", "_", "-", "\r", "\u{08}", "\u{0C}", "\u{2028}", "</", "ﬁ"]
    static let keyPieces = ["a", "b", "B", "A", "z", "Z", "1", "10", "9", "_", "-", "kg", "KG", "co2e", "CO2e", "x.y", " "]

    static func string(_ random: inout SeededRandom, pieces: [String]) -> String {
        (0..<random.below(6)).map { _ in pieces[random.below(pieces.count)] }.joined()
    }

    static func number(_ random: inout SeededRandom) -> Double {
        switch random.below(8) {
        case 0: return Double(random.below(2_000_000)) - 1_000_000
        case 1: return Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)  // finite, any magnitude
        case 2: return Double(random.below(1_000_000)) / 1000
        case 3: return Double(random.below(100)) * 1e-7
        case 4: return Double(random.below(100)) * 1e17
        case 5: return -Double(random.next() % 1_000_000_000) / 7
        case 6: return 0.1 + 0.2
        default: return Double(random.next() >> 11) * 0x1p-53 * 100_000
        }
    }

    static func value(_ random: inout SeededRandom, depth: Int) -> JSONValue {
        switch random.below(depth > 3 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(random.below(2) == 0)
        case 2: return .number(number(&random))
        case 3: return .string(string(&random, pieces: pieces))
        case 4: return .array((0..<random.below(5)).map { _ in value(&random, depth: depth + 1) })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<random.below(7) { object[string(&random, pieces: keyPieces)] = value(&random, depth: depth + 1) }
            return .object(object)
        }
    }

    struct Doubles: Encodable {
        var values: [Double]
        var optional: Double?
        var nested: [String: [Double]]
    }

    @Test func randomJSONEncodesAsFoundationDoes() throws {
        var random = SeededRandom(seed: 42)
        for _ in 0..<5000 {
            let value = Self.value(&random, depth: 0)
            let compact = try CompactJSONEncoder().encode(value)
            let foundation = try WireJSON.foundationEncode(value)
            #expect(compact == foundation, "\(String(decoding: compact, as: UTF8.self)) vs \(String(decoding: foundation, as: UTF8.self))")
            if compact != foundation { return }
        }
    }

    @Test func doublesEncodeAsFoundationDoes() throws {
        var random = SeededRandom(seed: 7)
        for _ in 0..<2000 {
            let doubles = Doubles(values: (0..<8).map { _ in Self.number(&random) },
                                  optional: random.below(2) == 0 ? nil : Self.number(&random),
                                  nested: ["k\(random.below(3))": [Self.number(&random)]])
            let compact = try CompactJSONEncoder().encode(doubles)
            let foundation = try WireJSON.foundationEncode(doubles)
            #expect(compact == foundation, "\(String(decoding: compact, as: UTF8.self)) vs \(String(decoding: foundation, as: UTF8.self))")
            if compact != foundation { return }
        }
    }

    @Test func realMessagesEncodeAsFoundationDoes() throws {
        let plan = Plan.embeddedDefault()
        var accounts = TravelAccounts(library: try FactorLibrary())
        let modes = TravelMode.allCases
        for n in 0..<3000 {
            accounts.add(Trip(id: "T\(n)", date: CivilDate(year: 2020 + n % 5, month: 1 + n % 12, day: 1 + n % 28)!,
                              mode: modes[n % modes.count], distanceKm: Double(n % 900) + 0.5, travellers: 1 + n % 3,
                              unit: n % 3 == 0 ? "Kultur och bildning" : "Regional utveckling",
                              reportedKgCO2e: n % 11 == 0 ? Double(n) / 3 : nil, costSEK: n % 2 == 0 ? 120.5 : nil))
        }
        let reduction = try accounts.reduction(year: 2024, baseline: 2020, unit: nil, through: nil, factors: nil)
        let messages: [any Encodable] = [
            PlanMessage(plan),
            ReductionMessage(reduction),
            HealthCheckResponse(status: "SERVING", version: "0.1.0", uptimeSeconds: 12.25, plan: plan.id, writable: true),
            RPCError(.invalidArgument, "year: \"x\" is not a number / try 2024", details: ["field": "year"]),
            try JSONDecoder().decode(JSONValue.self, from: Data(ReflectionService.documentJSON.utf8)),
        ]
        for message in messages {
            let compact = try CompactJSONEncoder().encode(message)
            let foundation = try WireJSON.foundationEncode(message)
            #expect(compact == foundation, "\(type(of: message))")
        }
    }

    /// The hand-written answers: random values of every field, optionals present and absent.
    @Test func handWrittenAnswersEncodeAsFoundationDoes() throws {
        var random = SeededRandom(seed: 99)
        func maybe(_ value: Double) -> Double? { random.below(2) == 0 ? nil : value }
        for _ in 0..<2000 {
            func side() -> ReductionSideMessage {
                ReductionSideMessage(year: 2000 + random.below(30), from: Self.string(&random, pieces: Self.pieces),
                                     through: "2024-12-31", trips: random.below(1_000_000), kgCO2e: Self.number(&random),
                                     factorSet: FactorSetUseMessage(year: random.below(3000), factorSet: "desnz-\(random.below(9))",
                                                                    yearsOwnSet: random.below(2) == 0),
                                     kgCO2eLikeForLike: Self.number(&random), fte: maybe(Self.number(&random)),
                                     kgCO2ePerFte: maybe(Self.number(&random)))
            }
            func figure() -> ReductionFigure {
                ReductionFigure(method: Self.string(&random, pieces: Self.pieces),
                                factorSet: random.below(2) == 0 ? nil : "set\u{7}/\(random.below(5))",
                                baselineKgCO2e: Self.number(&random), currentKgCO2e: Self.number(&random),
                                reductionPercent: maybe(Self.number(&random)))
            }
            let message = ReductionMessage(
                unit: random.below(2) == 0 ? nil : Self.string(&random, pieces: Self.pieces), baseline: side(), current: side(),
                asReported: figure(), likeForLike: figure(),
                byMode: (0..<random.below(5)).map { _ in
                    ModeReductionMessage(mode: Self.string(&random, pieces: Self.pieces), baselineKgCO2e: Self.number(&random),
                                         currentKgCO2e: Self.number(&random), baselineKgCO2eLikeForLike: Self.number(&random),
                                         currentKgCO2eLikeForLike: Self.number(&random))
                })
            let health = HealthCheckResponse(status: Self.string(&random, pieces: Self.pieces), version: "0.1.\(random.below(9))",
                                             uptimeSeconds: Self.number(&random), plan: "p", writable: random.below(2) == 0)
            for (written, foundation) in [(try JSONWriter.encode(message), try WireJSON.foundationEncode(message)),
                                          (try JSONWriter.encode(health), try WireJSON.foundationEncode(health))] {
                #expect(written == foundation, "\(String(decoding: written, as: UTF8.self))")
                if written != foundation { return }
            }
            #expect(try WireJSON.encode(message) == WireJSON.foundationEncode(message))
        }
    }

    @Test func whatItLeavesOutGoesToFoundation() throws {
        #expect(throws: CompactJSONEncoder.Unsupported.self) { try CompactJSONEncoder().encode([Double.nan]) }
        #expect(throws: CompactJSONEncoder.Unsupported.self) { try CompactJSONEncoder().encode(["ö": 1]) }
        #expect(throws: CompactJSONEncoder.Unsupported.self) { try CompactJSONEncoder().encode([Date()]) }
        #expect(try WireJSON.encode(["ö": 1]) == WireJSON.foundationEncode(["ö": 1]))
    }
}
