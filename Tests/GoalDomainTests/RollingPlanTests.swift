import Foundation
import GoalDomain
import GoalTestSupport
import Testing

/// Plans roll: RUN's 2024–2026 answer and its 2025–2027 answer followed up together. In the later plan andel
/// långtidssjuka is renumbered (5.6.3.2 → 5.6.3.1), sjukfrånvarokvot is dropped, a new indicator (5.6.3.5) is
/// added, and RUN's own 5.4.2.2 gets a new target.
@Suite struct RollingPlanTests {
    static func rolledRegion() throws -> Region { try RolledRegion.region() }

    let clerk = Author(uid: 1000, name: "clerk")
    let date = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01

    func followUp() throws -> FollowUp { FollowUp(plans: try Self.rolledRegion().goalModels(of: "RUN")) }

    @Test func theYearsOfEveryPlanAreFollowedUpEachUnderThePlanInForce() throws {
        let followUp = try followUp()
        #expect(followUp.plans.map(\.id) == ["run-2024-2026", "run-2025-2027"])
        #expect(followUp.periods.first?.description == "2024-interim")
        #expect(followUp.periods.last?.description == "2027-annual")
        #expect(followUp.plan(for: Period("2024-annual")!).id == "run-2024-2026")
        #expect(followUp.plan(for: Period("2025-interim")!).id == "run-2025-2027")
        #expect(followUp.plan(for: Period("2027-annual")!).id == "run-2025-2027")
        #expect(throws: DomainError.self) { try followUp.period("2028-interim") }
        do {
            _ = try followUp.period("2023-annual")
        } catch {
            #expect(error.message.contains("outside the plan (2024–2027)"), "\(error.message)")
        }
    }

