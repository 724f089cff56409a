import Foundation
import GoalProtocol
import GoalTestSupport
import Testing

/// Every method with hand-written coders (`FastCoders`) is checked here against the general coders: params read
/// without a decoder equal what Foundation decodes, results written by hand are Foundation's bytes.
@Suite struct FastCoderTests {
    typealias Check = @Sendable (inout SeededRandom) throws -> Void

    /// One check per method with fast coders, by name.
    static let checks: [String: Check] = [
        GoalRPC.healthCheck.name: { random in
            try checkParams(GoalRPC.healthCheck, &random)
            let health = HealthCheckResponse(
                status: RandomJSON.string(&random, pieces: RandomJSON.pieces),
                version: "0.1.\(random.below(9))", uptimeSeconds: RandomJSON.number(&random),
                plan: RandomJSON.string(&random, pieces: RandomJSON.pieces),
                writable: random.below(2) == 0)
            try checkResult(GoalRPC.healthCheck, health, random)
        },
        GoalRPC.getReduction.name: { random in
            try checkParams(GoalRPC.getReduction, &random)
            try checkResult(GoalRPC.getReduction, reduction(&random), random)
        },
        // Params only: its result is written once per change of state, by the general coder.
        GoalRPC.regionStatus.name: { random in try checkParams(GoalRPC.regionStatus, &random) },
    ]

    @Test func everyMethodWithFastCodersIsChecked() {
        let fast = Set(GoalRPC.all.filter(\.hasFastCoders).map(\.name))
        #expect(fast == Set(Self.checks.keys))
        #expect(fast == Set(FastCoders.all))
    }

    @Test func fastCodersAgreeWithTheGeneralOnes() throws {
        var random = SeededRandom.forTest(seed: 0xFA57)
        for (_, check) in Self.checks.sorted(by: { $0.key < $1.key }) {
            for _ in 0..<3000 { try check(&random) }
        }
    }

    static let keys = [
        "\"year\"", "\"baseline\"", "\"unit\"", "\"through\"", "\"factors\"", "\"service\"", "\"other\"",
        "\"committee\"", "\"period\"",
    ]
    static let values = [
        "2024", "-3", "0", "01", "2.5", "1e3", "\"Kultur\"", "\"a\\\"b\"", "null", "true", "{}", "[]",
        "\"2024-06-30\"", "99999999999999999999", "\"\"", "\"é\"",
    ]

    /// Random flat-ish params: whenever the fast reader takes them, Foundation decodes the same value.
    static func checkParams<P: Equatable, R>(_ method: RPCMethod<P, R>, _ random: inout SeededRandom) throws {
        let members = (0..<random.below(5)).map { _ in random.pick(keys) + ":" + random.pick(values) }
        let text = "{" + members.joined(separator: ",") + "}"
        let data = Data(text.utf8)
        guard let read = method.coding.readParams else { return }
        let fast = data.withUnsafeBytes { read($0) }
        let general = try? JSONDecoder().decode(P.self, from: data)
        if let fast { #expect(fast == general, "\(method.name) \(text); \(random.replay)") }
    }

    static func checkResult<P, R>(_ method: RPCMethod<P, R>, _ result: R, _ random: SeededRandom) throws {
        let written = try method.encodeResult(result)
        let foundation = try WireJSON.foundationEncode(result)
        #expect(written == foundation, "\(method.name): \(String(decoding: written, as: UTF8.self)); \(random.replay)")
    }

    static func reduction(_ random: inout SeededRandom) -> ReductionMessage {
        func string() -> String { RandomJSON.string(&random, pieces: RandomJSON.pieces) }
        func number() -> Double { RandomJSON.number(&random) }
        func maybe(_ value: Double) -> Double? { random.below(2) == 0 ? nil : value }
        func side() -> ReductionSideMessage {
            ReductionSideMessage(
                year: 2000 + random.below(30), from: string(), through: "2024-12-31",
                trips: random.below(1_000_000), kgCO2e: number(),
                factorSet: FactorSetUseMessage(
                    year: random.below(3000), factorSet: "desnz-\(random.below(9))",
                    yearsOwnSet: random.below(2) == 0),
                kgCO2eLikeForLike: number(), fte: maybe(number()), kgCO2ePerFte: maybe(number()))
        }
        func figure() -> ReductionFigure {
            ReductionFigure(
                method: string(), factorSet: random.below(2) == 0 ? nil : "set\u{7}/\(random.below(5))",
                baselineKgCO2e: number(), currentKgCO2e: number(), reductionPercent: maybe(number()))
        }
        return ReductionMessage(
            unit: random.below(2) == 0 ? nil : string(), baseline: side(), current: side(),
            asReported: figure(), likeForLike: figure(),
            byMode: (0..<random.below(5)).map { _ in
                ModeReductionMessage(
                    mode: string(), baselineKgCO2e: number(), currentKgCO2e: number(),
                    baselineKgCO2eLikeForLike: number(), currentKgCO2eLikeForLike: number())
            })
    }
}
