import Foundation
import GoalDomain
import Testing

/// The region's own judgement of its effect goals: recorded, superseded, withdrawn; never for a period outside
/// the mandate, an effect goal the region lacks, or without its analysis.
@Suite struct EffectGoalJudgementTests {
    let region = Region.embeddedDefault()
    let clerk = Author(uid: 1000, name: "clerk")
    let date = Date(timeIntervalSince1970: 1_767_225_600)

    @Test func theBoardJudgesAndTheJudgementInForceIsTheLastNotRetracted() throws {
        #expect(region.board == "RS")
        var judgements = EffectGoalJudgements(region: region)
        judgements.sequencesUsed(through: 41)
        let first = try judgements.record(
            effectGoal: "Attraktivt-och-hallbart-varmland", period: "2025-annual", level: .partlyMet,
            analysis: "  Utsläppen minskar.  ", at: date, by: clerk)
        #expect(first.sequence == 42 && first.effectGoal == "attraktivt-och-hallbart-varmland")
        #expect(first.analysis == "Utsläppen minskar.")
        let second = try judgements.record(
            effectGoal: "attraktivt-och-hallbart-varmland", period: "2025-helår", level: .met, analysis: "Nåtts.",
            at: date, by: clerk)
        let period = try #require(Period("2025-annual"))
        #expect(judgements.current("attraktivt-och-hallbart-varmland", in: period) == second)
        #expect(judgements.current("hallbar-organisation", in: period) == nil)

        let retraction = try judgements.retract(
            effectGoal: "attraktivt-och-hallbart-varmland", period: "2025-annual", reason: "fel nivå", at: date,
            by: clerk)
        #expect(retraction.kind == .effectGoalAssessment && retraction.retracted == second.sequence)
        #expect(retraction.committee == "RS" && retraction.sequence == 44)
        #expect(judgements.current("attraktivt-och-hallbart-varmland", in: period) == first)
        #expect(judgements.history("attraktivt-och-hallbart-varmland").count == 2)
        _ = try judgements.retract(
            effectGoal: "attraktivt-och-hallbart-varmland", period: "2025-annual", reason: "ingen bedömning än",
            at: date, by: clerk)
        #expect(judgements.current("attraktivt-och-hallbart-varmland", in: period) == nil)
        #expect(throws: DomainError.self) {
            try judgements.retract(
                effectGoal: "attraktivt-och-hallbart-varmland", period: "2025-annual", reason: "igen", at: date,
                by: clerk)
        }
    }

    @Test func aBadJudgementNamesItsFieldAndChangesNothing() throws {
        var judgements = EffectGoalJudgements(region: region)
        func refusal(_ goal: String, _ period: String, _ analysis: String) -> DomainError? {
            do {
                _ = try judgements.record(
                    effectGoal: goal, period: period, level: .met, analysis: analysis, at: date, by: clerk)
                return nil
            } catch {
                return error
            }
        }
        let unknown = try #require(refusal("5.3", "2025-annual", "text"))
        #expect(unknown.code == .notFound && unknown.field == "effectGoal")
        #expect(unknown.message.contains("trygga-och-nojda-invanare"), "\(unknown.message)")
        let outside = try #require(refusal("hallbar-organisation", "2027-annual", "text"))
        #expect(outside.field == "period" && outside.message.contains("2023–2026"), "\(outside.message)")
        #expect(refusal("hallbar-organisation", "2025", "text")?.field == "period")
        #expect(refusal("hallbar-organisation", "2025-annual", "  \n")?.field == "analysis")
        #expect(judgements.lastSequence == 0 && judgements.history("hallbar-organisation").isEmpty)
    }

    @Test func aRegionWithoutABoardHasNoneAndANamedOneMustBeACommittee() throws {
        var document =
            try JSONSerialization.jsonObject(with: Data(Region.embeddedDefaultJSON.utf8)) as? [String: Any] ?? [:]
        document["board"] = "XYZ"
        let data = try JSONSerialization.data(withJSONObject: document)
        #expect {
            try Region.decode(from: data)
        } throws: { error in
            "\(error)".contains("board: \"XYZ\" is not one of the committees")
        }
        document["board"] = "KSN"
        #expect(try Region.decode(from: JSONSerialization.data(withJSONObject: document)).board == "KSN")
        #expect(Region(plan: .embeddedDefault()).board == nil)
    }
}