    @Test func aRenumberedIndicatorKeepsItsHistoryUnderItsID() throws {
        var followUp = try followUp()
        // 5.6.3.2 in 2024 and 5.6.3.1 in 2025 are the same indicator: andel långtidssjuka.
        _ = try followUp.recordMeasurement(
            indicator: "5.6.3.2", period: "2024-annual", value: .number(2.6), note: nil, source: nil, at: date,
            by: clerk)
        _ = try followUp.recordMeasurement(
            indicator: "5.6.3.1", period: "2025-annual", value: .number(2.1), note: nil, source: nil, at: date,
            by: clerk)
        _ = try followUp.recordMeasurement(
            indicator: "andel-langtidssjuka", period: "2026-annual", value: .number(1.9), note: nil, source: nil,
            at: date, by: clerk)
        #expect(
            followUp.measurements["andel-langtidssjuka"]?.map(\.value) == [.number(2.6), .number(2.1), .number(1.9)])
        // 5.6.3.1 in 2024 is sjukfrånvarokvot, whose history it joins.
        _ = try followUp.recordMeasurement(
            indicator: "5.6.3.1", period: "2024-annual", value: .number(3.8), note: nil, source: nil, at: date,
            by: clerk)
        #expect(followUp.measurements["sjukfranvarokvot"]?.map(\.value) == [.number(3.8)])
        // Each period's status uses its plan's numbers, with the value under its id.
        let status2024 = followUp.status(for: Period("2024-annual")!)
        let status2025 = followUp.status(for: Period("2025-annual")!)
        func row(_ status: PlanStatus, _ number: String) -> IndicatorEvaluation? {
            status.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).first { $0.indicator.number == number }
        }
        #expect(row(status2024, "5.6.3.2")?.indicator.id == "andel-langtidssjuka")
        #expect(row(status2024, "5.6.3.2")?.value == .number(2.6))
        #expect(row(status2025, "5.6.3.1")?.indicator.id == "andel-langtidssjuka")
        #expect(row(status2025, "5.6.3.1")?.value == .number(2.1))
        #expect(status2024.tally.total == 21 && status2025.tally.total == 21)
    }

    @Test func aDroppedIndicatorKeepsItsYearsAndANewOneStartsInItsPlan() throws {
        var followUp = try followUp()
        _ = try followUp.recordMeasurement(
            indicator: "sjukfranvarokvot", period: "2024-annual", value: .number(3.8), note: nil, source: nil,
            at: date, by: clerk)
        do {
            _ = try followUp.recordMeasurement(
                indicator: "sjukfranvarokvot", period: "2025-annual", value: .number(3.5), note: nil, source: nil,
                at: date, by: clerk)
            Issue.record("a dropped indicator took a value after its plan")
        } catch {
            #expect(error.code == .failedPrecondition && error.field == "indicator")
            #expect(
                error.message.contains("not in run-2025-2027, the plan in force for 2025-annual"), "\(error.message)")
        }
        do {
            _ = try followUp.recordMeasurement(
                indicator: "run-friskvard", period: "2024-annual", value: .number(50), note: nil, source: nil,
                at: date, by: clerk)
            Issue.record("a new indicator took a value before its plan")
        } catch {
            #expect(error.code == .failedPrecondition)
        }
        do {
            _ = try followUp.recordMeasurement(
                indicator: "5.6.3.5", period: "2024-annual", value: .number(50), note: nil, source: nil, at: date,
                by: clerk)
            Issue.record("5.6.3.5 is no number in 2024's plan")
        } catch {
            #expect(error.code == .notFound)
        }
        _ = try followUp.recordMeasurement(
            indicator: "5.6.3.5", period: "2025-annual", value: .number(64), note: nil, source: nil, at: date,
            by: clerk)
        #expect(followUp.measurements["run-friskvard"]?.count == 1)
        // The dropped one's 2024 value stands in 2024's status; 2025's has the new one, not it.
        let ids2024 = followUp.status(for: Period("2024-annual")!).effectGoals.flatMap(\.resultGoals)
            .flatMap(\.indicators).map(\.indicator.id)
        let ids2025 = followUp.status(for: Period("2025-annual")!).effectGoals.flatMap(\.resultGoals)
            .flatMap(\.indicators).map(\.indicator.id)
        #expect(ids2024.contains("sjukfranvarokvot") && !ids2024.contains("run-friskvard"))
        #expect(!ids2025.contains("sjukfranvarokvot") && ids2025.contains("run-friskvard"))
        #expect(followUp.currentMeasurement("sjukfranvarokvot", in: Period("2024-annual")!)?.value == .number(3.8))
        // Without a period an id is found in whichever plan has it.
        #expect(try followUp.indicator("sjukfranvarokvot").number == "5.6.3.1")
        #expect(try followUp.indicator("5.6.3.1").id == "andel-langtidssjuka", "the latest plan's numbers")
    }

    @Test func targetsCarryAcrossPlansAndANewPlanStatesItsOwn() throws {
        var followUp = try followUp()
        let today = try #require(CivilDate(year: 2024, month: 3, day: 1))
        let leverage = "run-uppvaxling-1-1"  // RUN's own 5.4.2.2: 25 % in the first plan, 30 % in the next
        // Under the first plan a change from 2024-annual: 27 %.
        _ = try followUp.setTarget(
            indicator: "5.4.2.2", value: .number(27), direction: nil, from: "2024-annual", today: today, at: date,
            by: clerk)
        #expect(followUp.target(of: leverage, in: Period("2024-interim")!).value == .number(25))
        #expect(followUp.target(of: leverage, in: Period("2024-annual")!).value == .number(27))
        // The 2025–2027 plan states 30 % from 2025 on: the earlier change yields to it.
        #expect(followUp.target(of: leverage, in: Period("2025-interim")!).value == .number(30))
        #expect(followUp.targetInForce(of: leverage, in: Period("2025-annual")!).change == nil)
        // A change made under the new plan holds from its period on; the latest plan shows it.
        _ = try followUp.setTarget(
            indicator: "5.4.2.2", value: .number(32), direction: nil, from: "2026-interim", today: today, at: date,
            by: clerk)
        #expect(followUp.target(of: leverage, in: Period("2025-annual")!).value == .number(30))
        #expect(followUp.target(of: leverage, in: Period("2027-annual")!).value == .number(32))
        #expect(followUp.plan.locateIndicator(leverage)?.indicator.target.value == .number(32))
        // The next plan decides its targets anew: a change made under the first holds until it (5.3.1.4 is 60 % in
        // both).
        _ = try followUp.setTarget(
            indicator: "run-arshjulet-starker-samverkan", value: .number(65), direction: nil, from: "2024-annual",
            today: today, at: date, by: clerk)
        #expect(followUp.target(of: "run-arshjulet-starker-samverkan", in: Period("2025-annual")!).value == .number(60))
        #expect(followUp.target(of: "run-arshjulet-starker-samverkan", in: Period("2024-annual")!).value == .number(65))
        // The region's indicators keep the region's target in every plan: andel långtidssjuka is 3 % in both.
        #expect(followUp.target(of: "andel-langtidssjuka", in: Period("2025-annual")!).value == .number(3))
    }
}
